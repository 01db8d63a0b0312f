//! Import: copy files into the store and record them, with their
//! `resource.created` events, one transaction per batch. No decoding, hashing
//! or indexing happens here; that is the handlers' work, after the answer.
//!
//! A batch is acknowledged only once it is on disk: its pending list, the
//! copies' data, their folders and the commit are synced in that order (see
//! `durable.rs` for why, and for the sweep that cleans up after a crash).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::db::Db;
use crate::durable::{Durability, PendingList, SyncObserver, SyncStep};
use crate::error::Result;
use crate::events::CorrelationId;
use crate::layout::LibraryLayout;
use crate::model::ResourceId;
use crate::store::resources::{self, NewResource};

/// Files recorded per transaction.
const BATCH: usize = 256;
/// The first transaction records only this many, and each next one twice as
/// many up to `BATCH`: a window shows the first files of a big drop at once.
const FIRST_BATCH: usize = 16;
/// Most files copied at once.
const COPY_THREADS: usize = 4;

#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub correlation_id: CorrelationId,
    pub imported: Vec<Imported>,
    pub failed: Vec<ImportFailure>,
    /// Every imported copy and its record were on disk before this report
    /// was made (false only for a library opened with relaxed durability).
    pub durable: bool,
    /// Every imported copy was read back and matched its original.
    pub verified: bool,
    /// Some originals are on removable media (a camera card, a USB stick):
    /// a front says when they are safe to remove.
    pub from_removable_media: bool,
}

impl ImportReport {
    /// Nothing failed and every copy is on disk: the originals may go.
    pub fn originals_safe_to_remove(&self) -> bool {
        self.durable && self.failed.is_empty() && !self.imported.is_empty()
    }
}

/// How an import copies.
#[derive(Default, Clone)]
pub struct ImportOptions {
    /// Read each copy back from the disk and compare it with its original
    /// before the import answers ("verify copies").
    pub verify: bool,
    pub progress: Option<std::sync::Arc<ProgressFn>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    pub resource_id: ResourceId,
    pub path: String,
    pub size: u64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportFailure {
    pub path: String,
    pub error: String,
}

/// How far an import has got, for progress bars.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ImportProgress {
    pub found: usize,
    pub recorded: usize,
    pub failed: usize,
}

pub type ProgressFn = dyn Fn(ImportProgress) + Send + Sync;

pub(crate) struct Importer<'a> {
    pub db: &'a Db,
    pub layout: &'a LibraryLayout,
    pub correlation: CorrelationId,
    /// Called after each committed batch so the bus starts on it at once.
    pub on_commit: &'a (dyn Fn() + Sync),
    pub progress: Option<&'a ProgressFn>,
    pub durability: Durability,
    pub verify: bool,
    /// Told each step towards durability (tests check their order).
    pub observe: Option<&'a SyncObserver<'a>>,
}

struct Candidate {
    source: PathBuf,
    /// The file system it is on (`st_dev`), where known.
    device: Option<u64>,
    /// Its XMP sidecar, copied with it.
    sidecar: Option<PathBuf>,
}

/// Where a candidate's copy goes, chosen before the batch starts so that
/// its pending list can name it.
struct Planned<'a> {
    source: &'a Path,
    stored_path: String,
    /// The sidecar and where its copy goes: beside the file's copy.
    sidecar: Option<(&'a Path, String)>,
}

struct Copied {
    source: PathBuf,
    new: NewResource,
}

/// Consecutive chunks of `items`: `first` long, then doubling up to `most`.
fn growing_chunks<T>(items: &[T], first: usize, most: usize) -> impl Iterator<Item = &[T]> {
    let mut start = 0;
    let mut size = first.max(1);
    std::iter::from_fn(move || {
        if start >= items.len() {
            return None;
        }
        let end = (start + size).min(items.len());
        let chunk = &items[start..end];
        start = end;
        size = (size * 2).min(most.max(1));
        Some(chunk)
    })
}

