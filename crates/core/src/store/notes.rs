//! Notes: a title and text, linked to resources and groups.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::{outbox, resources};
use crate::error::{Error, Result};
use crate::events::{CorrelationId, EventPayload, ResourceField};
use crate::model::{GroupId, Note, NoteEdit, NoteId, ResourceId, now_ms};

const SELECT: &str = "SELECT n.id, n.title, n.text, n.created_at, n.updated_at,
        (SELECT json_group_array(resource_id) FROM
            (SELECT resource_id FROM note_resources WHERE note_id = n.id ORDER BY resource_id)),
        (SELECT json_group_array(group_id) FROM
            (SELECT group_id FROM note_groups WHERE note_id = n.id ORDER BY group_id))
    FROM notes n";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Note> {
    let resources: String = row.get(5)?;
    let groups: String = row.get(6)?;
    Ok(Note {
        id: row.get(0)?,
        title: row.get(1)?,
        text: row.get(2)?,
        created_at: row.get(3)?,
        updated_at: row.get(4)?,
        resource_ids: super::parse_id_array(&resources),
        group_ids: super::parse_id_array(&groups),
    })
}

pub(crate) fn create(
    tx: &Transaction<'_>,
    title: &str,
    text: &str,
    correlation: &CorrelationId,
) -> Result<NoteId> {
    let title = super::non_empty(title, "a note title")?;
    let now = now_ms();
    tx.execute(
        "INSERT INTO notes (title, text, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![title, text, now],
    )?;
    let id = tx.last_insert_rowid();
    outbox::append(tx, correlation, EventPayload::NoteCreated { note_id: id })?;
    Ok(id)
}

pub(crate) fn get(conn: &Connection, id: NoteId) -> Result<Option<Note>> {
    let sql = format!("{SELECT} WHERE n.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Note>> {
    let sql = format!("{SELECT} ORDER BY n.updated_at DESC, n.id DESC");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn edit(
    tx: &Transaction<'_>,
    id: NoteId,
    edit: &NoteEdit,
    correlation: &CorrelationId,
) -> Result<()> {
    super::require(tx, "notes", "note", id)?;
    if let Some(title) = &edit.title {
        let title = super::non_empty(title, "a note title")?;
        tx.execute(
            "UPDATE notes SET title = ?1 WHERE id = ?2",
            params![title, id],
        )?;
    }
    if let Some(text) = &edit.text {
        tx.execute(
            "UPDATE notes SET text = ?1 WHERE id = ?2",
            params![text, id],
        )?;
    }
    updated(tx, id, correlation)
}

fn updated(tx: &Transaction<'_>, id: NoteId, correlation: &CorrelationId) -> Result<()> {
    tx.execute(
        "UPDATE notes SET updated_at = ?1 WHERE id = ?2",
        params![now_ms(), id],
    )?;
    outbox::append(tx, correlation, EventPayload::NoteUpdated { note_id: id })?;
    Ok(())
}

pub(crate) fn delete(tx: &Transaction<'_>, id: NoteId, correlation: &CorrelationId) -> Result<()> {
    let linked: Vec<ResourceId> = {
        let mut stmt = tx.prepare("SELECT resource_id FROM note_resources WHERE note_id = ?1")?;
        stmt.query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    if tx.execute("DELETE FROM notes WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound { kind: "note", id });
    }
    outbox::append(tx, correlation, EventPayload::NoteDeleted { note_id: id })?;
    for resource in linked {
        resources::touched(tx, resource, ResourceField::Notes, correlation)?;
    }
    Ok(())
}

/// What a note can be linked to.
#[derive(Debug, Clone, Copy)]
pub enum NoteTarget {
    Resource(ResourceId),
    Group(GroupId),
}

pub(crate) fn link(
    tx: &Transaction<'_>,
    id: NoteId,
    target: NoteTarget,
    linked: bool,
    correlation: &CorrelationId,
) -> Result<bool> {
    super::require(tx, "notes", "note", id)?;
    let (table, column, target_id) = match target {
        NoteTarget::Resource(r) => {
            super::require(tx, "resources", "resource", r)?;
            ("note_resources", "resource_id", r)
        }
        NoteTarget::Group(g) => {
            super::require(tx, "groups", "group", g)?;
            ("note_groups", "group_id", g)
        }
    };
    let sql = if linked {
        format!("INSERT OR IGNORE INTO {table} (note_id, {column}) VALUES (?1, ?2)")
    } else {
        format!("DELETE FROM {table} WHERE note_id = ?1 AND {column} = ?2")
    };
    let changed = tx.execute(&sql, params![id, target_id])? > 0;
    if changed {
        updated(tx, id, correlation)?;
        if let NoteTarget::Resource(r) = target {
            resources::touched(tx, r, ResourceField::Notes, correlation)?;
        }
    }
    Ok(changed)
}
