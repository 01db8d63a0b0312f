//! The resources table.

use crate::model::FieldValue;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::{outbox, tags};
use crate::error::{Error, Result};
use crate::events::{CorrelationId, EventPayload, ResourceField};
use crate::model::{
    DateSource, GroupRef, NoteRef, Page, Resource, ResourceEdit, ResourceId, now_ms,
};

/// A file that import has copied into the store, ready to be recorded.
#[derive(Debug, Clone)]
pub(crate) struct NewResource {
    pub name: String,
    pub original_path: String,
    pub original_path_bytes: Vec<u8>,
    pub stored_path: String,
    pub content_type: String,
    pub size: u64,
    /// The watched folder this file lives in, if it does.
    pub watched_folder: Option<i64>,
    /// The file's own modification time (ms), when the file system gives one.
    pub mtime: Option<i64>,
    /// Its XMP sidecar (a store path beside the copy, or a watched file's
    /// absolute path) and that sidecar's modification time.
    pub sidecar: Option<(String, i64)>,
}

const SELECT: &str = "SELECT r.id, r.name, r.original_name, r.original_path, r.stored_path,
        r.content_type, r.size, r.content_rev, r.md5, r.perceptual_hash, r.width, r.height,
        r.thumbnail, r.description, r.created_at, r.updated_at, r.preview, r.media_note,
        r.watched_folder_id, r.availability,
        (SELECT json_group_array(t.name) FROM resource_tags rt JOIN tags t ON t.id = rt.tag_id
          WHERE rt.resource_id = r.id ORDER BY t.name),
        (SELECT json_group_array(json_object('id', g.id, 'name', g.name))
          FROM resource_groups rg JOIN groups g ON g.id = rg.group_id WHERE rg.resource_id = r.id),
        r.date_local, r.taken_at IS NOT NULL, r.mtime IS NOT NULL, r.companion_of,
        r.trashed_at
    FROM resources r";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Resource> {
    let tags_json: String = row.get(20)?;
    let groups_json: String = row.get(21)?;
    let mut tags: Vec<String> = serde_json::from_str(&tags_json).unwrap_or_default();
    tags.sort_by_key(|t| t.to_lowercase());
    let groups: Vec<GroupRef> = serde_json::from_str(&groups_json).unwrap_or_default();
    Ok(Resource {
        id: row.get(0)?,
        name: row.get(1)?,
        original_name: row.get(2)?,
        original_path: row.get(3)?,
        stored_path: row.get(4)?,
        content_type: row.get(5)?,
        size: row.get::<_, i64>(6)? as u64,
        content_rev: row.get(7)?,
        md5: row.get(8)?,
        perceptual_hash: row
            .get::<_, Option<i64>>(9)?
            .map(|h| format!("{:016x}", h as u64)),
        width: row.get(10)?,
        height: row.get(11)?,
        thumbnail: row.get(12)?,
        preview: row.get(16)?,
        media_note: row.get(17)?,
        watched_folder_id: row.get(18)?,
        availability: row.get(19)?,
        description: row.get(13)?,
        tags,
        groups,
        created_at: row.get(14)?,
        updated_at: row.get(15)?,
        date: row.get(22)?,
        date_source: match (row.get::<_, bool>(23)?, row.get::<_, bool>(24)?) {
            (true, _) => DateSource::Taken,
            (false, true) => DateSource::File,
            (false, false) => DateSource::Added,
        },
        companion_of: row.get(25)?,
        trashed_at: row.get(26)?,
    })
}

pub(crate) fn insert(
    tx: &Transaction<'_>,
    new: &NewResource,
    correlation: &CorrelationId,
) -> Result<ResourceId> {
    let now = now_ms();
    tx.prepare_cached(
        "INSERT INTO resources (name, original_name, original_path, original_path_bytes,
            stored_path, content_type, size, created_at, updated_at, watched_folder_id, mtime,
            local_offset, sidecar_path, sidecar_mtime)
         VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        new.name,
        new.original_path,
        new.original_path_bytes,
        new.stored_path,
        new.content_type,
        new.size as i64,
        now,
        new.watched_folder,
        new.mtime,
        crate::model::local_offset_minutes(now),
        new.sidecar.as_ref().map(|(path, _)| path),
        new.sidecar.as_ref().map(|(_, mtime)| mtime),
    ])?;
    let id = tx.last_insert_rowid();
    outbox::append(
        tx,
        correlation,
        EventPayload::ResourceCreated { resource_id: id },
    )?;
    Ok(id)
}

