//! One pass over a watched folder: what is on disk against what the
//! database knows.

use std::collections::{BTreeSet, HashSet};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use super::Matcher;
use super::compare::{Change, Leftovers, Recorder, compare};
use super::walk::walk;
use crate::db::Db;
use crate::error::Result;
use crate::events::CorrelationId;
use crate::import::ImportFailure;
use crate::model::Availability;
use crate::model::now_ms;
use crate::store::watched::{self, Seen};

use super::compare::BATCH;

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
    let mut recorder = Recorder::new(db, folder_id, correlation);
    if !report.online {
        // A folder that went away is looked at whole, whatever the events named.
        db.read_apart(|conn| {
            let mut offline = Ok(());
            watched::for_each_known(conn, folder_id, &mut |k| {
                if offline.is_ok() && k.availability == Availability::Present {
                    offline =
                        recorder.push(Change::Availability(k, Availability::Offline), &mut report);
                }
            })?;
            offline
        })?;
        recorder.flush()?;
        finish(db, folder_id, false, true)?;
        tracing::warn!(
            folder = folder.path,
            "watched folder is offline; its files are marked offline"
        );
        return Ok(report);
    }

    let matcher = Matcher::new(&folder.rules)?;
    let settled_before = now_ms() - settle.as_millis() as i64;
    let starts = scope.starts(&root);
    let mut leftovers = Leftovers::default();
    let compared = match &starts {
        None => {
            // Only a folder never walked before takes the fast path that
            // records every file as new: a folder that merely has no files
            // left may be receiving files moved from another watched folder.
            let known = db.read(|conn| watched::count_known(conn, folder_id))?;
            if folder.last_reconciled_at.is_none() && known == 0 && settle.is_zero() {
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
            let mut pass = WholePass {
                db,
                folder_id,
                settled_before,
                report: &mut report,
                recorder: &mut recorder,
                leftovers: &mut leftovers,
            };
            pass.run(&root, &matcher, known)?;
            // What is compared here is this folder, which moves from
            // elsewhere are looked for outside of.
            HashSet::new()
        }
        Some(starts) => {
            let known = db.read_apart(|conn| {
                let mut known = Vec::new();
                for start in starts {
                    known.extend(watched::known_under(
                        conn,
                        folder_id,
                        &start.to_string_lossy(),
                    )?);
                }
                Ok(known)
            })?;
            let compared: HashSet<i64> = known.iter().map(|k| k.id).collect();
            let mut found = Vec::new();
            for start in starts {
                walk(&root, start, &matcher, &mut report.failed, &mut |file| {
                    found.push(file);
                    ControlFlow::Continue(())
                });
            }
            compare(
                known,
                found,
                settled_before,
                &mut report,
                &mut recorder,
                &mut leftovers,
            )?;
            compared
        }
    };
    let besides = starts.is_none().then_some(folder_id);
    leftovers.settle(db, besides, &compared, &mut recorder, &mut report)?;
    recorder.flush()?;
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

/// A pass over a whole folder, one directory at a time: the walk hands over
/// each directory's files together, and they are compared with the files
/// the database knows in that directory alone. A check of a million files
/// so holds a directory's worth of each, not the folder's.
struct WholePass<'p, 'r> {
    db: &'p Db,
    folder_id: i64,
    settled_before: i64,
    report: &'p mut ReconcileReport,
    recorder: &'p mut Recorder<'r>,
    leftovers: &'p mut Leftovers,
}

impl WholePass<'_, '_> {
    /// `known` is how many files of the folder the database knows.
    fn run(&mut self, root: &Path, matcher: &Matcher, known: usize) -> Result<()> {
        let mut failed = Vec::new();
        let mut visited: HashSet<String> = HashSet::new();
        let mut known_in_visited = 0;
        self.db.read_apart(|conn| {
            let mut outcome = Ok(());
            let mut directory: Vec<Seen> = Vec::new();
            let mut compare_directory = |files: Vec<Seen>| -> Result<()> {
                let Some(dir) = Path::new(&files[0].path).parent() else {
                    return Ok(());
                };
                let dir = dir.to_string_lossy().into_owned();
                if visited.contains(&dir) {
                    // The walk hands over each directory's files together, so
                    // this does not happen; were it to, these files are new
                    // here, and one the database knows is found again as moved
                    // onto its own path at the end.
                    tracing::warn!(dir, "a directory's files came in two parts");
                    self.leftovers.new_files.extend(files);
                    return Ok(());
                }
                let known = watched::known_in(conn, self.folder_id, &dir)?;
                known_in_visited += known.len();
                visited.insert(dir);
                compare(
                    known,
                    files,
                    self.settled_before,
                    self.report,
                    self.recorder,
                    self.leftovers,
                )
            };
            walk(root, root, matcher, &mut failed, &mut |file| {
                let same_directory = directory.last().is_none_or(|last| {
                    Path::new(&last.path).parent() == Path::new(&file.path).parent()
                });
                if !same_directory {
                    outcome = compare_directory(std::mem::take(&mut directory));
                    if outcome.is_err() {
                        return ControlFlow::Break(());
                    }
                }
                directory.push(file);
                ControlFlow::Continue(())
            });
            outcome?;
            if !directory.is_empty() {
                compare_directory(directory)?;
            }
            // Files in directories the walk found no file in (gone, emptied
            // or now left out by the rules): read only when some are left.
            if known_in_visited < known {
                watched::for_each_known(conn, self.folder_id, &mut |k| {
                    let place = Path::new(&k.path).parent().map(|p| p.to_string_lossy());
                    let unvisited = place.is_none_or(|place| !visited.contains(place.as_ref()));
                    if unvisited && k.availability != Availability::Missing {
                        self.leftovers.gone.push(k);
                    }
                })?;
            }
            Ok(())
        })?;
        self.report.failed.extend(failed);
        Ok(())
    }
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
            let count = batch.len();
            let mut recorder = Recorder::new(db, folder_id, correlation);
            let mut counted = ReconcileReport::default();
            for file in batch {
                recorder.push(Change::Add(file), &mut counted)?;
            }
            recorder.flush()?;
            added += count;
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
    use crate::watch::compare;

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
    fn a_check_compares_the_folder_one_directory_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path();
        // Names that sort around a folder's own: "a b", "a-b" and "a.txt"
        // lie between "a" and "a/" in the path index.
        for place in ["a", "a/deeper", "a b", "a-b", "gone"] {
            std::fs::create_dir_all(root.join(place)).unwrap();
        }
        let files = [
            "top.txt",
            "a.txt",
            "a/1.txt",
            "a/2.txt",
            "a/3.txt",
            "a/deeper/4.txt",
            "a/deeper/5.txt",
            "a b/6.txt",
            "a-b/7.txt",
            "gone/8.txt",
            "gone/9.txt",
        ];
        for name in files {
            std::fs::write(root.join(name), format!("the file {name}")).unwrap();
        }
        let id = db
            .write(|tx| watched::add(tx, &root.to_string_lossy(), &FolderRules::default()))
            .unwrap();
        assert_eq!(pass(&db, id, &Scope::Folder).added, files.len());
        let direct = |place: &str| {
            let mut paths: Vec<String> = db
                .read(|c| watched::known_in(c, id, &root.join(place).to_string_lossy()))
                .unwrap()
                .into_iter()
                .map(|k| {
                    Path::new(&k.path)
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect();
            paths.sort();
            paths
        };
        assert_eq!(direct("a"), ["a/1.txt", "a/2.txt", "a/3.txt"]);
        assert_eq!(direct(""), ["a.txt", "top.txt"]);

        // A folder gone whole, a file moved between folders, one changed.
        std::fs::remove_dir_all(root.join("gone")).unwrap();
        std::fs::rename(root.join("a/deeper/4.txt"), root.join("a-b/4.txt")).unwrap();
        std::fs::write(root.join("a/1.txt"), "new content, longer").unwrap();
        compare::MOST_KNOWN_AT_ONCE.with(|most| most.set(0));
        let report = pass(&db, id, &Scope::Folder);
        assert_eq!(
            (
                report.scanned,
                report.missing,
                report.moved,
                report.changed,
                report.added
            ),
            (9, 2, 1, 1, 0)
        );
        assert_eq!(
            compare::MOST_KNOWN_AT_ONCE.with(|most| most.get()),
            3,
            "a directory's files at a time, never the folder's eleven"
        );
        let known = db.read(|c| watched::known(c, id)).unwrap();
        let missing = known
            .iter()
            .filter(|k| k.availability == Availability::Missing)
            .count();
        assert_eq!((known.len(), missing), (files.len(), 2));
        assert!(known.iter().any(|k| k.path.ends_with("a-b/4.txt")));

        // Nothing changed: nothing written, the missing ones stay missing.
        let report = pass(&db, id, &Scope::Folder);
        assert_eq!(
            (
                report.missing,
                report.moved,
                report.changed,
                report.added,
                report.restored
            ),
            (0, 0, 0, 0, 0)
        );
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
