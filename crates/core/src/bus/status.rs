//! Snapshots of the bus's work, for `status()` and live progress.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::db::Db;
use crate::error::Result;
use crate::model::{Timestamp, now_ms};
use crate::store::jobs::{self, JobCounts};

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HandlerStatus {
    pub name: String,
    #[serde(flatten)]
    pub counts: JobCounts,
    /// Jobs finished per second over the last few seconds.
    pub per_second: f64,
    /// Age of the oldest pending job, in milliseconds.
    pub oldest_pending_ms: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BusStatus {
    pub handlers: Vec<HandlerStatus>,
    /// Events committed but not yet turned into jobs.
    pub undispatched: u64,
    /// Whether this process is processing the library's work at all.
    pub processing: bool,
    pub paused: bool,
    /// Work still to do, the one definition every front shows: events not
    /// yet turned into jobs, and jobs pending, running, or failed and
    /// waiting for their retry. Dead jobs wait for a person, not for time.
    pub outstanding: u64,
    /// Nothing outstanding.
    pub idle: bool,
    /// The search index being rebuilt from the database, when it is.
    pub reindexing: Option<crate::search::ReindexProgress>,
    pub at: Timestamp,
}

impl BusStatus {
    pub fn total(&self) -> JobCounts {
        let mut total = JobCounts::default();
        for h in &self.handlers {
            total.pending += h.counts.pending;
            total.running += h.counts.running;
            total.failed += h.counts.failed;
            total.dead += h.counts.dead;
            total.done += h.counts.done;
        }
        total
    }
}

/// Remembers recent done-counts to turn them into a rate.
#[derive(Debug, Default)]
pub(crate) struct RateMeter {
    samples: VecDeque<(Instant, HashMap<String, u64>)>,
}

const RATE_WINDOW: Duration = Duration::from_secs(5);

impl RateMeter {
    fn rates(&mut self, now: Instant, done: HashMap<String, u64>) -> HashMap<String, f64> {
        while self.samples.len() > 1
            && self
                .samples
                .front()
                .is_some_and(|(at, _)| now.duration_since(*at) > RATE_WINDOW)
        {
            self.samples.pop_front();
        }
        let mut rates = HashMap::new();
        if let Some((then, old)) = self.samples.front() {
            let secs = now.duration_since(*then).as_secs_f64();
            if secs > 0.05 {
                for (name, count) in &done {
                    let before = old.get(name).copied().unwrap_or(0);
                    rates.insert(name.clone(), count.saturating_sub(before) as f64 / secs);
                }
            }
        }
        self.samples.push_back((now, done));
        rates
    }
}

/// Reads the counts and builds a snapshot. `handler_names` are listed even
/// before they have any work, in the order given.
pub(crate) fn snapshot(
    db: &Db,
    handler_names: &[&'static str],
    processing: bool,
    paused: bool,
    meter: Option<&mut RateMeter>,
) -> Result<BusStatus> {
    // One read transaction: two statements would see two snapshots, and a
    // fan-out committed between them (events dispatched, jobs created) would
    // read as no jobs and no events: idle while work is just starting.
    let (mut counts, undispatched) = db.read(|conn| {
        let snapshot = conn.unchecked_transaction()?;
        let read = (jobs::counts(&snapshot)?, jobs::undispatched(&snapshot)?);
        snapshot.finish()?;
        Ok(read)
    })?;
    let now = now_ms();
    let mut names: Vec<String> = handler_names.iter().map(|s| s.to_string()).collect();
    let mut others: Vec<String> = counts
        .keys()
        .filter(|k| !names.contains(k))
        .cloned()
        .collect();
    others.sort();
    names.extend(others);
    let rates = meter
        .map(|m| {
            let done = counts.iter().map(|(k, v)| (k.clone(), v.done)).collect();
            m.rates(Instant::now(), done)
        })
        .unwrap_or_default();
    let handlers: Vec<HandlerStatus> = names
        .into_iter()
        .map(|name| {
            let counts = counts.remove(&name).unwrap_or_default();
            HandlerStatus {
                per_second: rates.get(&name).copied().unwrap_or(0.0),
                oldest_pending_ms: counts
                    .oldest_pending_at
                    .map(|t| now.saturating_sub(t).max(0) as u64),
                name,
                counts,
            }
        })
        .collect();
    let outstanding = undispatched
        + handlers
            .iter()
            .map(|h| h.counts.pending + h.counts.running + h.counts.failed)
            .sum::<u64>();
    Ok(BusStatus {
        handlers,
        undispatched,
        outstanding,
        idle: outstanding == 0,
        processing,
        paused,
        reindexing: None,
        at: now,
    })
}
