//! One pass over a watched folder: what is on disk against what the
//! database knows.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use super::Matcher;
use crate::db::Db;
use crate::error::Result;
use crate::events::CorrelationId;
use crate::handlers::md5_file;
use crate::import::{ImportFailure, path_bytes, sniff, type_from_extension};
use crate::model::now_ms;
use crate::store::watched::{self, Known, Seen};

/// Changes written per transaction.
const BATCH: usize = 500;

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReconcileReport {
    pub folder_id: i64,
    pub path: String,
    /// False when the folder itself was not there: its files were marked
    /// offline, not missing.
    pub online: bool,
    pub added: usize,
    pub changed: usize,
    pub moved: usize,
    pub missing: usize,
    pub restored: usize,
    /// Files still being written (changed within the settle time): left for
    /// the next pass, neither recorded nor marked missing.
    pub unsettled: usize,
    /// Files or folders that could not be read, with why.
    pub failed: Vec<ImportFailure>,
}

enum Change<'a> {
    Add(&'a Seen),
    /// Same bytes, newer modification time.
    Touched(&'a Known, &'a Seen),
    Content(&'a Known, &'a Seen),
    Move(&'a Known, &'a Seen),
    Availability(&'a Known, &'static str),
}

/// Compares a folder with the database and records the differences. Files
/// modified less than `settle` ago are left alone this time, so a file being
/// written is recorded once, when it is complete.
pub(crate) fn reconcile(
    db: &Db,
    folder_id: i64,
    settle: Duration,
    on_batch: &dyn Fn(),
    correlation: &CorrelationId,
) -> Result<ReconcileReport> {
    let folder = db.read(|conn| watched::get(conn, folder_id))?;
    let known = db.read(|conn| watched::known(conn, folder_id))?;
    let root = PathBuf::from(&folder.path);
    let mut report = ReconcileReport {
        folder_id,
        path: folder.path.clone(),
        online: root.is_dir(),
        ..Default::default()
    };
    if !report.online {
        let changes: Vec<Change<'_>> = known
            .iter()
            .filter(|k| k.availability == "present")
            .map(|k| Change::Availability(k, "offline"))
            .collect();
        report.missing = changes.len();
        apply(db, folder_id, &changes, false, correlation)?;
        tracing::warn!(
            folder = folder.path,
            "watched folder is offline; its files are marked offline"
        );
        return Ok(report);
    }

    let matcher = Matcher::new(&folder.rules)?;
    let settled_before = now_ms() - settle.as_millis() as i64;
    // Only a folder never walked before takes the fast path that records
    // every file as new: a folder that merely has no files left may be
    // receiving files moved from another watched folder.
    if folder.last_reconciled_at.is_none() && known.is_empty() && settle.is_zero() {
        first_walk(
            db,
            folder_id,
            &root,
            &matcher,
            &mut report,
            on_batch,
            correlation,
        )?;
        tracing::info!(
            folder = folder.path,
            added = report.added,
            "watched folder walked for the first time"
        );
        return Ok(report);
    }
    let mut found = Vec::new();
    walk(&root, &matcher, &mut report.failed, &mut |file| {
        found.push(file)
    });
    let (seen, unsettled): (Vec<Seen>, Vec<Seen>) =
        found.into_iter().partition(|s| s.mtime <= settled_before);
    report.unsettled = unsettled.len();
    let seen_paths: HashSet<&str> = seen
        .iter()
        .chain(&unsettled)
        .map(|s| s.path.as_str())
        .collect();
    let known_by_path: HashMap<&str, &Known> = known.iter().map(|k| (k.path.as_str(), k)).collect();

    let mut changes = Vec::new();
    let mut new_files = Vec::new();
    for file in &seen {
        match known_by_path.get(file.path.as_str()) {
            Some(k) if k.size != file.size || k.mtime != Some(file.mtime) => {
                // Size and time first; when only the time moved, the hash
                // decides (a touched or re-saved file with the same bytes is
                // not new content).
                if k.size == file.size
                    && k.md5
                        .as_ref()
                        .is_some_and(|md5| md5_file(Path::new(&file.path)).is_ok_and(|m| &m == md5))
                {
                    changes.push(Change::Touched(k, file));
                } else {
                    changes.push(Change::Content(k, file));
                }
            }
            Some(k) if k.availability != "present" => {
                changes.push(Change::Availability(k, "present"))
            }
            Some(_) => {}
            None => new_files.push(file),
        }
    }
    let mut gone: Vec<&Known> = known
        .iter()
        .filter(|k| !seen_paths.contains(k.path.as_str()) && k.availability != "missing")
        .collect();
    let mut arrived = Vec::new();
    for file in new_files {
        // A file that vanished and one that appeared with the same bytes are
        // one file moved: it keeps its id, tags, groups and notes.
        let digest = std::cell::OnceCell::new();
        let moved_from = gone.iter().position(|k| same_file(k, file, &digest));
        match moved_from {
            Some(at) => changes.push(Change::Move(gone.swap_remove(at), file)),
            None => arrived.push((file, digest)),
        }
    }
    // Not from here: maybe moved from another watched folder, whether that
    // folder was looked at before this one (its file is missing) or not yet
    // (its file is simply gone).
    let sizes: Vec<u64> = arrived.iter().map(|(file, _)| file.size).collect();
    let elsewhere = if sizes.is_empty() {
        Vec::new()
    } else {
        db.read(|conn| watched::moved_in_candidates(conn, folder_id, &sizes))?
    };
    let mut taken = vec![false; elsewhere.len()];
    for (file, digest) in arrived {
        let from =
            (0..elsewhere.len()).find(|&i| !taken[i] && same_file(&elsewhere[i], file, &digest));
        match from {
            Some(i) => {
                taken[i] = true;
                changes.push(Change::Move(&elsewhere[i], file));
            }
            None => changes.push(Change::Add(file)),
        }
    }
    changes.extend(gone.into_iter().map(|k| Change::Availability(k, "missing")));

    for change in &changes {
        match change {
            Change::Add(_) => report.added += 1,
            Change::Content(..) => report.changed += 1,
            Change::Touched(..) => {}
            Change::Move(..) => report.moved += 1,
            Change::Availability(_, "present") => report.restored += 1,
            Change::Availability(..) => report.missing += 1,
        }
    }
    apply(db, folder_id, &changes, true, correlation)?;
    tracing::info!(
        folder = folder.path,
        added = report.added,
        changed = report.changed,
        moved = report.moved,
        missing = report.missing,
        restored = report.restored,
        "watched folder reconciled"
    );
    Ok(report)
}

