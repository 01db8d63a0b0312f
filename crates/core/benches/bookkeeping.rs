//! A watched folder of many small text files, processed completely: walked,
//! recorded, typed, hashed and indexed, until the bus is idle. Against
//! `md5sum` hashing the same files on both cores (`find | xargs -P2`), the
//! least a program that reads every file must do, in the same run.
//!
//! cargo bench -p mahres-core --bench bookkeeping [-- FILES]

mod common;

use std::process::Command;
use std::time::Instant;

use common::{peak_rss_mb, write_small_files};
use mahres_core::watch::FolderRules;
use mahres_core::{Library, LibraryOptions};

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(300_000);
    let folder = tempfile::tempdir().expect("temp");
    write_small_files(folder.path(), count, "note", "txt");

    let started = Instant::now();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "find '{}' -type f -print0 | xargs -0 -P2 -n 2000 md5sum > /dev/null",
            folder.path().display()
        ))
        .status()
        .expect("md5sum");
    assert!(status.success());
    let md5sum = started.elapsed();

    let library_dir = tempfile::tempdir().expect("temp");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (walked, ours, jobs) = runtime.block_on(async {
        let library = Library::open(LibraryOptions::new(library_dir.path()))
            .await
            .expect("open");
        let started = Instant::now();
        let (_, report) = library
            .watch_add(folder.path().to_path_buf(), FolderRules::default())
            .await
            .expect("watch");
        assert_eq!(report.added, count);
        let walked = started.elapsed();
        library.wait_idle().await.expect("idle");
        let ours = started.elapsed();
        let status = library.status().await.expect("status");
        let jobs: Vec<(String, u64)> = status
            .handlers
            .iter()
            .filter(|h| h.counts.done > 0)
            .map(|h| (h.name.clone(), h.counts.done))
            .collect();
        library.close(std::time::Duration::from_secs(5)).await;
        (walked, ours, jobs)
    });
    let total_jobs: u64 = jobs.iter().map(|(_, n)| n).sum();
    println!(
        "{count} small files: md5sum {:.2} s ({:.0} files/s); ours, recorded + typed + hashed + indexed {:.2} s ({:.0} files/s, the walk {:.2} s), {:.1}x md5sum's time; {total_jobs} jobs ({:.1} a file: {}); peak memory {:.0} MB",
        md5sum.as_secs_f64(),
        count as f64 / md5sum.as_secs_f64(),
        ours.as_secs_f64(),
        count as f64 / ours.as_secs_f64(),
        walked.as_secs_f64(),
        ours.as_secs_f64() / md5sum.as_secs_f64(),
        total_jobs as f64 / count as f64,
        jobs.iter()
            .map(|(name, n)| format!("{name} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        peak_rss_mb()
    );
}