impl Importer<'_> {
    pub(crate) fn run(self, inputs: &[PathBuf]) -> ImportReport {
        let mut report = ImportReport {
            correlation_id: self.correlation.clone(),
            imported: Vec::new(),
            failed: Vec::new(),
            durable: self.durability == Durability::Synced,
            verified: self.verify,
            from_removable_media: false,
        };
        let candidates = attach_sidecars(collect(inputs, self.layout.root(), &mut report.failed));
        let mut devices: Vec<(Option<u64>, &Path)> = candidates
            .iter()
            .map(|c| (c.device, c.source.as_path()))
            .collect();
        devices.sort_by_key(|(device, _)| *device);
        devices.dedup_by_key(|(device, _)| *device);
        report.from_removable_media = devices
            .iter()
            .any(|(device, path)| crate::removable::is_removable(*device, path));
        let mut progress = ImportProgress {
            found: candidates.len(),
            recorded: 0,
            failed: report.failed.len(),
        };
        self.report_progress(progress);
        for batch in growing_chunks(&candidates, FIRST_BATCH, BATCH) {
            self.import_batch(batch, &mut report);
            progress.recorded = report.imported.len();
            progress.failed = report.failed.len();
            self.report_progress(progress);
        }
        tracing::info!(
            correlation_id = %self.correlation,
            imported = report.imported.len(),
            failed = report.failed.len(),
            "import recorded"
        );
        report
    }

    /// One batch: pending list, copies, folders, commit — each on disk
    /// before the next — then the answer.
    fn import_batch(&self, batch: &[Candidate], report: &mut ImportReport) {
        let planned: Vec<Planned> = batch
            .iter()
            .map(|c| {
                let stored_path = stored_path_for(&c.source);
                let sidecar = c
                    .sidecar
                    .as_deref()
                    .map(|sidecar| (sidecar, format!("{stored_path}.xmp")));
                Planned {
                    source: &c.source,
                    stored_path,
                    sidecar,
                }
            })
            .collect();
        let names: Vec<&str> = planned
            .iter()
            .flat_map(|p| {
                std::iter::once(p.stored_path.as_str())
                    .chain(p.sidecar.as_ref().map(|(_, copy)| copy.as_str()))
            })
            .collect();
        let pending = match PendingList::write(self.layout, &names, self.durability) {
            Ok(pending) => pending,
            Err(e) => {
                for candidate in batch {
                    report.failed.push(failure(
                        &candidate.source,
                        format!("the library could not prepare the copy: {e}"),
                    ));
                }
                return;
            }
        };
        if self.durability == Durability::Synced {
            self.observed(SyncStep::PendingListSynced);
        }
        let mut copied = Vec::with_capacity(batch.len());
        for (plan, result) in planned.iter().zip(self.copy_all(&planned)) {
            match result {
                Ok(c) => copied.push(c),
                Err(error) => report.failed.push(failure(plan.source, error)),
            }
        }
        if let Err(e) = self.sync_folders(&copied) {
            self.give_up(
                &copied,
                report,
                format!("the copy could not be saved to disk: {e}"),
            );
            pending.finish();
            return;
        }
        match self.record(&copied) {
            Ok(ids) => {
                if self.durability == Durability::Synced {
                    self.observed(SyncStep::CommitSynced);
                }
                pending.finish();
                for (copied, id) in copied.iter().zip(ids) {
                    report.imported.push(Imported {
                        resource_id: id,
                        path: display(&copied.source),
                        size: copied.new.size,
                    });
                }
                self.observed(SyncStep::Acknowledged(copied.len()));
                (self.on_commit)();
            }
            Err(err) => {
                self.give_up(
                    &copied,
                    report,
                    format!("could not be recorded in the library: {err}"),
                );
                pending.finish();
            }
        }
    }

    /// Removes a batch's copies that will not be recorded.
    fn give_up(&self, copied: &[Copied], report: &mut ImportReport, reason: String) {
        for copied in copied {
            let _ = std::fs::remove_file(self.layout.resolve(&copied.new.stored_path));
            if let Some((sidecar, _)) = &copied.new.sidecar {
                let _ = std::fs::remove_file(self.layout.resolve(sidecar));
            }
            report.failed.push(failure(&copied.source, reason.clone()));
        }
    }

    /// Syncs the folders the batch's copies went to (and `files/`, which
    /// may have gained a folder), so their names survive a power cut.
    fn sync_folders(&self, copied: &[Copied]) -> std::io::Result<()> {
        if self.durability == Durability::Relaxed || copied.is_empty() {
            return Ok(());
        }
        let mut folders: Vec<&str> = copied
            .iter()
            .filter_map(|c| c.new.stored_path.rsplit_once('/').map(|(dir, _)| dir))
            .collect();
        folders.sort_unstable();
        folders.dedup();
        for folder in folders {
            crate::durable::sync_folder(&self.layout.resolve(folder))?;
            self.observed(SyncStep::FolderSynced(folder.to_string()));
        }
        crate::durable::sync_folder(&self.layout.files())?;
        self.observed(SyncStep::FolderSynced("files".into()));
        Ok(())
    }

    fn observed(&self, step: SyncStep) {
        if let Some(observe) = self.observe {
            observe(step);
        }
    }

    /// Copies a batch on a few threads: with the page cache warm a single
    /// copy stream is bound by one core's memory bandwidth, and on SSDs
    /// parallel requests help too. Results come back in input order.
    fn copy_all(&self, batch: &[Planned]) -> Vec<Result<Copied, String>> {
        let threads = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, COPY_THREADS);
        let per_thread = batch.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = batch
                .chunks(per_thread)
                .map(|chunk| {
                    let worker = scope.spawn(move || {
                        chunk
                            .iter()
                            .map(|plan| self.copy_in(plan))
                            .collect::<Vec<_>>()
                    });
                    (chunk.len(), worker)
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|(len, worker)| {
                    worker.join().unwrap_or_else(|_| {
                        (0..len).map(|_| Err("the copy crashed".into())).collect()
                    })
                })
                .collect()
        })
    }

    fn report_progress(&self, progress: ImportProgress) {
        if let Some(callback) = self.progress {
            callback(progress);
        }
    }

    fn record(&self, copied: &[Copied]) -> Result<Vec<ResourceId>> {
        if copied.is_empty() {
            return Ok(Vec::new());
        }
        let insert_all = |tx: &rusqlite::Transaction<'_>| {
            copied
                .iter()
                .map(|c| resources::insert(tx, &c.new, &self.correlation))
                .collect()
        };
        match self.durability {
            Durability::Synced => self.db.write_synced(insert_all),
            Durability::Relaxed => self.db.write(insert_all),
        }
    }

    /// Copies one file into the store, and syncs the copy's data. The OS
    /// does the copy (`copy_file_range`, or a reflink where the file system
    /// has them), so the bytes never pass through this process's memory.
    fn copy_in(&self, plan: &Planned) -> Result<Copied, String> {
        let source = plan.source;
        let name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| display(source));
        let relative = plan.stored_path.clone();
        let destination = self.layout.resolve(&relative);
        if let Some(parent) = destination.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                format!(
                    "could not create the store folder {}: {e}",
                    parent.display()
                )
            })?;
        }
        let size = match std::fs::copy(source, &destination) {
            Ok(size) => size,
            Err(e) => {
                let _ = std::fs::remove_file(&destination);
                return Err(match e.kind() {
                    std::io::ErrorKind::NotFound => {
                        "the file disappeared before it could be copied".into()
                    }
                    std::io::ErrorKind::PermissionDenied => {
                        "permission denied: the file cannot be read".into()
                    }
                    _ => format!("could not be copied: {e}"),
                });
            }
        };
        if let Err(reason) = self.make_lasting(source, &destination) {
            let _ = std::fs::remove_file(&destination);
            return Err(reason);
        }
        let sidecar = match &plan.sidecar {
            Some((sidecar, copy)) => match self.copy_sidecar(sidecar, copy) {
                Ok(mtime) => Some((copy.clone(), mtime)),
                Err(reason) => {
                    let _ = std::fs::remove_file(&destination);
                    return Err(reason);
                }
            },
            None => None,
        };
        let content_type = crate::filetype::sniff(&destination, size);
        // The file's own time is the original's (a copy's mtime is now).
        let mtime = std::fs::metadata(source)
            .ok()
            .and_then(|m| crate::model::modified_ms(&m));
        Ok(Copied {
            source: source.to_path_buf(),
            new: NewResource {
                name,
                original_path: display(source),
                original_path_bytes: path_bytes(source),
                stored_path: relative,
                content_type,
                size,
                watched_folder: None,
                mtime,
                sidecar,
            },
        })
    }

    /// Copies a file's XMP sidecar beside its copy; returns the sidecar's
    /// modification time.
    fn copy_sidecar(&self, sidecar: &Path, copy: &str) -> Result<i64, String> {
        let failed = |e: std::io::Error| {
            format!("its sidecar {} could not be copied: {e}", display(sidecar))
        };
        let meta = std::fs::metadata(sidecar).map_err(failed)?;
        if meta.len() > crate::sidecar::MAX_SIDECAR_BYTES {
            return Err(format!(
                "its sidecar {} is too big to be a sidecar",
                display(sidecar)
            ));
        }
        let destination = self.layout.resolve(copy);
        std::fs::copy(sidecar, &destination).map_err(failed)?;
        if self.durability == Durability::Synced {
            std::fs::File::open(&destination)
                .and_then(|f| f.sync_data())
                .map_err(failed)?;
        }
        Ok(crate::model::modified_ms(&meta).unwrap_or(0))
    }
}