/// Same size, and the same MD5 when the old one is known (else the same
/// modification time). `digest` holds the new file's MD5 once computed, so a
/// file compared with many candidates of its size is read once.
fn same_file(known: &Known, file: &Seen, digest: &std::cell::OnceCell<Option<String>>) -> bool {
    if known.size != file.size {
        return false;
    }
    match &known.md5 {
        Some(md5) => digest
            .get_or_init(|| md5_file(Path::new(&file.path)).ok())
            .as_ref()
            .is_some_and(|m| m == md5),
        None => known.mtime == Some(file.mtime),
    }
}

fn apply(
    db: &Db,
    folder_id: i64,
    changes: &[Change<'_>],
    online: bool,
    correlation: &CorrelationId,
) -> Result<()> {
    if changes.is_empty() {
        return db.write(|tx| watched::set_state(tx, folder_id, online, true));
    }
    for batch in changes.chunks(BATCH) {
        db.write(|tx| {
            for change in batch {
                match change {
                    Change::Add(file) => {
                        watched::insert(tx, folder_id, file, correlation)?;
                    }
                    Change::Content(k, file) => watched::content_changed(tx, k, file, correlation)?,
                    Change::Touched(k, file) => watched::touched(tx, k, file)?,
                    Change::Move(k, file) => watched::moved(tx, k, file, folder_id, correlation)?,
                    Change::Availability(k, availability) => {
                        watched::set_availability(tx, k, availability, correlation)?
                    }
                }
            }
            watched::set_state(tx, folder_id, online, true)
        })?;
    }
    Ok(())
}

/// Walks the folder, handing each file the rules take to `sink`.
fn walk(
    root: &Path,
    matcher: &Matcher,
    failed: &mut Vec<ImportFailure>,
    sink: &mut dyn FnMut(Seen),
) {
    let mut identities = HashSet::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0
                || !entry.file_type().is_dir()
                || entry
                    .path()
                    .strip_prefix(root)
                    .is_ok_and(|rel| matcher.enters(rel))
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_string_lossy().into_owned();
                let error = if err.loop_ancestor().is_some() {
                    "skipped: a symbolic link loops back to a folder above it".to_string()
                } else {
                    format!("could not be read: {err}")
                };
                failed.push(ImportFailure { path, error });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(root) else {
            continue;
        };
        if !matcher.takes(relative) {
            continue;
        }
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if !identities.insert((metadata.dev(), metadata.ino())) {
                continue;
            }
        }
        #[cfg(not(unix))]
        let _ = &mut identities;
        let mtime = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_millis() as i64);
        let path = entry.path();
        sink(Seen {
            path: path.to_string_lossy().into_owned(),
            path_bytes: path_bytes(path),
            name: entry.file_name().to_string_lossy().into_owned(),
            size: metadata.len(),
            mtime,
            content_type: match type_from_extension(path) {
                Some(known) if metadata.len() > 0 => known.to_string(),
                _ => sniff(path, metadata.len()),
            },
        });
    }
}

/// A folder's first walk: every file is new, so record them in batches as the
/// walk finds them, and the first ones show (and start processing) at once.
fn first_walk(
    db: &Db,
    folder_id: i64,
    root: &Path,
    matcher: &Matcher,
    report: &mut ReconcileReport,
    on_batch: &dyn Fn(),
    correlation: &CorrelationId,
) -> Result<()> {
    let mut batch: Vec<Seen> = Vec::with_capacity(BATCH);
    let mut outcome = Ok(());
    let mut failed = Vec::new();
    let flush = |batch: &mut Vec<Seen>, added: &mut usize| -> Result<()> {
        let changes: Vec<Change<'_>> = batch.iter().map(Change::Add).collect();
        apply(db, folder_id, &changes, true, correlation)?;
        *added += batch.len();
        batch.clear();
        on_batch();
        Ok(())
    };
    let mut added = 0;
    walk(root, matcher, &mut failed, &mut |file| {
        batch.push(file);
        if batch.len() >= BATCH && outcome.is_ok() {
            outcome = flush(&mut batch, &mut added);
        }
    });
    outcome?;
    flush(&mut batch, &mut added)?;
    report.added = added;
    report.failed = failed;
    Ok(())
}
