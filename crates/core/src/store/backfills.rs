//! Backfills: work queued once for a handler over the resources a library
//! held before that handler first ran there (009_item_date.sql).

use rusqlite::{OptionalExtension, Transaction, params};

use crate::bus::Backfill;
use crate::error::Result;
use crate::events::{CorrelationId, EventKind};
use crate::model::now_ms;

/// For each backfill this library has not done yet, one `resource.backfill`
/// event per resource it covers, addressed to its handler, under one
/// correlation id (so the work reads as one job in the activity view).
/// Returns how many events were queued.
pub(crate) fn queue(tx: &Transaction<'_>, backfills: &[(&str, Backfill)]) -> Result<u64> {
    let mut queued = 0;
    for (handler, backfill) in backfills {
        let done: Option<i64> = tx
            .prepare_cached("SELECT resources FROM handler_backfills WHERE handler = ?1")?
            .query_row([backfill.key], |r| r.get(0))
            .optional()?;
        if done.is_some() {
            continue;
        }
        let correlation = CorrelationId::new();
        let now = now_ms();
        // One statement: a million resources are queued in seconds, and the
        // payload is written exactly as `EventPayload` serialises it.
        // `only` is a constant of the handler's source, never input.
        let count = tx
            .prepare_cached(&format!(
                "INSERT INTO events (kind, entity, correlation_id, created_at, payload)
                 SELECT ?1, 'resource:' || id, ?2, ?3,
                        json_object('type', ?1, 'resource_id', id, 'handler', ?4)
                 FROM resources WHERE ({}) ORDER BY id",
                backfill.only
            ))?
            .execute(params![
                EventKind::ResourceBackfill.as_str(),
                correlation.0,
                now,
                handler
            ])?;
        tx.prepare_cached(
            "INSERT INTO handler_backfills (handler, queued_at, resources) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![backfill.key, now, count as i64])?;
        if count > 0 {
            tracing::info!(handler, resources = count, correlation_id = %correlation.0, "queued work over existing resources");
        }
        queued += count as u64;
    }
    Ok(queued)
}
