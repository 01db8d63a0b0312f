//! The durable event bus.
//!
//! Events are rows in the outbox, committed with the change they describe, so
//! publishing is an INSERT: it cannot fail because a queue is full, and the
//! backlog lives on disk, not in memory. The bus turns events into jobs (one
//! per interested handler), claims ready jobs in small batches, runs them on
//! the blocking pool under a CPU-sized semaphore, and records each outcome.
//!
//! Three tasks do this: the *dispatcher* (fan-out and claiming), the
//! *completer* (writes outcomes in batched transactions) and the *reporter*
//! (publishes coalesced [`BusStatus`] snapshots).

mod handler;
mod retry;
mod status;

pub use handler::{Backfill, Handler, HandlerContext, HandlerError, NewResource};
pub(crate) use handler::{DeferredWrite, log_write};
pub use retry::RetryPolicy;
pub use status::{BusStatus, HandlerStatus};

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{Notify, Semaphore, mpsc, oneshot, watch};
use tokio::task::JoinHandle;

use crate::db::Db;
use crate::error::Result;
use crate::layout::LibraryLayout;
use crate::model::now_ms;
use crate::services::Services;
use crate::store::jobs::{self, ClaimedJob, Finish};
use status::RateMeter;

/// Events turned into jobs per transaction.
const FAN_OUT_BATCH: usize = 2000;
/// Most jobs one worker takes at a time, for handlers fast enough that the
/// per-claim overhead would dominate.
const MAX_CHUNK: usize = 256;
/// A handler slower than this per job gets one job per claim, so "running"
/// means running and pausing takes effect quickly.
const CHUNK_THRESHOLD_US: u64 = 2_000;
/// How often progress snapshots go out, at most.
const REPORT_INTERVAL: Duration = Duration::from_millis(250);

#[derive(Debug, Clone)]
pub struct BusConfig {
    pub retry: RetryPolicy,
    /// Jobs running at once across all handlers (the blocking pool's share).
    pub cpu_limit: usize,
}

impl Default for BusConfig {
    fn default() -> Self {
        Self {
            retry: RetryPolicy::default(),
            cpu_limit: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }
}

struct Slot {
    handler: Arc<dyn Handler>,
    /// Workers of this handler alive now.
    workers: AtomicUsize,
    /// Moving average of one job's duration, in microseconds.
    average_us: AtomicU64,
}

impl Slot {
    fn chunk_size(&self) -> usize {
        let average = self.average_us.load(Ordering::Relaxed);
        if average == 0 || average > CHUNK_THRESHOLD_US {
            1
        } else {
            MAX_CHUNK
        }
    }