/// A resource's XMP sidecar, as recorded: the path (relative to the library
/// for an imported file's copy) and its modification time when last read.
pub(crate) fn sidecar_of(conn: &Connection, id: ResourceId) -> Result<Option<(String, i64)>> {
    Ok(conn
        .prepare_cached("SELECT sidecar_path, sidecar_mtime FROM resources WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(r.get::<_, Option<String>>(0)?
                .map(|path| (path, r.get::<_, Option<i64>>(1).ok().flatten().unwrap_or(0))))
        })
        .optional()?
        .flatten())
}

pub(crate) fn get(conn: &Connection, id: ResourceId) -> Result<Option<Resource>> {
    let sql = format!("{SELECT} WHERE r.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

pub(crate) fn require_resource(conn: &Connection, id: ResourceId) -> Result<()> {
    super::require(conn, "resources", "resource", id)
}

/// Resources in id order, outside the Trash; companions (a RAW+JPEG pair's
/// raw) left out when `hide_companions`, as the grid does.
pub(crate) fn list(conn: &Connection, page: Page, hide_companions: bool) -> Result<Vec<Resource>> {
    let visible = if hide_companions {
        "WHERE r.trashed_at IS NULL AND r.companion_of IS NULL"
    } else {
        "WHERE r.trashed_at IS NULL"
    };
    let sql = format!("{SELECT} {visible} ORDER BY r.id LIMIT ?1 OFFSET ?2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![page.limit, page.offset as i64], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn notes_of(conn: &Connection, id: ResourceId) -> Result<Vec<NoteRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.title FROM note_resources nr JOIN notes n ON n.id = nr.note_id
         WHERE nr.resource_id = ?1 ORDER BY n.id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(NoteRef {
            id: r.get(0)?,
            title: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn edit(
    tx: &Transaction<'_>,
    id: ResourceId,
    edit: &ResourceEdit,
    correlation: &CorrelationId,
) -> Result<Vec<ResourceField>> {
    let mut changes = Vec::new();
    if let Some(name) = &edit.name {
        changes.push((
            ResourceField::Name,
            FieldValue::Text(super::non_empty(name, "a name")?),
        ));
    }
    if let Some(description) = &edit.description {
        changes.push((
            ResourceField::Description,
            FieldValue::Text(description.clone()),
        ));
    }
    super::require(tx, "resources", "resource", id)?;
    apply(tx, id, None, &changes, correlation)
}

pub(crate) fn delete(
    tx: &Transaction<'_>,
    id: ResourceId,
    correlation: &CorrelationId,
) -> Result<()> {
    let stored_path: String = tx
        .query_row(
            "SELECT stored_path FROM resources WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(Error::NotFound {
            kind: "resource",
            id,
        })?;
    tx.execute("DELETE FROM resources WHERE id = ?1", [id])?;
    outbox::append(
        tx,
        correlation,
        EventPayload::ResourceDeleted {
            resource_id: id,
            stored_path,
        },
    )?;
    tags::drop_unused(tx)?;
    Ok(())
}

fn column(field: ResourceField) -> Option<&'static str> {
    Some(match field {
        ResourceField::Name => "name",
        ResourceField::Description => "description",
        ResourceField::Md5 => "md5",
        ResourceField::PerceptualHash => "perceptual_hash",
        ResourceField::Width => "width",
        ResourceField::Height => "height",
        ResourceField::Thumbnail => "thumbnail",
        ResourceField::Preview => "preview",
        ResourceField::PerceptualHashMirror => "perceptual_hash_mirror",
        ResourceField::MediaNote => "media_note",
        ResourceField::Availability => "availability",
        ResourceField::Companion => "companion_of",
        ResourceField::Content
        | ResourceField::Path
        | ResourceField::Tags
        | ResourceField::Groups
        | ResourceField::Notes
        | ResourceField::Facts
        | ResourceField::Sidecar
        | ResourceField::Trash => {
            return None;
        }
    })
}

/// What became of a handler's attempt to record its result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    /// These fields changed (empty: the row already held these values).
    Written(Vec<ResourceField>),
    /// The resource was deleted or its content changed since the handler read
    /// it; the result would be stale, so nothing was written.
    Stale,
}

/// Sets column values on a resource, only where they differ, and emits one
/// `resource.updated` naming what changed. With `expected_rev`, writes nothing
/// unless the resource still has that content revision.
pub(crate) fn apply(
    tx: &Transaction<'_>,
    id: ResourceId,
    expected_rev: Option<i64>,
    changes: &[(ResourceField, FieldValue)],
    correlation: &CorrelationId,
) -> Result<Vec<ResourceField>> {
    match apply_checked(tx, id, expected_rev, changes, correlation)? {
        WriteOutcome::Written(fields) => Ok(fields),
        WriteOutcome::Stale => Err(Error::NotFound {
            kind: "resource",
            id,
        }),
    }
}

/// The revision of a resource's bytes; `None` once it is gone. Results are
/// written only if it is still the one they were made from.
pub(crate) fn content_rev(conn: &Connection, id: ResourceId) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT content_rev FROM resources WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Writes the values that differ and names them; no revision check, no
/// event (the caller does both).
pub(crate) fn set_fields(
    tx: &Transaction<'_>,
    id: ResourceId,
    changes: &[(ResourceField, FieldValue)],
) -> Result<Vec<ResourceField>> {
    let mut changed = Vec::new();
    for (field, value) in changes {
        let Some(column) = column(*field) else {
            continue;
        };
        // `IS NOT` treats NULLs as values, so writing the same result twice
        // changes nothing and emits nothing: handlers stay idempotent.
        let sql =
            format!("UPDATE resources SET {column} = ?1 WHERE id = ?2 AND {column} IS NOT ?1");
        if tx.prepare_cached(&sql)?.execute(params![value, id])? > 0 {
            changed.push(*field);
        }
    }
    Ok(changed)
}

pub(crate) fn apply_checked(
    tx: &Transaction<'_>,
    id: ResourceId,
    expected_rev: Option<i64>,
    changes: &[(ResourceField, FieldValue)],
    correlation: &CorrelationId,
) -> Result<WriteOutcome> {
    let rev = content_rev(tx, id)?;
    match (rev, expected_rev) {
        (None, _) => return Ok(WriteOutcome::Stale),
        (Some(current), Some(expected)) if current != expected => return Ok(WriteOutcome::Stale),
        _ => {}
    }
    let changed = set_fields(tx, id, changes)?;
    if !changed.is_empty() {
        tx.prepare_cached("UPDATE resources SET updated_at = ?1 WHERE id = ?2")?
            .execute(params![now_ms(), id])?;
        outbox::append(
            tx,
            correlation,
            EventPayload::ResourceUpdated {
                resource_id: id,
                fields: changed.clone(),
                facts: Vec::new(),
            },
        )?;
    }
    Ok(WriteOutcome::Written(changed))
}

/// Emits `resource.updated` for a change made to a related table.
pub(crate) fn touched(
    tx: &Transaction<'_>,
    id: ResourceId,
    field: ResourceField,
    correlation: &CorrelationId,
) -> Result<()> {
    touched_fields(tx, id, vec![field], correlation)
}

/// Bumps `updated_at` and emits one `resource.updated` naming `fields`.
pub(crate) fn touched_fields(
    tx: &Transaction<'_>,
    id: ResourceId,
    fields: Vec<ResourceField>,
    correlation: &CorrelationId,
) -> Result<()> {
    updated(tx, id, fields, Vec::new(), correlation)
}

/// Emits the event of new bytes: every content handler runs again, and the
/// index forgets the `dropped_facts` found about the old bytes.
pub(crate) fn content_changed(
    tx: &Transaction<'_>,
    id: ResourceId,
    dropped_facts: Vec<String>,
    correlation: &CorrelationId,
) -> Result<()> {
    let mut fields = vec![ResourceField::Content];
    if !dropped_facts.is_empty() {
        fields.push(ResourceField::Facts);
    }
    updated(tx, id, fields, dropped_facts, correlation)
}

/// The one writer of `resource.updated` for changes made outside the
/// resource's own columns: bumps `updated_at`, names the fields and facts.
pub(crate) fn updated(
    tx: &Transaction<'_>,
    id: ResourceId,
    fields: Vec<ResourceField>,
    facts: Vec<String>,
    correlation: &CorrelationId,
) -> Result<()> {
    tx.prepare_cached("UPDATE resources SET updated_at = ?1 WHERE id = ?2")?
        .execute(params![now_ms(), id])?;
    outbox::append(
        tx,
        correlation,
        EventPayload::ResourceUpdated {
            resource_id: id,
            fields,
            facts,
        },
    )?;
    Ok(())
}

/// Folds `others` into `keep`: their tags, groups and notes are added to
/// it, then they (and their companions) go to the Trash at `at`, so a merge
/// can be undone. One transaction, with every event. Returns the ids
/// trashed.
pub(crate) fn merge(
    tx: &Transaction<'_>,
    keep: ResourceId,
    others: &[ResourceId],
    at: crate::model::Timestamp,
    correlation: &CorrelationId,
) -> Result<Vec<ResourceId>> {
    super::require(tx, "resources", "resource", keep)?;
    if others.is_empty() {
        return Err(Error::BadMerge(
            "name at least one resource to merge into the kept one".into(),
        ));
    }
    for &other in others {
        if other == keep {
            return Err(Error::BadMerge(format!(
                "resource {keep} cannot be merged into itself"
            )));
        }
        super::require(tx, "resources", "resource", other)?;
        tx.execute(
            "INSERT OR IGNORE INTO resource_tags (resource_id, tag_id)
             SELECT ?1, tag_id FROM resource_tags WHERE resource_id = ?2",
            params![keep, other],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO resource_groups (group_id, resource_id)
             SELECT group_id, ?1 FROM resource_groups WHERE resource_id = ?2",
            params![keep, other],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO note_resources (note_id, resource_id)
             SELECT note_id, ?1 FROM note_resources WHERE resource_id = ?2",
            params![keep, other],
        )?;
    }
    let trashed = super::trash::trash(tx, others, at, correlation)?;
    let moved = vec![
        ResourceField::Tags,
        ResourceField::Groups,
        ResourceField::Notes,
    ];
    touched_fields(tx, keep, moved, correlation)?;
    Ok(trashed)
}

/// Resources sharing an MD5 with another, grouped by digest (the Trash
/// left out).
pub(crate) fn exact_duplicates(conn: &Connection) -> Result<Vec<Vec<ResourceId>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT json_group_array(id) FROM
            (SELECT id, md5 FROM resources WHERE trashed_at IS NULL AND md5 IN
                (SELECT md5 FROM resources WHERE md5 IS NOT NULL AND trashed_at IS NULL
                  GROUP BY md5 HAVING COUNT(*) > 1)
             ORDER BY md5, id)
         GROUP BY md5 ORDER BY MIN(id)",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|json| Ok(super::parse_id_array(&json?))).collect()
}

/// Ids read per statement by [`for_each_by_id`].
const IDS_PER_READ: usize = 1000;

/// Hands `found` each resource of `ids` that exists, once, in id order, a
/// thousand to a statement: the duplicate groups of a million items name
/// 190,000 resources scattered over the table, and read one by one in group
/// order each lookup walked the table's tree from the top to a page of its
/// own. Nothing is held here, so a caller can put each where it belongs.
pub(crate) fn for_each_by_id(
    conn: &Connection,
    ids: impl IntoIterator<Item = ResourceId>,
    mut found: impl FnMut(Resource),
) -> Result<()> {
    let mut ids: Vec<ResourceId> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let sql = format!("{SELECT} WHERE r.id IN (SELECT value FROM json_each(?1)) ORDER BY r.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    for chunk in ids.chunks(IDS_PER_READ) {
        let list = format!(
            "[{}]",
            chunk
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        );
        for resource in stmt.query_map([list], from_row)? {
            found(resource?);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_are_read_by_id_across_statements_and_the_missing_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open(&dir.path().join("t.db")).unwrap();
        let correlation = CorrelationId::new();
        let ids: Vec<ResourceId> = db
            .write(|tx| {
                (0..IDS_PER_READ + 205)
                    .map(|i| {
                        let new = NewResource {
                            name: format!("file {i}.txt"),
                            original_path: format!("/in/{i}.txt"),
                            original_path_bytes: Vec::new(),
                            stored_path: format!("files/{i}.txt"),
                            content_type: "text/plain".into(),
                            size: i as u64,
                            watched_folder: None,
                            mtime: None,
                            sidecar: None,
                        };
                        insert(tx, &new, &correlation)
                    })
                    .collect()
            })
            .unwrap();
        // Out of order, one asked twice, one that does not exist: each
        // existing resource once, whole.
        let mut asked: Vec<ResourceId> = ids.iter().rev().copied().collect();
        asked.push(ids[7]);
        asked.push(ids[ids.len() - 1] + 1_000);
        let read = |asked: Vec<ResourceId>| {
            let mut found = Vec::new();
            db.read(|conn| for_each_by_id(conn, asked, |r| found.push(r)))
                .unwrap();
            found
        };
        let found = read(asked);
        assert_eq!(found.len(), ids.len());
        for (i, (resource, id)) in found.iter().zip(&ids).enumerate() {
            assert_eq!(resource.id, *id);
            assert_eq!(resource.name, format!("file {i}.txt"));
            assert_eq!(resource.size, i as u64);
        }
        assert!(read(Vec::new()).is_empty());
    }
}
