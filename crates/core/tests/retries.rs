//! Failures retry with backoff, then become dead letters the user can retry.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use mahres_core::events::{Event, EventKind};
use mahres_core::model::JobState;
use mahres_core::{FailureFilter, Handler, HandlerContext, HandlerError, Library};

/// Fails the first `failures` attempts at each event, then succeeds.
struct Flaky {
    failures: u32,
    attempts: Mutex<HashMap<i64, u32>>,
}

impl Handler for Flaky {
    fn name(&self) -> &'static str {
        "flaky"
    }
    fn subscribes_to(&self) -> &'static [EventKind] {
        &[EventKind::NoteCreated]
    }
    fn handle(&self, _ctx: &HandlerContext, event: &Event) -> Result<(), HandlerError> {
        let mut attempts = self.attempts.lock().unwrap();
        let n = attempts.entry(event.id).or_default();
        *n += 1;
        if *n <= self.failures {
            Err(HandlerError::Transient(format!("flaky failure #{n}")))
        } else {
            Ok(())
        }
    }
}

/// Fails until `healed` is set.
struct Broken {
    healed: AtomicBool,
    calls: AtomicU32,
}

impl Handler for Broken {
    fn name(&self) -> &'static str {
        "broken"
    }
    fn subscribes_to(&self) -> &'static [EventKind] {
        &[EventKind::NoteCreated]
    }
    fn max_attempts(&self) -> u32 {
        4
    }
    fn handle(&self, _ctx: &HandlerContext, _event: &Event) -> Result<(), HandlerError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.healed.load(Ordering::SeqCst) {
            Ok(())
        } else {
            Err(HandlerError::Transient("the disk said no".into()))
        }
    }
}

/// A library whose one handler fails until healed, retrying with this backoff.
async fn with_broken(
    dir: &std::path::Path,
    base_delay: Duration,
    max_delay: Duration,
) -> (Arc<Broken>, Library) {
    let broken = Arc::new(Broken {
        healed: AtomicBool::new(false),
        calls: AtomicU32::new(0),
    });
    common::init_tracing();
    let library = Library::open(
        mahres_core::LibraryOptions::new(dir)
            .handlers(vec![broken.clone()])
            .retry(mahres_core::RetryPolicy {
                base_delay,
                max_delay,
            }),
    )
    .await
    .unwrap();
    (broken, library)
}

