//! Smart albums: saved searches by name (schema/014_albums.sql).

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::outbox;
use crate::albums::{Album, AlbumId};
use crate::error::{Error, Result};
use crate::events::{CorrelationId, EventPayload};
use crate::model::Timestamp;
use crate::search::SortOrder;

const SELECT: &str = "SELECT id, name, query, sort, created_at, updated_at FROM albums";

fn from_row(row: &Row<'_>) -> rusqlite::Result<(Album, String)> {
    Ok((
        Album {
            id: row.get(0)?,
            name: row.get(1)?,
            query: row.get(2)?,
            sort: SortOrder::default(),
            created_at: row.get(4)?,
            updated_at: row.get(5)?,
        },
        row.get(3)?,
    ))
}

/// A stored sort that no longer reads (a fact's reader was removed since)
/// falls back to the default rather than hiding the album.
fn with_sort((mut album, sort): (Album, String)) -> Album {
    album.sort = SortOrder::try_from(sort).unwrap_or_default();
    album
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Album>> {
    let sql = format!("{SELECT} ORDER BY name COLLATE NOCASE, id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .map(with_sort)
        .collect())
}

pub(crate) fn get(conn: &Connection, id: AlbumId) -> Result<Option<Album>> {
    let sql = format!("{SELECT} WHERE id = ?1");
    let row = conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?;
    Ok(row.map(with_sort))
}

/// The album of that name, in any letter case.
pub(crate) fn named(conn: &Connection, name: &str) -> Result<Option<Album>> {
    let sql = format!("{SELECT} WHERE name = ?1 COLLATE NOCASE");
    let row = conn
        .prepare_cached(&sql)?
        .query_row([name.trim()], from_row)
        .optional()?;
    Ok(row.map(with_sort))
}

/// Writes `album` exactly as given, under its id: a new album, an edit, or
/// (from undo) one deleted before. Another album's name is refused.
pub(crate) fn put(tx: &Transaction<'_>, album: &Album, correlation: &CorrelationId) -> Result<()> {
    if let Some(other) = named(tx, &album.name)?
        && other.id != album.id
    {
        return Err(Error::AlbumExists(other.name));
    }
    tx.prepare_cached(
        "INSERT INTO albums (id, name, query, sort, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, query = excluded.query,
             sort = excluded.sort, updated_at = excluded.updated_at",
    )?
    .execute(params![
        album.id,
        album.name,
        album.query,
        String::from(album.sort.clone()),
        album.created_at,
        album.updated_at
    ])?;
    outbox::append(
        tx,
        correlation,
        EventPayload::AlbumSaved { album_id: album.id },
    )?;
    Ok(())
}

/// A new album; its id comes from the table (never reused).
pub(crate) fn create(
    tx: &Transaction<'_>,
    name: &str,
    query: &str,
    sort: &SortOrder,
    now: Timestamp,
    correlation: &CorrelationId,
) -> Result<Album> {
    if let Some(other) = named(tx, name)? {
        return Err(Error::AlbumExists(other.name));
    }
    tx.prepare_cached(
        "INSERT INTO albums (name, query, sort, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
    )?
    .execute(params![name, query, String::from(sort.clone()), now])?;
    let album = Album {
        id: tx.last_insert_rowid(),
        name: name.to_string(),
        query: query.to_string(),
        sort: sort.clone(),
        created_at: now,
        updated_at: now,
    };
    outbox::append(
        tx,
        correlation,
        EventPayload::AlbumSaved { album_id: album.id },
    )?;
    Ok(album)
}

/// Removes the album; `false` when there was none.
pub(crate) fn delete(
    tx: &Transaction<'_>,
    id: AlbumId,
    correlation: &CorrelationId,
) -> Result<bool> {
    let removed = tx
        .prepare_cached("DELETE FROM albums WHERE id = ?1")?
        .execute([id])?;
    if removed > 0 {
        outbox::append(tx, correlation, EventPayload::AlbumDeleted { album_id: id })?;
    }
    Ok(removed > 0)
}
