//! Import: copy files into the store and record them, with their
//! `resource.created` events, one transaction per batch. No decoding, hashing
//! or indexing happens here; that is the handlers' work, after the answer.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::db::Db;
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
}

struct Candidate {
    source: PathBuf,
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
        };
        let candidates = collect(inputs, &mut report.failed);
        let mut progress = ImportProgress {
            found: candidates.len(),
            recorded: 0,
            failed: report.failed.len(),
        };
        self.report_progress(progress);
        for batch in growing_chunks(&candidates, FIRST_BATCH, BATCH) {
            let mut copied = Vec::with_capacity(batch.len());
            for (candidate, result) in batch.iter().zip(self.copy_all(batch)) {
                match result {
                    Ok(c) => copied.push(c),
                    Err(error) => report.failed.push(failure(&candidate.source, error)),
                }
            }
            match self.record(&copied) {
                Ok(ids) => {
                    for (copied, id) in copied.iter().zip(ids) {
                        report.imported.push(Imported {
                            resource_id: id,
                            path: display(&copied.source),
                            size: copied.new.size,
                        });
                    }
                    (self.on_commit)();
                }
                Err(err) => {
                    for copied in &copied {
                        let _ = std::fs::remove_file(self.layout.resolve(&copied.new.stored_path));
                        report.failed.push(failure(
                            &copied.source,
                            format!("could not be recorded in the library: {err}"),
                        ));
                    }
                }
            }
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

    /// Copies a batch on a few threads: with the page cache warm a single
    /// copy stream is bound by one core's memory bandwidth, and on SSDs
    /// parallel requests help too. Results come back in input order.
    fn copy_all(&self, batch: &[Candidate]) -> Vec<Result<Copied, String>> {
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
                            .map(|c| self.copy_in(&c.source))
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
        self.db.write(|tx| {
            copied
                .iter()
                .map(|c| resources::insert(tx, &c.new, &self.correlation))
                .collect()
        })
    }

    /// Copies one file into the store. The OS does the copy
    /// (`copy_file_range`, or a reflink where the file system has them), so the
    /// bytes never pass through this process's memory.
    fn copy_in(&self, source: &Path) -> Result<Copied, String> {
        let name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| display(source));
        let id = uuid::Uuid::new_v4().simple().to_string();
        let extension = safe_extension(source);
        let relative = format!("files/{}/{}{}", &id[..2], id, extension);
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
        let content_type = crate::filetype::sniff(&destination, size);
        // The file's own time is the original's (a copy's mtime is now).
        let mtime = std::fs::metadata(source)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_millis() as i64);
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
            },
        })
    }
}

/// Expands folders into their files. Symlinks are followed, loops are
/// reported rather than walked forever, the same file reached twice is taken
/// once, and hidden entries inside folders are skipped (a file named
/// explicitly is always taken).
fn collect(inputs: &[PathBuf], failed: &mut Vec<ImportFailure>) -> Vec<Candidate> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for input in inputs {
        // Record where files came from as absolute paths, without resolving
        // symlinks (the name the user knows is the one to keep).
        let input = &std::path::absolute(input).unwrap_or_else(|_| input.clone());
        let walker = walkdir::WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let key = file_identity(entry.path());
                    if key.is_none_or(|k| seen.insert(k)) {
                        out.push(Candidate {
                            source: entry.into_path(),
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

    #[test]
    fn extensions_are_kept_only_when_plain() {
        assert_eq!(safe_extension(Path::new("a/b.JPG")), ".jpg");
        assert_eq!(safe_extension(Path::new("a/b")), "");
        assert_eq!(safe_extension(Path::new("a/b.we ird")), "");
        assert_eq!(safe_extension(Path::new("a/b.averyveryverylongone")), "");
    }
}
