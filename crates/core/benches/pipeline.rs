//! The whole pipeline: import N photos and wait until every handler is done.
//! Reports files fully processed per second, CPU use of both cores, and peak
//! memory of the process.
//!
//! cargo bench -p mahres-core --bench pipeline -- [--count N] PHOTO...

mod common;

use std::path::PathBuf;
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
        let report = library.import(vec![source.path().to_path_buf()]).await.expect("import");
        let acknowledged = started.elapsed();
        library.wait_idle().await.expect("wait");
        let took = started.elapsed();
        let cpu = cpu_seconds() - cpu_before;
        let status = library.status().await.expect("status");
        let failed = status.total().failed + status.total().dead;
        println!(
            "{} photos: import answered in {:.2} s; all handlers done in {:.1} s = {:.1} files/s; CPU {:.0}% of 2 cores; peak memory {:.0} MB; {failed} failures",
            report.imported.len(),
            acknowledged.as_secs_f64(),
            took.as_secs_f64(),
            report.imported.len() as f64 / took.as_secs_f64(),
            100.0 * cpu / took.as_secs_f64() / 2.0,
            peak_rss_mb()
        );
        library.close(Duration::from_secs(5)).await;
    });
}
