//! Bus throughput and memory: 100,000 events through a no-op handler, against
//! the original design's in-memory queue (a bounded channel that holds events
//! only in RAM and loses them on a crash) as the baseline.
//!
//! cargo bench -p mahres-core --bench bus [-- EVENTS]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::proc_status_kb;
use mahres_core::events::{Event, EventKind};
use mahres_core::{Access, Handler, HandlerContext, HandlerError, Library, LibraryOptions};

struct NoOp(AtomicU64);

impl Handler for NoOp {
    fn name(&self) -> &'static str {
        "noop"
    }
    fn subscribes_to(&self) -> &'static [EventKind] {
        &[EventKind::NoteCreated]
    }
    fn concurrency(&self) -> usize {
        2
    }
    fn handle(&self, _ctx: &HandlerContext, _event: &Event) -> Result<(), HandlerError> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// A person's changes per second, each committed with its event and synced
/// (what `Library`'s own writes do since issue 14).
async fn synced_changes(changes: u64) -> f64 {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = Library::open(LibraryOptions::new(dir.path()).access(Access::RecordOnly))
        .await
        .expect("open");
    let started = Instant::now();
    for i in 0..changes {
        library
            .create_note(format!("note {i}"), String::new())
            .await
            .expect("publish");
    }
    changes as f64 / started.elapsed().as_secs_f64()
}

async fn durable(events: u64) -> (f64, f64, u64, u64) {
    let dir = tempfile::tempdir().expect("temp dir");
    // Publish with nobody processing, so the whole backlog is pending at once.
    // Unsynced: this measures the bus, and 100,000 synced commits would
    // measure the disk (`synced_changes` does that, on fewer).
    let recorder = Library::open(
        LibraryOptions::new(dir.path())
            .access(Access::RecordOnly)
            .durability(mahres_core::Durability::Relaxed),
    )
    .await
    .expect("open");
    let started = Instant::now();
    for i in 0..events {
        recorder
            .create_note(format!("note {i}"), String::new())
            .await
            .expect("publish");
    }
    let publish_rate = events as f64 / started.elapsed().as_secs_f64();
    drop(recorder);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let rss_pending = proc_status_kb("VmRSS:");

    let handler = Arc::new(NoOp(AtomicU64::new(0)));
    let started = Instant::now();
    let library = Library::open(LibraryOptions::new(dir.path()).handlers(vec![handler.clone()]))
        .await
        .expect("open");
    library.wait_idle().await.expect("drain");
    let drain_rate = events as f64 / started.elapsed().as_secs_f64();
    assert_eq!(
        handler.0.load(Ordering::Relaxed),
        events,
        "every event delivered"
    );
    library.close(Duration::from_secs(5)).await;
    (
        publish_rate,
        drain_rate,
        rss_pending,
        proc_status_kb("VmHWM:"),
    )
}

async fn in_memory_channel(events: u64) -> f64 {
    // The original design: a bounded in-memory queue and a worker per handler.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<(u64, String)>(1024);
    let handled = Arc::new(AtomicU64::new(0));
    let worker = {
        let handled = handled.clone();
        tokio::spawn(async move {
            while let Some(event) = rx.recv().await {
                std::hint::black_box(event);
                handled.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    let started = Instant::now();
    for i in 0..events {
        tx.send((i, format!("note {i}"))).await.expect("send");
    }
    drop(tx);
    worker.await.expect("worker");
    assert_eq!(handled.load(Ordering::Relaxed), events);
    events as f64 / started.elapsed().as_secs_f64()
}

fn main() {
    let events: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let baseline = in_memory_channel(events).await;
        let (publish, drain, rss_pending, peak) = durable(events).await;
        println!("events: {events}");
        println!("durable bus: publish {publish:.0}/s (one transaction each), drain through no-op handler {drain:.0}/s");
        println!("in-memory channel baseline: {baseline:.0}/s");
        let synced = synced_changes(1000).await;
        println!(
            "a person's changes, synced: {synced:.0}/s; unsynced / synced: {:.1}x",
            publish / synced
        );
        println!("durable drain / in-memory baseline: {:.3}", drain / baseline);
        println!(
            "memory: rss with {events} pending {:.1} MB, process peak {:.1} MB",
            rss_pending as f64 / 1024.0,
            peak as f64 / 1024.0
        );
    });
}
