//! An item opened before its preview's turn: how long the viewer waits for
//! its sharp 1024 px preview, made on the spot (`Library::resource_file`),
//! for a 24-megapixel JPEG. Baseline in the same run, on the same file:
//! `vipsthumbnail -s 1024`, one process per opening, as a viewer built on
//! libvips would make it.
//!
//! cargo bench -p mahres-core --bench open_preview -- PHOTO
//! (scripts/bench.sh gives it the largest wallpaper JPEG, which the bench
//! scales to 6000 × 4000 with a little grain, so it compresses like a
//! camera's 24 MP photo rather than a smooth upscale.)

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mahres_core::{Library, LibraryOptions, ResourceFile};

const OPENINGS: usize = 9;

/// A 6000 × 4000 JPEG at quality 92 made from `photo`, with grain.
fn camera_sized(photo: &Path, out: &Path) {
    let source = image::open(photo).expect("open the photo").to_rgb8();
    let mut picture =
        image::imageops::resize(&source, 6000, 4000, image::imageops::FilterType::Triangle);
    let mut rng = fastrand::Rng::with_seed(24);
    for pixel in picture.pixels_mut() {
        for channel in pixel.0.iter_mut() {
            *channel = channel.saturating_add_signed(rng.i8(-6..=6));
        }
    }
    let file = std::io::BufWriter::new(std::fs::File::create(out).expect("create"));
    image::codecs::jpeg::JpegEncoder::new_with_quality(file, 92)
        .encode_image(&picture)
        .expect("encode");
}

fn vips_preview(photo: &Path, out: &Path) -> Option<Duration> {
    let started = Instant::now();
    let status = Command::new("vipsthumbnail")
        .env("VIPS_CONCURRENCY", "2")
        .args(["--size", "1024", "-o"])
        .arg(format!("{}/%s.jpg[Q=85]", out.display()))
        .arg(photo)
        .stdout(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| started.elapsed())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1000.0
}

fn main() {
    let Some(photo) = std::env::args()
        .skip(1)
        .find(|a| a != "--bench")
        .map(PathBuf::from)
    else {
        eprintln!("usage: open_preview PHOTO (scripts/bench.sh supplies one)");
        return;
    };
    let sources = tempfile::tempdir().expect("temp");
    let big = sources.path().join("camera.jpg");
    camera_sized(&photo, &big);
    // Distinct files (one byte apart at the end), so each opening reads its own.
    let copies: Vec<PathBuf> = (0..OPENINGS)
        .map(|i| {
            let copy = sources.path().join(format!("opened{i}.jpg"));
            let mut bytes = std::fs::read(&big).expect("read");
            bytes.push(i as u8);
            std::fs::write(&copy, bytes).expect("write");
            copy
        })
        .collect();
    let megabytes = std::fs::metadata(&big).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;

    let library_dir = tempfile::tempdir().expect("temp");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let ours = runtime.block_on(async {
        let library = Library::open(LibraryOptions::new(library_dir.path()))
            .await
            .expect("open");
        // Nothing runs: every item waits behind the queue, as in a big drop.
        library.pause();
        let report = library.import(copies.clone()).await.expect("import");
        let mut times = Vec::new();
        for item in &report.imported {
            let started = Instant::now();
            let file = library
                .resource_file(item.resource_id, ResourceFile::Preview)
                .await
                .expect("resource file")
                .expect("a preview");
            times.push(started.elapsed());
            assert!(file.path.to_string_lossy().contains("-1024."), "{file:?}");
        }
        library.close(Duration::from_secs(5)).await;
        times
    });

    let out = tempfile::tempdir().expect("temp");
    let vips: Option<Vec<Duration>> = copies
        .iter()
        .map(|copy| vips_preview(copy, out.path()))
        .collect();
    println!(
        "a 24 MP JPEG (6000 x 4000, {megabytes:.1} MB) opened before its preview's turn, {OPENINGS} times: preview made and recorded in {:.0} ms median, {:.0} ms worst (aim < 150 ms)",
        ms(median(ours.clone())),
        ms(ours.iter().copied().max().unwrap_or_default()),
    );
    match vips {
        Some(vips) => println!(
            "vipsthumbnail -s 1024, the same files, a process each: {:.0} ms median; ours {:.2}x faster",
            ms(median(vips.clone())),
            median(vips).as_secs_f64() / median(ours).as_secs_f64()
        ),
        None => println!("vipsthumbnail is not installed: no baseline"),
    }
}
