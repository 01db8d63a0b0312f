//! What a pass found on disk against what the database knows, one place at
//! a time: each folder directory of a start-up check, or everything a burst
//! of watcher events named. Changes in place (new content, a touched file, a
//! file back, a sidecar) are recorded as they are found, in batches; files
//! not known and known files not found are held to the end, where one may be
//! the other moved (`Leftovers::settle`).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::reconcile::ReconcileReport;
use crate::db::Db;
use crate::error::Result;
use crate::events::CorrelationId;
use crate::model::Availability;
use crate::store::watched::{self, Known, Md5, Seen};

/// Changes written per transaction.
pub(super) const BATCH: usize = 500;

pub(super) enum Change {
    Add(Seen),
    /// Same bytes, newer modification time.
    Touched(Known, Seen),
    Content(Known, Seen),
    Move(Known, Seen),
    Availability(Known, Availability),
    /// Same file, its sidecar new, changed or gone.
    Sidecar(Known, Seen),
    /// An item that is another file's sidecar (recorded before sidecars
    /// were attached): it leaves the library, the file stays on disk.
    BecameSidecar(Known),
}

/// Writes changes a batch per transaction, counting them in the report as
/// they come.
pub(super) struct Recorder<'a> {
    db: &'a Db,
    folder_id: i64,
    correlation: &'a CorrelationId,
    batch: Vec<Change>,
}

