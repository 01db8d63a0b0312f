//! The Trash: `resources.trashed_at`. A trashed resource keeps everything
//! (file, thumbnails, tags, groups, notes, facts), so restoring it puts it
//! back exactly as it was; only Empty Trash deletes (`resources::delete`).

use rusqlite::{Connection, Transaction, params};

use super::resources;
use crate::error::Result;
use crate::events::{CorrelationId, ResourceField};
use crate::model::{ResourceId, Timestamp};

/// `ids` and their companions (a RAW+JPEG pair's raw goes where its JPEG
/// goes), each once.
fn with_companions(conn: &Connection, ids: &[ResourceId]) -> Result<Vec<ResourceId>> {
    let mut all: Vec<ResourceId> = Vec::with_capacity(ids.len());
    let mut stmt = conn.prepare_cached("SELECT id FROM resources WHERE companion_of = ?1")?;
    for &id in ids {
        all.push(id);
        let companions = stmt.query_map([id], |r| r.get::<_, ResourceId>(0))?;
        for companion in companions {
            all.push(companion?);
        }
    }
    let mut seen = std::collections::HashSet::new();
    all.retain(|id| seen.insert(*id));
    Ok(all)
}

/// Moves resources to the Trash at `at`. A missing resource fails the
/// whole call; one already in the Trash is left as it is. Returns the ids
/// moved, companions included.
pub(crate) fn trash(
    tx: &Transaction<'_>,
    ids: &[ResourceId],
    at: Timestamp,
    correlation: &CorrelationId,
) -> Result<Vec<ResourceId>> {
    for &id in ids {
        resources::require_resource(tx, id)?;
    }
    set(tx, &with_companions(tx, ids)?, Some(at), correlation)
}

/// Takes resources out of the Trash, companions with them; ids that are
/// gone for good or not in the Trash are skipped. Returns the ids restored.
pub(crate) fn restore(
    tx: &Transaction<'_>,
    ids: &[ResourceId],
    correlation: &CorrelationId,
) -> Result<Vec<ResourceId>> {
    set(tx, &with_companions(tx, ids)?, None, correlation)
}

fn set(
    tx: &Transaction<'_>,
    ids: &[ResourceId],
    at: Option<Timestamp>,
    correlation: &CorrelationId,
) -> Result<Vec<ResourceId>> {
    // Only rows that change: trashing twice keeps the first moment.
    let sql = if at.is_some() {
        "UPDATE resources SET trashed_at = ?2 WHERE id = ?1 AND trashed_at IS NULL"
    } else {
        "UPDATE resources SET trashed_at = NULL WHERE id = ?1 AND trashed_at IS NOT NULL"
    };
    let mut changed = Vec::new();
    for &id in ids {
        let rows = if at.is_some() {
            tx.prepare_cached(sql)?.execute(params![id, at])?
        } else {
            tx.prepare_cached(sql)?.execute([id])?
        };
        if rows > 0 {
            resources::touched(tx, id, ResourceField::Trash, correlation)?;
            changed.push(id);
        }
    }
    Ok(changed)
}

/// Every resource in the Trash, or those trashed before `cutoff`.
pub(crate) fn ids(conn: &Connection, cutoff: Option<Timestamp>) -> Result<Vec<ResourceId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM resources WHERE trashed_at IS NOT NULL AND trashed_at < ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([cutoff.unwrap_or(i64::MAX)], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
