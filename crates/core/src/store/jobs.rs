//! The jobs table: one row per (event, handler) still to be finished.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::outbox;
use crate::bus::NewResource;
use crate::error::Result;
use crate::events::{Event, EventId, EventPayload};
use crate::model::{HandlerJobState, JobState, ResourceId, Timestamp};

/// A handler an event is for, as the fan-out needs it.
pub(crate) struct Target {
    pub handler: &'static str,
    /// See [`crate::bus::Handler::coalesces`].
    pub coalesces: bool,
}

/// The jobs for up to `limit` events not yet dispatched: for each, every
/// handler `wants` names (told, for a `resource.created`, what the new
/// resource is). Only reads, so the dispatcher runs it on a reader and
/// keeps the writer for [`fan_out`]: the only one to dispatch events, it
/// cannot race another planner.
pub(crate) fn plan_fan_out(
    conn: &Connection,
    limit: usize,
    wants: &dyn Fn(&EventPayload, Option<&NewResource<'_>>) -> Vec<Target>,
) -> Result<FanOutPlan> {
    let events: Vec<(EventId, String, String)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT id, entity, payload FROM events WHERE dispatched = 0 ORDER BY id LIMIT ?1",
        )?;
        stmt.query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut plan = FanOutPlan {
        events: Vec::with_capacity(events.len()),
        jobs: Vec::new(),
    };
    for (id, entity, payload) in events {
        plan.events.push(id);
        // An event this build cannot read (written by a newer version) gets no
        // jobs rather than stopping the whole bus.
        let Ok(payload) = serde_json::from_str::<EventPayload>(&payload) else {
            tracing::warn!(
                event_id = id,
                "skipping an event this version cannot decode"
            );
            continue;
        };
        let new = match payload {
            EventPayload::ResourceCreated { resource_id } => new_resource(conn, resource_id)?,
            _ => None,
        };
        let new = new
            .as_ref()
            .map(|(content_type, size, watched, described)| NewResource {
                content_type,
                size: *size,
                watched: *watched,
                described: *described,
            });
        for target in wants(&payload, new.as_ref()) {
            plan.jobs
                .push((id, target.handler, entity.clone(), target.coalesces));
        }
    }
    Ok(plan)
}

/// What [`plan_fan_out`] found to do.
pub(crate) struct FanOutPlan {
    events: Vec<EventId>,
    /// Event, handler, entity, whether the handler coalesces.
    jobs: Vec<(EventId, &'static str, String, bool)>,
}

impl FanOutPlan {
    pub(crate) fn len(&self) -> usize {
        self.events.len()
    }
}

/// Makes the planned jobs and marks their events dispatched. Returns how
/// many events it took.
pub(crate) fn fan_out(tx: &Transaction<'_>, plan: &FanOutPlan, now: Timestamp) -> Result<usize> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO jobs (event_id, handler, entity, run_after, created_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
    )?;
    // A job never tried yet, waiting for the same entity, covers this event
    // for a handler that coalesces. (One that failed once may die; a new
    // event then gets its own job.) Checked here, under the writer, where
    // no job can be claimed meanwhile.
    let mut insert_unless_waiting = tx.prepare_cached(
        "INSERT OR IGNORE INTO jobs (event_id, handler, entity, run_after, created_at)
         SELECT ?1, ?2, ?3, ?4, ?4
         WHERE NOT EXISTS (SELECT 1 FROM jobs
             WHERE entity = ?3 AND handler = ?2 AND state = 'pending' AND attempts = 0)",
    )?;
    for (id, handler, entity, coalesces) in &plan.jobs {
        let statement = if *coalesces {
            &mut insert_unless_waiting
        } else {
            &mut insert
        };
        statement.execute(params![id, handler, entity, now])?;
    }
    let mut mark = tx.prepare_cached("UPDATE events SET dispatched = 1 WHERE id = ?1")?;
    for id in &plan.events {
        mark.execute([id])?;
    }
    Ok(plan.events.len())
}

/// A resource as `Handler::takes_new` sees it: type, size, watched,
/// described. `None` once it is gone (deleted before its event was fanned
/// out).
fn new_resource(conn: &Connection, id: ResourceId) -> Result<Option<(String, u64, bool, bool)>> {
    Ok(conn
        .prepare_cached(
            "SELECT content_type, size, watched_folder_id IS NOT NULL,
                    description <> '' OR EXISTS (SELECT 1 FROM resource_tags WHERE resource_id = r.id)
             FROM resources r WHERE id = ?1",
        )?
        .query_row([id], |r| {
            let size: i64 = r.get(1)?;
            Ok((r.get(0)?, size.max(0) as u64, r.get(2)?, r.get(3)?))
        })
        .optional()?)
}

