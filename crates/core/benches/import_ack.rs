//! How soon import answers: our import (copy + record, side effects queued)
//! against a synchronous baseline that does the same hash and dimension work
//! inline before answering, on the same files in the same run.
//!
//! cargo bench -p mahres-core --bench import_ack [-- FILES MB]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mahres_core::handlers::md5_file;
use mahres_core::{Access, Library, LibraryOptions};

fn make_files(dir: &Path, files: usize, megabytes: usize) -> Vec<PathBuf> {
    let mut rng = fastrand::Rng::with_seed(7);
    let mut chunk = vec![0u8; 1 << 20];
    (0..files)
        .map(|i| {
            let path = dir.join(format!("file{i:04}.bin"));
            let mut bytes = Vec::with_capacity(megabytes << 20);
            for _ in 0..megabytes {
                rng.fill(&mut chunk);
                bytes.extend_from_slice(&chunk);
            }
            std::fs::write(&path, bytes).expect("write");
            path
        })
        .collect()
}

async fn ours(source: &Path) -> Duration {
    let dir = tempfile::tempdir().expect("temp");
    let library = Library::open(LibraryOptions::new(dir.path()).access(Access::RecordOnly))
        .await
        .expect("open");
    let started = Instant::now();
    let report = library
        .import(vec![source.to_path_buf()])
        .await
        .expect("import");
    let took = started.elapsed();
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

fn main() {
    let numbers: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let files = numbers.first().copied().unwrap_or(200);
    let megabytes = numbers.get(1).copied().unwrap_or(20);
    let source = tempfile::tempdir().expect("temp");
    make_files(source.path(), files, megabytes);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let mut ours_times = Vec::new();
        let mut sync_times = Vec::new();
        for _ in 0..3 {
            ours_times.push(ours(source.path()).await);
            sync_times.push(synchronous(source.path()).await);
        }
        ours_times.sort();
        sync_times.sort();
        let (ours, sync) = (ours_times[1], sync_times[1]);
        println!("{files} files of {megabytes} MB, median of 3");
        println!(
            "import acknowledged (copy + record): {:.3} s",
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
    });
}
