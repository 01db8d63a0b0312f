//! Reads and writes of the domain tables. Every function that changes a row
//! takes the open transaction and appends the event describing the change to
//! the outbox in that same transaction.

pub(crate) mod albums;
pub(crate) mod backfills;
pub(crate) mod companions;
pub(crate) mod facts;
pub(crate) mod groups;
pub(crate) mod jobs;
pub(crate) mod listing;
pub(crate) mod notes;
pub(crate) mod outbox;
pub(crate) mod resources;
pub(crate) mod settings;
pub(crate) mod tags;
pub(crate) mod tiles;
pub(crate) mod trash;
pub(crate) mod watched;

use rusqlite::Connection;

use crate::error::{Error, Result};

pub(crate) fn exists(conn: &Connection, table: &'static str, id: i64) -> Result<bool> {
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)");
    Ok(conn.query_row(&sql, [id], |row| row.get(0))?)
}

pub(crate) fn require(
    conn: &Connection,
    table: &'static str,
    kind: &'static str,
    id: i64,
) -> Result<()> {
    if exists(conn, table, id)? {
        Ok(())
    } else {
        Err(Error::NotFound { kind, id })
    }
}

/// Ids are stored as a JSON array by `json_group_array`; a NULL-only group
/// comes back as `[null]`, which this filters out.
pub(crate) fn parse_id_array(json: &str) -> Vec<i64> {
    serde_json::from_str::<Vec<Option<i64>>>(json)
        .map(|ids| ids.into_iter().flatten().collect())
        .unwrap_or_default()
}

pub(crate) fn non_empty(value: &str, what: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        Err(Error::Empty {
            what: what.to_string(),
        })
    } else {
        Ok(trimmed.to_string())
    }
}
