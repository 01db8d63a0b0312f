//! The status snapshot (what the activity panel and `mahres status` show)
//! with hundreds of thousands of jobs waiting, as after adding a big watched
//! folder. Baseline, in the same run on the same database: the query the
//! snapshot used before migration 007, which read every job row.
//!
//! cargo bench -p mahres-core --bench status [-- FILES]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::write_small_files;
use mahres_core::events::{Event, EventKind};
use mahres_core::watch::FolderRules;
use mahres_core::{Access, Handler, HandlerContext, HandlerError, Library, LibraryOptions};

/// Takes every new resource and does nothing: the bench pauses the bus, so
/// its jobs wait.
struct Waiting(&'static str);

impl Handler for Waiting {
    fn name(&self) -> &'static str {
        self.0
    }
    fn subscribes_to(&self) -> &'static [EventKind] {
        &[EventKind::ResourceCreated]
    }
    fn handle(&self, _ctx: &HandlerContext, _event: &Event) -> Result<(), HandlerError> {
        Ok(())
    }
}

fn median_ms(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let files: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let folder = tempfile::tempdir().expect("temp");
    write_small_files(folder.path(), files, "note", "txt");
    let library_dir = tempfile::tempdir().expect("temp");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        // Record the files with nobody processing...
        let recorder =
            Library::open(LibraryOptions::new(library_dir.path()).access(Access::RecordOnly))
                .await
                .expect("open");
        recorder
            .watch_add(folder.path().to_path_buf(), FolderRules::default())
            .await
            .expect("watch");
        recorder.close(Duration::from_secs(1)).await;
        drop(recorder);
        // ...then let the bus turn every event into jobs for four handlers,
        // paused so that they all wait.
        let handlers: Vec<Arc<dyn Handler>> = ["hash", "dimensions", "thumbnail", "index"]
            .into_iter()
            .map(|name| Arc::new(Waiting(name)) as Arc<dyn Handler>)
            .collect();
        let library = Library::open(LibraryOptions::new(library_dir.path()).handlers(handlers))
            .await
            .expect("open");
        library.pause();
        loop {
            let status = library.status().await.expect("status");
            if status.undispatched == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let status = library.status().await.expect("status");
        let waiting = status.total().pending;

        let mut ours = Vec::new();
        for _ in 0..21 {
            let started = Instant::now();
            library.status().await.expect("status");
            ours.push(started.elapsed());
        }
        let conn = rusqlite::Connection::open(library_dir.path().join("library.db")).expect("db");
        let mut before = Vec::new();
        for _ in 0..21 {
            let started = Instant::now();
            let mut stmt = conn
                .prepare_cached(
                    "SELECT handler, state, last_error IS NOT NULL, COUNT(*), MIN(created_at)
                     FROM jobs GROUP BY handler, state, last_error IS NOT NULL",
                )
                .expect("prepare");
            let rows: Vec<(String, i64)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(3)?)))
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("rows");
            assert!(!rows.is_empty());
            before.push(started.elapsed());
        }
        let (ours, before) = (median_ms(ours), median_ms(before));
        println!(
            "{waiting} jobs waiting: status snapshot {ours:.1} ms (median of 21), the previous counting query alone {before:.1} ms — {:.1}x faster",
            before / ours
        );
        library.close(Duration::from_secs(1)).await;
    });
}
