//! Shared helpers for the engine's integration tests: real SQLite, real files
//! in temp dirs, and handler wrappers that let a test hold or fail work.
#![allow(dead_code)]

pub mod formats;
pub mod pdf;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use mahres_core::events::{Event, EventKind, EventPayload};
use mahres_core::{Handler, HandlerContext, HandlerError, Library, LibraryOptions, RetryPolicy};

pub fn init_tracing() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()))
        .with_test_writer()
        .try_init();
}

pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
    }
}

pub async fn open(root: &Path, handlers: Vec<Arc<dyn Handler>>) -> Library {
    init_tracing();
    Library::open(
        LibraryOptions::new(root)
            .handlers(handlers)
            .retry(fast_retry()),
    )
    .await
    .expect("library opens")
}

/// Waits for the backlog to drain, failing the test rather than hanging it.
pub async fn wait_idle(library: &Library, limit: Duration) {
    tokio::time::timeout(limit, library.wait_idle())
        .await
        .unwrap_or_else(|_| panic!("work did not finish within {limit:?}"))
        .expect("wait_idle");
}

/// A latch: handlers block on it until the test opens it.
#[derive(Default)]
pub struct Gate {
    open: Mutex<bool>,
    opened: Condvar,
}

impl Gate {
    pub fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.opened.notify_all();
    }

    pub fn wait(&self) {
        let mut open = self.open.lock().unwrap();
        while !*open {
            open = self.opened.wait(open).unwrap();
        }
    }
}

/// Wraps a handler so every job waits at a gate before running.
pub struct Gated {
    pub inner: Arc<dyn Handler>,
    pub gate: Arc<Gate>,
    pub started: AtomicUsize,
}

impl Gated {
    pub fn new(inner: Arc<dyn Handler>, gate: Arc<Gate>) -> Arc<Self> {
        Arc::new(Self {
            inner,
            gate,
            started: AtomicUsize::new(0),
        })
    }
}

impl Handler for Gated {
    fn name(&self) -> &'static str {
        self.inner.name()
    }
    fn subscribes_to(&self) -> &'static [EventKind] {
        self.inner.subscribes_to()
    }
    fn wants(&self, event: &EventPayload) -> bool {
        self.inner.wants(event)
    }
    fn priority(&self) -> i32 {
        self.inner.priority()
    }
    fn concurrency(&self) -> usize {
        self.inner.concurrency()
    }
    fn max_attempts(&self) -> u32 {
        self.inner.max_attempts()
    }
    fn handle(&self, ctx: &HandlerContext, event: &Event) -> Result<(), HandlerError> {
        self.started.fetch_add(1, Ordering::SeqCst);
        self.gate.wait();
        self.inner.handle(ctx, event)
    }
}

/// Writes a PNG of the given size with a pattern that depends on `seed`.
pub fn write_png(path: &Path, width: u32, height: u32, seed: u32) {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x.wrapping_mul(7).wrapping_add(seed)) as u8,
            (y.wrapping_mul(3).wrapping_add(seed * 5)) as u8,
            ((x ^ y).wrapping_add(seed * 11)) as u8,
        ])
    });
    image.save(path).expect("write png");
}

/// Deterministic pseudo-random bytes.
pub fn write_bytes(path: &Path, len: usize, seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut bytes = vec![0u8; len];
    rng.fill(&mut bytes);
    std::fs::write(path, bytes).expect("write file");
}

/// MD5 digests from coreutils' `md5sum`, an implementation independent of ours.
pub fn reference_md5s(paths: &[PathBuf]) -> Vec<String> {
    let mut digests = Vec::with_capacity(paths.len());
    for chunk in paths.chunks(500) {
        let output = std::process::Command::new("md5sum")
            .args(chunk)
            .output()
            .expect("md5sum runs");
        assert!(output.status.success(), "md5sum failed");
        for line in String::from_utf8(output.stdout).unwrap().lines() {
            digests.push(line.split_whitespace().next().unwrap().to_string());
        }
    }
    assert_eq!(digests.len(), paths.len());
    digests
}

/// Every resource of a test-sized library (up to 10,000).
pub async fn all_resources(library: &Library) -> Vec<mahres_core::model::Resource> {
    library
        .resources(mahres_core::model::Page {
            limit: 10_000,
            offset: 0,
        })
        .await
        .unwrap()
}

/// The process's resident memory, from /proc (kB).
pub fn rss_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap()
}

/// Opens the gate when dropped, so a failing test releases held handlers
/// instead of hanging the runtime's shutdown.
pub struct OpenOnDrop(pub Arc<Gate>);

impl Drop for OpenOnDrop {
    fn drop(&mut self) {
        self.0.open();
    }
}