impl Importer<'_> {
    /// Syncs a copy's data and, when asked, reads it back from the disk and
    /// compares it with its original.
    fn make_lasting(&self, source: &Path, copy: &Path) -> Result<(), String> {
        if self.durability == Durability::Synced {
            let file = std::fs::File::open(copy)
                .and_then(|file| file.sync_data().map(|()| file))
                .map_err(|e| format!("the copy could not be saved to disk: {e}"))?;
            self.observed(SyncStep::CopySynced(display(copy)));
            if self.verify {
                crate::durable::drop_cached_pages(&file);
            }
        }
        if self.verify {
            crate::durable::same_bytes(source, copy)?;
        }
        Ok(())
    }
}

/// A fresh name in the store for `source`'s copy: a random id (names never
/// collide) in one of 256 folders, with the source's extension if plain.
fn stored_path_for(source: &Path) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("files/{}/{}{}", &id[..2], id, safe_extension(source))
}

/// Expands folders into their files. Symlinks are followed, loops are
/// reported rather than walked forever, the same file reached twice is taken
/// once, and hidden entries inside folders are skipped (a file named
/// explicitly is always taken). Nothing from the library's own folder is
/// taken: a file it handed out (dragged out and dropped back) or its store
/// is already in it.
fn collect(
    inputs: &[PathBuf],
    library_root: &Path,
    failed: &mut Vec<ImportFailure>,
) -> Vec<Candidate> {
    let library_root = std::fs::canonicalize(library_root).ok();
    let in_library = |path: &Path| {
        library_root.as_deref().is_some_and(|root| {
            std::fs::canonicalize(path).is_ok_and(|path| path.starts_with(root))
        })
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for input in inputs {
        // Record where files came from as absolute paths, without resolving
        // symlinks (the name the user knows is the one to keep).
        let input = &std::path::absolute(input).unwrap_or_else(|_| input.clone());
        if in_library(input) {
            failed.push(failure(
                input,
                "skipped: it is already in the library (a file Mahresources handed out)",
            ));
            continue;
        }
        // Folders only: a file inside a folder outside the library is
        // outside it too, unless a folder on the way links into it.
        let walker = walkdir::WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                entry.depth() == 0
                    || !(is_hidden(entry.file_name())
                        || entry.file_type().is_dir() && in_library(entry.path()))
            });
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let key = file_identity(entry.path());
                    if key.is_none_or(|k| seen.insert(k)) {
                        out.push(Candidate {
                            source: entry.into_path(),
                            device: key.map(|(device, _)| device),
                            sidecar: None,
                        });
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().unwrap_or(input).to_path_buf();
                    let reason = if err.loop_ancestor().is_some() {
                        "skipped: a symbolic link loops back to a folder above it".to_string()
                    } else if let Some(io) = err.io_error() {
                        match io.kind() {
                            std::io::ErrorKind::NotFound => "no such file or folder".into(),
                            std::io::ErrorKind::PermissionDenied => {
                                "permission denied: the folder cannot be read".into()
                            }
                            _ => format!("could not be read: {io}"),
                        }
                    } else {
                        err.to_string()
                    };
                    failed.push(failure(&path, reason));
                }
            }
        }
    }
    out
}

