//! Checking a library against its own records: every stored copy and
//! watched file re-hashed and compared with the MD5 recorded when it was
//! first read; copies in `files/` that no resource owns listed. With
//! `repair`, a damaged or missing copy is restored from its original when
//! that still exists and still has the recorded MD5, and stray copies are
//! removed.
//!
//! Reads only: nothing here changes the database. Hashing runs on a few
//! threads of its own (the caller is already off the async runtime).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rusqlite::Connection;
use serde::Serialize;

use crate::db::Db;
use crate::error::Result;
use crate::handlers::hash::md5_file;
use crate::layout::LibraryLayout;
use crate::model::ResourceId;

/// Resources read from the database at a time.
const PAGE: i64 = 4096;
/// Most files hashed at once: the disk, not the CPU, is usually the limit.
const THREADS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A copy in the library's store no longer has the bytes it was
    /// imported with.
    Damaged,
    /// The file is not where the library keeps it.
    Missing,
    /// A watched file has other bytes than when it was last read (edited
    /// outside the library, or damaged: the library cannot tell which).
    Changed,
    /// The file is there but cannot be read.
    Unreadable,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerifyProblem {
    pub resource_id: ResourceId,
    pub name: String,
    pub kind: ProblemKind,
    /// Where the library looked (a store path is relative to the library).
    pub path: String,
    /// What was wrong, in plain words.
    pub detail: String,
    /// Where the file came from, which a repair copies back from.
    pub original_path: String,
    /// Whether the original is still there with the recorded bytes.
    pub repairable: bool,
    pub repaired: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerifyReport {
    /// Files read and compared.
    pub checked: u64,
    pub bytes: u64,
    pub seconds: f64,
    /// Files whose first hash has not run yet: nothing to compare with.
    pub not_yet_hashed: u64,
    /// Watched files in folders that are offline (an unplugged drive).
    pub offline: u64,
    pub problems: Vec<VerifyProblem>,
    /// Copies in the store that no resource owns, relative to the library.
    pub stray_copies: Vec<String>,
    pub stray_bytes: u64,
    /// Whether the stray copies were removed (`repair`).
    pub strays_removed: bool,
}

impl VerifyReport {
    pub fn is_clean(&self) -> bool {
        self.problems.iter().all(|p| p.repaired)
            && (self.stray_copies.is_empty() || self.strays_removed)
    }
}

/// How far a check has got.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerifyProgress {
    pub checked: u64,
    pub total: u64,
    pub bytes: u64,
    pub total_bytes: u64,
}

pub type VerifyProgressFn = dyn Fn(VerifyProgress) + Send + Sync;

#[derive(Default, Clone)]
pub struct VerifyOptions {
    pub repair: bool,
    pub progress: Option<std::sync::Arc<VerifyProgressFn>>,
}

/// One resource's file, as recorded.
struct Recorded {
    id: ResourceId,
    name: String,
    stored_path: String,
    watched: bool,
    offline: bool,
    md5: Option<String>,
    size: u64,
    original_path: String,
    sidecar_path: Option<String>,
}

pub(crate) fn verify(
    db: &Db,
    layout: &LibraryLayout,
    options: &VerifyOptions,
) -> Result<VerifyReport> {
    let started = Instant::now();
    let (total, total_bytes): (u64, u64) = db.read(|conn| {
        Ok(conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM resources",
            [],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
        )?)
    })?;
    let checked = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let report = Mutex::new(VerifyReport::default());
    let mut owned = HashSet::new();
    let mut after: ResourceId = 0;
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, THREADS);
    loop {
        let page = db.read(|conn| page_after(conn, after))?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for recorded in page.iter().filter(|r| !r.watched) {
            owned.insert(recorded.stored_path.clone());
            owned.extend(recorded.sidecar_path.clone());
        }
        let next = AtomicU64::new(0);
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    loop {
                        let at = next.fetch_add(1, Ordering::Relaxed) as usize;
                        let Some(recorded) = page.get(at) else { break };
                        let outcome = check(layout, recorded, options.repair);
                        let done = checked.fetch_add(1, Ordering::Relaxed) + 1;
                        let read =
                            bytes.fetch_add(outcome.bytes, Ordering::Relaxed) + outcome.bytes;
                        {
                            let mut report = report.lock().unwrap_or_else(|p| p.into_inner());
                            match outcome.state {
                                State::Fine => report.checked += 1,
                                State::NotYetHashed => report.not_yet_hashed += 1,
                                State::Offline => report.offline += 1,
                                State::Problem(problem) => {
                                    report.checked += 1;
                                    report.problems.push(problem);
                                }
                            }
                        }
                        if let Some(progress) = &options.progress {
                            progress(VerifyProgress {
                                checked: done,
                                total,
                                bytes: read,
                                total_bytes,
                            });
                        }
                    }
                });
            }
        });
    }
    let mut report = report.into_inner().unwrap_or_else(|p| p.into_inner());
    report.bytes = bytes.into_inner();
    report.problems.sort_by_key(|p| p.resource_id);
    let (strays, stray_bytes) = stray_copies(layout, &owned);
    report.stray_bytes = stray_bytes;
    if options.repair && !strays.is_empty() {
        for stray in &strays {
            if let Err(err) = std::fs::remove_file(layout.resolve(stray)) {
                tracing::warn!(path = stray, error = %err, "could not remove a stray copy");
            }
        }
        report.strays_removed = true;
    }
    report.stray_copies = strays;
    report.seconds = started.elapsed().as_secs_f64();
    tracing::info!(
        checked = report.checked,
        problems = report.problems.len(),
        strays = report.stray_copies.len(),
        seconds = report.seconds,
        "library verified"
    );
    Ok(report)
}

