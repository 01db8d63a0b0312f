//! A large backlog behind a slow handler: nothing is dropped, publishing never
//! fails, and memory does not grow with the backlog (it lives in SQLite).
//! Its own test binary, so the memory readings are this test's alone.

mod common;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use mahres_core::Handler;
use mahres_core::events::{Event, EventKind};
use mahres_core::{HandlerContext, HandlerError};

const EVENTS: usize = 10_000;

struct Slow {
    gate: Arc<Gate>,
    seen: Mutex<HashSet<i64>>,
    deliveries: std::sync::atomic::AtomicUsize,
}

impl Handler for Slow {
    fn name(&self) -> &'static str {
        "slow"
    }
    fn subscribes_to(&self) -> &'static [EventKind] {
        &[EventKind::ResourceCreated]
    }
    fn handle(&self, _ctx: &HandlerContext, event: &Event) -> Result<(), HandlerError> {
        self.gate.wait();
        std::thread::sleep(Duration::from_micros(50));
        self.deliveries
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.seen.lock().unwrap().insert(event.id);
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_events_behind_a_slow_handler_are_all_delivered_in_bounded_memory() {
    let source = tempfile::tempdir().unwrap();
    for i in 0..EVENTS {
        let sub = source.path().join(format!("d{}", i % 20));
        if i < 20 {
            std::fs::create_dir(&sub).unwrap();
        }
        std::fs::write(sub.join(format!("f{i}.txt")), i.to_string()).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let gate = Arc::new(Gate::default());
    let _release = OpenOnDrop(gate.clone());
    let slow = Arc::new(Slow {
        gate: gate.clone(),
        seen: Mutex::default(),
        deliveries: Default::default(),
    });
    let library = open(dir.path(), vec![slow.clone()]).await;
    let rss_start = rss_kb("VmRSS:");

    let report = library.import(vec![source.path().into()]).await.unwrap();
    assert_eq!(report.imported.len(), EVENTS);
    drop(report);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let status = library.status().await.unwrap();
    let slow_status = &status.handlers[0];
    assert_eq!(
        slow_status.counts.pending + slow_status.counts.running,
        EVENTS as u64,
        "every event is queued: {status:?}"
    );
    // The handler is held: at most its one worker's claim is in memory.
    assert!(slow_status.counts.running <= 64);
    let rss_queued = rss_kb("VmRSS:");

    gate.open();
    wait_idle(&library, Duration::from_secs(300)).await;
    let rss_peak = rss_kb("VmHWM:");
    assert_eq!(
        slow.seen.lock().unwrap().len(),
        EVENTS,
        "no event was dropped"
    );
    assert_eq!(
        slow.deliveries.load(std::sync::atomic::Ordering::SeqCst),
        EVENTS,
        "each event was delivered once"
    );
    let status = library.status().await.unwrap();
    assert_eq!(status.handlers[0].counts.done, EVENTS as u64);

    let growth_mb = rss_queued.saturating_sub(rss_start) as f64 / 1024.0;
    println!(
        "rss at open {:.1} MB, with {EVENTS} queued {:.1} MB (+{growth_mb:.1} MB), peak {:.1} MB",
        rss_start as f64 / 1024.0,
        rss_queued as f64 / 1024.0,
        rss_peak as f64 / 1024.0
    );
    assert!(
        growth_mb < 32.0,
        "queueing {EVENTS} events grew memory by {growth_mb:.1} MB"
    );
    library.close(Duration::from_secs(1)).await;
}