    fn record_duration(&self, took: Duration) {
        let us = took.as_micros().min(u64::MAX as u128) as u64;
        let old = self.average_us.load(Ordering::Relaxed);
        let new = if old == 0 {
            us.max(1)
        } else {
            (old * 7 + us) / 8
        };
        self.average_us.store(new.max(1), Ordering::Relaxed);
    }
}

enum Completion {
    Finished(Finished),
    Flush(oneshot::Sender<()>),
}

/// A job's attempt, over: how it ended and the results it holds for the
/// transaction that records that.
struct Finished {
    handler: &'static str,
    job: i64,
    how: Finish,
    /// Written before the job is marked done; empty unless it succeeded.
    writes: Vec<DeferredWrite>,
    /// What a failure to write them turns into, as if the handler had
    /// failed this attempt.
    attempts: u32,
    max_attempts: u32,
    span: tracing::Span,
}

struct Shared {
    db: Arc<Db>,
    services: Arc<Services>,
    layout: LibraryLayout,
    /// Highest priority first.
    slots: Vec<Slot>,
    names: Vec<&'static str>,
    config: BusConfig,
    wake: Notify,
    paused: AtomicBool,
    stopping: AtomicBool,
    /// Something changed since the last snapshot.
    dirty: AtomicBool,
    cpu: Arc<Semaphore>,
    completions: mpsc::UnboundedSender<Completion>,
    status: watch::Sender<BusStatus>,
}

/// A running bus. Dropping it does not stop the work: call [`Bus::shutdown`].
pub(crate) struct Bus {
    shared: Arc<Shared>,
    dispatcher: Mutex<Option<JoinHandle<()>>>,
    /// The completer and the reporter.
    tasks: Mutex<Vec<JoinHandle<()>>>,
}

impl Bus {
    /// Recovers jobs a dead process left running, then starts the tasks. Must
    /// be called inside a tokio runtime.
    pub(crate) fn start(
        db: Arc<Db>,
        layout: LibraryLayout,
        mut handlers: Vec<Arc<dyn Handler>>,
        config: BusConfig,
        services: Arc<Services>,
    ) -> Result<Self> {
        handlers.sort_by_key(|h| std::cmp::Reverse(h.priority()));
        let now = now_ms();
        let recovered = db.write(|tx| {
            jobs::recover_interrupted(
                tx,
                &|name| {
                    handlers
                        .iter()
                        .find(|h| h.name() == name)
                        .map_or(1, |h| h.max_attempts())
                },
                now,
            )
        })?;
        if recovered > 0 {
            tracing::info!(recovered, "re-queued jobs interrupted by an earlier stop");
        }
        let names = handlers.iter().map(|h| h.name()).collect();
        let slots = handlers
            .into_iter()
            .map(|handler| Slot {
                handler,
                workers: AtomicUsize::new(0),
                average_us: AtomicU64::new(0),
            })
            .collect();
        let (completions, completion_rx) = mpsc::unbounded_channel();
        let (status, _) = watch::channel(BusStatus::default());
        let shared = Arc::new(Shared {
            db,
            services,
            layout,
            slots,
            names,
            cpu: Arc::new(Semaphore::new(config.cpu_limit.max(1))),
            config,
            wake: Notify::new(),
            paused: AtomicBool::new(false),
            stopping: AtomicBool::new(false),
            dirty: AtomicBool::new(true),
            completions,
            status,
        });
        let dispatcher = tokio::spawn(dispatch(shared.clone()));
        let tasks = vec![
            tokio::spawn(complete(shared.clone(), completion_rx)),
            tokio::spawn(report(shared.clone())),
        ];
        Ok(Self {
            shared,
            dispatcher: Mutex::new(Some(dispatcher)),
            tasks: Mutex::new(tasks),
        })
    }

    /// Tells the bus new events were committed.
    pub(crate) fn wake(&self) {
        self.shared.dirty.store(true, Ordering::Relaxed);
        self.shared.wake.notify_one();
    }

    pub(crate) fn set_paused(&self, paused: bool) {
        self.shared.paused.store(paused, Ordering::SeqCst);
        self.wake();
    }

    pub(crate) fn is_paused(&self) -> bool {
        self.shared.paused.load(Ordering::SeqCst)
    }

    pub(crate) fn subscribe(&self) -> watch::Receiver<BusStatus> {
        self.shared.status.subscribe()
    }