impl<'a> Recorder<'a> {
    pub(super) fn new(db: &'a Db, folder_id: i64, correlation: &'a CorrelationId) -> Self {
        Recorder {
            db,
            folder_id,
            correlation,
            batch: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, change: Change, report: &mut ReconcileReport) -> Result<()> {
        match &change {
            Change::Add(_) => report.added += 1,
            Change::Content(..) => report.changed += 1,
            Change::Touched(..) | Change::Sidecar(..) | Change::BecameSidecar(_) => {}
            Change::Move(..) => report.moved += 1,
            Change::Availability(_, Availability::Present) => report.restored += 1,
            Change::Availability(..) => report.missing += 1,
        }
        self.batch.push(change);
        if self.batch.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes what is held. The folder's own state is the pass's, once it
    /// is over.
    pub(super) fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        // Read before the write transaction, not inside it: the first bytes
        // of the files that are recorded anew (the others are never read).
        for change in &self.batch {
            if let Change::Add(file) | Change::Content(_, file) = change {
                file.content_type();
            }
        }
        let (folder_id, correlation) = (self.folder_id, self.correlation);
        self.db.write(|tx| {
            for change in &self.batch {
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
        self.batch.clear();
        Ok(())
    }
}

/// Files found that the database does not know where they are, and known
/// files not found where they were: held until the whole pass is compared.
#[derive(Default)]
pub(super) struct Leftovers {
    pub(super) new_files: Vec<Seen>,
    pub(super) gone: Vec<Known>,
}

#[cfg(test)]
thread_local! {
    /// The most known files one comparison was handed: what a pass holds.
    pub(super) static MOST_KNOWN_AT_ONCE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Compares the files `found` in one place with the files the database
/// `known`s there. Files modified after `settled_before` are left for the
/// next pass.
pub(super) fn compare(
    known: Vec<Known>,
    found: Vec<Seen>,
    settled_before: i64,
    report: &mut ReconcileReport,
    recorder: &mut Recorder<'_>,
    leftovers: &mut Leftovers,
) -> Result<()> {
    #[cfg(test)]
    MOST_KNOWN_AT_ONCE.with(|most| most.set(most.get().max(known.len())));
    report.scanned += found.len();
    // A sidecar is never found as a file of its own: it comes with its file.
    let sidecars: HashSet<String> = found
        .iter()
        .filter_map(|s| s.sidecar.as_ref().map(|(path, _)| path.clone()))
        .collect();
    let mut known: HashMap<String, Known> =
        known.into_iter().map(|k| (k.path.clone(), k)).collect();
    for file in found {
        if file.mtime > settled_before {
            // Still being written: neither compared nor gone.
            known.remove(&file.path);
            report.unsettled += 1;
            report.unsettled_paths.push(file.path.into());
            continue;
        }
        let Some(k) = known.remove(&file.path) else {
            leftovers.new_files.push(file);
            continue;
        };
        compare_one(k, file, recorder, report)?;
    }
    for k in known.into_values() {
        if sidecars.contains(&k.path) {
            recorder.push(Change::BecameSidecar(k), report)?;
        } else if k.availability != Availability::Missing {
            leftovers.gone.push(k);
        }
    }
    Ok(())
}

/// One file found where the database knows it.
fn compare_one(
    k: Known,
    file: Seen,
    recorder: &mut Recorder<'_>,
    report: &mut ReconcileReport,
) -> Result<()> {
    let sidecar_changed = k.sidecar != file.sidecar;
    if k.size != file.size || k.mtime != Some(file.mtime) {
        // Size and time first; when only the time moved, the hash decides
        // (a touched or re-saved file with the same bytes is not new
        // content).
        let same_bytes = k.size == file.size
            && k.md5
                .is_some_and(|md5| Md5::of_file(Path::new(&file.path)) == Some(md5));
        if !same_bytes {
            // New content: its handlers read the sidecar anew anyway.
            return recorder.push(Change::Content(k, file), report);
        }
        if !sidecar_changed {
            return recorder.push(Change::Touched(k, file), report);
        }
        recorder.push(Change::Touched(k.clone(), file.clone()), report)?;
    } else if k.availability != Availability::Present {
        recorder.push(
            Change::Availability(k.clone(), Availability::Present),
            report,
        )?;
    }
    if sidecar_changed {
        recorder.push(Change::Sidecar(k, file), report)?;
    }
    Ok(())
}

impl Leftovers {
    /// The end of a pass: a file that vanished and one that appeared with
    /// the same bytes are one file moved (it keeps its id, tags, groups and
    /// notes); the other new files are added and the other gone ones marked
    /// missing. `besides` and `compared` say what the pass itself compared,
    /// so a move from elsewhere is looked for only outside it.
    pub(super) fn settle(
        mut self,
        db: &Db,
        besides: Option<i64>,
        compared: &HashSet<i64>,
        recorder: &mut Recorder<'_>,
        report: &mut ReconcileReport,
    ) -> Result<()> {
        // In the order the database has them, whatever order the places
        // were compared in.
        self.gone.sort_unstable_by_key(|k| k.id);
        let mut gone = self.gone;
        let mut arrived = Vec::new();
        for file in self.new_files {
            // Several may look the same (equal size and time, no hash yet,
            // as for files written in one go): the one of the same name
            // first, so a renamed folder's files each keep their own id.
            let digest = std::cell::OnceCell::new();
            let name = Path::new(&file.path).file_name();
            let moved_from = gone
                .iter()
                .position(|k| {
                    Path::new(&k.path).file_name() == name && same_file(k, &file, &digest)
                })
                .or_else(|| gone.iter().position(|k| same_file(k, &file, &digest)));
            match moved_from {
                Some(at) => recorder.push(Change::Move(gone.swap_remove(at), file), report)?,
                None => arrived.push((file, digest)),
            }
        }
        // Not from what this pass compared: maybe moved from another watched
        // folder, or from another part of this one, whether that place was
        // looked at before (its file is missing) or not yet (its file is
        // simply gone).
        let sizes: Vec<u64> = arrived.iter().map(|(file, _)| file.size).collect();
        let mut elsewhere: Vec<Option<Known>> = if sizes.is_empty() {
            Vec::new()
        } else {
            db.read(|conn| watched::moved_in_candidates(conn, besides, &sizes))?
                .into_iter()
                .filter(|k| !compared.contains(&k.id))
                .map(Some)
                .collect()
        };
        for (file, digest) in arrived {
            let from = elsewhere
                .iter_mut()
                .find(|k| k.as_ref().is_some_and(|k| same_file(k, &file, &digest)));
            match from.and_then(Option::take) {
                Some(k) => recorder.push(Change::Move(k, file), report)?,
                None => recorder.push(Change::Add(file), report)?,
            }
        }
        for k in gone {
            recorder.push(Change::Availability(k, Availability::Missing), report)?;
        }
        Ok(())
    }
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
