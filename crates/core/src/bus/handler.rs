//! What a handler is, and what it may do while it runs.

use std::path::PathBuf;

use rusqlite::Transaction;
use std::sync::{Arc, Mutex};

use crate::model::FieldValue;

use crate::db::Db;
use crate::error::Error;
use crate::events::{CorrelationId, Event, EventKind, EventPayload, ResourceField};
use crate::facts::{FactSpec, FactValue};
use crate::layout::LibraryLayout;
use crate::model::{Resource, ResourceId};
use crate::services::Services;
use crate::store::facts;
use crate::store::resources::{self, WriteOutcome};

/// A side effect that runs for events, after they are committed.
///
/// `handle` runs on the blocking pool, so it may read files and burn CPU. It
/// must be idempotent: delivery is at-least-once, and a job interrupted by a
/// crash runs again.
pub trait Handler: Send + Sync + 'static {
    /// Stable name: it is stored with every job.
    fn name(&self) -> &'static str;

    /// The event types this handler takes.
    fn subscribes_to(&self) -> &'static [EventKind];

    /// Finer filter over subscribed events: jobs are made only for events this
    /// accepts (so a handler is not woken by the updates it writes itself).
    fn wants(&self, event: &EventPayload) -> bool {
        self.subscribes_to().contains(&event.kind())
    }

    /// Whether a new resource like this one is work for this handler at
    /// all. Asked when its `resource.created` is turned into jobs, so a
    /// text file never gets a thumbnail job that would find nothing to
    /// draw: in a folder of small files, jobs that do nothing were most of
    /// the work. Only new resources are filtered this way; new bytes of
    /// another type still reach every handler `wants` lets through, which
    /// may have an old result to clear.
    fn takes_new(&self, resource: &NewResource<'_>) -> bool {
        let _ = resource;
        true
    }

    /// This handler works from what the library holds now, never from what
    /// an event says, so a job of it waiting to run for an entity already
    /// covers every later event about that entity: those get no job of
    /// their own. (A file whose hash, text and facts each change once
    /// after it is recorded is then indexed once, not four times.)
    fn coalesces(&self) -> bool {
        false
    }

    /// Higher runs first when handlers compete for CPU.
    fn priority(&self) -> i32 {
        0
    }

    /// How many jobs of this handler may run at once.
    fn concurrency(&self) -> usize {
        1
    }

    /// Handlers whose work comes first, whole: while any of them has a job
    /// running or ready (or events not yet turned into jobs are waiting),
    /// this one claims nothing. Priority only orders the CPU queue; this
    /// keeps the slow work of a drop (the previews) out of it until the
    /// fast work a person waits for (the grid) is all done.
    fn waits_for(&self) -> &'static [&'static str] {
        &[]
    }

    /// Handlers whose job for the same entity comes first: while one of
    /// theirs is pending or running for it, this handler's job waits (and,
    /// if it [`coalesces`](Self::coalesces), takes in the events their
    /// results send). The search index follows the reader of documents'
    /// text, so a new text file is indexed once, with its words, not once
    /// before and once after. Unlike [`waits_for`](Self::waits_for),
    /// this holds back one entity, never the whole queue.
    fn follows(&self) -> &'static [&'static str] {
        &[]
    }

    /// Attempts before a job becomes a dead letter.
    fn max_attempts(&self) -> u32 {
        5
    }

    /// The facts this handler finds, each declared once: how they are
    /// labelled, grouped, searched, filtered and sorted follows from this
    /// (see [`crate::facts`]). It records them with
    /// [`HandlerContext::write_facts`].
    /// Work this handler must also do over the resources a library held
    /// before (a new reader of files after an upgrade). For each backfill a
    /// library has not done yet, it queues one `resource.backfill` addressed
    /// to this handler per resource that matches; the handler's `handle`
    /// sees those events like its own. A new key runs once more.
    fn backfills(&self) -> &'static [Backfill] {
        &[]
    }

    fn facts(&self) -> &'static [FactSpec] {
        &[]
    }

    fn handle(&self, ctx: &HandlerContext, event: &Event) -> Result<(), HandlerError>;
}

/// What the fan-out knows of a resource just recorded, for
/// [`Handler::takes_new`].
#[derive(Debug, Clone, Copy)]
pub struct NewResource<'a> {
    pub content_type: &'a str,
    /// Its length in bytes, as recorded.
    pub size: u64,
    /// A file of a watched folder, recorded where it is.
    pub watched: bool,
    /// Recorded with tags or a description already (an import that tagged
    /// it).
    pub described: bool,
}