/// Gives each file its XMP sidecar: one imported with it (a sidecar then is
/// no item of its own), or one lying beside it on disk. A sidecar that
/// belongs to no file being imported stays an item.
fn attach_sidecars(candidates: Vec<Candidate>) -> Vec<Candidate> {
    use crate::sidecar::{find_for, is_sidecar, pair_in_folder};
    use std::collections::HashMap;
    let mut by_folder: HashMap<&Path, Vec<usize>> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        if let Some(parent) = c.source.parent() {
            by_folder.entry(parent).or_default().push(i);
        }
    }
    let mut sidecar_of: HashMap<usize, PathBuf> = HashMap::new();
    let mut taken = vec![false; candidates.len()];
    for members in by_folder.values() {
        let names: Vec<String> = members
            .iter()
            .map(|&i| file_name(&candidates[i].source))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let (sidecars, given) = pair_in_folder(&names);
        for (at, sidecar) in sidecars.into_iter().enumerate() {
            if let Some(sidecar) = sidecar {
                sidecar_of.insert(members[at], candidates[members[sidecar]].source.clone());
            }
        }
        for (at, given) in given.into_iter().enumerate() {
            taken[members[at]] = given;
        }
    }
    candidates
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !taken[*i])
        .map(|(i, mut c)| {
            c.sidecar = sidecar_of.remove(&i).or_else(|| {
                (!is_sidecar(&c.source))
                    .then(|| find_for(&c.source))
                    .flatten()
            });
            c
        })
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

