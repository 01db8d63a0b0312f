//! Files handed to other applications — Open, Show in folder, a drag out
//! of the window — carry the item's own name, never the store's random one
//! (`b79b5c….jpg`).
//!
//! A watched file is handed over where it is: it is the person's own file.
//! A copy in the store is handed over as a hard link named after the item,
//! in `handed-out/<id>/`: instant and free of space, however large the file.
//! The store's copy is made read-only first, so an editor opened on the link
//! cannot change the library's copy in place (it saves elsewhere, or asks);
//! where a hard link is impossible (a file system without them) it is a
//! plain copy. Links older than a day are swept at open: an app that opened
//! one keeps it open regardless.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};
use crate::export::safe_name;
use crate::layout::LibraryLayout;
use crate::model::ResourceId;

/// How long a handed-out link stays before the sweep at open removes it.
pub const KEPT_FOR: Duration = Duration::from_secs(24 * 60 * 60);

/// The file to give another app for the item `id` named `name`, whose file
/// is `file` (in the store or in a watched folder).
pub(crate) fn hand_out(
    layout: &LibraryLayout,
    id: ResourceId,
    name: &str,
    file: &Path,
) -> Result<PathBuf> {
    if !file.starts_with(layout.files()) {
        return Ok(file.to_path_buf());
    }
    let dir = layout.handed_out().join(id.to_string());
    let link = dir.join(safe_name(name));
    if same_file(&link, file) {
        return Ok(link);
    }
    // Another name (renamed since), or a link left from an older copy.
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .map_err(|e| Error::io("could not clear an old handed-out file", &dir, e))?;
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::io("could not make the folder for handed-out files", &dir, e))?;
    make_read_only(file)?;
    if std::fs::hard_link(file, &link).is_err() {
        std::fs::copy(file, &link)
            .map_err(|e| Error::io("could not copy the file to hand it out", &link, e))?;
        make_read_only(&link)?;
    }
    Ok(link)
}

/// Removes handed-out files older than `older_than`; what cannot be removed
/// now is left for the next sweep.
pub(crate) fn sweep(layout: &LibraryLayout, older_than: Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(layout.handed_out()) else {
        return 0;
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|at| now.duration_since(at).ok())
            .is_some_and(|age| age >= older_than);
        if old && std::fs::remove_dir_all(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether `a` and `b` are one file (the link made before, still current).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        // Without inodes to compare, a fresh link each time.
        let _ = (a, b);
        false
    }
}

fn make_read_only(path: &Path) -> Result<()> {
    let mut permissions = std::fs::metadata(path)
        .map_err(|e| Error::io("could not read the file's permissions", path, e))?
        .permissions();
    if !permissions.readonly() {
        permissions.set_readonly(true);
        std::fs::set_permissions(path, permissions)
            .map_err(|e| Error::io("could not make the library's copy read-only", path, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_file(layout: &LibraryLayout, bytes: &[u8]) -> PathBuf {
        let dir = layout.files().join("ab");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("ab12cd34.jpg");
        std::fs::write(&file, bytes).unwrap();
        file
    }

    #[test]
    fn a_store_copy_is_handed_out_under_the_items_name_and_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let layout = LibraryLayout::new(dir.path());
        let file = store_file(&layout, b"jpeg bytes");
        let handed = hand_out(&layout, 7, "Beach day.jpg", &file).unwrap();
        assert_eq!(handed.file_name().unwrap(), "Beach day.jpg");
        assert_eq!(std::fs::read(&handed).unwrap(), b"jpeg bytes");
        assert!(std::fs::metadata(&file).unwrap().permissions().readonly());
        assert!(std::fs::metadata(&handed).unwrap().permissions().readonly());
        // Asked again: the same link; renamed: the new name only.
        assert_eq!(
            hand_out(&layout, 7, "Beach day.jpg", &file).unwrap(),
            handed
        );
        let renamed = hand_out(&layout, 7, "Sunset/at sea.jpg", &file).unwrap();
        assert_eq!(renamed.file_name().unwrap(), "Sunset_at sea.jpg");
        assert!(!handed.exists());
    }

    #[test]
    fn a_watched_file_is_handed_out_where_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let layout = LibraryLayout::new(dir.path().join("library"));
        let own = dir.path().join("Pictures").join("cat.png");
        std::fs::create_dir_all(own.parent().unwrap()).unwrap();
        std::fs::write(&own, b"png").unwrap();
        assert_eq!(hand_out(&layout, 3, "cat.png", &own).unwrap(), own);
        assert!(!layout.handed_out().exists());
        assert!(!std::fs::metadata(&own).unwrap().permissions().readonly());
    }

    #[test]
    fn the_sweep_removes_only_old_handed_out_files() {
        let dir = tempfile::tempdir().unwrap();
        let layout = LibraryLayout::new(dir.path());
        let file = store_file(&layout, b"x");
        let handed = hand_out(&layout, 1, "a.jpg", &file).unwrap();
        assert_eq!(sweep(&layout, KEPT_FOR), 0);
        assert!(handed.exists());
        assert_eq!(sweep(&layout, Duration::ZERO), 1);
        assert!(!handed.exists());
        assert!(file.exists(), "the library's copy stays");
    }
}
