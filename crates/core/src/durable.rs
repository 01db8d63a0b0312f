//! What makes an import survive a crash or a power cut, and what cleans up
//! after one.
//!
//! An import copies a batch straight to its final names in `files/`, so the
//! handlers that start at the commit always find the file. Before the first
//! byte is copied, the batch's names are written to a *pending list* in
//! `pending/` (synced). After the copies, their folders and the commit are
//! synced, the list is removed. A crash at any moment leaves at most one
//! list per batch in flight; the sweep at the next open removes every copy
//! it names that no resource owns, then the list. So no copy is ever
//! stranded without its resource, and no resource points at a copy that
//! was not on disk when its import was acknowledged.
//!
//! The sweep removes only paths of the form `files/xx/NAME` inside the
//! library: never a watched file (an absolute path, never listed), never
//! anything outside the library folder.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::OptionalExtension;

use crate::db::Db;
use crate::error::{Error, Result};
use crate::layout::LibraryLayout;

/// Whether an import waits for its copies and its commit to reach the disk
/// before it answers. `Relaxed` exists for the benchmark that measures what
/// syncing costs; nothing else should use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    #[default]
    Synced,
    Relaxed,
}

/// A step on the way to a durable import, in the order the importer takes
/// them; tests record them to check that order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SyncStep {
    PendingListSynced,
    CopySynced(String),
    FolderSynced(String),
    CommitSynced,
    Acknowledged(usize),
}

pub(crate) type SyncObserver<'a> = dyn Fn(SyncStep) + Sync + 'a;

/// The pending list of one batch; removed once the batch is committed.
pub(crate) struct PendingList {
    path: PathBuf,
}

impl PendingList {
    /// Writes the names a batch is about to copy to, and syncs them.
    pub(crate) fn write(
        layout: &LibraryLayout,
        stored_paths: &[&str],
        durability: Durability,
    ) -> std::io::Result<Self> {
        let dir = layout.pending();
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{}.paths", uuid::Uuid::new_v4().simple()));
        let mut file = File::create(&path)?;
        let mut text = stored_paths.join("\n");
        text.push('\n');
        file.write_all(text.as_bytes())?;
        if durability == Durability::Synced {
            file.sync_data()?;
            sync_folder(&dir)?;
        }
        Ok(Self { path })
    }

    /// The batch is committed (or given up and its copies removed): the
    /// list has nothing left to clean. Not synced: a list that survives a
    /// power cut names only owned copies, which the sweep leaves alone.
    pub(crate) fn finish(self) {
        if let Err(err) = std::fs::remove_file(&self.path) {
            tracing::warn!(path = %self.path.display(), error = %err, "could not remove a pending list");
        }
    }
}

/// Puts `bytes` at `target` whole or not at all: written beside it under a
/// temporary name, synced, renamed over. A crash leaves the old file or
/// the new one, never half of one.
pub(crate) fn replace_with_bytes(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_by(target, |temporary| {
        let mut file = File::create(temporary)?;
        file.write_all(bytes)?;
        file.sync_data()
    })
}

/// [`replace_with_bytes`] with a copy of `source`; returns the bytes copied.
pub(crate) fn replace_with_copy(target: &Path, source: &Path) -> std::io::Result<u64> {
    let mut copied = 0;
    replace_by(target, |temporary| {
        copied = std::fs::copy(source, temporary)?;
        File::open(temporary)?.sync_data()
    })?;
    Ok(copied)
}

