//! Groups: named collections of resources.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::{outbox, resources};
use crate::error::{Error, Result};
use crate::events::{CorrelationId, EventPayload, ResourceField};
use crate::model::{Group, GroupEdit, GroupId, ResourceId, now_ms};

const SELECT: &str = "SELECT g.id, g.name, g.description, g.created_at, g.updated_at,
        (SELECT json_group_array(resource_id) FROM
            (SELECT resource_id FROM resource_groups WHERE group_id = g.id ORDER BY resource_id))
    FROM groups g";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Group> {
    let ids: String = row.get(5)?;
    Ok(Group {
        id: row.get(0)?,
        name: row.get(1)?,
        description: row.get(2)?,
        created_at: row.get(3)?,
        updated_at: row.get(4)?,
        resource_ids: super::parse_id_array(&ids),
    })
}

pub(crate) fn create(
    tx: &Transaction<'_>,
    name: &str,
    description: &str,
    correlation: &CorrelationId,
) -> Result<GroupId> {
    let name = super::non_empty(name, "a group name")?;
    let now = now_ms();
    tx.execute(
        "INSERT INTO groups (name, description, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![name, description, now],
    )?;
    let id = tx.last_insert_rowid();
    outbox::append(tx, correlation, EventPayload::GroupCreated { group_id: id })?;
    Ok(id)
}

pub(crate) fn get(conn: &Connection, id: GroupId) -> Result<Option<Group>> {
    let sql = format!("{SELECT} WHERE g.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Group>> {
    let sql = format!("{SELECT} ORDER BY g.name COLLATE NOCASE, g.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn edit(
    tx: &Transaction<'_>,
    id: GroupId,
    edit: &GroupEdit,
    correlation: &CorrelationId,
) -> Result<()> {
    super::require(tx, "groups", "group", id)?;
    if let Some(name) = &edit.name {
        let name = super::non_empty(name, "a group name")?;
        tx.execute(
            "UPDATE groups SET name = ?1 WHERE id = ?2",
            params![name, id],
        )?;
    }
    if let Some(description) = &edit.description {
        tx.execute(
            "UPDATE groups SET description = ?1 WHERE id = ?2",
            params![description, id],
        )?;
    }
    updated(tx, id, correlation)
}

fn updated(tx: &Transaction<'_>, id: GroupId, correlation: &CorrelationId) -> Result<()> {
    tx.execute(
        "UPDATE groups SET updated_at = ?1 WHERE id = ?2",
        params![now_ms(), id],
    )?;
    outbox::append(tx, correlation, EventPayload::GroupUpdated { group_id: id })?;
    Ok(())
}

pub(crate) fn delete(tx: &Transaction<'_>, id: GroupId, correlation: &CorrelationId) -> Result<()> {
    let members: Vec<ResourceId> = {
        let mut stmt = tx.prepare("SELECT resource_id FROM resource_groups WHERE group_id = ?1")?;
        stmt.query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    if tx.execute("DELETE FROM groups WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound { kind: "group", id });
    }
    outbox::append(tx, correlation, EventPayload::GroupDeleted { group_id: id })?;
    for member in members {
        resources::touched(tx, member, ResourceField::Groups, correlation)?;
    }
    Ok(())
}

/// Adds (`add = true`) or removes resources; returns how many memberships changed.
pub(crate) fn set_members(
    tx: &Transaction<'_>,
    id: GroupId,
    resource_ids: &[ResourceId],
    add: bool,
    correlation: &CorrelationId,
) -> Result<usize> {
    super::require(tx, "groups", "group", id)?;
    let sql = if add {
        "INSERT OR IGNORE INTO resource_groups (group_id, resource_id) VALUES (?1, ?2)"
    } else {
        "DELETE FROM resource_groups WHERE group_id = ?1 AND resource_id = ?2"
    };
    let mut changed = 0;
    for &resource in resource_ids {
        super::require(tx, "resources", "resource", resource)?;
        if tx.prepare_cached(sql)?.execute(params![id, resource])? > 0 {
            resources::touched(tx, resource, ResourceField::Groups, correlation)?;
            changed += 1;
        }
    }
    if changed > 0 {
        updated(tx, id, correlation)?;
    }
    Ok(changed)
}
