//! Reading photo metadata, against exiftool, side by side on the same files:
//! the real photos given, and 1,000 copies of them with a full set of EXIF,
//! XMP and IPTC tags written by exiftool. Then reverse geocoding (lookups a
//! second, memory of the place tables) and what the metadata handler adds
//! to a whole import (the same photos imported with and without it).
//!
//! cargo bench -p mahres-core --bench metadata -- PHOTO...

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mahres_core::{Library, LibraryOptions, metadata};

const TAGS: &[&str] = &[
    "-EXIF:Make=Canon",
    "-EXIF:Model=Canon EOS 5D Mark II",
    "-EXIF:LensModel=EF24-105mm f/4L IS USM",
    "-EXIF:FNumber=4",
    "-EXIF:ExposureTime=1/250",
    "-EXIF:ISO=800",
    "-EXIF:DateTimeOriginal=2019:07:14 18:42:07",
    "-EXIF:OffsetTimeOriginal=+02:00",
    "-EXIF:GPSLatitude=48.8584",
    "-EXIF:GPSLatitudeRef=N",
    "-EXIF:GPSLongitude=2.2945",
    "-EXIF:GPSLongitudeRef=E",
    "-XMP-dc:Title=Tower at dusk",
    "-IPTC:Keywords=tower",
    "-XMP-lr:HierarchicalSubject=Places|France|Paris",
];

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "png" => "image/png",
        "webp" => "image/webp",
        _ => "image/jpeg",
    }
}

/// Ours: every file read on two threads, as the handler runs (concurrency 2).
fn ours(files: &[PathBuf]) -> (Duration, usize) {
    let started = Instant::now();
    let half = files.len().div_ceil(2);
    let found: usize = std::thread::scope(|s| {
        let workers: Vec<_> = files
            .chunks(half.max(1))
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .filter(|f| {
                            metadata::read(f, content_type(f))
                                .is_ok_and(|m| m.taken.is_some() || m.make.is_some())
                        })
                        .count()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or(0)).sum()
    });
    (started.elapsed(), found)
}

/// exiftool's batch mode: one process, every file, JSON out (`-fast` stops
/// at the image data).
fn exiftool_batch(files: &[PathBuf]) -> Duration {
    let started = Instant::now();
    let mut command = Command::new("exiftool");
    command
        .args(["-fast", "-j", "-q"])
        .args(files)
        .stdout(Stdio::null());
    let status = command.status().expect("exiftool runs");
    assert!(
        status.success() || status.code() == Some(1),
        "exiftool failed"
    );
    started.elapsed()
}

