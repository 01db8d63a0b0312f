//! Finding the files of a watched folder (or of one part of it) that its
//! rules take.

use std::collections::HashSet;
use std::ops::ControlFlow;
use std::path::Path;

use super::Matcher;
use crate::import::ImportFailure;
use crate::store::watched::Seen;

/// Walks `start` — the folder `root` itself or a file or folder inside it —
/// handing each file the rules take to `sink` until it says to stop. Rules match paths relative to
/// `root`, so a part of the folder is walked exactly as a whole walk would
/// see it. A `start` that is gone yields nothing.
pub(crate) fn walk(
    root: &Path,
    start: &Path,
    matcher: &Matcher,
    failed: &mut Vec<ImportFailure>,
    sink: &mut dyn FnMut(Seen) -> ControlFlow<()>,
) {
    if !rules_reach(root, start, matcher) {
        return;
    }
    if start != root && std::fs::symlink_metadata(start).is_err() {
        return;
    }
    // Hard links and links to files already seen are one file.
    let mut identities = HashSet::new();
    let mut folder = SidecarFolder::default();
    // A folder's files before its sub-folders, so they arrive together and
    // a sidecar can be given to its file; each by name, so a folder's photos
    // are recorded (and shown by "Date added") in the order a person sees
    // them in a file manager, not in the disk's own order.
    let walker = walkdir::WalkDir::new(start)
        .follow_links(true)
        .sort_by(|a, b| {
            a.file_type()
                .is_dir()
                .cmp(&b.file_type().is_dir())
                .then_with(|| by_name(a.file_name(), b.file_name()))
        })
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
                let path = err.path().unwrap_or(start).to_string_lossy().into_owned();
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
        let mtime = crate::model::modified_ms(&metadata).unwrap_or(0);
        let path = entry.path();
        // A walk of one file sees none of its neighbours: its sidecar is
        // looked for on disk.
        let sidecar = if entry.depth() == 0 {
            sidecar_on_disk(path)
        } else {
            None
        };
        let seen = Seen::new(path, metadata.len(), mtime, sidecar);
        if folder.push(seen, sink).is_break() {
            return;
        }
    }
    let _ = folder.flush(sink);
}

/// Name order: letters without regard to case (`b.jpg` before `C.jpg`),
/// then the exact bytes, so the order is total.
fn by_name(a: &std::ffi::OsStr, b: &std::ffi::OsStr) -> std::cmp::Ordering {
    // Folded as they are compared, byte by byte for the usual ASCII names:
    // a sort compares each name many times, and a folder of a million files
    // should not allocate (or decode) for each comparison.
    let folded = match (a.to_str(), b.to_str()) {
        (Some(a), Some(b)) if a.is_ascii() && b.is_ascii() => a
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase())),
        _ => {
            let (a, b) = (a.to_string_lossy(), b.to_string_lossy());
            a.chars()
                .flat_map(char::to_lowercase)
                .cmp(b.chars().flat_map(char::to_lowercase))
        }
    };
    folded.then_with(|| a.cmp(b))
}

/// A file's sidecar found by its name, with its modification time.
fn sidecar_on_disk(file: &Path) -> Option<(String, i64)> {
    let sidecar = crate::sidecar::find_for(file)?;
    let mtime = crate::model::modified_ms(&std::fs::metadata(&sidecar).ok()?)?;
    Some((sidecar.to_string_lossy().into_owned(), mtime))
}

/// One folder's files, held until the walk leaves the folder so that each
/// XMP sidecar goes to its file instead of becoming an item of its own.
#[derive(Default)]
struct SidecarFolder {
    parent: Option<std::path::PathBuf>,
    files: Vec<Seen>,
}

impl SidecarFolder {
    fn push(
        &mut self,
        seen: Seen,
        sink: &mut dyn FnMut(Seen) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let parent = Path::new(&seen.path).parent().map(Path::to_path_buf);
        if parent != self.parent {
            self.flush(sink)?;
            self.parent = parent;
        }
        self.files.push(seen);
        ControlFlow::Continue(())
    }

    fn flush(&mut self, sink: &mut dyn FnMut(Seen) -> ControlFlow<()>) -> ControlFlow<()> {
        for seen in attach_sidecars(std::mem::take(&mut self.files)) {
            sink(seen)?;
        }
        ControlFlow::Continue(())
    }
}

