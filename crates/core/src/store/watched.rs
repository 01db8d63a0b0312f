//! Watched folders and the resources that live in them.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::Serialize;

use super::resources::{self, NewResource};
use crate::error::{Error, Result};
use crate::events::{CorrelationId, ResourceField};
use crate::model::Availability;
use crate::model::{ResourceId, Timestamp, now_ms};
use crate::watch::FolderRules;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WatchedFolder {
    pub id: i64,
    pub path: String,
    pub rules: FolderRules,
    /// False while the folder itself cannot be found (an unplugged drive).
    pub online: bool,
    pub added_at: Timestamp,
    pub last_reconciled_at: Option<Timestamp>,
    pub resource_count: u64,
    /// Resources whose file is gone (deleted or moved out of the folder);
    /// they keep their tags until the user removes them.
    pub missing_count: u64,
}

const SELECT: &str =
    "SELECT f.id, f.path, f.include, f.exclude, f.online, f.added_at, f.last_reconciled_at,
        (SELECT COUNT(*) FROM resources r WHERE r.watched_folder_id = f.id),
        (SELECT COUNT(*) FROM resources r
          WHERE r.watched_folder_id = f.id AND r.availability = 'missing')
    FROM watched_folders f";

/// The same without counting the folder's resources (zeros instead), for a
/// pass that needs only the path and rules: counting is O(folder).
const SELECT_UNCOUNTED: &str =
    "SELECT f.id, f.path, f.include, f.exclude, f.online, f.added_at, f.last_reconciled_at, 0, 0
    FROM watched_folders f";

fn from_row(row: &Row<'_>) -> rusqlite::Result<WatchedFolder> {
    let include: String = row.get(2)?;
    let exclude: String = row.get(3)?;
    Ok(WatchedFolder {
        id: row.get(0)?,
        path: row.get(1)?,
        rules: FolderRules {
            include: serde_json::from_str(&include).unwrap_or_default(),
            exclude: serde_json::from_str(&exclude).unwrap_or_default(),
        },
        online: row.get(4)?,
        added_at: row.get(5)?,
        last_reconciled_at: row.get(6)?,
        resource_count: row.get::<_, i64>(7)? as u64,
        missing_count: row.get::<_, i64>(8)? as u64,
    })
}

