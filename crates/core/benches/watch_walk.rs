//! Adding a watched folder of 100,000 small files: the initial walk, stat
//! and registration, against `find DIR -type f | wc -l` on the same folder
//! in the same run, and the peak memory of the process.
//!
//! cargo bench -p mahres-core --bench watch_walk [-- FILES]

mod common;

use std::process::Command;
use std::time::Instant;

use common::peak_rss_mb;
use mahres_core::watch::FolderRules;
use mahres_core::{Access, Library, LibraryOptions};

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let folder = tempfile::tempdir().expect("temp");
    for i in 0..count {
        let dir = folder.path().join(format!("d{:03}", i % 1000));
        if i < 1000 {
            std::fs::create_dir(&dir).expect("dir");
        }
        std::fs::write(dir.join(format!("photo{i:06}.jpg")), i.to_string()).expect("write");
    }
    let started = Instant::now();
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "find '{}' -type f | wc -l",
            folder.path().display()
        ))
        .output()
        .expect("find");
    let find = started.elapsed();
    let found: usize = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    assert_eq!(found, count);

    let library_dir = tempfile::tempdir().expect("temp");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let before = peak_rss_mb();
    let (ours, added) = runtime.block_on(async {
        let library =
            Library::open(LibraryOptions::new(library_dir.path()).access(Access::RecordOnly))
                .await
                .expect("open");
        let started = Instant::now();
        let (_, report) = library
            .watch_add(folder.path().to_path_buf(), FolderRules::default())
            .await
            .expect("watch");
        (started.elapsed(), report.added)
    });
    assert_eq!(added, count);
    println!(
        "{count} files: find {:.2} s ({:.0} files/s), walk + stat + register {:.2} s ({:.0} files/s), {:.1}x find's time; peak memory {:.0} MB (was {:.0} MB before)",
        find.as_secs_f64(),
        count as f64 / find.as_secs_f64(),
        ours.as_secs_f64(),
        count as f64 / ours.as_secs_f64(),
        ours.as_secs_f64() / find.as_secs_f64(),
        peak_rss_mb(),
        before
    );
}
