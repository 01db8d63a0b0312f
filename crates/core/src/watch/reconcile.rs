//! One pass over a watched folder: what is on disk against what the
//! database knows.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use super::Matcher;
use super::walk::walk;
use crate::db::Db;
use crate::error::Result;
use crate::events::CorrelationId;
use crate::import::ImportFailure;
use crate::model::Availability;
use crate::model::now_ms;
use crate::store::watched::{self, Known, Md5, Seen};

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
    /// Files looked at on disk: the whole folder, or only the paths a burst
    /// of watcher events named.
    pub scanned: usize,
    /// Files or folders that could not be read, with why.
    pub failed: Vec<ImportFailure>,
    /// The unsettled files, for the pass that looks at them again.
    #[serde(skip)]
    pub(crate) unsettled_paths: Vec<PathBuf>,
}

/// Most paths a pass compares one by one; a burst naming more is compared
/// as a whole folder (one walk is then cheaper than many lookups).
const MOST_PATHS: usize = 5_000;

/// What one pass compares with the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Everything in the folder: at start-up, and whenever events may have
    /// been lost.
    Folder,
    /// Only these files and sub-folders (present or gone), and what is inside
    /// them: the paths a burst of watcher events named.
    Paths(BTreeSet<PathBuf>),
}

impl Scope {
    pub(crate) fn paths(paths: impl IntoIterator<Item = PathBuf>) -> Scope {
        let mut scope = Scope::Paths(BTreeSet::new());
        scope.extend(paths);
        scope
    }

    /// Widens this scope to cover `other` too.
    pub(crate) fn merge(&mut self, other: Scope) {
        match other {
            Scope::Folder => *self = Scope::Folder,
            Scope::Paths(paths) => self.extend(paths),
        }
    }

    fn extend(&mut self, more: impl IntoIterator<Item = PathBuf>) {
        if let Scope::Paths(paths) = self {
            // A sidecar is looked at with its folder, where its file is.
            paths.extend(more.into_iter().map(|path| match path.parent() {
                Some(folder) if crate::sidecar::is_sidecar(&path) => folder.to_path_buf(),
                _ => path,
            }));
            if paths.len() > MOST_PATHS {
                *self = Scope::Folder;
            }
        }
    }

    /// The paths to look at under `root`: none inside another, none outside
    /// the folder. `None` when the folder itself must be looked at.
    fn starts(&self, root: &Path) -> Option<Vec<PathBuf>> {
        let Scope::Paths(paths) = self else {
            return None;
        };
        let mut starts: Vec<PathBuf> = Vec::new();
        // Sorted by components, so what lies inside a path comes right after it.
        for path in paths {
            if path == root {
                return None;
            }
            let inside_last = starts.last().is_some_and(|last| path.starts_with(last));
            if path.starts_with(root) && !inside_last {
                starts.push(path.clone());
            }
        }
        Some(starts)
    }
}