async fn counts(library: &Library, name: &str) -> mahres_core::JobCounts {
    let status = library.status().await.unwrap();
    status
        .handlers
        .into_iter()
        .find(|h| h.name == name)
        .unwrap()
        .counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_that_fails_twice_succeeds_on_the_third_attempt() {
    let dir = tempfile::tempdir().unwrap();
    let flaky = Arc::new(Flaky {
        failures: 2,
        attempts: Mutex::default(),
    });
    let library = open(dir.path(), vec![flaky.clone()]).await;
    let note = library
        .create_note("hello".into(), "".into())
        .await
        .unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;

    let attempts = flaky
        .attempts
        .lock()
        .unwrap()
        .values()
        .copied()
        .collect::<Vec<_>>();
    assert_eq!(attempts, vec![3]);
    let counts = counts(&library, "flaky").await;
    assert_eq!((counts.done, counts.failed, counts.dead), (1, 0, 0));
    assert!(
        library
            .failures(FailureFilter::All, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(library.note(note.id).await.is_ok());
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_that_always_fails_is_dead_lettered_and_retry_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let broken = Arc::new(Broken {
        healed: AtomicBool::new(false),
        calls: AtomicU32::new(0),
    });
    let library = open(dir.path(), vec![broken.clone()]).await;
    library
        .create_note("doomed".into(), "".into())
        .await
        .unwrap();

    // Dead letters are not pending work, so waiting ends.
    wait_idle(&library, Duration::from_secs(30)).await;
    assert_eq!(
        broken.calls.load(Ordering::SeqCst),
        4,
        "max_attempts is honoured"
    );
    let dead = library.failures(FailureFilter::Dead, 10).await.unwrap();
    assert_eq!(dead.len(), 1);
    let letter = &dead[0];
    assert_eq!(letter.handler, "broken");
    assert_eq!(letter.state, JobState::Dead);
    assert_eq!(letter.attempts, 4);
    assert_eq!(letter.error, "the disk said no");
    assert_eq!(letter.event_type, "note.created");
    assert!(letter.first_failed_at.unwrap() <= letter.last_failed_at.unwrap());
    assert_eq!(counts(&library, "broken").await.dead, 1);

    broken.healed.store(true, Ordering::SeqCst);
    assert_eq!(
        library.retry_jobs(Some(vec![letter.job_id])).await.unwrap(),
        1
    );
    wait_idle(&library, Duration::from_secs(30)).await;
    let counts = counts(&library, "broken").await;
    assert_eq!((counts.done, counts.dead), (1, 0));
    assert!(
        library
            .failures(FailureFilter::All, 10)
            .await
            .unwrap()
            .is_empty()
    );
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_all_requeues_every_dead_letter_and_backoff_spaces_attempts() {
    let dir = tempfile::tempdir().unwrap();
    // A slower backoff so its effect can be seen: 4 attempts need at least
    // 40 + 80 + 160 ms (halved by jitter) between them.
    let (broken, library) = with_broken(
        dir.path(),
        Duration::from_millis(80),
        Duration::from_secs(1),
    )
    .await;
    let started = std::time::Instant::now();
    for i in 0..3 {
        library
            .create_note(format!("n{i}"), String::new())
            .await
            .unwrap();
    }
    wait_idle(&library, Duration::from_secs(30)).await;
    assert!(
        started.elapsed() >= Duration::from_millis(140),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        library
            .failures(FailureFilter::Dead, 10)
            .await
            .unwrap()
            .len(),
        3
    );

    broken.healed.store(true, Ordering::SeqCst);
    assert_eq!(library.retry_jobs(None).await.unwrap(), 3);
    wait_idle(&library, Duration::from_secs(30)).await;
    assert_eq!(counts(&library, "broken").await.done, 3);
    library.close(Duration::from_secs(1)).await;
}

struct Panicky;

impl Handler for Panicky {
    fn name(&self) -> &'static str {
        "panicky"
    }
    fn subscribes_to(&self) -> &'static [EventKind] {
        &[EventKind::NoteCreated]
    }
    fn max_attempts(&self) -> u32 {
        2
    }
    fn handle(&self, _ctx: &HandlerContext, _event: &Event) -> Result<(), HandlerError> {
        panic!("decoder exploded")
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_becomes_a_readable_dead_letter_and_the_bus_lives_on() {
    let dir = tempfile::tempdir().unwrap();
    let flaky = Arc::new(Flaky {
        failures: 0,
        attempts: Mutex::default(),
    });
    let library = open(dir.path(), vec![Arc::new(Panicky), flaky.clone()]).await;
    library.create_note("one".into(), "".into()).await.unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;
    let dead = library.failures(FailureFilter::Dead, 10).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert!(
        dead[0].error.contains("decoder exploded"),
        "{}",
        dead[0].error
    );
    // The other handler and later events are unaffected.
    library.create_note("two".into(), "".into()).await.unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;
    assert_eq!(flaky.attempts.lock().unwrap().len(), 2);
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_waiting_for_its_retry_is_outstanding_work() {
    let dir = tempfile::tempdir().unwrap();
    let minute = Duration::from_secs(60);
    let (_broken, library) = with_broken(dir.path(), minute, minute).await;
    library
        .create_note("later".into(), String::new())
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while counts(&library, "broken").await.failed == 0 {
        assert!(std::time::Instant::now() < deadline, "never failed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The one definition both fronts show: it will run again, so it counts.
    let status = library.status().await.unwrap();
    assert_eq!((status.outstanding, status.idle), (1, false));
    library.close(Duration::from_secs(1)).await;
}

/// Writes a description with its job's outcome, failing its first attempt
/// after writing; remembers what the resource held when each attempt began.
struct HalfDone {
    seen: Mutex<Vec<String>>,
}

impl Handler for HalfDone {
    fn name(&self) -> &'static str {
        "half-done"
    }
    fn subscribes_to(&self) -> &'static [EventKind] {
        &[EventKind::ResourceCreated]
    }
    fn handle(&self, ctx: &HandlerContext, event: &Event) -> Result<(), HandlerError> {
        let id = event.payload.resource_id().unwrap();
        let resource = ctx.resource(id)?.unwrap();
        let mut seen = self.seen.lock().unwrap();
        seen.push(resource.description.clone());
        let first = seen.len() == 1;
        let words = if first { "half done" } else { "done" };
        ctx.write_resource_on_finish(
            id,
            resource.content_rev,
            vec![(
                mahres_core::events::ResourceField::Description,
                mahres_core::FieldValue::Text(words.into()),
            )],
        )?;
        if first {
            Err(HandlerError::Transient("gave up half way".into()))
        } else {
            Ok(())
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_written_on_finish_are_dropped_when_the_attempt_fails() {
    let sources = tempfile::tempdir().unwrap();
    let file = sources.path().join("a.bin");
    write_bytes(&file, 100, 1);
    let dir = tempfile::tempdir().unwrap();
    let handler = Arc::new(HalfDone {
        seen: Mutex::default(),
    });
    let library = open(dir.path(), vec![handler.clone()]).await;
    let report = library.import(vec![file]).await.unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;

    assert_eq!(
        *handler.seen.lock().unwrap(),
        ["", ""],
        "the failed attempt's result never reached the library"
    );
    let id = report.imported[0].resource_id;
    assert_eq!(
        library.resource(id).await.unwrap().resource.description,
        "done"
    );
    let counts = counts(&library, "half-done").await;
    assert_eq!((counts.done, counts.dead), (1, 0));
    library.close(Duration::from_secs(1)).await;
}