/// What a handler says when it fails. The first line is the headline a
/// person reads ("photo.png: the PNG file is damaged (a chunk is corrupt)");
/// any later lines are the technical detail, shown on request (the page's
/// Details, `mahres jobs failed --json`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandlerError {
    /// May succeed later (I/O hiccup, locked file): retried with backoff.
    #[error("{0}")]
    Transient(String),
    /// Will fail the same way every time (corrupt file): dead-lettered at once.
    #[error("{0}")]
    Permanent(String),
}

impl From<Error> for HandlerError {
    fn from(err: Error) -> Self {
        HandlerError::Transient(err.to_string())
    }
}

/// A handler's view of the library while it handles one event.
pub struct HandlerContext {
    pub(crate) db: Arc<Db>,
    pub(crate) services: Arc<Services>,
    pub(crate) layout: LibraryLayout,
    pub(crate) event: Event,
    /// The running handler's name: the source of the facts it writes.
    pub(crate) handler: &'static str,
    /// Results recorded with the `*_on_finish` writes, in order.
    pub(crate) deferred: Mutex<Vec<DeferredWrite>>,
}

/// A result written in the transaction that records its job as done (see
/// [`HandlerContext::write_resource_on_finish`]).
pub(crate) type DeferredWrite = Box<dyn FnOnce(&Transaction<'_>) -> crate::Result<()> + Send>;

/// A result larger than this is written at once rather than held until its
/// job's outcome is recorded, so what waits in memory stays small (a worker's
/// chunk of at most 256 jobs holds at most 256 of these).
const MAX_DEFERRED_BYTES: usize = 256 << 10;

impl HandlerContext {
    pub fn event(&self) -> &Event {
        &self.event
    }

    pub fn layout(&self) -> &LibraryLayout {
        &self.layout
    }

    /// State shared with the library (the similarity index, the search index).
    pub fn services(&self) -> &Services {
        &self.services
    }

    /// The resource as it is now; `None` once it has been deleted.
    pub fn resource(&self, id: ResourceId) -> Result<Option<Resource>, HandlerError> {
        Ok(self.db.read(|conn| resources::get(conn, id))?)
    }

    /// Runs a read against the library database.
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> crate::Result<T>,
    ) -> Result<T, HandlerError> {
        Ok(self.db.read(f)?)
    }

    /// Where the resource's bytes are on disk.
    pub fn file_path(&self, resource: &Resource) -> PathBuf {
        self.layout.resolve(&resource.stored_path)
    }

    /// Records results on a resource, if it still exists at `content_rev`.
    /// Unchanged values are not rewritten and emit no event, so running a
    /// handler twice leaves the same row.
    pub fn write_resource(
        &self,
        id: ResourceId,
        content_rev: i64,
        changes: &[(ResourceField, FieldValue)],
    ) -> Result<WriteOutcome, HandlerError> {
        let correlation = &self.event.correlation_id;
        Ok(self.db.write(|tx| {
            resources::apply_checked(tx, id, Some(content_rev), changes, correlation)
        })?)
    }

    /// Like [`write_resource`](Self::write_resource), but written together
    /// with this job's outcome, after `handle` returns `Ok` (and dropped if it
    /// fails), in the transaction that records many jobs as done. A fast
    /// handler then costs one write transaction per batch of jobs instead of
    /// one per file. Use it when nothing in the job reads the result back or
    /// needs to know whether it was taken: the job stays running until it
    /// is written, so the resource's next job of this handler, and any event
    /// the write emits, still come after it.
    pub fn write_resource_on_finish(
        &self,
        id: ResourceId,
        content_rev: i64,
        changes: Vec<(ResourceField, FieldValue)>,
    ) -> Result<(), HandlerError> {
        let bytes: usize = changes.iter().map(|(_, v)| v.size_hint()).sum();
        if bytes > MAX_DEFERRED_BYTES {
            return self
                .write_resource(id, content_rev, &changes)
                .map(|outcome| log_write(&outcome));
        }
        let correlation = self.event.correlation_id.clone();
        self.defer(Box::new(move |tx| {
            let outcome =
                resources::apply_checked(tx, id, Some(content_rev), &changes, &correlation)?;
            log_write(&outcome);
            Ok(())
        }));
        Ok(())
    }

    fn defer(&self, write: DeferredWrite) {
        self.deferred
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(write);
    }

    /// The results held for this job's outcome, in the order recorded.
    pub(crate) fn take_deferred(&self) -> Vec<DeferredWrite> {
        std::mem::take(&mut *self.deferred.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Pairs a raw file with the JPEG of its shot, or a JPEG with its raw
    /// files (`store/companions.rs`); the resources whose companion changed.
    pub fn pair_companions(&self, id: ResourceId) -> Result<Vec<ResourceId>, HandlerError> {
        let correlation = &self.event.correlation_id;
        Ok(self
            .db
            .write(|tx| crate::store::companions::pair(tx, id, correlation))?)
    }

    /// Adds tags a file itself carries (its embedded keywords) to its
    /// resource, if it still exists at `content_rev`.
    pub fn add_tags_from_file(
        &self,
        id: ResourceId,
        content_rev: i64,
        names: &[String],
    ) -> Result<bool, HandlerError> {
        self.retag_if_current(id, content_rev, names, crate::store::tags::add)
    }

    /// Removes tags a file's metadata no longer gives (a keyword taken out
    /// of its sidecar), if the resource is still at `content_rev`.
    pub fn remove_tags_from_file(
        &self,
        id: ResourceId,
        content_rev: i64,
        names: &[String],
    ) -> Result<bool, HandlerError> {
        self.retag_if_current(id, content_rev, names, crate::store::tags::remove)
    }

    fn retag_if_current(
        &self,
        id: ResourceId,
        content_rev: i64,
        names: &[String],
        change: fn(&Transaction<'_>, ResourceId, &[String], &CorrelationId) -> crate::Result<bool>,
    ) -> Result<bool, HandlerError> {
        let correlation = &self.event.correlation_id;
        Ok(self.db.write(|tx| {
            let rev = resources::content_rev(tx, id)?;
            if rev != Some(content_rev) {
                return Ok(false);
            }
            change(tx, id, names, correlation)
        })?)
    }

    /// Remembers the sidecar a handler wrote for a resource (and its new
    /// modification time), so the next look at the folder does not take
    /// the library's own write for an edit made elsewhere.
    pub fn record_sidecar(
        &self,
        id: ResourceId,
        path: &str,
        mtime: i64,
    ) -> Result<(), HandlerError> {
        Ok(self.db.write(|tx| {
            tx.prepare_cached(
                "UPDATE resources SET sidecar_path = ?2, sidecar_mtime = ?3 WHERE id = ?1",
            )?
            .execute(rusqlite::params![id, path, mtime])?;
            Ok(())
        })?)
    }

    /// The library's settings, as they are now.
    pub fn settings(&self) -> Result<crate::LibrarySettings, HandlerError> {
        Ok(self.db.read(crate::store::settings::get)?)
    }

    /// Records what this handler found about a resource at `content_rev`,
    /// as the whole set: a key it reported before and not now is removed.
    /// Each key must be one this handler declares in [`Handler::facts`],
    /// with a value of the declared kind; values are bounded (long texts
    /// cut, NaNs and impossible places dropped). Unchanged facts emit
    /// nothing; changed ones emit one `resource.updated` naming them, which
    /// re-indexes the resource.
    pub fn write_facts(
        &self,
        id: ResourceId,
        content_rev: i64,
        found: Vec<(&'static str, FactValue)>,
    ) -> Result<WriteOutcome, HandlerError> {
        let checked = self.check_facts(found)?;
        let correlation = &self.event.correlation_id;
        Ok(self.db.write(|tx| {
            write_together(
                tx,
                id,
                content_rev,
                &[],
                &checked,
                self.handler,
                correlation,
            )
        })?)
    }

    /// Fields and facts of one resource written with this job's outcome,
    /// together: one revision check and one `resource.updated` naming
    /// everything that changed (a small text file's hash and words).
    pub fn write_on_finish(
        &self,
        id: ResourceId,
        content_rev: i64,
        fields: Vec<(ResourceField, FieldValue)>,
        found: Vec<(&'static str, FactValue)>,
    ) -> Result<(), HandlerError> {
        let checked = self.check_facts(found)?;
        let bytes = checked.size() + fields.iter().map(|(_, v)| v.size_hint()).sum::<usize>();
        let correlation = self.event.correlation_id.clone();
        let handler = self.handler;
        let write = move |tx: &Transaction<'_>| {
            let outcome = write_together(
                tx,
                id,
                content_rev,
                &fields,
                &checked,
                handler,
                &correlation,
            )?;
            log_write(&outcome);
            Ok(())
        };
        if bytes > MAX_DEFERRED_BYTES {
            return Ok(self.db.write(write)?);
        }
        self.defer(Box::new(write));
        Ok(())
    }

    /// The facts as they will be stored: declared by this handler, of the
    /// declared kind, bounded, each key once; and the item's date they set.
    fn check_facts(
        &self,
        found: Vec<(&'static str, FactValue)>,
    ) -> Result<CheckedFacts, HandlerError> {
        let registry = &self.services.facts;
        let mut facts = Vec::with_capacity(found.len());
        for (key, value) in found {
            let declared = registry
                .get(key)
                .filter(|_| registry.owner(key) == Some(self.handler));
            let Some(spec) = declared else {
                // A programming error in the handler, the same for every file.
                return Err(HandlerError::Permanent(format!(
                    "handler `{}` wrote fact `{key}`, which it does not declare",
                    self.handler
                )));
            };
            if spec.kind != value.kind() {
                return Err(HandlerError::Permanent(format!(
                    "handler `{}` wrote fact `{key}` as {:?}, but declares it {:?}",
                    self.handler,
                    value.kind(),
                    spec.kind
                )));
            }
            if facts.iter().any(|(k, _)| *k == key) {
                continue;
            }
            if let Some(value) = value.bounded() {
                facts.push((key, value));
            }
        }
        // The item's date follows the fact that says it is one, when this
        // handler owns that fact: set when found, cleared when not.
        let item_date = registry
            .specs()
            .iter()
            .find(|s| s.item_date && registry.owner(s.key) == Some(self.handler))
            .map(|spec| {
                facts.iter().find_map(|(k, v)| match v {
                    FactValue::Timestamp {
                        utc_ms,
                        offset_minutes,
                    } if *k == spec.key => Some((*utc_ms, *offset_minutes)),
                    _ => None,
                })
            });
        Ok(CheckedFacts { facts, item_date })
    }
}

/// Says in the job's trace what became of a result.
pub(crate) fn log_write(outcome: &WriteOutcome) {
    match outcome {
        WriteOutcome::Written(fields) if fields.is_empty() => tracing::debug!("result unchanged"),
        WriteOutcome::Written(fields) => tracing::debug!(?fields, "result recorded"),
        WriteOutcome::Stale => {
            tracing::debug!("resource changed or deleted meanwhile; result dropped")
        }
    }
}

/// A handler's fields and its whole set of facts about a resource, if it is
/// still at `content_rev`; one `resource.updated` names what changed (see
/// [`HandlerContext::write_facts`] and [`HandlerContext::write_on_finish`]).
fn write_together(
    tx: &Transaction<'_>,
    id: ResourceId,
    content_rev: i64,
    fields: &[(ResourceField, FieldValue)],
    checked: &CheckedFacts,
    handler: &'static str,
    correlation: &CorrelationId,
) -> crate::Result<WriteOutcome> {
    let rev = resources::content_rev(tx, id)?;
    if rev != Some(content_rev) {
        return Ok(WriteOutcome::Stale);
    }
    let mut changed = resources::set_fields(tx, id, fields)?;
    let keys = facts::set_facts(tx, id, handler, &checked.facts)?;
    if let Some(date) = checked.item_date {
        facts::set_item_date(tx, id, date)?;
    }
    if !keys.is_empty() {
        changed.push(ResourceField::Facts);
    }
    if !changed.is_empty() {
        resources::updated(tx, id, changed.clone(), keys, correlation)?;
    }
    Ok(WriteOutcome::Written(changed))
}

/// Facts that passed [`HandlerContext::check_facts`].
struct CheckedFacts {
    facts: Vec<(&'static str, FactValue)>,
    /// `Some` when the handler owns the item-date fact: the date to set,
    /// or `None` to clear it.
    item_date: Option<Option<(i64, Option<i16>)>>,
}

impl CheckedFacts {
    fn size(&self) -> usize {
        self.facts.iter().map(|(_, v)| v.size_hint()).sum()
    }
}

/// One pass of a handler over the resources a library already holds.
#[derive(Debug, Clone, Copy)]
pub struct Backfill {
    /// Recorded once done (`handler_backfills`): a library never runs the
    /// same key twice.
    pub key: &'static str,
    /// Which resources: an SQL condition on the `resources` table
    /// (`"1"` for all of them). A constant in the handler's source, never
    /// input.
    pub only: &'static str,
}

impl Backfill {
    /// Every resource, under the handler's own name as the key.
    pub const fn all(key: &'static str) -> Self {
        Self { key, only: "1" }
    }
}