/// See [`claim`].
const FOLLOWER_WINDOW: usize = 8;

#[derive(Debug)]
pub(crate) struct ClaimedJob {
    pub id: i64,
    pub attempts: u32,
    pub event: Event,
}

/// Atomically moves up to `limit` ready jobs of `handler` to 'running'. A job is
/// ready when its time has come and no earlier job of the same handler for the
/// same entity is still unfinished, which keeps each entity's events in order.
///
/// A job of a handler that `follows` others also waits while the same
/// entity has a job of theirs pending or running, or an event not yet
/// turned into jobs (the one their result just sent, which the waiting
/// job then takes in if the handler coalesces). Only the first
/// [`FOLLOWER_WINDOW`] times `limit` ready jobs are looked at then, so a
/// long run of waiting jobs costs each claim a bounded scan, not the whole
/// backlog; the jobs they wait for wake the dispatcher when they end.
pub(crate) fn claim(
    tx: &Transaction<'_>,
    handler: &str,
    follows: &[&str],
    now: Timestamp,
    limit: usize,
) -> Result<Vec<Claimed>> {
    let claimed: Vec<(i64, EventId, u32)> = if follows.is_empty() {
        let mut stmt = tx.prepare_cached(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1
             WHERE id IN (
                SELECT j.id FROM jobs j
                WHERE j.handler = ?1 AND j.state = 'pending' AND j.run_after <= ?2
                  AND NOT EXISTS (
                    SELECT 1 FROM jobs e
                    WHERE e.handler = j.handler AND e.entity = j.entity AND e.id < j.id
                      AND e.state IN ('pending', 'running'))
                ORDER BY j.id LIMIT ?3)
             RETURNING id, event_id, attempts",
        )?;
        stmt.query_map(params![handler, now, limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?
    } else {
        // The names are handlers' own constants, never input.
        let followed = follows
            .iter()
            .map(|name| format!("'{}'", name.replace('\'', "''")))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1
             WHERE id IN (
                SELECT j.id FROM (
                    SELECT id, handler, entity FROM jobs
                    WHERE handler = ?1 AND state = 'pending' AND run_after <= ?2
                    ORDER BY id LIMIT ?4) j
                WHERE NOT EXISTS (
                    SELECT 1 FROM jobs e
                    WHERE e.handler = j.handler AND e.entity = j.entity AND e.id < j.id
                      AND e.state IN ('pending', 'running'))
                  AND NOT EXISTS (
                    SELECT 1 FROM jobs e
                    WHERE e.entity = j.entity AND e.handler IN ({followed})
                      AND e.state IN ('pending', 'running'))
                  AND NOT EXISTS (
                    SELECT 1 FROM events v
                    WHERE v.entity = j.entity AND v.dispatched = 0)
                ORDER BY j.id LIMIT ?3)
             RETURNING id, event_id, attempts"
        );
        let window = (limit * FOLLOWER_WINDOW) as i64;
        tx.prepare_cached(&sql)?
            .query_map(params![handler, now, limit as i64, window], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut jobs: Vec<Claimed> = claimed
        .into_iter()
        .map(|(id, event_id, attempts)| Claimed {
            id,
            event_id,
            attempts,
        })
        .collect();
    jobs.sort_by_key(|j| j.id);
    Ok(jobs)
}

/// A job just claimed, before its event is read.
#[derive(Debug)]
pub(crate) struct Claimed {
    pub id: i64,
    pub event_id: EventId,
    pub attempts: u32,
}

/// The events of claimed jobs, read after the claim has committed (an
/// event never changes once written), so decoding them costs the writer
/// nothing. A job whose event cannot be read gets the error instead.
pub(crate) fn load_claimed(
    conn: &Connection,
    claimed: Vec<Claimed>,
) -> Result<Vec<std::result::Result<ClaimedJob, (Claimed, String)>>> {
    let mut event_stmt = conn
        .prepare_cached("SELECT correlation_id, created_at, payload FROM events WHERE id = ?1")?;
    let mut jobs = Vec::with_capacity(claimed.len());
    for job in claimed {
        let row: Option<(String, i64, String)> = event_stmt
            .query_row([job.event_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let event = match row {
            Some((correlation, at, payload)) => {
                outbox::decode(job.event_id, correlation, at, &payload).map_err(|e| e.to_string())
            }
            None => Err(format!("its event {} is gone", job.event_id)),
        };
        jobs.push(match event {
            Ok(event) => Ok(ClaimedJob {
                id: job.id,
                attempts: job.attempts,
                event,
            }),
            Err(error) => Err((job, error)),
        });
    }
    Ok(jobs)
}

/// Whether `handler` has a job running, or one ready to run at `now` (a job
/// waiting out its backoff, or dead, is not work to wait for).
pub(crate) fn has_work(conn: &Connection, handler: &str, now: Timestamp) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM jobs WHERE handler = ?1
               AND (state = 'running' OR (state = 'pending' AND run_after <= ?2)))",
        )?
        .query_row(params![handler, now], |r| r.get(0))?)
}

/// How a job's attempt ended.
#[derive(Debug, Clone)]
pub(crate) enum Finish {
    Done,
    /// Try again after `run_after`.
    Retry {
        error: String,
        run_after: Timestamp,
    },
    /// No more attempts: a dead letter until the user retries it.
    Dead {
        error: String,
    },
    /// Never ran (shutdown came first): back to pending, attempt not counted.
    Released,
}

/// Adds `done` to `handler`'s count of jobs done.
pub(crate) fn count_done(tx: &Transaction<'_>, handler: &str, done: u64) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO handler_totals (handler, done) VALUES (?1, ?2)
         ON CONFLICT (handler) DO UPDATE SET done = done + ?2",
    )?
    .execute(params![handler, done as i64])?;
    Ok(())
}