    /// Stops claiming, lets running jobs finish for up to `grace`, and records
    /// their outcomes. Jobs still running after that stay claimed in the
    /// database and run again at the next start.
    pub(crate) async fn shutdown(&self, grace: Duration) {
        let shared = &self.shared;
        shared.stopping.store(true, Ordering::SeqCst);
        shared.wake.notify_one();
        let deadline = tokio::time::Instant::now() + grace;
        // A dispatch round in flight may still claim jobs: let it end first,
        // so every claimed job has its worker counted below.
        let dispatcher = self
            .dispatcher
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(dispatcher) = dispatcher {
            let _ = tokio::time::timeout_at(deadline, dispatcher).await;
        }
        while shared
            .slots
            .iter()
            .any(|s| s.workers.load(Ordering::SeqCst) > 0)
            && tokio::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let (ack, acked) = oneshot::channel();
        if shared.completions.send(Completion::Flush(ack)).is_ok() {
            let _ = tokio::time::timeout_at(
                deadline.max(tokio::time::Instant::now() + Duration::from_secs(1)),
                acked,
            )
            .await;
        }
        let tasks = std::mem::take(&mut *self.tasks.lock().unwrap_or_else(|p| p.into_inner()));
        for task in tasks {
            task.abort();
        }
    }
}

/// The dispatcher: turns events into jobs and hands ready jobs to workers.
async fn dispatch(shared: Arc<Shared>) {
    loop {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        // While paused, events still become jobs (so status counts them as
        // pending); only claiming stops.
        let claiming = !shared.paused.load(Ordering::SeqCst);
        let round_shared = shared.clone();
        let round =
            tokio::task::spawn_blocking(move || dispatch_round(&round_shared, claiming)).await;
        let wait = match round {
            Ok(Ok(Round {
                progressed: false, ..
            })) if !claiming => Duration::from_secs(3600),
            Ok(Ok(Round {
                progressed: true, ..
            })) => continue,
            // Ready jobs were held back (their handler's workers all busy, or
            // waiting for work that comes first): a worker's end wakes us;
            // the timeout only bounds a retry falling due meanwhile.
            Ok(Ok(Round {
                held_back: true, ..
            })) => Duration::from_millis(250),
            Ok(Ok(Round { next_ready_at, .. })) => next_ready_at
                .map(|at| Duration::from_millis(at.saturating_sub(now_ms()).max(0) as u64))
                .unwrap_or(Duration::from_secs(60)),
            Ok(Err(err)) => {
                tracing::error!(error = %err, "dispatching jobs failed; trying again shortly");
                Duration::from_secs(1)
            }
            Err(err) => {
                tracing::error!(error = %err, "the dispatcher panicked; trying again shortly");
                Duration::from_secs(1)
            }
        };
        tokio::select! {
            _ = shared.wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

struct Round {
    progressed: bool,
    /// Some handler had no free worker, or waited for another's work.
    held_back: bool,
    next_ready_at: Option<i64>,
}

fn dispatch_round(shared: &Arc<Shared>, claiming: bool) -> Result<Round> {
    let now = now_ms();
    // Reading and deciding happen on a reader; the writer only inserts.
    let plan = shared.db.read(|conn| {
        jobs::plan_fan_out(conn, FAN_OUT_BATCH, &|event, new| {
            shared
                .slots
                .iter()
                .filter(|s| match event {
                    // Addressed to one handler, whatever the others want.
                    crate::events::EventPayload::ResourceBackfill { handler, .. } => {
                        s.handler.name() == handler
                    }
                    _ => s.handler.wants(event) && new.is_none_or(|r| s.handler.takes_new(r)),
                })
                .map(|s| jobs::Target {
                    handler: s.handler.name(),
                    coalesces: s.handler.coalesces(),
                })
                .collect()
        })
    })?;
    let fanned = if plan.len() > 0 {
        shared.db.write(|tx| jobs::fan_out(tx, &plan, now))?
    } else {
        0
    };
    let mut progressed = fanned > 0;
    if fanned > 0 {
        shared.dirty.store(true, Ordering::Relaxed);
    }
    // Events still to fan out may hold work that comes first.
    let fanned_all = fanned < FAN_OUT_BATCH;
    let mut held_back = false;
    let slots: &[Slot] = if claiming { &shared.slots } else { &[] };
    for (index, slot) in slots.iter().enumerate() {
        let free = slot
            .handler
            .concurrency()
            .max(1)
            .saturating_sub(slot.workers.load(Ordering::SeqCst));
        if free == 0 {
            held_back = true;
            continue;
        }
        let may_claim = slot.handler.waits_for().is_empty()
            || (fanned_all && first_work_done(shared, slot, now)?);
        if !may_claim {
            held_back = true;
            continue;
        }
        let chunk = slot.chunk_size();
        let claimed = shared.db.write(|tx| {
            jobs::claim(
                tx,
                slot.handler.name(),
                slot.handler.follows(),
                now,
                free * chunk,
            )
        })?;
        if claimed.is_empty() {
            continue;
        }
        progressed = true;
        shared.dirty.store(true, Ordering::Relaxed);
        let claimed = load_events(shared, slot, claimed)?;
        if claimed.is_empty() {
            continue;
        }
        let workers = claimed.len().div_ceil(chunk).min(free);
        let per_worker = claimed.len().div_ceil(workers);
        let mut claimed = claimed.into_iter();
        for _ in 0..workers {
            let batch: Vec<ClaimedJob> = claimed.by_ref().take(per_worker).collect();
            if batch.is_empty() {
                break;
            }
            slot.workers.fetch_add(1, Ordering::SeqCst);
            spawn_worker(shared.clone(), index, batch);
        }
    }
    let next_ready_at = if progressed {
        None
    } else {
        shared.db.read(jobs::next_ready_at)?
    };
    Ok(Round {
        progressed,
        held_back,
        next_ready_at,
    })
}

/// Reads the claimed jobs' events. A job whose event cannot be read is a
/// dead letter saying why; if none can be read (the database failed), the
/// jobs go back to waiting, as if never claimed.
fn load_events(
    shared: &Shared,
    slot: &Slot,
    claimed: Vec<jobs::Claimed>,
) -> Result<Vec<ClaimedJob>> {
    let ids: Vec<i64> = claimed.iter().map(|job| job.id).collect();
    let finish = |job: i64, how: Finish| {
        let _ = shared.completions.send(Completion::Finished(Finished {
            handler: slot.handler.name(),
            job,
            how,
            writes: Vec::new(),
            attempts: 0,
            max_attempts: 0,
            span: tracing::Span::none(),
        }));
    };
    match shared.db.read(|conn| jobs::load_claimed(conn, claimed)) {
        Ok(loaded) => Ok(loaded
            .into_iter()
            .filter_map(|job| match job {
                Ok(job) => Some(job),
                Err((job, error)) => {
                    tracing::error!(job_id = job.id, %error, "a claimed job's event cannot be read");
                    finish(
                        job.id,
                        Finish::Dead {
                            error: format!("could not read what this job is for\n{error}"),
                        },
                    );
                    None
                }
            })
            .collect()),
        Err(err) => {
            for id in ids {
                finish(id, Finish::Released);
            }
            Err(err)
        }
    }
}

/// Whether every handler `slot` waits for is done for now: no worker of it
/// busy, no job of it running or ready.
fn first_work_done(shared: &Shared, slot: &Slot, now: i64) -> Result<bool> {
    for name in slot.handler.waits_for() {
        let busy = shared
            .slots
            .iter()
            .any(|s| s.handler.name() == *name && s.workers.load(Ordering::SeqCst) > 0);
        if busy || shared.db.read(|conn| jobs::has_work(conn, name, now))? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn spawn_worker(shared: Arc<Shared>, slot_index: usize, batch: Vec<ClaimedJob>) {
    // Called from the blocking pool: reach the runtime through its handle.
    let runtime = tokio::runtime::Handle::current();
    runtime.spawn(async move {
        let permit = shared.cpu.clone().acquire_owned().await;
        let worker_shared = shared.clone();
        let ran = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            run_batch(&worker_shared, slot_index, batch);
        })
        .await;
        if let Err(err) = ran {
            tracing::error!(error = %err, "a worker stopped unexpectedly");
        }
        // The worker's slot frees once its results are written: what waits
        // in memory to be written stays one batch per worker, however far
        // ahead of the completer the handlers run.
        let (ack, written) = oneshot::channel();
        if shared.completions.send(Completion::Flush(ack)).is_ok() {
            let _ = written.await;
        }
        shared.slots[slot_index]
            .workers
            .fetch_sub(1, Ordering::SeqCst);
        shared.wake.notify_one();
    });
}

fn run_batch(shared: &Shared, slot_index: usize, batch: Vec<ClaimedJob>) {
    let slot = &shared.slots[slot_index];
    let handler = &slot.handler;
    let name = handler.name();
    for job in batch {
        let mut writes = Vec::new();
        let mut span = tracing::Span::none();
        let how = if shared.stopping.load(Ordering::SeqCst) || shared.paused.load(Ordering::SeqCst)
        {
            Finish::Released
        } else {
            span = tracing::info_span!(
                "job",
                handler = name,
                job_id = job.id,
                event_id = job.event.id,
                event_type = %job.event.payload.kind(),
                correlation_id = %job.event.correlation_id,
                attempt = job.attempts,
            );
            let _entered = span.clone().entered();
            let started = Instant::now();
            let ctx = HandlerContext {
                db: shared.db.clone(),
                services: shared.services.clone(),
                layout: shared.layout.clone(),
                event: job.event.clone(),
                handler: handler.name(),
                deferred: Mutex::default(),
            };
            let result =
                std::panic::catch_unwind(AssertUnwindSafe(|| handler.handle(&ctx, &job.event)));
            slot.record_duration(started.elapsed());
            let outcome = match result {
                Ok(outcome) => outcome,
                Err(panic) => Err(HandlerError::Transient(format!(
                    "the handler crashed: {}",
                    panic_message(&panic)
                ))),
            };
            if outcome.is_ok() {
                writes = ctx.take_deferred();
            }
            decide(
                &shared.config.retry,
                handler.max_attempts(),
                job.attempts,
                outcome,
            )
        };
        let _ = shared.completions.send(Completion::Finished(Finished {
            handler: name,
            job: job.id,
            how,
            writes,
            attempts: job.attempts,
            max_attempts: handler.max_attempts(),
            span,
        }));
    }
}

fn decide(
    policy: &RetryPolicy,
    max_attempts: u32,
    attempts: u32,
    outcome: Result<(), HandlerError>,
) -> Finish {
    match outcome {
        Ok(()) => {
            tracing::debug!("done");
            Finish::Done
        }
        Err(HandlerError::Permanent(error)) => {
            tracing::warn!(%error, "failed permanently; dead-lettered");
            Finish::Dead { error }
        }
        Err(HandlerError::Transient(error)) if attempts >= max_attempts => {
            tracing::warn!(%error, attempts, "failed; out of attempts, dead-lettered");
            Finish::Dead { error }
        }
        Err(HandlerError::Transient(error)) => {
            let delay = policy.delay_after(attempts);
            tracing::info!(%error, retry_in_ms = delay.as_millis() as u64, "failed; will retry");
            Finish::Retry {
                error,
                run_after: now_ms() + delay.as_millis() as i64,
            }
        }
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// The completer: records job outcomes, many per transaction.
async fn complete(shared: Arc<Shared>, mut rx: mpsc::UnboundedReceiver<Completion>) {
    const MAX_BATCH: usize = 4096;
    while let Some(first) = rx.recv().await {
        let mut finished = Vec::new();
        let mut flushes = Vec::new();
        let mut next = Some(first);
        while let Some(message) = next {
            match message {
                Completion::Finished(job) => finished.push(job),
                Completion::Flush(ack) => flushes.push(ack),
            }
            next = if finished.len() < MAX_BATCH {
                rx.try_recv().ok()
            } else {
                None
            };
        }
        if !finished.is_empty() {
            let db = shared.db.clone();
            let retry = shared.config.retry;
            let written = tokio::task::spawn_blocking(move || {
                let now = now_ms();
                db.write(|tx| {
                    let mut done: Vec<(&'static str, u64)> = Vec::new();
                    for job in finished {
                        let how =
                            write_results(tx, job.writes, &job.span).map_or(job.how, |failed| {
                                let _entered = job.span.enter();
                                decide(&retry, job.max_attempts, job.attempts, Err(failed))
                            });
                        jobs::finish_uncounted(tx, job.job, &how, now)?;
                        if matches!(how, Finish::Done) {
                            match done.iter_mut().find(|(name, _)| *name == job.handler) {
                                Some((_, n)) => *n += 1,
                                None => done.push((job.handler, 1)),
                            }
                        }
                    }
                    // One count a handler for the whole batch.
                    for (handler, n) in done {
                        jobs::count_done(tx, handler, n)?;
                    }
                    Ok(())
                })
            })
            .await;
            match written {
                Ok(Ok(())) => {}
                // The jobs stay 'running' in the database and are re-run at
                // the next start: handlers are idempotent, so nothing is lost.
                Ok(Err(err)) => tracing::error!(error = %err, "could not record job outcomes"),
                Err(err) => tracing::error!(error = %err, "recording job outcomes panicked"),
            }
            shared.dirty.store(true, Ordering::Relaxed);
            shared.wake.notify_one();
        }
        for ack in flushes {
            let _ = ack.send(());
        }
    }
}

/// Writes one job's results inside the completer's transaction, all or
/// none (a savepoint each): `Some` with the error when they could not be,
/// which fails the job's attempt so it runs again, leaving the other jobs'
/// results in place.
fn write_results(
    tx: &rusqlite::Transaction<'_>,
    writes: Vec<DeferredWrite>,
    span: &tracing::Span,
) -> Option<HandlerError> {
    if writes.is_empty() {
        return None;
    }
    let _entered = span.enter();
    let attempt = || -> Result<()> {
        tx.execute_batch("SAVEPOINT job_results")?;
        for write in writes {
            if let Err(err) = write(tx) {
                tx.execute_batch("ROLLBACK TO job_results; RELEASE job_results")?;
                return Err(err);
            }
        }
        tx.execute_batch("RELEASE job_results")?;
        Ok(())
    };
    attempt()
        .err()
        .map(|err| HandlerError::Transient(format!("could not record the result: {err}")))
}

/// The reporter: publishes a fresh snapshot when something changed, at most
/// every [`REPORT_INTERVAL`], so subscribers never see one message per file.
async fn report(shared: Arc<Shared>) {
    let meter = Arc::new(Mutex::new(RateMeter::default()));
    let mut ticker = tokio::time::interval(REPORT_INTERVAL);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut quiet_ticks = 0u32;
    loop {
        ticker.tick().await;
        // Keep sampling for a while after activity so rates decay to zero.
        if shared.dirty.swap(false, Ordering::Relaxed) {
            quiet_ticks = 0;
        } else {
            quiet_ticks += 1;
            if quiet_ticks > 24 {
                continue;
            }
        }
        let snapshot_shared = shared.clone();
        let meter = meter.clone();
        let snapshot = tokio::task::spawn_blocking(move || {
            let mut meter = meter.lock().unwrap_or_else(|p| p.into_inner());
            let mut status = status::snapshot(
                &snapshot_shared.db,
                &snapshot_shared.names,
                true,
                snapshot_shared.paused.load(Ordering::SeqCst),
                Some(&mut meter),
            )?;
            status.reindexing = *snapshot_shared.services.reindexing.borrow();
            if status.reindexing.is_some() {
                // Keep reporting while a rebuild runs: it is progress too.
                snapshot_shared.dirty.store(true, Ordering::Relaxed);
                status.idle = false;
            }
            Ok::<_, crate::Error>(status)
        })
        .await;
        match snapshot {
            Ok(Ok(status)) => {
                shared.status.send_if_modified(|old| {
                    let changed = old.handlers != status.handlers
                        || old.reindexing != status.reindexing
                        || old.undispatched != status.undispatched
                        || old.paused != status.paused
                        || old.idle != status.idle;
                    *old = status;
                    changed
                });
            }
            Ok(Err(err)) => tracing::warn!(error = %err, "could not read the bus status"),
            Err(err) => tracing::warn!(error = %err, "reading the bus status panicked"),
        }
    }
}

/// A fresh snapshot; `paused` is `None` when this process is not processing.
pub(crate) fn snapshot(
    db: &Db,
    handler_names: &[&'static str],
    paused: Option<bool>,
) -> Result<BusStatus> {
    status::snapshot(
        db,
        handler_names,
        paused.is_some(),
        paused.unwrap_or(false),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permanent_errors_die_at_once_and_transient_ones_retry_until_the_limit() {
        let policy = RetryPolicy::default();
        assert!(matches!(
            decide(
                &policy,
                5,
                1,
                Err(HandlerError::Permanent("corrupt".into()))
            ),
            Finish::Dead { .. }
        ));
        assert!(matches!(
            decide(&policy, 5, 4, Err(HandlerError::Transient("busy".into()))),
            Finish::Retry { .. }
        ));
        assert!(matches!(
            decide(&policy, 5, 5, Err(HandlerError::Transient("busy".into()))),
            Finish::Dead { .. }
        ));
        assert!(matches!(decide(&policy, 5, 1, Ok(())), Finish::Done));
    }
}
