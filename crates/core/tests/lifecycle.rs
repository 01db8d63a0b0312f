//! Pause and resume, graceful shutdown, and the progress feed.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::*;
use mahres_core::events::{Event, EventKind};
use mahres_core::{Handler, HandlerContext, HandlerError, Library};

/// Takes `delay` per job and counts what it finished.
struct Steady {
    delay: Duration,
    finished: AtomicUsize,
}

impl Handler for Steady {
    fn name(&self) -> &'static str {
        "steady"
    }
    fn subscribes_to(&self) -> &'static [EventKind] {
        &[EventKind::NoteCreated]
    }
    fn handle(&self, _ctx: &HandlerContext, _event: &Event) -> Result<(), HandlerError> {
        std::thread::sleep(self.delay);
        self.finished.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

fn steady(delay_ms: u64) -> Arc<Steady> {
    Arc::new(Steady {
        delay: Duration::from_millis(delay_ms),
        finished: AtomicUsize::new(0),
    })
}

async fn notes(library: &Library, n: usize) {
    for i in 0..n {
        library
            .create_note(format!("n{i}"), String::new())
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pause_stops_claiming_and_resume_carries_on() {
    let dir = tempfile::tempdir().unwrap();
    let handler = steady(1);
    let library = open(dir.path(), vec![handler.clone()]).await;
    library.pause();
    notes(&library, 20).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        handler.finished.load(Ordering::SeqCst),
        0,
        "nothing runs while paused"
    );
    let status = library.status().await.unwrap();
    assert!(status.paused);
    assert_eq!(status.handlers[0].counts.pending, 20);

    library.resume();
    wait_idle(&library, Duration::from_secs(30)).await;
    assert_eq!(handler.finished.load(Ordering::SeqCst), 20);
    assert!(!library.status().await.unwrap().paused);
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_running_jobs_finish_and_leaves_the_rest_pending() {
    let dir = tempfile::tempdir().unwrap();
    let handler = steady(150);
    let library = open(dir.path(), vec![handler.clone()]).await;
    notes(&library, 10).await;
    // Let the first job start, then close with room for it to finish.
    tokio::time::sleep(Duration::from_millis(50)).await;
    library.close(Duration::from_secs(5)).await;
    let finished = handler.finished.load(Ordering::SeqCst);
    assert!((1..10).contains(&finished), "finished {finished}");
    drop(library);

    let reopened = open(dir.path(), vec![handler.clone()]).await;
    let status = reopened.status().await.unwrap();
    assert_eq!(
        status.handlers[0].counts.done, finished as u64,
        "outcomes were recorded"
    );
    // The reopened bus may already have turned events into jobs and started one.
    let counts = &status.handlers[0].counts;
    assert_eq!(
        counts.pending + counts.running + status.undispatched,
        10 - finished as u64,
        "{status:?}"
    );
    wait_idle(&reopened, Duration::from_secs(30)).await;
    assert_eq!(
        handler.finished.load(Ordering::SeqCst),
        10,
        "each job ran once"
    );
    reopened.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_is_coalesced_and_reports_rate_and_age() {
    let dir = tempfile::tempdir().unwrap();
    let handler = steady(2);
    let library = open(dir.path(), vec![handler.clone()]).await;
    library.pause();
    notes(&library, 400).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let waiting = library.status().await.unwrap();
    assert!(
        waiting.handlers[0].oldest_pending_ms.unwrap() >= 250,
        "{waiting:?}"
    );

    let mut updates = library.subscribe().expect("this process processes");
    let counter = tokio::spawn(async move {
        let mut seen = Vec::new();
        while updates.changed().await.is_ok() {
            let status = updates.borrow_and_update().clone();
            let idle = status.idle;
            seen.push(status);
            if idle {
                break;
            }
        }
        seen
    });
    let started = Instant::now();
    library.resume();
    let seen = tokio::time::timeout(Duration::from_secs(30), counter)
        .await
        .unwrap()
        .unwrap();
    let elapsed = started.elapsed();

    // 400 jobs, far fewer messages: a few per second at most.
    let allowed = (elapsed.as_millis() / 250 + 2) as usize;
    assert!(
        seen.len() <= allowed,
        "{} updates in {elapsed:?}",
        seen.len()
    );
    assert!(seen.len() >= 2, "progress was reported while working");
    assert!(
        seen.iter().any(|s| s.handlers[0].per_second > 0.0),
        "a rate was reported"
    );
    assert_eq!(seen.last().unwrap().handlers[0].counts.done, 400);
    library.close(Duration::from_secs(1)).await;
}