/// Records how a job's attempt ended. Done jobs are counted one by one
/// here; the completer, which records thousands at once, uses
/// [`finish_uncounted`] and [`count_done`] once a handler.
pub(crate) fn finish(
    tx: &Transaction<'_>,
    handler: &str,
    job: i64,
    how: &Finish,
    now: Timestamp,
) -> Result<()> {
    finish_uncounted(tx, job, how, now)?;
    if matches!(how, Finish::Done) {
        count_done(tx, handler, 1)?;
    }
    Ok(())
}

/// [`finish`] without counting a done job.
pub(crate) fn finish_uncounted(
    tx: &Transaction<'_>,
    job: i64,
    how: &Finish,
    now: Timestamp,
) -> Result<()> {
    match how {
        Finish::Done => {
            tx.prepare_cached("DELETE FROM jobs WHERE id = ?1")?
                .execute([job])?;
        }
        Finish::Retry { error, run_after } => {
            tx.prepare_cached(
                "UPDATE jobs SET state = 'pending', run_after = ?2, last_error = ?3,
                    first_failed_at = COALESCE(first_failed_at, ?4), last_failed_at = ?4
                 WHERE id = ?1",
            )?
            .execute(params![job, run_after, error, now])?;
        }
        Finish::Dead { error } => {
            tx.prepare_cached(
                "UPDATE jobs SET state = 'dead', last_error = ?2,
                    first_failed_at = COALESCE(first_failed_at, ?3), last_failed_at = ?3
                 WHERE id = ?1",
            )?
            .execute(params![job, error, now])?;
        }
        Finish::Released => {
            tx.prepare_cached(
                "UPDATE jobs SET state = 'pending', attempts = MAX(attempts - 1, 0) WHERE id = ?1",
            )?
            .execute([job])?;
        }
    }
    Ok(())
}

/// Jobs left 'running' by a process that died. The crash counts as an attempt,
/// so a file that crashes its handler every time cannot crash-loop the app.
pub(crate) fn recover_interrupted(
    tx: &Transaction<'_>,
    max_attempts: &dyn Fn(&str) -> u32,
    now: Timestamp,
) -> Result<usize> {
    let running: Vec<(i64, String, u32)> = {
        let mut stmt =
            tx.prepare("SELECT id, handler, attempts FROM jobs WHERE state = 'running'")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let error = "the process stopped while this job was running".to_string();
    for (id, handler, attempts) in &running {
        let how = if *attempts >= max_attempts(handler) {
            Finish::Dead {
                error: error.clone(),
            }
        } else {
            Finish::Retry {
                error: error.clone(),
                run_after: now,
            }
        };
        finish(tx, handler, *id, &how, now)?;
    }
    Ok(running.len())
}

/// Per-handler counts as the database has them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobCounts {
    pub pending: u64,
    pub running: u64,
    /// Failed at least once and waiting to be tried again.
    pub failed: u64,
    pub dead: u64,
    pub done: u64,
    /// When the oldest pending job was created (ms since epoch).
    pub oldest_pending_at: Option<Timestamp>,
}