enum Change<'a> {
    Add(&'a Seen),
    /// Same bytes, newer modification time.
    Touched(&'a Known, &'a Seen),
    Content(&'a Known, &'a Seen),
    Move(&'a Known, &'a Seen),
    Availability(&'a Known, Availability),
    /// Same file, its sidecar new, changed or gone.
    Sidecar(&'a Known, &'a Seen),
    /// An item that is another file's sidecar (recorded before sidecars
    /// were attached): it leaves the library, the file stays on disk.
    BecameSidecar(&'a Known),
}

/// Compares a folder (or the part of it `scope` names) with the database
/// and records the differences. Files modified less than `settle` ago are
/// left alone this time, so a file being written is recorded once, when it
/// is complete.
pub(crate) fn reconcile(
    db: &Db,
    folder_id: i64,
    scope: &Scope,
    settle: Duration,
    on_batch: &dyn Fn(usize),
    correlation: &CorrelationId,
) -> Result<ReconcileReport> {
    let folder = db.read(|conn| watched::get_uncounted(conn, folder_id))?;
    let root = PathBuf::from(&folder.path);
    let mut report = ReconcileReport {
        folder_id,
        path: folder.path.clone(),
        online: root.is_dir(),
        ..Default::default()
    };
    // A folder that went away is looked at whole, whatever the events named.
    let starts = report.online.then(|| scope.starts(&root)).flatten();
    let known = db.read_apart(|conn| match &starts {
        None => watched::known(conn, folder_id),
        Some(starts) => {
            let mut known = Vec::new();
            for start in starts {
                known.extend(watched::known_under(
                    conn,
                    folder_id,
                    &start.to_string_lossy(),
                )?);
            }
            Ok(known)
        }
    })?;
    if !report.online {
        let changes: Vec<Change<'_>> = known
            .iter()
            .filter(|k| k.availability == Availability::Present)
            .map(|k| Change::Availability(k, Availability::Offline))
            .collect();
        report.missing = changes.len();
        apply(db, folder_id, &changes, correlation)?;
        finish(db, folder_id, false, true)?;
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
    if starts.is_none()
        && folder.last_reconciled_at.is_none()
        && known.is_empty()
        && settle.is_zero()
    {
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
    // About as many files as the database knows: sized so, the list of a
    // million is not grown by doubling (its old and new buffers held at once).
    let mut found = Vec::with_capacity(known.len());
    let whole = [root.clone()];
    for start in starts.as_deref().unwrap_or(&whole) {
        walk(&root, start, &matcher, &mut report.failed, &mut |file| {
            found.push(file);
            ControlFlow::Continue(())
        });
    }
    report.scanned = found.len();
    // Settled files are compared; the others are left for the next pass.
    // Told apart where they lie, not copied into two lists.
    let settled = |s: &&Seen| s.mtime <= settled_before;
    report.unsettled_paths = found
        .iter()
        .filter(|s| !settled(s))
        .map(|s| PathBuf::from(&s.path))
        .collect();
    report.unsettled = report.unsettled_paths.len();
    let seen_paths: HashSet<&str> = found.iter().map(|s| s.path.as_str()).collect();
    let known_by_path: HashMap<&str, &Known> = known.iter().map(|k| (k.path.as_str(), k)).collect();

    let mut changes = Vec::new();
    let mut new_files = Vec::new();
    for file in found.iter().filter(settled) {
        let Some(k) = known_by_path.get(file.path.as_str()) else {
            new_files.push(file);
            continue;
        };
        if k.size != file.size || k.mtime != Some(file.mtime) {
            // Size and time first; when only the time moved, the hash
            // decides (a touched or re-saved file with the same bytes is
            // not new content).
            let same_bytes = k.size == file.size
                && k.md5
                    .is_some_and(|md5| Md5::of_file(Path::new(&file.path)) == Some(md5));
            if !same_bytes {
                // New content: its handlers read the sidecar anew anyway.
                changes.push(Change::Content(k, file));
                continue;
            }
            changes.push(Change::Touched(k, file));
        } else if k.availability != Availability::Present {
            changes.push(Change::Availability(k, Availability::Present));
        }
        if k.sidecar != file.sidecar {
            changes.push(Change::Sidecar(k, file));
        }
    }
    let sidecars: HashSet<&str> = found
        .iter()
        .filter_map(|s| s.sidecar.as_ref().map(|(path, _)| path.as_str()))
        .collect();
    changes.extend(
        known
            .iter()
            .filter(|k| sidecars.contains(k.path.as_str()))
            .map(Change::BecameSidecar),
    );
    let mut gone: Vec<&Known> = known
        .iter()
        .filter(|k| {
            !seen_paths.contains(k.path.as_str())
                && !sidecars.contains(k.path.as_str())
                && k.availability != Availability::Missing
        })
        .collect();
    let mut arrived = Vec::new();
    for file in new_files {
        // A file that vanished and one that appeared with the same bytes are
        // one file moved: it keeps its id, tags, groups and notes.
        // Several may look the same (equal size and time, no hash yet, as
        // for files written in one go): the one of the same name first, so
        // a renamed folder's files each keep their own id.
        let digest = std::cell::OnceCell::new();
        let name = Path::new(&file.path).file_name();
        let moved_from = gone
            .iter()
            .position(|k| Path::new(&k.path).file_name() == name && same_file(k, file, &digest))
            .or_else(|| gone.iter().position(|k| same_file(k, file, &digest)));
        match moved_from {
            Some(at) => changes.push(Change::Move(gone.swap_remove(at), file)),
            None => arrived.push((file, digest)),
        }
    }
    // Not from what this pass compared: maybe moved from another watched
    // folder, or from another part of this one, whether that place was
    // looked at before (its file is missing) or not yet (its file is simply
    // gone).
    let sizes: Vec<u64> = arrived.iter().map(|(file, _)| file.size).collect();
    let compared: HashSet<_> = known.iter().map(|k| k.id).collect();
    let besides = starts.is_none().then_some(folder_id);
    let elsewhere: Vec<Known> = if sizes.is_empty() {
        Vec::new()
    } else {
        db.read(|conn| watched::moved_in_candidates(conn, besides, &sizes))?
            .into_iter()
            .filter(|k| !compared.contains(&k.id))
            .collect()
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
    changes.extend(
        gone.into_iter()
            .map(|k| Change::Availability(k, Availability::Missing)),
    );

    for change in &changes {
        match change {
            Change::Add(_) => report.added += 1,
            Change::Content(..) => report.changed += 1,
            Change::Touched(..) | Change::Sidecar(..) | Change::BecameSidecar(_) => {}
            Change::Move(..) => report.moved += 1,
            Change::Availability(_, Availability::Present) => report.restored += 1,
            Change::Availability(..) => report.missing += 1,
        }
    }
    // Read before the write transactions, not inside them: the first bytes
    // of the files that are recorded anew (the others are never read).
    for change in &changes {
        if let Change::Add(file) | Change::Content(_, file) = change {
            file.content_type();
        }
    }
    apply(db, folder_id, &changes, correlation)?;
    // A pass over part of a folder that was online already has no state to
    // record: a burst of events costs no write when nothing changed.
    if starts.is_none() || !folder.online {
        finish(db, folder_id, true, starts.is_none())?;
    }
    tracing::info!(
        folder = folder.path,
        scanned = report.scanned,
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
fn same_file(known: &Known, file: &Seen, digest: &std::cell::OnceCell<Option<Md5>>) -> bool {
    if known.size != file.size {
        return false;
    }
    match known.md5 {
        Some(md5) => *digest.get_or_init(|| Md5::of_file(Path::new(&file.path))) == Some(md5),
        None => known.mtime == Some(file.mtime),
    }
}

/// Writes the changes, a batch per transaction. The folder's own state is
/// `finish`'s, once the pass is over.
fn apply(
    db: &Db,
    folder_id: i64,
    changes: &[Change<'_>],
    correlation: &CorrelationId,
) -> Result<()> {
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
                        watched::set_availability(tx, k, *availability, correlation)?
                    }
                    Change::Sidecar(k, file) => watched::sidecar_changed(tx, k, file, correlation)?,
                    Change::BecameSidecar(k) => {
                        crate::store::resources::delete(tx, k.id, correlation)?;
                    }
                }
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// Records whether the folder was there and, after a pass over all of it,
/// when it was last compared (a new folder has no time until its first walk
/// is complete: the page says "first scan in progress" till then).
fn finish(db: &Db, folder_id: i64, online: bool, whole: bool) -> Result<()> {
    db.write(|tx| watched::set_state(tx, folder_id, online, whole))
}

/// A folder's first walk: every file is new, so record them in batches as the
/// walk finds them, and the first ones show (and start processing) at once.
/// Walking (a `stat` per file) and recording take turns on two threads: the
/// walker hands full batches over a short queue while the last is written.
fn first_walk(
    db: &Db,
    folder_id: i64,
    root: &Path,
    matcher: &Matcher,
    report: &mut ReconcileReport,
    on_batch: &dyn Fn(usize),
    correlation: &CorrelationId,
) -> Result<()> {
    let (batches, found) = std::sync::mpsc::sync_channel::<Vec<Seen>>(2);
    std::thread::scope(|scope| {
        let walker = scope.spawn(move || {
            let mut failed = Vec::new();
            let mut batch = Vec::with_capacity(BATCH);
            walk(root, root, matcher, &mut failed, &mut |file| {
                // Read here, so the recorder's transactions do not wait on disk.
                file.content_type();
                batch.push(file);
                if batch.len() < BATCH {
                    return ControlFlow::Continue(());
                }
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                // The recorder gone means it failed: stop walking.
                match batches.send(full) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(_) => ControlFlow::Break(()),
                }
            });
            if !batch.is_empty() {
                let _ = batches.send(batch);
            }
            failed
        });
        let mut added = 0;
        let recorded = found.iter().try_for_each(|batch| {
            let changes: Vec<Change<'_>> = batch.iter().map(Change::Add).collect();
            apply(db, folder_id, &changes, correlation)?;
            added += batch.len();
            on_batch(added);
            Ok::<_, crate::Error>(())
        });
        // Unblocks a walker waiting to hand over a batch no one will take.
        drop(found);
        let failed = walker
            .join()
            .map_err(|_| crate::Error::Task("the walk of a watched folder panicked".into()))?;
        recorded?;
        finish(db, folder_id, true, true)?;
        report.added = added;
        report.scanned = added;
        report.failed = failed;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::FolderRules;

    #[test]
    fn a_changed_sidecar_is_looked_at_with_its_folder() {
        let scope = Scope::paths([
            PathBuf::from("/w/trip/a.jpg.xmp"),
            PathBuf::from("/w/trip/b.xmp"),
            PathBuf::from("/w/other/c.jpg"),
        ]);
        let Scope::Paths(paths) = scope else {
            panic!("paths")
        };
        let paths: Vec<_> = paths.into_iter().collect();
        assert_eq!(
            paths,
            [PathBuf::from("/w/other/c.jpg"), PathBuf::from("/w/trip")]
        );
    }

    fn pass(db: &Db, folder: i64, scope: &Scope) -> ReconcileReport {
        reconcile(
            db,
            folder,
            scope,
            Duration::ZERO,
            &|_| {},
            &CorrelationId::new(),
        )
        .unwrap()
    }

    #[test]
    fn scopes_keep_the_outermost_paths_inside_the_folder() {
        let root = Path::new("/w");
        let scope = Scope::paths(
            ["/w/a", "/w/a/b.jpg", "/w/a b", "/elsewhere/c", "/w/d/e"].map(PathBuf::from),
        );
        assert_eq!(
            scope.starts(root).unwrap(),
            ["/w/a", "/w/a b", "/w/d/e"].map(PathBuf::from)
        );
        assert_eq!(Scope::paths([PathBuf::from("/w")]).starts(root), None);
        assert_eq!(Scope::Folder.starts(root), None);

        let mut merged = Scope::paths([PathBuf::from("/w/x")]);
        merged.merge(Scope::paths([PathBuf::from("/w/y")]));
        assert_eq!(merged.starts(root).unwrap().len(), 2);
        merged.merge(Scope::paths(
            (0..MOST_PATHS).map(|i| PathBuf::from(format!("/w/{i}"))),
        ));
        assert_eq!(
            merged,
            Scope::Folder,
            "too many paths: the folder is cheaper"
        );
    }

    #[test]
    fn a_check_reads_only_the_files_it_records_anew() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path();
        for name in ["a.txt", "b.txt", "c.txt"] {
            std::fs::write(root.join(name), name).unwrap();
        }
        let id = db
            .write(|tx| watched::add(tx, &root.to_string_lossy(), &FolderRules::default()))
            .unwrap();
        assert_eq!(pass(&db, id, &Scope::Folder).added, 3);

        std::fs::write(root.join("b.txt"), "longer now").unwrap();
        std::fs::write(root.join("d.txt"), "new").unwrap();
        let sniffed = || crate::filetype::SNIFFED.with(|n| n.get());
        let before = sniffed();
        let report = pass(&db, id, &Scope::Folder);
        assert_eq!((report.scanned, report.changed, report.added), (4, 1, 1));
        assert_eq!(
            sniffed() - before,
            2,
            "the changed file and the new one; not the two that are as they were"
        );
        let known = db.read(|c| watched::known(c, id)).unwrap();
        assert!(known.iter().all(|k| k.named_after_file));
    }

    #[test]
    fn a_move_whose_old_path_the_events_missed_is_still_a_move() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::create_dir_all(root.join("b")).unwrap();
        std::fs::write(root.join("a/photo.jpg"), b"bytes").unwrap();
        std::fs::write(root.join("a/other.jpg"), b"other").unwrap();
        let id = db
            .write(|tx| watched::add(tx, &root.to_string_lossy(), &FolderRules::default()))
            .unwrap();
        assert_eq!(pass(&db, id, &Scope::Folder).added, 2);

        std::fs::rename(root.join("a/photo.jpg"), root.join("b/photo.jpg")).unwrap();
        let report = pass(&db, id, &Scope::paths([root.join("b/photo.jpg")]));
        assert_eq!(
            (report.scanned, report.moved, report.added, report.missing),
            (1, 1, 0, 0)
        );
        let known = db.read(|c| watched::known(c, id)).unwrap();
        assert_eq!(known.len(), 2);
        assert!(known.iter().any(|k| k.path.ends_with("b/photo.jpg")));

        // A folder named by the events is compared whole, inside.
        std::fs::remove_file(root.join("a/other.jpg")).unwrap();
        let report = pass(&db, id, &Scope::paths([root.join("a")]));
        assert_eq!((report.scanned, report.missing), (0, 1));
    }
}