/// Gives each sidecar among one folder's files to the file it belongs to;
/// a sidecar that belongs to none stays a file.
fn attach_sidecars(mut files: Vec<Seen>) -> Vec<Seen> {
    let names: Vec<&str> = files.iter().map(Seen::name).collect();
    let (sidecar_of, given) = crate::sidecar::pair_in_folder(&names);
    let sidecars: Vec<Option<(String, i64)>> = sidecar_of
        .iter()
        .map(|s| s.map(|i| (files[i].path.clone(), files[i].mtime)))
        .collect();
    for (file, sidecar) in files.iter_mut().zip(sidecars) {
        if sidecar.is_some() {
            file.sidecar = sidecar;
        }
    }
    let mut keep = given.iter().map(|g| !g);
    files.retain(|_| keep.next().unwrap_or(true));
    files
}

/// Whether a whole walk from `root` would get as far as `start`: every
/// folder on the way (and `start` itself, when it is a folder) is one the
/// rules enter.
fn rules_reach(root: &Path, start: &Path, matcher: &Matcher) -> bool {
    let Ok(relative) = start.strip_prefix(root) else {
        return false;
    };
    if start == root {
        return true;
    }
    if start.is_dir() {
        // A folder is reached when it and every folder above it is entered.
        relative
            .ancestors()
            .all(|p| p.as_os_str().is_empty() || matcher.enters(p))
    } else {
        matcher.keeps(relative)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::FolderRules;

    fn found(root: &Path, start: &Path) -> Vec<String> {
        let matcher = Matcher::new(&FolderRules::default()).unwrap();
        let mut names = Vec::new();
        walk(root, start, &matcher, &mut Vec::new(), &mut |seen| {
            names.push(
                Path::new(&seen.path)
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
            ControlFlow::Continue(())
        });
        names.sort();
        names
    }

    #[test]
    fn names_are_ordered_without_regard_to_case_ascii_or_not() {
        let mut names = [
            "b.jpg",
            "C.jpg",
            "a.jpg",
            "A.jpg",
            "Ärger.jpg",
            "ärger.jpg",
            "Über.jpg",
            "z.jpg",
            "IMG_10.jpg",
            "img_9.jpg",
            "ÉTÉ.jpg",
            "été.jpg",
        ];
        names.sort_by(|a, b| by_name(std::ffi::OsStr::new(a), std::ffi::OsStr::new(b)));
        let mut expected = names;
        // What a name order folds: the whole name lowered, then the bytes.
        expected.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b)));
        assert_eq!(names, expected);
        assert_eq!(&names[..4], ["A.jpg", "a.jpg", "b.jpg", "C.jpg"]);
    }

    #[test]
    fn a_folders_files_come_in_name_order_before_its_sub_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // Made in an order of their own; the disk lists them in another.
        let mut names: Vec<String> = (0..40)
            .map(|i| format!("IMG_{:04}.jpg", (i * 17) % 40))
            .collect();
        names.push("a-first.jpg".into());
        names.push("Z-last.jpg".into());
        for name in &names {
            std::fs::write(root.join(name), b"x").unwrap();
        }
        std::fs::create_dir(root.join("0-sub")).unwrap();
        std::fs::write(root.join("0-sub/inner.jpg"), b"x").unwrap();
        let matcher = Matcher::new(&FolderRules::default()).unwrap();
        let mut order = Vec::new();
        walk(root, root, &matcher, &mut Vec::new(), &mut |seen| {
            order.push(seen.name().to_owned());
            ControlFlow::Continue(())
        });
        let mut expected: Vec<String> = (0..40).map(|i| format!("IMG_{i:04}.jpg")).collect();
        expected.insert(0, "a-first.jpg".into());
        expected.push("Z-last.jpg".into());
        expected.push("inner.jpg".into());
        assert_eq!(order, expected);
    }

    #[test]
    fn a_part_of_the_folder_is_walked_under_the_same_rules() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "a/one.jpg",
            "a/b/two.jpg",
            ".hidden/three.jpg",
            "a/.four.jpg",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b"x").unwrap();
        }
        assert_eq!(found(root, root), ["a/b/two.jpg", "a/one.jpg"]);
        assert_eq!(found(root, &root.join("a")), ["a/b/two.jpg", "a/one.jpg"]);
        assert_eq!(found(root, &root.join("a/b/two.jpg")), ["a/b/two.jpg"]);
        // What the rules skip stays skipped when named directly.
        assert!(found(root, &root.join(".hidden")).is_empty());
        assert!(found(root, &root.join(".hidden/three.jpg")).is_empty());
        assert!(found(root, &root.join("a/.four.jpg")).is_empty());
        // Gone, or outside the folder: nothing.
        assert!(found(root, &root.join("a/gone.jpg")).is_empty());
        assert!(found(root, Path::new("/etc/hostname")).is_empty());
    }
}