const COUNT_BY_STATE: &str = "SELECT handler, state, COUNT(*) FROM jobs GROUP BY handler, state";
const COUNT_FAILING: &str = "SELECT handler, COUNT(*) FROM jobs
    WHERE state = 'pending' AND last_error IS NOT NULL GROUP BY handler";

pub(crate) fn counts(conn: &Connection) -> Result<HashMap<String, JobCounts>> {
    // Every query here reads an index only: this runs a few times a second
    // while hundreds of thousands of jobs wait.
    let mut out: HashMap<String, JobCounts> = HashMap::new();
    let mut by_state = conn.prepare_cached(COUNT_BY_STATE)?;
    let rows = by_state.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)? as u64,
        ))
    })?;
    for row in rows {
        let (handler, state, count) = row?;
        let entry = out.entry(handler).or_default();
        match state.as_str() {
            "running" => entry.running += count,
            "dead" => entry.dead += count,
            _ => entry.pending += count,
        }
    }
    // Pending ones that failed before are waiting for their retry.
    let mut failing = conn.prepare_cached(COUNT_FAILING)?;
    for row in failing.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
    })? {
        let (handler, count) = row?;
        let entry = out.entry(handler).or_default();
        entry.failed = count;
        entry.pending = entry.pending.saturating_sub(count);
    }
    // Jobs are created in id order, so the first pending id is the oldest.
    let mut oldest = conn.prepare_cached(
        "SELECT created_at FROM jobs WHERE handler = ?1 AND state = 'pending' ORDER BY id LIMIT 1",
    )?;
    for (handler, entry) in out.iter_mut() {
        if entry.pending + entry.failed > 0 {
            entry.oldest_pending_at = oldest
                .query_row([handler], |r| r.get::<_, i64>(0))
                .optional()?;
        }
    }
    let mut totals = conn.prepare_cached("SELECT handler, done FROM handler_totals")?;
    for row in totals.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
    })? {
        let (handler, done) = row?;
        out.entry(handler).or_default().done = done;
    }
    Ok(out)
}

pub(crate) fn undispatched(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM events WHERE dispatched = 0",
        [],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

/// True when nothing is waiting to be dispatched, pending or running.
pub(crate) fn is_idle(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM events WHERE dispatched = 0)
            AND NOT EXISTS (SELECT 1 FROM jobs WHERE state IN ('pending', 'running'))",
        [],
        |r| r.get(0),
    )?)
}

/// When the earliest job waiting out its backoff becomes ready. Only a
/// failed job is ever given a later `run_after`; a fresh job is ready when
/// made, and one held back behind a running job is woken by that job's
/// end. Asking only the failing ones reads the small `jobs_failing` index
/// instead of every pending job, which at a few hundred thousand jobs was a
/// tenth of the dispatcher's time.
pub(crate) fn next_ready_at(conn: &Connection) -> Result<Option<Timestamp>> {
    Ok(conn
        .query_row(
            "SELECT MIN(run_after) FROM jobs
             WHERE state = 'pending' AND last_error IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

/// A job that failed: waiting for another attempt, or dead.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FailedJob {
    pub job_id: i64,
    pub handler: String,
    pub state: JobState,
    pub event_id: EventId,
    pub event_type: String,
    pub correlation_id: String,
    pub resource_id: Option<i64>,
    pub resource_name: Option<String>,
    pub attempts: u32,
    /// What went wrong, in plain words (the first line of the handler's error).
    pub error: String,
    /// The technical detail behind it (the decoder's or tool's own words).
    pub detail: Option<String>,
    pub first_failed_at: Option<Timestamp>,
    pub last_failed_at: Option<Timestamp>,
    /// For a job waiting to be retried: when it will run.
    pub next_attempt_at: Option<Timestamp>,
}

/// Which failures to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureFilter {
    /// Waiting for a retry and dead.
    All,
    Dead,
}

pub(crate) fn failures(
    conn: &Connection,
    filter: FailureFilter,
    limit: u32,
) -> Result<Vec<FailedJob>> {
    let condition = match filter {
        FailureFilter::All => "j.last_error IS NOT NULL AND j.state != 'running'",
        FailureFilter::Dead => "j.state = 'dead'",
    };
    let sql = format!(
        "SELECT j.id, j.handler, j.state, j.event_id, e.kind, e.correlation_id, e.payload,
                j.attempts, j.last_error, j.first_failed_at, j.last_failed_at, j.run_after
         FROM jobs j JOIN events e ON e.id = j.event_id
         WHERE {condition} ORDER BY j.last_failed_at DESC, j.id DESC LIMIT ?1"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([limit], |r| {
        let state: String = r.get(2)?;
        let payload: String = r.get(6)?;
        Ok(FailedJob {
            job_id: r.get(0)?,
            handler: r.get(1)?,
            state: if state == "dead" {
                JobState::Dead
            } else {
                JobState::Failed
            },
            event_id: r.get(3)?,
            event_type: r.get(4)?,
            correlation_id: r.get(5)?,
            resource_id: serde_json::from_str::<EventPayload>(&payload)
                .ok()
                .and_then(|p| p.resource_id()),
            resource_name: None,
            attempts: r.get(7)?,
            error: String::new(),
            detail: r.get(8)?,
            first_failed_at: r.get(9)?,
            last_failed_at: r.get(10)?,
            next_attempt_at: (state != "dead").then(|| r.get(11)).transpose()?,
        })
    })?;
    let mut jobs: Vec<FailedJob> = rows.collect::<rusqlite::Result<_>>()?;
    for job in &mut jobs {
        let (error, detail) = headline_and_detail(job.detail.take().unwrap_or_default());
        (job.error, job.detail) = (error, detail);
    }
    let mut name = conn.prepare_cached("SELECT name FROM resources WHERE id = ?1")?;
    for job in &mut jobs {
        if let Some(id) = job.resource_id {
            job.resource_name = name.query_row([id], |r| r.get(0)).optional()?;
        }
    }
    Ok(jobs)
}