fn replace_by(
    target: &Path,
    fill: impl FnOnce(&Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut name = target.as_os_str().to_os_string();
    name.push(".mahres-partial");
    let temporary = PathBuf::from(name);
    let done = fill(&temporary).and_then(|()| std::fs::rename(&temporary, target));
    if done.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    done
}

/// Makes a folder's entries (a new file's name) durable.
pub(crate) fn sync_folder(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Asks the OS to forget a synced file's cached pages, so that reading it
/// back reads the disk, not memory (what "verify copies" is for).
pub(crate) fn drop_cached_pages(file: &File) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: the descriptor is open for as long as `file` lives; the
        // call only gives advice about its cached pages.
        unsafe {
            libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
}

/// Compares a copy with its original, a block at a time.
pub(crate) fn same_bytes(original: &Path, copy: &Path) -> std::result::Result<(), String> {
    const BLOCK: usize = 1 << 20;
    let unreadable = |e: std::io::Error| format!("could not be read back to verify the copy: {e}");
    let (mut original, mut copy) = (
        File::open(original).map_err(unreadable)?,
        File::open(copy).map_err(unreadable)?,
    );
    let (mut a, mut b) = (vec![0u8; BLOCK], vec![0u8; BLOCK]);
    let mut offset = 0u64;
    loop {
        let got_a = fill(&mut original, &mut a).map_err(unreadable)?;
        let got_b = fill(&mut copy, &mut b).map_err(unreadable)?;
        if got_a != got_b || a[..got_a] != b[..got_b] {
            return Err(format!(
                "the copy differs from the original near byte {offset}: the card or the disk may be failing"
            ));
        }
        if got_a == 0 {
            return Ok(());
        }
        offset += got_a as u64;
    }
}

/// Reads until `buffer` is full or the file ends; how much it read.
fn fill(file: &mut File, buffer: &mut [u8]) -> std::io::Result<usize> {
    use std::io::Read;
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// What the sweep at open found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SweepReport {
    /// Pending lists left by an import that did not finish.
    pub unfinished_batches: usize,
    /// Copies those imports had made that no resource owns, now removed.
    pub removed_copies: usize,
}

/// Finishes what interrupted imports left: every copy named in a pending
/// list that no resource owns is removed, then the list. Runs at open, by
/// the process that holds the library's lock, before anything imports.
pub(crate) fn sweep(layout: &LibraryLayout, db: &Db) -> Result<SweepReport> {
    let mut report = SweepReport::default();
    let dir = layout.pending();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(report),
        Err(e) => return Err(Error::io("could not read the pending imports", &dir, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("could not read the pending imports", &dir, e))?;
        let list = entry.path();
        // A list is small (one batch); anything else here is not ours to read.
        let text = match std::fs::metadata(&list) {
            Ok(meta) if meta.is_file() && meta.len() <= 1 << 20 => {
                std::fs::read_to_string(&list).unwrap_or_default()
            }
            _ => continue,
        };
        report.unfinished_batches += 1;
        for stored in text.lines().filter(|line| !line.is_empty()) {
            if !is_store_copy(stored) {
                tracing::warn!(
                    path = stored,
                    "a pending list names a path outside the store; left alone"
                );
                continue;
            }
            let owned = db.read(|conn| {
                Ok(conn
                    .query_row(
                        "SELECT 1 FROM resources WHERE stored_path = ?1 AND watched_folder_id IS NULL",
                        [stored],
                        |_| Ok(()),
                    )
                    .optional()?
                    .is_some())
            })?;
            if owned {
                continue;
            }
            match std::fs::remove_file(layout.resolve(stored)) {
                Ok(()) => report.removed_copies += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(Error::io(
                        "could not remove a copy an interrupted import left",
                        layout.resolve(stored),
                        e,
                    ));
                }
            }
        }
        std::fs::remove_file(&list)
            .map_err(|e| Error::io("could not remove a pending list", &list, e))?;
    }
    if report != SweepReport::default() {
        tracing::info!(
            unfinished_batches = report.unfinished_batches,
            removed_copies = report.removed_copies,
            "cleaned up after an interrupted import"
        );
    }
    Ok(report)
}

/// `files/xx/NAME`: the only shape the importer gives a copy.
fn is_store_copy(stored: &str) -> bool {
    let mut parts = stored.split('/');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some("files"), Some(bucket), Some(name), None)
            if bucket.len() == 2
                && bucket.bytes().all(|b| b.is_ascii_hexdigit())
                && !name.is_empty()
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
                && !name.starts_with('.')
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::CorrelationId;
    use crate::store::resources::{self, NewResource};

    #[test]
    fn the_sweep_removes_only_unowned_copies_a_pending_list_names() {
        let root = tempfile::tempdir().unwrap();
        let layout = LibraryLayout::new(root.path().join("library"));
        layout.create_dirs().unwrap();
        let db = Db::open(&layout.database()).unwrap();
        let owned = "files/ab/ab01.jpg";
        let unowned = "files/cd/cd02.jpg";
        let never_copied = "files/ef/ef03.jpg";
        let outside = root.path().join("precious.jpg");
        for path in [owned, unowned] {
            let path = layout.resolve(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        std::fs::write(&outside, "mine").unwrap();
        db.write(|tx| {
            let new = NewResource {
                name: "a.jpg".into(),
                original_path: "/a.jpg".into(),
                original_path_bytes: b"/a.jpg".to_vec(),
                stored_path: owned.into(),
                content_type: "image/jpeg".into(),
                size: 1,
                watched_folder: None,
                mtime: None,
                sidecar: None,
            };
            resources::insert(tx, &new, &CorrelationId::new())
        })
        .unwrap();
        let hostile = "files/../../precious.jpg";
        PendingList::write(
            &layout,
            &[
                owned,
                unowned,
                never_copied,
                hostile,
                outside.to_str().unwrap(),
            ],
            Durability::Synced,
        )
        .unwrap();

        let report = sweep(&layout, &db).unwrap();
        assert_eq!(
            report,
            SweepReport {
                unfinished_batches: 1,
                removed_copies: 1
            }
        );
        assert!(layout.resolve(owned).exists());
        assert!(!layout.resolve(unowned).exists());
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "mine");
        assert_eq!(std::fs::read_dir(layout.pending()).unwrap().count(), 0);
        // Nothing left to do the next time.
        assert_eq!(sweep(&layout, &db).unwrap(), SweepReport::default());
    }

    #[test]
    fn a_copy_that_differs_from_its_original_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        let original = dir.path().join("a");
        let copy = dir.path().join("b");
        let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&original, &bytes).unwrap();
        std::fs::write(&copy, &bytes).unwrap();
        assert_eq!(same_bytes(&original, &copy), Ok(()));
        let mut flipped = bytes.clone();
        flipped[2_500_000] ^= 4;
        std::fs::write(&copy, &flipped).unwrap();
        let error = same_bytes(&original, &copy).unwrap_err();
        assert!(error.contains("near byte 2097152"), "{error}");
        std::fs::write(&copy, &bytes[..bytes.len() - 1]).unwrap();
        assert!(same_bytes(&original, &copy).is_err(), "a short copy");
    }

    #[test]
    fn only_store_copies_may_be_swept() {
        assert!(is_store_copy("files/ab/0123abcd.jpg"));
        assert!(!is_store_copy("/home/me/photo.jpg"));
        assert!(!is_store_copy("files/ab/../../library.db"));
        assert!(!is_store_copy("files/ab/.."));
        assert!(!is_store_copy("files/../x/y"));
        assert!(!is_store_copy("thumbnails/ab/1-256.jpg"));
        assert!(!is_store_copy("files/ab/c/d.jpg"));
        assert!(!is_store_copy("files/zz/a.jpg"));
    }
}