/// exiftool kept running (`-stay_open`), asked file by file, as an app that
/// uses it as its reader would.
fn exiftool_stay_open(files: &[PathBuf]) -> Duration {
    let mut child = Command::new("exiftool")
        .args(["-stay_open", "True", "-@", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("exiftool runs");
    let mut input = child.stdin.take().expect("stdin");
    let mut output = BufReader::new(child.stdout.take().expect("stdout"));
    let started = Instant::now();
    let mut line = String::new();
    for file in files {
        writeln!(input, "-fast\n-j\n{}\n-execute", file.display()).expect("ask");
        input.flush().expect("flush");
        loop {
            line.clear();
            if output.read_line(&mut line).expect("answer") == 0 || line.trim() == "{ready}" {
                break;
            }
        }
    }
    let elapsed = started.elapsed();
    let _ = writeln!(input, "-stay_open\nFalse");
    let _ = child.wait();
    elapsed
}

fn compare(label: &str, files: &[PathBuf]) {
    // One warm-up pass of each, so both read from the page cache.
    ours(files);
    exiftool_batch(files);
    let (ours_time, found) = ours(files);
    let batch = exiftool_batch(files);
    let stay_open = exiftool_stay_open(files);
    let rate = |d: Duration| files.len() as f64 / d.as_secs_f64();
    println!(
        "{label}: {} files ({found} with camera metadata)\n  ours (2 threads)        {:>9.0} files/s\n  exiftool -fast -j       {:>9.0} files/s   ours / exiftool: {:.1}x\n  exiftool -stay_open     {:>9.0} files/s   ours / exiftool: {:.1}x",
        files.len(),
        rate(ours_time),
        rate(batch),
        batch.as_secs_f64() / ours_time.as_secs_f64(),
        rate(stay_open),
        stay_open.as_secs_f64() / ours_time.as_secs_f64(),
    );
}

fn geocoding() {
    let before = common::proc_status_kb("VmRSS:");
    let started = Instant::now();
    let _ = metadata::places::place_of(48.8584, 2.2945);
    let loaded = started.elapsed();
    let after = common::proc_status_kb("VmRSS:");
    let mut rng = fastrand::Rng::with_seed(7);
    let points: Vec<(f64, f64)> = (0..100_000)
        .map(|_| (rng.f64() * 120.0 - 55.0, rng.f64() * 360.0 - 180.0))
        .collect();
    let started = Instant::now();
    let named = points
        .iter()
        .filter(|(lat, lon)| metadata::places::place_of(*lat, *lon).is_some())
        .count();
    let elapsed = started.elapsed();
    println!(
        "reverse geocoding: tables built in {:.0} ms, {:.0} MB resident; {:.0} lookups/s over 100,000 random points ({named} near a town)",
        loaded.as_secs_f64() * 1000.0,
        (after.saturating_sub(before)) as f64 / 1024.0,
        points.len() as f64 / elapsed.as_secs_f64(),
    );
}

/// Imports `files` and waits for every handler; seconds until idle.
fn import_until_idle(files: &[PathBuf], with_metadata: bool) -> f64 {
    let source = tempfile::tempdir().expect("temp");
    for (i, file) in files.iter().enumerate() {
        let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("jpg");
        std::fs::copy(file, source.path().join(format!("p{i:04}.{extension}"))).expect("copy");
    }
    let library_dir = tempfile::tempdir().expect("temp");
    let mut handlers = mahres_core::handlers::default_handlers();
    if !with_metadata {
        handlers.retain(|h| h.name() != "metadata");
    }
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let library = Library::open(LibraryOptions::new(library_dir.path()).handlers(handlers))
            .await
            .expect("open");
        let started = Instant::now();
        library
            .import(vec![source.path().to_path_buf()])
            .await
            .expect("import");
        library.wait_idle().await.expect("idle");
        let seconds = started.elapsed().as_secs_f64();
        library.close(Duration::from_secs(5)).await;
        seconds
    })
}

fn main() {
    let photos: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .map(PathBuf::from)
        .collect();
    if photos.is_empty() {
        eprintln!("usage: metadata PHOTO... (scripts/bench.sh supplies photos)");
        return;
    }
    compare("the real photos", &photos);

    let tagged = tempfile::tempdir().expect("temp");
    let copies: Vec<PathBuf> = (0..1000)
        .map(|i| {
            let photo = &photos[i % photos.len()];
            let extension = photo.extension().and_then(|e| e.to_str()).unwrap_or("jpg");
            let copy = tagged.path().join(format!("tagged{i:04}.{extension}"));
            std::fs::copy(photo, &copy).expect("copy");
            copy
        })
        .collect();
    let status = Command::new("exiftool")
        .args(["-q", "-overwrite_original"])
        .args(TAGS)
        .args(&copies)
        .status()
        .expect("exiftool tags the copies");
    assert!(status.success(), "exiftool could not tag the copies");
    compare("1,000 tagged photos", &copies);

    geocoding();

    // The same photos, in one run: the import pipeline with and without the
    // metadata handler (alternating, best of two each).
    let set: Arc<[PathBuf]> = copies[..300].into();
    let mut with = f64::MAX;
    let mut without = f64::MAX;
    for _ in 0..2 {
        without = without.min(import_until_idle(&set, false));
        with = with.min(import_until_idle(&set, true));
    }
    println!(
        "whole import of 300 tagged photos until idle: {without:.2} s without the metadata handler, {with:.2} s with it (+{:.1}%)",
        (with / without - 1.0) * 100.0
    );
}