/// Makes failed jobs (dead, or waiting out a backoff) run again now with a
/// fresh attempt budget. `None` retries every failure.
pub(crate) fn retry(
    tx: &Transaction<'_>,
    job_ids: Option<&[i64]>,
    now: Timestamp,
) -> Result<usize> {
    const RETRY: &str = "UPDATE jobs SET state = 'pending', attempts = 0, run_after = ?1
         WHERE last_error IS NOT NULL AND state != 'running'";
    match job_ids {
        None => Ok(tx.execute(RETRY, [now])?),
        Some(ids) => {
            let sql = format!("{RETRY} AND id = ?2");
            let mut stmt = tx.prepare(&sql)?;
            let mut changed = 0;
            for id in ids {
                changed += stmt.execute(params![now, id])?;
            }
            Ok(changed)
        }
    }
}

pub(crate) fn for_entity(
    conn: &Connection,
    entity: &crate::events::EntityKey,
) -> Result<Vec<HandlerJobState>> {
    let mut stmt = conn.prepare_cached(
        "SELECT handler, state, attempts, last_error FROM jobs WHERE entity = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([entity], |r| {
        let state: String = r.get(1)?;
        let last_error: Option<String> = r.get(3)?;
        Ok(HandlerJobState {
            handler: r.get(0)?,
            state: match (state.as_str(), last_error.is_some()) {
                ("running", _) => JobState::Running,
                ("dead", _) => JobState::Dead,
                (_, true) => JobState::Failed,
                _ => JobState::Pending,
            },
            attempts: r.get(2)?,
            last_error,
            error_detail: None,
        })
    })?;
    let mut states: Vec<HandlerJobState> = Vec::new();
    // One line per handler: its latest unfinished job says where it stands.
    for row in rows {
        let mut row = row?;
        if let Some(text) = row.last_error.take() {
            let (headline, detail) = headline_and_detail(text);
            (row.last_error, row.error_detail) = (Some(headline), detail);
        }
        states.retain(|s| s.handler != row.handler);
        states.push(row);
    }
    Ok(states)
}

/// A handler's error text as a headline (its first line) and the technical
/// detail (the rest), so a person reads plain words first.
fn headline_and_detail(text: String) -> (String, Option<String>) {
    match text.split_once('\n') {
        Some((headline, detail)) if !detail.trim().is_empty() => {
            (headline.to_string(), Some(detail.trim().to_string()))
        }
        Some((headline, _)) => (headline.to_string(), None),
        None => (text, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(db: &crate::db::Db, sql: &str) -> String {
        db.read(|c| {
            let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let steps = stmt.query_map([], |r| r.get::<_, String>(3))?;
            Ok(steps.collect::<rusqlite::Result<Vec<_>>>()?.join("; "))
        })
        .unwrap()
    }

    #[test]
    fn status_counts_read_indexes_only() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open(&dir.path().join("t.db")).unwrap();
        let by_state = plan(&db, COUNT_BY_STATE);
        assert!(by_state.contains("COVERING INDEX jobs_ready"), "{by_state}");
        let failing = plan(&db, COUNT_FAILING);
        assert!(failing.contains("jobs_failing"), "{failing}");
    }
}