fn page_after(conn: &Connection, after: ResourceId) -> Result<Vec<Recorded>> {
    let mut query = conn.prepare_cached(
        "SELECT r.id, r.name, r.stored_path, r.watched_folder_id IS NOT NULL,
                COALESCE(w.online, 1) = 0 OR r.availability = 'offline',
                r.md5, r.size, r.original_path, r.sidecar_path
         FROM resources r LEFT JOIN watched_folders w ON w.id = r.watched_folder_id
         WHERE r.id > ?1 ORDER BY r.id LIMIT ?2",
    )?;
    let rows = query.query_map([after, PAGE], |r| {
        Ok(Recorded {
            id: r.get(0)?,
            name: r.get(1)?,
            stored_path: r.get(2)?,
            watched: r.get(3)?,
            offline: r.get(4)?,
            md5: r.get(5)?,
            size: r.get::<_, i64>(6)? as u64,
            original_path: r.get(7)?,
            sidecar_path: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

enum State {
    Fine,
    NotYetHashed,
    Offline,
    Problem(VerifyProblem),
}

struct Outcome {
    state: State,
    bytes: u64,
}

fn check(layout: &LibraryLayout, recorded: &Recorded, repair: bool) -> Outcome {
    let outcome = |state| Outcome { state, bytes: 0 };
    if recorded.watched && recorded.offline {
        return outcome(State::Offline);
    }
    let Some(expected) = &recorded.md5 else {
        return outcome(State::NotYetHashed);
    };
    let path = if recorded.watched {
        PathBuf::from(&recorded.stored_path)
    } else {
        layout.resolve(&recorded.stored_path)
    };
    let problem = |kind, detail: String| VerifyProblem {
        resource_id: recorded.id,
        name: recorded.name.clone(),
        kind,
        path: recorded.stored_path.clone(),
        detail,
        original_path: recorded.original_path.clone(),
        repairable: false,
        repaired: false,
    };
    let mut found = match md5_file(&path) {
        Ok(actual) if actual == *expected => {
            return Outcome {
                state: State::Fine,
                bytes: recorded.size,
            };
        }
        Ok(_) if recorded.watched => problem(
            ProblemKind::Changed,
            "the file has other bytes than when the library last read it".into(),
        ),
        Ok(_) => problem(
            ProblemKind::Damaged,
            "the library's copy no longer has the bytes it was imported with".into(),
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => problem(
            ProblemKind::Missing,
            if recorded.watched {
                "the file is no longer in its watched folder".into()
            } else {
                "the library's copy is gone".into()
            },
        ),
        Err(e) => problem(
            ProblemKind::Unreadable,
            format!("the file cannot be read: {e}"),
        ),
    };
    // Only the library's own copies are repaired; a watched file is the
    // person's, and a changed one may be an edit.
    if !recorded.watched && matches!(found.kind, ProblemKind::Damaged | ProblemKind::Missing) {
        let original = Path::new(&recorded.original_path);
        found.repairable = md5_file(original).is_ok_and(|md5| md5 == *expected);
        if found.repairable && repair {
            match restore(original, &path) {
                Ok(()) => found.repaired = true,
                Err(e) => found.detail.push_str(&format!("; the repair failed: {e}")),
            }
        }
    }
    Outcome {
        state: State::Problem(found),
        bytes: recorded.size,
    }
}

/// Restores resource `id`'s damaged or missing copy from `source` (a backup,
/// the card it came from), which must have the bytes recorded at import.
/// Returns the stored path it wrote.
pub(crate) fn restore_from(
    conn: &Connection,
    layout: &LibraryLayout,
    id: ResourceId,
    source: &Path,
) -> Result<()> {
    use crate::error::Error;
    let resource = crate::store::resources::get(conn, id)?.ok_or(Error::NotFound {
        kind: "resource",
        id,
    })?;
    if resource.watched_folder_id.is_some() {
        return Err(Error::CannotRestore(format!(
            "{} is a watched file: it lives in its folder, where it can be put back",
            resource.name
        )));
    }
    let Some(expected) = resource.md5 else {
        return Err(Error::CannotRestore(format!(
            "{} has not been read yet, so there is nothing to compare a replacement with",
            resource.name
        )));
    };
    let actual = md5_file(source).map_err(|e| Error::io("could not read", source, e))?;
    if actual != expected {
        return Err(Error::CannotRestore(format!(
            "{} is not the file that was imported as {}: its bytes differ",
            source.display(),
            resource.name
        )));
    }
    let copy = layout.resolve(&resource.stored_path);
    restore(source, &copy).map_err(|e| Error::io("could not restore the copy at", &copy, e))
}

/// Copies `original` over a damaged or missing copy: beside it under a
/// temporary name, synced, then renamed into place, so a crash leaves the
/// old copy or the new one, never half of one.
pub(crate) fn restore(original: &Path, copy: &Path) -> std::io::Result<()> {
    let folder = copy.parent().ok_or(std::io::ErrorKind::InvalidInput)?;
    std::fs::create_dir_all(folder)?;
    crate::durable::replace_with_copy(copy, original)?;
    crate::durable::sync_folder(folder)
}

/// Files in `files/xx/` that no resource owns, with their total size.
fn stray_copies(layout: &LibraryLayout, owned: &HashSet<String>) -> (Vec<String>, u64) {
    let mut strays = Vec::new();
    let mut bytes = 0;
    let walker = walkdir::WalkDir::new(layout.files())
        .min_depth(2)
        .max_depth(2)
        .sort_by_file_name()
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter(|entry| entry.file_type().is_file());
    for entry in walker {
        let Ok(relative) = entry.path().strip_prefix(layout.root()) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        if !owned.contains(&relative) {
            bytes += entry.metadata().map_or(0, |m| m.len());
            strays.push(relative);
        }
    }
    (strays, bytes)
}
