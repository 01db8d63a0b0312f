//! How soon import answers: our import (copy + record, side effects queued)
//! against a synchronous baseline that does the same hash and dimension work
//! inline before answering, on the same files in the same run; and what
//! making the answer durable costs (copies, folders and commit synced)
//! against the same import answering before the disk has it, on big files
//! and on many small ones.
//!
//! cargo bench -p mahres-core --bench import_ack [-- FILES MB]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mahres_core::handlers::md5_file;
use mahres_core::{Access, Durability, Library, LibraryOptions};

fn make_files(dir: &Path, files: usize, kilobytes: usize) -> Vec<PathBuf> {
    let mut rng = fastrand::Rng::with_seed(7);
    let mut chunk = vec![0u8; 1 << 10];
    (0..files)
        .map(|i| {
            let path = dir.join(format!("file{i:04}.bin"));
            let mut bytes = Vec::with_capacity(kilobytes << 10);
            for _ in 0..kilobytes {
                rng.fill(&mut chunk);
                bytes.extend_from_slice(&chunk);
            }
            std::fs::write(&path, bytes).expect("write");
            path
        })
        .collect()
}

async fn ours(source: &Path, durability: Durability) -> Duration {
    let dir = tempfile::tempdir().expect("temp");
    let library = Library::open(
        LibraryOptions::new(dir.path())
            .access(Access::RecordOnly)
            .durability(durability),
    )
    .await
    .expect("open");
    let started = Instant::now();
    let report = library
        .import(vec![source.to_path_buf()])
        .await
        .expect("import");
    let took = started.elapsed();
    assert_eq!(report.durable, durability == Durability::Synced);
    assert!(report.failed.is_empty());
    took
}

async fn synchronous(source: &Path) -> Duration {
    let dir = tempfile::tempdir().expect("temp");
    let library = Library::open(LibraryOptions::new(dir.path()).access(Access::RecordOnly))
        .await
        .expect("open");
    let started = Instant::now();
    let report = library
        .import(vec![source.to_path_buf()])
        .await
        .expect("import");
    // The old way: hash and measure each file before answering, two at a time.
    let layout = library.layout().clone();
    let ids: Vec<i64> = report.imported.iter().map(|i| i.resource_id).collect();
    let mut stored = Vec::new();
    for id in ids {
        stored.push(
            layout.resolve(
                &library
                    .resource(id)
                    .await
                    .expect("resource")
                    .resource
                    .stored_path,
            ),
        );
    }
    let halves: Vec<Vec<PathBuf>> = stored
        .chunks(stored.len().div_ceil(2))
        .map(|c| c.to_vec())
        .collect();
    let workers: Vec<_> = halves
        .into_iter()
        .map(|paths| {
            tokio::task::spawn_blocking(move || {
                for path in paths {
                    std::hint::black_box(md5_file(&path).expect("md5"));
                    let _ = image::ImageReader::open(&path)
                        .and_then(|r| r.with_guessed_format())
                        .map(|r| r.into_dimensions());
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.expect("worker");
    }
    started.elapsed()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let numbers: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let files = numbers.first().copied().unwrap_or(200);
    let megabytes = numbers.get(1).copied().unwrap_or(20);
    let source = tempfile::tempdir().expect("temp");
    make_files(source.path(), files, megabytes << 10);
    let small = tempfile::tempdir().expect("temp");
    const SMALL_FILES: usize = 1000;
    const SMALL_KB: usize = 100;
    make_files(small.path(), SMALL_FILES, SMALL_KB);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let (mut synced, mut relaxed, mut sync_times) = (Vec::new(), Vec::new(), Vec::new());
        let (mut small_synced, mut small_relaxed) = (Vec::new(), Vec::new());
        for _ in 0..3 {
            synced.push(ours(source.path(), Durability::Synced).await);
            relaxed.push(ours(source.path(), Durability::Relaxed).await);
            sync_times.push(synchronous(source.path()).await);
            small_synced.push(ours(small.path(), Durability::Synced).await);
            small_relaxed.push(ours(small.path(), Durability::Relaxed).await);
        }
        let (ours, relaxed, sync) = (median(synced), median(relaxed), median(sync_times));
        let (small_synced, small_relaxed) = (median(small_synced), median(small_relaxed));
        println!("{files} files of {megabytes} MB, median of 3");
        println!(
            "import acknowledged (copy + record, synced): {:.3} s",
            ours.as_secs_f64()
        );
        println!(
            "synchronous baseline (copy + record + md5 + dimensions): {:.3} s",
            sync.as_secs_f64()
        );
        println!(
            "baseline / ours: {:.2}x",
            sync.as_secs_f64() / ours.as_secs_f64()
        );
        println!(
            "the same import answering before the disk has it: {:.3} s; synced / unsynced: {:.2}x",
            relaxed.as_secs_f64(),
            ours.as_secs_f64() / relaxed.as_secs_f64()
        );
        println!(
            "{SMALL_FILES} files of {SMALL_KB} KB: synced {:.3} s, unsynced {:.3} s; synced / unsynced: {:.2}x",
            small_synced.as_secs_f64(),
            small_relaxed.as_secs_f64(),
            small_synced.as_secs_f64() / small_relaxed.as_secs_f64()
        );
    });
}