pub(crate) fn add(tx: &Transaction<'_>, path: &str, rules: &FolderRules) -> Result<i64> {
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM watched_folders WHERE path = ?1)",
        [path],
        |r| r.get(0),
    )?;
    if exists {
        return Err(Error::FolderRefused(format!("{path} is already watched")));
    }
    let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    tx.execute(
        "INSERT INTO watched_folders (path, include, exclude, added_at) VALUES (?1, ?2, ?3, ?4)",
        params![path, json(&rules.include), json(&rules.exclude), now_ms()],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<WatchedFolder> {
    get_from(conn, SELECT, id)
}

/// A folder's path, rules and state; its counts are left at zero.
pub(crate) fn get_uncounted(conn: &Connection, id: i64) -> Result<WatchedFolder> {
    get_from(conn, SELECT_UNCOUNTED, id)
}

fn get_from(conn: &Connection, select: &str, id: i64) -> Result<WatchedFolder> {
    let sql = format!("{select} WHERE f.id = ?1");
    conn.query_row(&sql, [id], from_row)
        .optional()?
        .ok_or(Error::NotFound {
            kind: "watched folder",
            id,
        })
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<WatchedFolder>> {
    list_from(conn, SELECT)
}

/// Every folder's path, rules and state; their counts are left at zero.
pub(crate) fn list_uncounted(conn: &Connection) -> Result<Vec<WatchedFolder>> {
    list_from(conn, SELECT_UNCOUNTED)
}

fn list_from(conn: &Connection, select: &str) -> Result<Vec<WatchedFolder>> {
    let sql = format!("{select} ORDER BY f.path");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// New rules for a folder. The resources whose files they no longer take
/// (`leaving`) leave the library, each with its `resource.deleted`; their
/// files stay where they are. Returns how many left.
pub(crate) fn set_rules(
    tx: &Transaction<'_>,
    id: i64,
    rules: &FolderRules,
    leaving: &[ResourceId],
    correlation: &CorrelationId,
) -> Result<usize> {
    let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    let changed = tx.execute(
        "UPDATE watched_folders SET include = ?2, exclude = ?3 WHERE id = ?1",
        params![id, json(&rules.include), json(&rules.exclude)],
    )?;
    if changed == 0 {
        return Err(Error::NotFound {
            kind: "watched folder",
            id,
        });
    }
    for resource in leaving {
        resources::delete(tx, *resource, correlation)?;
    }
    Ok(leaving.len())
}

/// Stops watching: the folder's resources leave the library (their files stay
/// where they are), each with its `resource.deleted`.
pub(crate) fn remove(tx: &Transaction<'_>, id: i64, correlation: &CorrelationId) -> Result<usize> {
    get(tx, id)?;
    let ids: Vec<ResourceId> = {
        let mut stmt = tx.prepare("SELECT id FROM resources WHERE watched_folder_id = ?1")?;
        stmt.query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    for resource in &ids {
        resources::delete(tx, *resource, correlation)?;
    }
    tx.execute("DELETE FROM watched_folders WHERE id = ?1", [id])?;
    Ok(ids.len())
}

/// Deletes the resources whose files are missing, in one folder or in all.
/// Offline ones (their folder is gone, maybe unplugged) are kept.
pub(crate) fn remove_missing(
    tx: &Transaction<'_>,
    folder: Option<i64>,
    correlation: &CorrelationId,
) -> Result<usize> {
    if let Some(id) = folder {
        get(tx, id)?;
    }
    let ids: Vec<ResourceId> = {
        let mut stmt = tx.prepare(
            "SELECT id FROM resources WHERE availability = 'missing'
               AND watched_folder_id IS NOT NULL AND (?1 IS NULL OR watched_folder_id = ?1)",
        )?;
        stmt.query_map([folder], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    for resource in &ids {
        resources::delete(tx, *resource, correlation)?;
    }
    Ok(ids.len())
}

pub(crate) fn set_state(
    tx: &Transaction<'_>,
    id: i64,
    online: bool,
    reconciled: bool,
) -> Result<()> {
    tx.execute(
        "UPDATE watched_folders SET online = ?2,
            last_reconciled_at = CASE WHEN ?3 THEN ?4 ELSE last_reconciled_at END
         WHERE id = ?1",
        params![id, online, reconciled, now_ms()],
    )?;
    Ok(())
}

/// A watched file as the database last saw it.
#[derive(Debug, Clone)]
pub(crate) struct Known {
    pub id: ResourceId,
    pub path: String,
    /// Whether the item's name is still its file's: a move renames it then
    /// (a name the person chose stays).
    pub named_after_file: bool,
    pub size: u64,
    pub mtime: Option<i64>,
    pub md5: Option<Md5>,
    pub availability: Availability,
    /// Its sidecar and the sidecar's modification time when last read.
    pub sidecar: Option<(String, i64)>,
}

/// An MD5 as its 16 bytes: a check of a million files holds one for each
/// (16 MB, where the hex strings took 48).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Md5([u8; 16]);

impl Md5 {
    /// From the 32 hex digits the database keeps; `None` for anything else.
    fn from_hex(hex: &[u8]) -> Option<Md5> {
        if hex.len() != 32 {
            return None;
        }
        let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        let mut bytes = [0; 16];
        for (byte, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
            *byte = digit(pair[0])? << 4 | digit(pair[1])?;
        }
        Some(Md5(bytes))
    }

    /// The file's, read whole; `None` when it cannot be read.
    pub(crate) fn of_file(path: &std::path::Path) -> Option<Md5> {
        crate::handlers::md5_file(path)
            .ok()
            .and_then(|hex| Md5::from_hex(hex.as_bytes()))
    }
}

/// Every file of the folder the database knows, at once: for tests. A pass
/// reads them a directory at a time (`known_in`).
#[cfg(test)]
pub(crate) fn known(conn: &Connection, folder: i64) -> Result<Vec<Known>> {
    let mut known = Vec::new();
    for_each_known(conn, folder, &mut |k| known.push(k))?;
    Ok(known)
}

/// How many files of the folder the database knows.
pub(crate) fn count_known(conn: &Connection, folder: i64) -> Result<usize> {
    let count: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM resources WHERE watched_folder_id = ?1")?
        .query_row([folder], |r| r.get(0))?;
    Ok(usize::try_from(count).unwrap_or(0))
}

/// Each file of the folder the database knows, one at a time.
pub(crate) fn for_each_known(
    conn: &Connection,
    folder: i64,
    each: &mut dyn FnMut(Known),
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, stored_path, name, size, mtime, md5, availability, sidecar_path, sidecar_mtime FROM resources WHERE watched_folder_id = ?1",
    )?;
    for row in stmt.query_map([folder], known_from_row)? {
        each(row?);
    }
    Ok(())
}

const KNOWN_FROM: &str =
    "SELECT id, stored_path, name, size, mtime, md5, availability, sidecar_path, sidecar_mtime FROM resources
    WHERE +watched_folder_id = ?1 AND watched_folder_id IS NOT NULL
      AND stored_path >= ?2 AND stored_path < ?3 || char(1114111)
    ORDER BY stored_path";

/// The folder's files directly in the directory `dir`, not in its
/// sub-folders. One range of the path index per run of them: a sub-folder's
/// files are stepped over with a seek past its name, so a directory with
/// many sub-folders costs a seek per sub-folder, not a read of everything
/// below it.
pub(crate) fn known_in(conn: &Connection, folder: i64, dir: &str) -> Result<Vec<Known>> {
    const SEPARATOR: char = std::path::MAIN_SEPARATOR;
    let mut prefix = dir.to_string();
    if !prefix.ends_with(SEPARATOR) {
        prefix.push(SEPARATOR);
    }
    // The character after the separator: `sub` + it sorts after every path
    // inside `sub`, and before any other name that starts with `sub`.
    let past_separator = char::from(SEPARATOR as u8 + 1);
    let mut stmt = conn.prepare_cached(KNOWN_FROM)?;
    let mut from = prefix.clone();
    let mut found = Vec::new();
    'runs: loop {
        let mut rows = stmt.query(params![folder, from, prefix])?;
        while let Some(row) = rows.next()? {
            // Not text only in a damaged row, which `known_from_row` reports.
            let path = row.get_ref(1)?.as_str().unwrap_or_default();
            let rest = path.get(prefix.len()..).unwrap_or_default();
            if let Some(end) = rest.find(SEPARATOR) {
                from = format!("{prefix}{}{past_separator}", &rest[..end]);
                continue 'runs;
            }
            found.push(known_from_row(row)?);
        }
        return Ok(found);
    }
}

const KNOWN_UNDER: &str =
    "SELECT id, stored_path, name, size, mtime, md5, availability, sidecar_path, sidecar_mtime FROM resources
    WHERE +watched_folder_id = ?1 AND watched_folder_id IS NOT NULL
      AND stored_path >= ?2 AND stored_path < ?2 || char(1114111)";

/// The folder's files at `path` or under it (whatever their availability).
pub(crate) fn known_under(conn: &Connection, folder: i64, path: &str) -> Result<Vec<Known>> {
    // A range over the unique path index: every path that starts with `path`
    // (then narrowed to `path` itself and what lies inside it). The `+` in
    // the query keeps SQLite from scanning the whole folder by the folder
    // index instead.
    let mut stmt = conn.prepare_cached(KNOWN_UNDER)?;
    let rows = stmt.query_map(params![folder, path], known_from_row)?;
    let mut found = Vec::new();
    for row in rows {
        let known = row?;
        if std::path::Path::new(&known.path).starts_with(path) {
            found.push(known);
        }
    }
    Ok(found)
}

fn known_from_row(r: &Row<'_>) -> rusqlite::Result<Known> {
    let path: String = r.get(1)?;
    let name: String = r.get(2)?;
    let file_name = std::path::Path::new(&path)
        .file_name()
        .and_then(|n| n.to_str());
    Ok(Known {
        id: r.get(0)?,
        named_after_file: name == file_name.unwrap_or_default(),
        path,
        size: r.get::<_, i64>(3)? as u64,
        mtime: r.get(4)?,
        md5: r
            .get_ref(5)?
            .as_bytes_or_null()
            .ok()
            .flatten()
            .and_then(Md5::from_hex),
        availability: r.get(6)?,
        sidecar: r
            .get::<_, Option<String>>(7)?
            .map(|path| (path, r.get::<_, Option<i64>>(8).ok().flatten().unwrap_or(0))),
    })
}

/// A file found in a watched folder. A start-up check holds one for every
/// file of the folder at once, so it keeps only what a comparison needs:
/// the name, the raw path bytes and the content type are derived, the last
/// (which reads the file's first bytes) only for a file that is recorded.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub path: String,
    /// The path's exact bytes when they are not the UTF-8 of `path`.
    raw_path: Option<Box<[u8]>>,
    pub size: u64,
    pub mtime: i64,
    content_type: std::cell::OnceCell<String>,
    /// The XMP sidecar beside it (`photo.jpg.xmp` or `photo.xmp`) and its
    /// modification time.
    pub sidecar: Option<(String, i64)>,
}

impl Seen {
    pub(crate) fn new(
        path: &std::path::Path,
        size: u64,
        mtime: i64,
        sidecar: Option<(String, i64)>,
    ) -> Seen {
        let lossy = path.to_string_lossy().into_owned();
        let bytes = crate::import::path_bytes(path);
        Seen {
            raw_path: (bytes != lossy.as_bytes()).then(|| bytes.into_boxed_slice()),
            path: lossy,
            size,
            mtime,
            content_type: std::cell::OnceCell::new(),
            sidecar,
        }
    }

    pub(crate) fn path_bytes(&self) -> &[u8] {
        self.raw_path.as_deref().unwrap_or(self.path.as_bytes())
    }

    /// The file's name, as the item is first named.
    pub(crate) fn name(&self) -> &str {
        // `path` is a `String`, so its last part is one too.
        std::path::Path::new(&self.path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
    }

    /// From the bytes, like an import's: a name may lie. Read once, when
    /// first asked.
    pub(crate) fn content_type(&self) -> &str {
        self.content_type
            .get_or_init(|| crate::filetype::sniff(std::path::Path::new(&self.path), self.size))
    }
}

pub(crate) fn insert(
    tx: &Transaction<'_>,
    folder: i64,
    seen: &Seen,
    correlation: &CorrelationId,
) -> Result<ResourceId> {
    let new = NewResource {
        name: seen.name().to_owned(),
        original_path: seen.path.clone(),
        original_path_bytes: seen.path_bytes().to_vec(),
        // A watched file is referenced where it is.
        stored_path: seen.path.clone(),
        content_type: seen.content_type().to_owned(),
        size: seen.size,
        watched_folder: Some(folder),
        mtime: Some(seen.mtime),
        sidecar: seen.sidecar.clone(),
    };
    resources::insert(tx, &new, correlation)
}

/// New bytes: a new content revision, so every content handler runs again.
pub(crate) fn content_changed(
    tx: &Transaction<'_>,
    known: &Known,
    seen: &Seen,
    correlation: &CorrelationId,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE resources SET size = ?2, mtime = ?3, content_type = ?4, content_rev = content_rev + 1,
            md5 = NULL, availability = 'present', sidecar_path = ?5, sidecar_mtime = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        known.id,
        seen.size as i64,
        seen.mtime,
        seen.content_type(),
        seen.sidecar.as_ref().map(|(path, _)| path),
        seen.sidecar.as_ref().map(|(_, mtime)| mtime),
    ])?;
    let dropped = super::facts::drop_found(tx, known.id)?;
    resources::content_changed(tx, known.id, dropped, correlation)
}

const MOVED_IN: &str = "SELECT id, stored_path, name, size, mtime, md5, availability, sidecar_path, sidecar_mtime FROM resources
    WHERE size IN (SELECT value FROM json_each(?2))
      AND watched_folder_id IS NOT NULL AND watched_folder_id IS NOT ?1
      AND availability IN ('missing', 'present')";

/// Watched resources that may have moved to where a pass found new files:
/// one of `sizes` long, outside what the pass itself compared (`besides`
/// other watched folders, or `None` for any folder), and missing, or still
/// present in the database while their file is gone (their place has not
/// been looked at yet).
pub(crate) fn moved_in_candidates(
    conn: &Connection,
    besides: Option<i64>,
    sizes: &[u64],
) -> Result<Vec<Known>> {
    let sizes = serde_json::to_string(sizes).unwrap_or_else(|_| "[]".into());
    let mut stmt = conn.prepare_cached(MOVED_IN)?;
    let rows = stmt.query_map(params![besides, sizes], known_from_row)?;
    let mut candidates = Vec::new();
    for row in rows {
        let known = row?;
        if known.availability == Availability::Missing
            || !std::path::Path::new(&known.path).exists()
        {
            candidates.push(known);
        }
    }
    Ok(candidates)
}

/// Same bytes under another path (in this watched folder or another): the
/// same resource, tags and all.
pub(crate) fn moved(
    tx: &Transaction<'_>,
    known: &Known,
    seen: &Seen,
    folder: i64,
    correlation: &CorrelationId,
) -> Result<()> {
    // A name the user chose is kept; one that was just the file name follows it.
    let rename = known.named_after_file;
    tx.prepare_cached(
        "UPDATE resources SET stored_path = ?2, original_path = ?2, original_path_bytes = ?3,
            mtime = ?4, availability = 'present', name = CASE WHEN ?5 THEN ?6 ELSE name END,
            watched_folder_id = ?7, sidecar_path = ?8, sidecar_mtime = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        known.id,
        seen.path,
        seen.path_bytes(),
        seen.mtime,
        rename,
        seen.name(),
        folder,
        seen.sidecar.as_ref().map(|(path, _)| path),
        seen.sidecar.as_ref().map(|(_, mtime)| mtime),
    ])?;
    let mut fields = vec![ResourceField::Path, ResourceField::Availability];
    if seen.sidecar != known.sidecar {
        fields.push(ResourceField::Sidecar);
    }
    if rename {
        fields.push(ResourceField::Name);
    }
    resources::touched_fields(tx, known.id, fields, correlation)
}

/// The file is as it was, its sidecar is new, changed or gone: remember it,
/// and let the handlers that read sidecars read it again.
pub(crate) fn sidecar_changed(
    tx: &Transaction<'_>,
    known: &Known,
    seen: &Seen,
    correlation: &CorrelationId,
) -> Result<()> {
    tx.prepare_cached("UPDATE resources SET sidecar_path = ?2, sidecar_mtime = ?3 WHERE id = ?1")?
        .execute(params![
            known.id,
            seen.sidecar.as_ref().map(|(path, _)| path),
            seen.sidecar.as_ref().map(|(_, mtime)| mtime),
        ])?;
    resources::touched_fields(tx, known.id, vec![ResourceField::Sidecar], correlation)
}

/// Same bytes, newer time: remember the time, nothing to process.
pub(crate) fn touched(tx: &Transaction<'_>, known: &Known, seen: &Seen) -> Result<()> {
    tx.prepare_cached("UPDATE resources SET mtime = ?2, availability = 'present' WHERE id = ?1")?
        .execute(params![known.id, seen.mtime])?;
    Ok(())
}

pub(crate) fn set_availability(
    tx: &Transaction<'_>,
    known: &Known,
    availability: Availability,
    correlation: &CorrelationId,
) -> Result<()> {
    tx.prepare_cached("UPDATE resources SET availability = ?2 WHERE id = ?1")?
        .execute(params![known.id, availability])?;
    let mut fields = vec![ResourceField::Availability];
    // Back, but never processed (it left before its turn): process it now.
    if availability == Availability::Present && known.md5.is_none() {
        fields.push(ResourceField::Content);
    }
    resources::touched_fields(tx, known.id, fields, correlation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_md5_is_read_from_its_hex_digits_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "abc").unwrap();
        let hex = crate::handlers::md5_file(&file).unwrap();
        assert_eq!(hex, "900150983cd24fb0d6963f7d28e17f72");
        let md5 = Md5::from_hex(hex.as_bytes()).unwrap();
        assert_eq!(md5.0[..3], [0x90, 0x01, 0x50]);
        assert_eq!(Md5::of_file(&file), Some(md5));
        assert_eq!(Md5::from_hex(hex.to_uppercase().as_bytes()), Some(md5));
        for bad in [
            "",
            "900150983cd24fb0",
            "zz0150983cd24fb0d6963f7d28e17f72",
            "+00150983cd24fb0d6963f7d28e17f72",
        ] {
            assert_eq!(Md5::from_hex(bad.as_bytes()), None, "{bad:?}");
        }
        assert_eq!(Md5::of_file(&dir.path().join("gone")), None);
    }

    #[test]
    fn a_folders_missing_files_are_counted_from_their_own_index() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open(&dir.path().join("t.db")).unwrap();
        let plan: Vec<String> = db
            .read(|c| {
                let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {SELECT}"))?;
                let rows = stmt.query_map([], |r| r.get(3))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            })
            .unwrap();
        let plan = plan.join("; ");
        assert!(plan.contains("INDEX resources_missing"), "{plan}");
    }

    #[test]
    fn files_under_a_path_are_found_through_the_path_index() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open(&dir.path().join("t.db")).unwrap();
        for (query, params) in [
            (KNOWN_UNDER, vec!["/a"]),
            // A directory's files, in path order: no sort of its own.
            (KNOWN_FROM, vec!["/a/", "/a/"]),
        ] {
            let plans: Vec<String> = db
                .read(|c| {
                    let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {query}"))?;
                    stmt.raw_bind_parameter(1, 1)?;
                    for (i, value) in params.iter().enumerate() {
                        stmt.raw_bind_parameter(i + 2, value)?;
                    }
                    let mut rows = stmt.raw_query();
                    let mut plans = Vec::new();
                    while let Some(row) = rows.next()? {
                        plans.push(row.get(3)?);
                    }
                    Ok(plans)
                })
                .unwrap();
            let plan = plans.join("; ");
            assert!(
                plan.contains("INDEX resources_watched (stored_path"),
                "{plan}"
            );
            assert!(!plan.contains("TEMP B-TREE"), "{plan}");
        }
    }

    #[test]
    fn files_that_may_have_moved_are_found_through_the_size_index() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open(&dir.path().join("t.db")).unwrap();
        let plan: Vec<String> = db
            .read(|c| {
                let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {MOVED_IN}"))?;
                let rows = stmt.query_map(params![1, "[3]"], |r| r.get(3))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            })
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("resources_watched_size")),
            "{plan:?}"
        );
    }
}
