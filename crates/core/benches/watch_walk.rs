//! Adding a watched folder of 100,000 small files: the initial walk, stat
//! and registration, against `find DIR -type f | wc -l` on the same folder
//! in the same run, and the peak memory of the process. Then what one new
//! file costs: a pass over its path against a pass over the whole folder.
//!
//! cargo bench -p mahres-core --bench watch_walk [-- FILES]

mod common;

use std::process::Command;
use std::time::Instant;

use common::{peak_rss_mb, write_small_files};
use mahres_core::watch::FolderRules;
use mahres_core::{Access, Library, LibraryOptions};

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let folder = tempfile::tempdir().expect("temp");
    write_small_files(folder.path(), count, "photo", "jpg");
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
    let (ours, added, peak_after_walk) = runtime.block_on(async {
        let library =
            Library::open(LibraryOptions::new(library_dir.path()).access(Access::RecordOnly))
                .await
                .expect("open");
        let started = Instant::now();
        let (_, report) = library
            .watch_add(folder.path().to_path_buf(), FolderRules::default())
            .await
            .expect("watch");
        let walked = started.elapsed();
        let peak_after_walk = peak_rss_mb();

        // What one new file costs the live watcher: a pass over the path its
        // events name, against a pass over the whole folder (what every
        // burst cost before).
        let new_file = folder.path().join("d500/new.jpg");
        std::fs::write(&new_file, "new").expect("write");
        let started = Instant::now();
        let reports = library.reconcile_paths(vec![new_file]).await.expect("scoped");
        let scoped = started.elapsed();
        assert_eq!(reports[0].added, 1);
        let started = Instant::now();
        let reports = library.reconcile().await.expect("whole");
        let whole = started.elapsed();
        assert_eq!(reports[0].scanned, count + 1);
        println!(
            "one new file in the folder: a pass over its path {:.2} ms, over the whole folder {:.0} ms ({:.0}x)",
            scoped.as_secs_f64() * 1000.0,
            whole.as_secs_f64() * 1000.0,
            whole.as_secs_f64() / scoped.as_secs_f64()
        );
        (walked, report.added, peak_after_walk)
    });
    assert_eq!(added, count);
    println!(
        "{count} files: find {:.2} s ({:.0} files/s), walk + stat + register {:.2} s ({:.0} files/s), {:.1}x find's time; peak memory {:.0} MB (was {:.0} MB before)",
        find.as_secs_f64(),
        count as f64 / find.as_secs_f64(),
        ours.as_secs_f64(),
        count as f64 / ours.as_secs_f64(),
        ours.as_secs_f64() / find.as_secs_f64(),
        peak_after_walk,
        before
    );
}
