//! Tags: case-insensitive names attached to resources.

use rusqlite::{Connection, Transaction, params};

use super::resources;
use crate::error::Result;
use crate::events::{CorrelationId, ResourceField};
use crate::model::{ResourceId, Tag, now_ms};

/// Adds tags to a resource; returns whether anything was new.
pub(crate) fn add(
    tx: &Transaction<'_>,
    resource: ResourceId,
    names: &[String],
    correlation: &CorrelationId,
) -> Result<bool> {
    super::require(tx, "resources", "resource", resource)?;
    let mut added = false;
    for name in names {
        let name = super::non_empty(name, "a tag")?;
        tx.prepare_cached("INSERT OR IGNORE INTO tags (name, created_at) VALUES (?1, ?2)")?
            .execute(params![name, now_ms()])?;
        added |= tx
            .prepare_cached(
                "INSERT OR IGNORE INTO resource_tags (resource_id, tag_id)
                 SELECT ?1, id FROM tags WHERE name = ?2",
            )?
            .execute(params![resource, name])?
            > 0;
    }
    if added {
        resources::touched(tx, resource, ResourceField::Tags, correlation)?;
    }
    Ok(added)
}

pub(crate) fn remove(
    tx: &Transaction<'_>,
    resource: ResourceId,
    names: &[String],
    correlation: &CorrelationId,
) -> Result<bool> {
    super::require(tx, "resources", "resource", resource)?;
    let mut removed = false;
    for name in names {
        removed |= tx
            .prepare_cached(
                "DELETE FROM resource_tags WHERE resource_id = ?1
                 AND tag_id = (SELECT id FROM tags WHERE name = ?2)",
            )?
            .execute(params![resource, name.trim()])?
            > 0;
    }
    if removed {
        drop_unused(tx)?;
        resources::touched(tx, resource, ResourceField::Tags, correlation)?;
    }
    Ok(removed)
}

/// A tag no resource carries any more disappears with its last use.
pub(crate) fn drop_unused(tx: &Transaction<'_>) -> Result<()> {
    tx.prepare_cached(
        "DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM resource_tags WHERE tag_id = tags.id)",
    )?
    .execute([])?;
    Ok(())
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Tag>> {
    let mut stmt = conn.prepare_cached(
        // Items in the Trash keep their tags but are not counted, as
        // searches and the grid leave them out.
        "SELECT t.id, t.name, COUNT(r.id) FROM tags t
         LEFT JOIN resource_tags rt ON rt.tag_id = t.id
         LEFT JOIN resources r ON r.id = rt.resource_id AND r.trashed_at IS NULL
         GROUP BY t.id ORDER BY t.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Tag {
            id: r.get(0)?,
            name: r.get(1)?,
            resource_count: r.get::<_, i64>(2)? as u64,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