#[cfg(unix)]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_identity(_path: &Path) -> Option<(u64, u64)> {
    None
}

fn failure(path: &Path, error: impl Into<String>) -> ImportFailure {
    ImportFailure {
        path: display(path),
        error: error.into(),
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

#[cfg(unix)]
pub(crate) fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
pub(crate) fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

/// The source's extension if it is short and plain, so stored files keep a
/// meaningful suffix without letting odd names into the store.
fn safe_extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .filter(|e| !e.is_empty() && e.len() <= 10 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(|e| format!(".{}", e.to_ascii_lowercase()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_start_small_and_grow_to_the_limit() {
        let items: Vec<u32> = (0..1000).collect();
        let sizes: Vec<usize> = growing_chunks(&items, 16, 256).map(<[u32]>::len).collect();
        assert_eq!(sizes, [16, 32, 64, 128, 256, 256, 248]);
        let all: Vec<u32> = growing_chunks(&items, 16, 256).flatten().copied().collect();
        assert_eq!(all, items);
        assert_eq!(growing_chunks(&items[..0], 16, 256).count(), 0);
    }

    /// Imports three files, recording each durability step; also returns
    /// where the library recorded their copies.
    fn import_recording_steps(
        durability: Durability,
    ) -> (ImportReport, Vec<SyncStep>, Vec<String>) {
        let sources = tempfile::tempdir().unwrap();
        for name in ["a.jpg", "b.png", "c.txt"] {
            std::fs::write(sources.path().join(name), name).unwrap();
        }
        let root = tempfile::tempdir().unwrap();
        let layout = LibraryLayout::new(root.path());
        layout.create_dirs().unwrap();
        let db = Db::open(&layout.database()).unwrap();
        let steps = std::sync::Mutex::new(Vec::new());
        let observe = |step: SyncStep| steps.lock().unwrap().push(step);
        let report = Importer {
            db: &db,
            layout: &layout,
            correlation: CorrelationId::new(),
            on_commit: &|| {},
            progress: None,
            durability,
            verify: false,
            observe: Some(&observe),
        }
        .run(&[sources.path().to_path_buf()]);
        assert_eq!(report.imported.len(), 3, "{:?}", report.failed);
        let left: Vec<_> = std::fs::read_dir(layout.pending()).unwrap().collect();
        assert!(left.is_empty(), "a finished batch leaves no pending list");
        let stored = db
            .read(|conn| {
                let mut query = conn.prepare("SELECT stored_path FROM resources")?;
                let paths = query.query_map([], |row| row.get::<_, String>(0))?;
                Ok(paths
                    .map(|p| display(&layout.resolve(&p.unwrap())))
                    .collect())
            })
            .unwrap();
        (report, steps.into_inner().unwrap(), stored)
    }

    #[test]
    fn a_batch_is_acknowledged_only_after_its_list_copies_folders_and_commit_are_synced() {
        let (report, steps, stored) = import_recording_steps(Durability::Synced);
        assert!(report.durable);
        assert_eq!(steps.first(), Some(&SyncStep::PendingListSynced));
        let at = |wanted: &dyn Fn(&SyncStep) -> bool| -> Vec<usize> {
            steps
                .iter()
                .enumerate()
                .filter(|(_, s)| wanted(s))
                .map(|(i, _)| i)
                .collect()
        };
        let copies = at(&|s| matches!(s, SyncStep::CopySynced(_)));
        let folders = at(&|s| matches!(s, SyncStep::FolderSynced(_)));
        let commit = at(&|s| *s == SyncStep::CommitSynced);
        let acknowledged = at(&|s| *s == SyncStep::Acknowledged(3));
        assert_eq!(copies.len(), 3, "{steps:?}");
        // Each copy's folder, and `files/` for a new folder.
        assert!(folders.len() >= 2, "{steps:?}");
        assert!(steps.contains(&SyncStep::FolderSynced("files".into())));
        assert_eq!((commit.len(), acknowledged.len()), (1, 1), "{steps:?}");
        assert!(
            copies.iter().all(|c| folders.iter().all(|f| c < f)),
            "{steps:?}"
        );
        assert!(folders.iter().all(|f| *f < commit[0]), "{steps:?}");
        assert!(commit[0] < acknowledged[0]);
        // The copies synced are the ones the library recorded.
        let mut synced: Vec<&String> = steps
            .iter()
            .filter_map(|s| match s {
                SyncStep::CopySynced(path) => Some(path),
                _ => None,
            })
            .collect();
        synced.sort();
        let mut recorded = stored.clone();
        recorded.sort();
        assert_eq!(synced, recorded.iter().collect::<Vec<_>>());
    }

    #[test]
    fn a_relaxed_library_syncs_nothing() {
        let (report, steps, _) = import_recording_steps(Durability::Relaxed);
        assert!(!report.durable);
        assert_eq!(steps, [SyncStep::Acknowledged(3)]);
    }

    #[test]
    fn extensions_are_kept_only_when_plain() {
        assert_eq!(safe_extension(Path::new("a/b.JPG")), ".jpg");
        assert_eq!(safe_extension(Path::new("a/b")), "");
        assert_eq!(safe_extension(Path::new("a/b.we ird")), "");
        assert_eq!(safe_extension(Path::new("a/b.averyveryverylongone")), "");
    }
}
