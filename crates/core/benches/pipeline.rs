//! The whole pipeline: import N photos and wait until every handler is done.
//! Reports when the grid was complete (every grid thumbnail made), files
//! fully processed per second, CPU use of both cores, and peak memory of
//! the process; then, on the same files, libvips making only the 256 px
//! thumbnails in its fast mode (many files per process, one process a core).
//!
//! cargo bench -p mahres-core --bench pipeline -- [--count N] PHOTO...

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::peak_rss_mb;
use mahres_core::{Library, LibraryOptions};

fn cpu_seconds() -> f64 {
    // utime and stime, fields 14 and 15 of /proc/self/stat, in clock ticks.
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// vipsthumbnail -s 256 over `files`, split across two processes of one
/// thread each; `None` when libvips is not installed or fails.
fn vips_two_processes(files: &[PathBuf], out: &Path) -> Option<Duration> {
    let started = Instant::now();
    let children: Vec<_> = files
        .chunks(files.len().div_ceil(2).max(1))
        .map(|half| {
            Command::new("vipsthumbnail")
                .env("VIPS_CONCURRENCY", "1")
                .args(["--size", "256", "-o"])
                .arg(format!("{}/%s.jpg[Q=80]", out.display()))
                .args(half)
                .stdout(Stdio::null())
                .spawn()
                .ok()
        })
        .collect::<Option<_>>()?;
    for mut child in children {
        if !child.wait().ok()?.success() {
            return None;
        }
    }
    Some(started.elapsed())
}

/// Waits until the thumbnail handler has finished `count` jobs.
async fn grid_complete(library: &Library, count: u64) {
    loop {
        let finished = library.status().await.ok().and_then(|status| {
            let thumbnail = status.handlers.iter().find(|h| h.name == "thumbnail")?;
            Some(thumbnail.counts.done + thumbnail.counts.dead)
        });
        if std::env::var_os("PIPELINE_TRACE").is_some()
            && let Ok(status) = library.status().await
        {
            let line: Vec<String> = status
                .handlers
                .iter()
                .map(|h| {
                    format!(
                        "{}:{}/{}/{}",
                        h.name, h.counts.done, h.counts.running, h.counts.pending
                    )
                })
                .collect();
            eprintln!("{}", line.join(" "));
        }
        if finished.is_some_and(|n| n >= count) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(
            if std::env::var_os("PIPELINE_TRACE").is_some() {
                300
            } else {
                10
            },
        ))
        .await;
    }
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut count = 1000;
    let mut photos = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--count" {
            count = args.next().and_then(|n| n.parse().ok()).unwrap_or(count);
        } else {
            photos.push(PathBuf::from(arg));
        }
    }
    if photos.is_empty() {
        eprintln!("usage: pipeline [--count N] PHOTO... (scripts/bench.sh supplies photos)");
        return;
    }
    let source = tempfile::tempdir().expect("temp");
    for i in 0..count {
        let photo = &photos[i % photos.len()];
        let extension = photo.extension().and_then(|e| e.to_str()).unwrap_or("jpg");
        std::fs::copy(
            photo,
            source.path().join(format!("photo{i:04}.{extension}")),
        )
        .expect("copy");
    }
    let library_dir = tempfile::tempdir().expect("temp");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let library = Library::open(LibraryOptions::new(library_dir.path())).await.expect("open");
        let cpu_before = cpu_seconds();
        let started = Instant::now();
        let watcher = library.clone();
        let grid = tokio::spawn(async move {
            grid_complete(&watcher, count as u64).await;
            started.elapsed()
        });
        let report = library.import(vec![source.path().to_path_buf()]).await.expect("import");
        let acknowledged = started.elapsed();
        let grid = grid.await.expect("grid watch");
        library.wait_idle().await.expect("wait");
        let took = started.elapsed();
        let cpu = cpu_seconds() - cpu_before;
        let status = library.status().await.expect("status");
        let failed = status.total().failed + status.total().dead;
        println!(
            "{} photos: import answered in {:.2} s; grid complete in {:.2} s; all handlers done in {:.1} s = {:.1} files/s; CPU {:.0}% of 2 cores; peak memory {:.0} MB; {failed} failures",
            report.imported.len(),
            acknowledged.as_secs_f64(),
            grid.as_secs_f64(),
            took.as_secs_f64(),
            report.imported.len() as f64 / took.as_secs_f64(),
            100.0 * cpu / took.as_secs_f64() / 2.0,
            peak_rss_mb()
        );
        library.close(Duration::from_secs(5)).await;
        let mut files: Vec<PathBuf> = std::fs::read_dir(source.path())
            .expect("list")
            .filter_map(|e| Some(e.ok()?.path()))
            .collect();
        files.sort();
        let out = tempfile::tempdir().expect("temp");
        match vips_two_processes(&files, out.path()) {
            Some(vips) => println!(
                "vipsthumbnail -s 256, the same files, two processes: {:.2} s; grid complete {:.2}x faster",
                vips.as_secs_f64(),
                vips.as_secs_f64() / grid.as_secs_f64()
            ),
            None => println!("vipsthumbnail is not installed: no baseline"),
        }
    });
}