// ---- Sample photos with metadata, written by the tools scripts/test.sh
// installs (exiftool, heif-enc, ffmpeg).

/// Runs a tool the test needs, failing plainly when it is not installed.
pub fn run(program: &str, args: &[&str]) {
    let output = std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} is needed for this test (scripts/test.sh installs it): {e}")
        });
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

pub fn write_jpeg(path: &Path, width: u32, height: u32) {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    image.save(path).expect("write jpeg");
}

pub fn exiftool(path: &Path, tags: &[&str]) {
    let mut args = vec!["-q", "-overwrite_original"];
    args.extend(tags);
    let path = path.to_str().unwrap();
    args.push(path);
    run("exiftool", &args);
}

/// What exiftool reads from `path` (groups named, lists as lists), as JSON.
pub fn exiftool_json(path: &Path) -> serde_json::Value {
    let output = std::process::Command::new("exiftool")
        .args(["-j", "-G1", "-struct"])
        .arg(path)
        .output()
        .expect("exiftool runs");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()[0].clone()
}

/// Tags of a photo taken at the Eiffel Tower with a Canon.
pub const PARIS_PHOTO: &[&str] = &[
    "-EXIF:Make=Canon",
    "-EXIF:Model=Canon EOS 5D Mark II",
    "-EXIF:LensModel=EF24-105mm f/4L IS USM",
    "-EXIF:FocalLength=24",
    "-EXIF:FocalLengthIn35mmFormat=38",
    "-EXIF:FNumber=4",
    "-EXIF:ExposureTime=1/250",
    "-EXIF:ISO=800",
    "-EXIF:Flash#=1",
    "-EXIF:DateTimeOriginal=2019:07:14 18:42:07",
    "-EXIF:OffsetTimeOriginal=+02:00",
    "-EXIF:GPSLatitude=48.8584",
    "-EXIF:GPSLatitudeRef=N",
    "-EXIF:GPSLongitude=2.2945",
    "-EXIF:GPSLongitudeRef=E",
    "-EXIF:GPSAltitude=35",
    "-EXIF:GPSAltitudeRef#=0",
    "-XMP-dc:Title=Tower at dusk",
    "-XMP-dc:Description=From the Champ de Mars",
    "-IPTC:Keywords=tower",
    "-IPTC:Keywords=evening",
    "-XMP-lr:HierarchicalSubject=Places|France|Paris",
    "-XMP-xmp:Rating=4",
];

/// Where the TIFF header and IFD0 of a JPEG's EXIF block start, for tests
/// that damage it on purpose: (offset of the TIFF header, offset of IFD0).
/// Assumes the big-endian EXIF exiftool writes.
pub fn exif_offsets(jpeg: &[u8]) -> (usize, usize) {
    let tiff = jpeg
        .windows(6)
        .position(|w| w == b"Exif\0\0")
        .expect("an EXIF block")
        + 6;
    assert_eq!(&jpeg[tiff..tiff + 2], b"MM", "big-endian EXIF");
    let ifd0 = u32::from_be_bytes(jpeg[tiff + 4..tiff + 8].try_into().unwrap()) as usize;
    (tiff, tiff + ifd0)
}

/// Runs ffmpeg on one of its generated sources (`testsrc=…`, `sine=…`)
/// with `args` after it (codecs, metadata, the output).
pub fn ffmpeg_lavfi(source: &str, args: &[&str]) {
    let mut all = vec!["-nostdin", "-v", "error", "-f", "lavfi", "-i", source];
    all.extend(args);
    run("ffmpeg", &all);
}

/// A short MP4 of ffmpeg's test pattern (MPEG-4 part 2: no codec library
/// beyond ffmpeg's own), `size` like "320x240".
pub fn write_mp4(path: &Path, size: &str, rate: u32, seconds: u32) {
    let source = format!("testsrc=size={size}:rate={rate}:duration={seconds}");
    let path = path.to_str().expect("a UTF-8 path");
    ffmpeg_lavfi(&source, &["-c:v", "mpeg4", "-y", path]);
}

/// The ids of the resources a search finds, in `sort` order (first 100).
pub async fn search_resources(
    library: &Library,
    query: &str,
    sort: mahres_core::SortOrder,
) -> Vec<mahres_core::model::ResourceId> {
    let page = mahres_core::model::Page {
        limit: 100,
        offset: 0,
    };
    let results = library
        .search(query.into(), sort, page)
        .await
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    results
        .results
        .iter()
        .filter_map(|r| match &r.item {
            mahres_core::SearchItem::Resource(resource) => Some(resource.id),
            _ => None,
        })
        .collect()
}
