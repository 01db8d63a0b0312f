//! Thumbnails per second, ours against libvips and ImageMagick on the same
//! files in the same run. Ours makes the 256 px grid thumbnail and its
//! perceptual hashes, then the 1024 px preview, each decoded at its own
//! scale and encoded (what the thumbnail and preview handlers do); the
//! baselines make only a 256 px thumbnail each.
//!
//! cargo bench -p mahres-core --bench thumbnails -- --threads N FILE...
//! (scripts/bench.sh runs it under `taskset` for one core and for two.)

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use mahres_core::media;

fn ours(files: &[PathBuf], threads: usize) -> Duration {
    let started = Instant::now();
    std::thread::scope(|scope| {
        for chunk in files.chunks(files.len().div_ceil(threads)) {
            scope.spawn(move || {
                for file in chunk {
                    // As the handlers do: the grid's picture (hashed), then the preview's.
                    for size in [media::Size::Grid, media::Size::Preview] {
                        let rendered = media::render_file(file, size).expect("render");
                        let _ = std::hint::black_box(media::encode(
                            &rendered.image,
                            rendered.has_alpha,
                        ));
                        if size == media::Size::Grid {
                            std::hint::black_box(media::perceptual_hashes(&rendered.image));
                        }
                    }
                }
            });
        }
    });
    started.elapsed()
}

fn timed(command: &mut Command) -> Option<Duration> {
    let started = Instant::now();
    let status = command.status().ok()?;
    status.success().then(|| started.elapsed())
}

fn vips(files: &[PathBuf], threads: usize, out: &Path) -> Option<Duration> {
    let mut command = Command::new("vipsthumbnail");
    command
        .env("VIPS_CONCURRENCY", threads.to_string())
        .args(["--size", "256", "-o"])
        .arg(format!("{}/%s.jpg[Q=80]", out.display()))
        .args(files);
    timed(&mut command)
}

fn magick(files: &[PathBuf], threads: usize, out: &Path) -> Option<Duration> {
    let mut command = Command::new("mogrify");
    command
        .env("MAGICK_THREAD_LIMIT", threads.to_string())
        .arg("-path")
        .arg(out)
        .args(["-format", "jpg", "-quality", "80", "-thumbnail", "256x256"])
        .args(files);
    timed(&mut command)
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut threads = 1;
    let mut files = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--threads" {
            threads = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
        } else {
            files.push(PathBuf::from(arg));
        }
    }
    // Photos of 2–17 megapixels, as the benchmark asks; smaller files are icons.
    files.retain(|f| {
        image::image_dimensions(f)
            .map(|(w, h)| (2.0..=18.0).contains(&(f64::from(w) * f64::from(h) / 1e6)))
            .unwrap_or(false)
    });
    if files.is_empty() {
        eprintln!("usage: thumbnails --threads N FILE... (scripts/bench.sh supplies photos)");
        return;
    }
    let megapixels: f64 = files
        .iter()
        .filter_map(|f| image::image_dimensions(f).ok())
        .map(|(w, h)| f64::from(w) * f64::from(h) / 1e6)
        .sum::<f64>()
        / files.len() as f64;
    let out = tempfile::tempdir().expect("temp");
    // Warm the page cache so every contender reads from memory.
    for file in &files {
        let _ = std::fs::read(file);
    }
    let rate = |d: Option<Duration>| d.map(|d| files.len() as f64 / d.as_secs_f64());
    let ours = rate(Some(ours(&files, threads))).unwrap_or(0.0);
    let vips = rate(vips(&files, threads, out.path()));
    let magick = rate(magick(&files, threads, out.path()));
    let fmt = |r: Option<f64>| r.map_or("n/a".to_string(), |r| format!("{r:.2}/s"));
    let ratio = |r: Option<f64>| r.map_or("n/a".to_string(), |r| format!("{:.2}x", ours / r));
    println!(
        "{} files, {megapixels:.1} MP average, {threads} thread(s): ours {ours:.2}/s, vipsthumbnail {} (ours {}), ImageMagick {} (ours {})",
        files.len(),
        fmt(vips),
        ratio(vips),
        fmt(magick),
        ratio(magick)
    );
}
