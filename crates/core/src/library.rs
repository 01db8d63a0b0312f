//! The `Library`: the one API both fronts (desktop shell and CLI) use, and
//! the place for every rule they share (bulk actions, folder rules, what
//! work is outstanding). Not SQL (`store/`) nor the work itself (`handlers/`).

mod albums;
mod duplicates;
pub(crate) mod grid;
mod organising;
mod watching;

pub use organising::{RemovalFailure, RemovalReport};

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::Transaction;
use tokio::sync::watch;

use crate::bus::{self, Bus, BusConfig, BusStatus, Handler, RetryPolicy};
use crate::db::Db;
use crate::duplicates::Similar;
use crate::durable::Durability;
use crate::error::{Error, Result};
use crate::events::{CorrelationId, EntityKey, EntityKind, Event, EventId, ResourceField};
use crate::facts::FactRegistry;
use crate::history;
use crate::import::{ImportOptions, ImportReport, Importer, ProgressFn};
use crate::layout::{LibraryLayout, LibraryLock};
use crate::model::*;
use crate::search::{self, ReindexProgress, SearchIndex, SortOrder};
use crate::services::Services;
use crate::store::jobs::{self, FailedJob, FailureFilter};
use crate::store::notes::NoteTarget;
use crate::store::{groups, notes, outbox, resources, tags};

/// How this process uses the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Own the library and run its handlers (the app, `mahres import`, `wait`).
    Process,
    /// Own the library but leave the work pending (`mahres import --no-wait`).
    RecordOnly,
    /// Read beside whichever process owns it (`mahres status`, `list`, `show`).
    ReadOnly,
}

pub struct LibraryOptions {
    pub root: PathBuf,
    pub access: Access,
    /// Reconcile watched folders in the background at open (default). Off
    /// for a caller that reconciles itself and wants the report.
    pub reconcile_at_start: bool,
    pub handlers: Vec<Arc<dyn Handler>>,
    pub bus: BusConfig,
    /// Whether imports and a person's changes are on disk before they are
    /// acknowledged (the default), or only handed to the OS.
    pub durability: Durability,
    /// What "now" is for the Trash (when an item was trashed, when it is
    /// emptied); the system clock unless a test sets its own.
    pub clock: Clock,
}

/// The time in UTC milliseconds.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

impl LibraryOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            access: Access::Process,
            reconcile_at_start: true,
            handlers: crate::handlers::default_handlers(),
            bus: BusConfig::default(),
            durability: Durability::default(),
            clock: Arc::new(now_ms),
        }
    }

    /// A clock of the caller's (tests of the Trash's retention).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn durability(mut self, durability: Durability) -> Self {
        self.durability = durability;
        self
    }

    pub fn access(mut self, access: Access) -> Self {
        self.access = access;
        self
    }

    pub fn handlers(mut self, handlers: Vec<Arc<dyn Handler>>) -> Self {
        self.handlers = handlers;
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.bus.retry = retry;
        self
    }
}

/// A handle to an open library; cheap to clone.
#[derive(Clone)]
pub struct Library {
    inner: Arc<Inner>,
}

struct Inner {
    db: Arc<Db>,
    layout: LibraryLayout,
    bus: Option<Bus>,
    services: Arc<Services>,
    /// Listed in status even when this process does not run them.
    handler_names: Vec<&'static str>,
    /// One reconcile at a time: two passes over the same folder would both
    /// take a new file for new.
    reconciling: std::sync::Mutex<()>,
    /// Live watching of the watched folders, once a front starts it
    /// (`start_live_watching`); folders join and leave it as they are added
    /// and removed. Its task holds only a `WeakLibrary`, so this is no cycle.
    live: std::sync::Mutex<Option<crate::watch::LiveWatch>>,
    durability: Durability,
    clock: Clock,
    /// The hourly emptying of old Trash: `close` stops it and waits for a
    /// run in progress, so the library lock goes when `close` returns.
    trash_timer: TrashTimer,
    /// Previews made on the spot for an item opened before its preview job
    /// ran (`resource_file`): two at a time, whatever the viewer asks.
    previews_now: tokio::sync::Semaphore,
    /// The last whole listing built, while the library does not change.
    listings: crate::store::listing::Listings,
    /// The duplicate groups last worked out, as ids.
    duplicate_listings: duplicates::DuplicateListings,
    _lock: Option<LibraryLock>,
}

/// Shared by the Trash's hourly task and `close`, outside `Inner` so the
/// task can tell the library is closing without holding it.
#[derive(Clone, Default)]
struct TrashTimer {
    closing: Arc<std::sync::atomic::AtomicBool>,
    running: Arc<tokio::sync::Mutex<()>>,
}

/// A library handle that does not keep the library open: what long-lived
/// tasks the library owns (live watching) hold.
#[derive(Clone)]
pub(crate) struct WeakLibrary(std::sync::Weak<Inner>);

impl WeakLibrary {
    pub(crate) fn upgrade(&self) -> Option<Library> {
        self.0.upgrade().map(|inner| Library { inner })
    }
}

impl Library {
    /// Opens (creating if needed) the library at `options.root`. Must be
    /// called inside a tokio runtime.
    pub async fn open(options: LibraryOptions) -> Result<Self> {
        let layout = LibraryLayout::new(options.root.clone());
        let access = options.access;
        let facts = FactRegistry::from_handlers(&options.handlers)?;
        let backfilling: Vec<(&'static str, crate::bus::Backfill)> = options
            .handlers
            .iter()
            .flat_map(|h| h.backfills().iter().map(|b| (h.name(), *b)))
            .collect();
        let opened = {
            let layout = layout.clone();
            tokio::task::spawn_blocking(move || -> Result<_> {
                if access == Access::ReadOnly {
                    return Ok((Db::open_read_only(&layout.database())?, None));
                }
                layout.create_dirs()?;
                let lock = LibraryLock::acquire(&layout)?;
                let db = Db::open(&layout.database())?;
                crate::durable::sweep(&layout, &db)?;
                crate::handout::sweep(&layout, crate::handout::KEPT_FOR);
                db.write(|tx| crate::store::backfills::queue(tx, &backfilling))?;
                Ok((db, Some(lock)))
            })
            .await??
        };
        let (db, lock) = opened;
        let db = Arc::new(db);
        let (services, search_opened) = {
            let db = db.clone();
            let dir = layout.search_index();
            // Only the process that runs the handlers keeps the index; others read it.
            let writable = access == Access::Process;
            tokio::task::spawn_blocking(move || -> Result<_> {
                let (search, opened) = match SearchIndex::open(&dir, writable, facts.clone()) {
                    Ok((search, opened)) => (Some(search), Some(opened)),
                    Err(err) => {
                        tracing::warn!(error = %err, "search is unavailable");
                        (None, None)
                    }
                };
                if let Some(search) = &search {
                    let settings = db.read(crate::store::settings::get)?;
                    search.set_hide_companions(settings.raw_jpeg_pairs);
                }
                Ok((Arc::new(Services::new(search, facts)), opened))
            })
            .await??
        };
        let mut handler_names: Vec<&'static str> =
            options.handlers.iter().map(|h| h.name()).collect();
        handler_names.sort_by_key(|name| {
            options
                .handlers
                .iter()
                .find(|h| h.name() == *name)
                .map(|h| std::cmp::Reverse(h.priority()))
        });
        let bus = match access {
            Access::Process => Some(Bus::start(
                db.clone(),
                layout.clone(),
                options.handlers,
                options.bus,
                services.clone(),
            )?),
            Access::RecordOnly | Access::ReadOnly => None,
        };
        let library = Self {
            inner: Arc::new(Inner {
                db,
                layout,
                bus,
                services,
                handler_names,
                reconciling: std::sync::Mutex::new(()),
                live: std::sync::Mutex::new(None),
                durability: options.durability,
                clock: options.clock,
                trash_timer: TrashTimer::default(),
                previews_now: tokio::sync::Semaphore::new(2),
                listings: Default::default(),
                duplicate_listings: Default::default(),
                _lock: lock,
            }),
        };
        {
            let (services, db) = (library.inner.services.clone(), library.inner.db.clone());
            tokio::task::spawn_blocking(move || services.load_similarity(&db));
        }
        if access == Access::Process {
            library.start_catch_up(search_opened, options.reconcile_at_start);
            library.start_emptying_old_trash();
        }
        Ok(library)
    }

    /// The library folder given by `--library`/`MAHRES_LIBRARY`, else the default.
    pub fn resolve_root(explicit: Option<PathBuf>) -> Result<PathBuf> {
        match explicit {
            Some(root) => Ok(root),
            None => LibraryLayout::default_root(),
        }
    }

    pub fn root(&self) -> &Path {
        self.inner.layout.root()
    }

    pub fn layout(&self) -> &LibraryLayout {
        &self.inner.layout
    }

    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || inner.db.read(f)).await?
    }

    /// Runs one transaction under a fresh correlation id, then wakes the bus
    /// for the events it wrote.
    async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Transaction<'_>, &CorrelationId) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let inner = self.inner.clone();
        let value = tokio::task::spawn_blocking(move || {
            let correlation = CorrelationId::new();
            match inner.durability {
                Durability::Synced => inner.db.write_synced(|tx| f(tx, &correlation)),
                Durability::Relaxed => inner.db.write(|tx| f(tx, &correlation)),
            }
        })
        .await??;
        self.wake();
        Ok(value)
    }

    pub(crate) fn downgrade(&self) -> WeakLibrary {
        WeakLibrary(Arc::downgrade(&self.inner))
    }

    fn wake(&self) {
        if let Some(bus) = &self.inner.bus {
            bus.wake();
        }
    }

    // ---- import -------------------------------------------------------------

    /// Copies files and folders into the library and records them. Returns
    /// once everything is recorded and on disk; hashing and the rest follow
    /// on the bus.
    pub async fn import(&self, paths: Vec<PathBuf>) -> Result<ImportReport> {
        self.import_with(paths, ImportOptions::default()).await
    }

    pub async fn import_with_progress(
        &self,
        paths: Vec<PathBuf>,
        progress: Arc<ProgressFn>,
    ) -> Result<ImportReport> {
        let options = ImportOptions {
            progress: Some(progress),
            ..ImportOptions::default()
        };
        self.import_with(paths, options).await
    }

    pub async fn import_with(
        &self,
        paths: Vec<PathBuf>,
        options: ImportOptions,
    ) -> Result<ImportReport> {
        let library = self.clone();
        tokio::task::spawn_blocking(move || {
            let inner = &library.inner;
            if inner._lock.is_none() {
                return Err(Error::ReadOnly);
            }
            let wake = || library.wake();
            let verify =
                options.verify || inner.db.read(crate::store::settings::get)?.verify_copies;
            let importer = Importer {
                db: &inner.db,
                layout: &inner.layout,
                correlation: CorrelationId::new(),
                on_commit: &wake,
                progress: options.progress.as_deref(),
                durability: inner.durability,
                verify,
                observe: None,
            };
            Ok(importer.run(&paths))
        })
        .await?
    }

    /// Re-reads every stored copy and watched file and compares it with the
    /// MD5 recorded for it; lists copies no resource owns. With `repair`,
    /// restores damaged or missing copies from their originals where those
    /// still match, and removes the stray copies. Needs the library's lock
    /// (strays are only strays while no other process is importing).
    pub async fn verify(
        &self,
        options: crate::verify::VerifyOptions,
    ) -> Result<crate::verify::VerifyReport> {
        let library = self.clone();
        tokio::task::spawn_blocking(move || {
            let inner = &library.inner;
            if inner._lock.is_none() {
                return Err(Error::ReadOnly);
            }
            crate::verify::verify(&inner.db, &inner.layout, &options)
        })
        .await?
    }

    /// Exports the items `query` finds (every item outside the Trash when
    /// it is blank, their raw companions included) to `folder`: files under their real names,
    /// an XMP sidecar each, and `library.json` with every item, tag, group
    /// and note. A re-run skips what is there already.
    pub async fn export(
        &self,
        folder: PathBuf,
        query: String,
        options: crate::export::ExportOptions,
    ) -> Result<crate::export::ExportReport> {
        let mut ids = if query.trim().is_empty() {
            self.read(|conn| {
                let mut stmt =
                    conn.prepare("SELECT id FROM resources WHERE trashed_at IS NULL ORDER BY id")?;
                let ids = stmt.query_map([], |r| r.get(0))?;
                Ok(ids.collect::<rusqlite::Result<Vec<ResourceId>>>()?)
            })
            .await?
        } else {
            let found = self.tile_ids(query, SortOrder::Oldest).await?;
            self.read(move |conn| {
                let mut ids = found.clone();
                for id in found {
                    ids.extend(
                        crate::store::companions::of(conn, id)?
                            .into_iter()
                            .map(|c| c.id),
                    );
                }
                Ok(ids)
            })
            .await?
        };
        ids.sort_unstable();
        ids.dedup();
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            crate::export::export(
                &inner.db,
                &inner.layout,
                &inner.services.facts,
                &ids,
                &folder,
                &options,
            )
        })
        .await?
    }

    /// Puts back resource `id`'s damaged or missing copy from `source`,
    /// which must be the very file that was imported (same MD5); the item
    /// is then present again.
    pub async fn restore_copy(&self, id: ResourceId, source: PathBuf) -> Result<Resource> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            inner
                .db
                .read(|conn| crate::verify::restore_from(conn, &inner.layout, id, &source))
        })
        .await??;
        self.set_availability(vec![id], Availability::Present)
            .await?;
        self.read(move |conn| {
            resources::get(conn, id)?.ok_or(Error::NotFound {
                kind: "resource",
                id,
            })
        })
        .await
    }

    /// Marks items whose files are gone as missing (the grid shows them so;
    /// they keep their tags, notes and groups until removed or restored).
    pub async fn mark_missing(&self, ids: Vec<ResourceId>) -> Result<u32> {
        self.set_availability(ids, Availability::Missing).await
    }

    async fn set_availability(&self, ids: Vec<ResourceId>, to: Availability) -> Result<u32> {
        let ids = distinct(ids);
        self.write(move |tx, c| {
            let mut changed = 0;
            for &id in &ids {
                let change = [(
                    ResourceField::Availability,
                    FieldValue::Text(to.as_str().into()),
                )];
                let written = resources::apply(tx, id, None, &change, c)?;
                changed += u32::from(!written.is_empty());
            }
            Ok(changed)
        })
        .await
    }

    // ---- resources ----------------------------------------------------------

    pub async fn resource(&self, id: ResourceId) -> Result<ResourceDetails> {
        let services = self.inner.services.clone();
        self.read(move |conn| {
            let registry = &services.facts;
            let resource = resources::get(conn, id)?.ok_or(Error::NotFound {
                kind: "resource",
                id,
            })?;
            let facts = registry.shown_all(crate::store::facts::of(conn, id)?);
            Ok(ResourceDetails {
                facts,
                marks: crate::store::facts::marks_of(conn, id)?,
                // Attached only while pairs show as one item.
                companions: if crate::store::settings::get(conn)?.raw_jpeg_pairs {
                    crate::store::companions::of(conn, id)?
                } else {
                    Vec::new()
                },
                name_mismatch: crate::filetype::name_mismatch(
                    &resource.original_name,
                    &resource.content_type,
                ),
                notes: resources::notes_of(conn, id)?,
                processing: jobs::for_entity(conn, &EntityKey::resource(id))?,
                resource,
            })
        })
        .await
    }

    /// What this library is set to do (docs/ARCHITECTURE.md, "Settings").
    pub async fn settings(&self) -> Result<crate::LibrarySettings> {
        self.read(crate::store::settings::get).await
    }

    pub async fn set_settings(&self, settings: crate::LibrarySettings) -> Result<()> {
        let hide_companions = settings.raw_jpeg_pairs;
        self.write(move |tx, _| crate::store::settings::set(tx, &settings))
            .await?;
        if let Some(search) = self.inner.services.search.as_ref() {
            search.set_hide_companions(hide_companions);
        }
        Ok(())
    }

    /// Resources in id order, as the grid counts them (a RAW+JPEG pair once).
    pub async fn resources(&self, page: Page) -> Result<Vec<Resource>> {
        self.read(move |conn| {
            let hide = crate::store::settings::get(conn)?.raw_jpeg_pairs;
            resources::list(conn, page, hide)
        })
        .await
    }

    /// How many items the library shows (a RAW+JPEG pair once while pairs
    /// show as one item).
    pub async fn resource_count(&self) -> Result<u64> {
        self.read(|conn| {
            let hide = crate::store::settings::get(conn)?.raw_jpeg_pairs;
            crate::store::tiles::count(conn, hide)
        })
        .await
    }

    /// Renames an item or changes its description: one undo step.
    pub async fn edit_resource(&self, id: ResourceId, edit: ResourceEdit) -> Result<Resource> {
        self.write(move |tx, c| {
            let not_found = || Error::NotFound {
                kind: "resource",
                id,
            };
            let before = resources::get(tx, id)?.ok_or_else(not_found)?;
            resources::edit(tx, id, &edit, c)?;
            let after = resources::get(tx, id)?.ok_or_else(not_found)?;
            let label = if before.name != after.name {
                format!("Renamed “{}” to “{}”", before.name, after.name)
            } else {
                format!("Changed the description of “{}”", after.name)
            };
            let changes = vec![
                history::Change::Name {
                    id,
                    before: before.name,
                    after: after.name.clone(),
                },
                history::Change::Description {
                    id,
                    before: before.description,
                    after: after.description.clone(),
                },
            ];
            history::record(tx, c, &label, changes)?;
            Ok(after)
        })
        .await
    }

    pub async fn add_tags(&self, id: ResourceId, names: Vec<String>) -> Result<bool> {
        self.tag_resources(vec![id], names).await.map(|n| n > 0)
    }

    pub async fn remove_tags(&self, id: ResourceId, names: Vec<String>) -> Result<bool> {
        self.untag_resources(vec![id], names).await.map(|n| n > 0)
    }

    /// Tags every resource in `ids`, in one transaction: a missing resource
    /// or a blank tag fails the whole call and changes nothing. Returns how
    /// many resources gained a tag.
    pub async fn tag_resources(&self, ids: Vec<ResourceId>, names: Vec<String>) -> Result<u32> {
        self.retag(ids, names, true).await
    }

    /// Removes tags from every resource in `ids`, all or nothing, like
    /// [`tag_resources`](Self::tag_resources).
    pub async fn untag_resources(&self, ids: Vec<ResourceId>, names: Vec<String>) -> Result<u32> {
        self.retag(ids, names, false).await
    }

    /// Adds (`add`) or removes tags on every item, as one undo step that
    /// records exactly which item gained or lost which tag.
    async fn retag(&self, ids: Vec<ResourceId>, names: Vec<String>, add: bool) -> Result<u32> {
        let ids = distinct(ids);
        self.write(move |tx, c| {
            let mut changed = Vec::new();
            for &id in &ids {
                let had = resources::get(tx, id)?
                    .ok_or(Error::NotFound {
                        kind: "resource",
                        id,
                    })?
                    .tags;
                let has = |name: &str| had.iter().find(|t| t.eq_ignore_ascii_case(name.trim()));
                let names: Vec<String> = if add {
                    names
                        .iter()
                        .filter(|n| has(n).is_none())
                        .map(|n| n.trim().to_string())
                        .collect()
                } else {
                    names.iter().filter_map(|n| has(n).cloned()).collect()
                };
                let did = if add {
                    tags::add(tx, id, &names, c)?
                } else {
                    tags::remove(tx, id, &names, c)?
                };
                if did {
                    changed.push((id, names));
                }
            }
            let n = changed.len() as u32;
            let quoted = names
                .iter()
                .map(|n| format!("“{}”", n.trim()))
                .collect::<Vec<_>>()
                .join(", ");
            let (label, change) = if add {
                (
                    format!("Tagged {} {quoted}", history::items(ids.len())),
                    history::Change::TagsAdded { items: changed },
                )
            } else {
                (
                    format!("Removed {quoted} from {}", history::items(ids.len())),
                    history::Change::TagsRemoved { items: changed },
                )
            };
            history::record(tx, c, &label, vec![change])?;
            Ok(n)
        })
        .await
    }

    pub async fn tags(&self) -> Result<Vec<Tag>> {
        self.read(tags::list).await
    }

    // ---- duplicates ---------------------------------------------------------

    /// Resources whose perceptual hash is within `threshold` bits of this
    /// one's (or of its mirror image), closest first.
    /// `threshold` is capped at [`MAX_THRESHOLD`](crate::duplicates::MAX_THRESHOLD).
    pub async fn similar(&self, id: ResourceId, threshold: u32) -> Result<Vec<Similar>> {
        let threshold = threshold.min(crate::duplicates::MAX_THRESHOLD);
        let services = self.inner.services.clone();
        self.read(move |conn| {
            let matches = services.similarity.similar_to(id, threshold);
            resources::require_resource(conn, id)?;
            let mut out = Vec::with_capacity(matches.len());
            for m in matches {
                if let Some(resource) = resources::get(conn, m.resource_id)?
                    && resource.trashed_at.is_none()
                {
                    out.push(Similar {
                        resource,
                        distance: m.distance,
                        mirrored: m.mirrored,
                    });
                }
            }
            Ok(out)
        })
        .await
    }

    // ---- groups -------------------------------------------------------------

    pub async fn create_group(&self, name: String, description: String) -> Result<Group> {
        self.write(move |tx, c| {
            let id = groups::create(tx, &name, &description, c)?;
            groups::get(tx, id)?.ok_or(Error::NotFound { kind: "group", id })
        })
        .await
    }

    pub async fn group(&self, id: GroupId) -> Result<Group> {
        self.read(move |conn| groups::get(conn, id)?.ok_or(Error::NotFound { kind: "group", id }))
            .await
    }

    pub async fn groups(&self) -> Result<Vec<Group>> {
        self.read(groups::list).await
    }

    pub async fn edit_group(&self, id: GroupId, edit: GroupEdit) -> Result<Group> {
        self.write(move |tx, c| {
            groups::edit(tx, id, &edit, c)?;
            groups::get(tx, id)?.ok_or(Error::NotFound { kind: "group", id })
        })
        .await
    }

    pub async fn delete_group(&self, id: GroupId) -> Result<()> {
        self.write(move |tx, c| groups::delete(tx, id, c)).await
    }

    pub async fn add_to_group(&self, id: GroupId, resource_ids: Vec<ResourceId>) -> Result<usize> {
        self.regroup(id, resource_ids, true).await
    }

    pub async fn remove_from_group(
        &self,
        id: GroupId,
        resource_ids: Vec<ResourceId>,
    ) -> Result<usize> {
        self.regroup(id, resource_ids, false).await
    }

    /// Adds items to a group or removes them: one undo step.
    async fn regroup(
        &self,
        id: GroupId,
        resource_ids: Vec<ResourceId>,
        add: bool,
    ) -> Result<usize> {
        let resource_ids = distinct(resource_ids);
        self.write(move |tx, c| {
            let group = groups::get(tx, id)?.ok_or(Error::NotFound { kind: "group", id })?;
            let changing: Vec<ResourceId> = resource_ids
                .iter()
                .copied()
                .filter(|r| group.resource_ids.contains(r) != add)
                .collect();
            let n = groups::set_members(tx, id, &resource_ids, add, c)?;
            let (label, change) = if add {
                (
                    format!(
                        "Added {} to “{}”",
                        history::items(changing.len()),
                        group.name
                    ),
                    history::Change::GroupAdded {
                        group: id,
                        ids: changing,
                    },
                )
            } else {
                (
                    format!(
                        "Removed {} from “{}”",
                        history::items(changing.len()),
                        group.name
                    ),
                    history::Change::GroupRemoved {
                        group: id,
                        ids: changing,
                    },
                )
            };
            history::record(tx, c, &label, vec![change])?;
            Ok(n)
        })
        .await
    }

    // ---- notes --------------------------------------------------------------

    pub async fn create_note(&self, title: String, text: String) -> Result<Note> {
        self.write(move |tx, c| {
            let id = notes::create(tx, &title, &text, c)?;
            notes::get(tx, id)?.ok_or(Error::NotFound { kind: "note", id })
        })
        .await
    }

    pub async fn note(&self, id: NoteId) -> Result<Note> {
        self.read(move |conn| notes::get(conn, id)?.ok_or(Error::NotFound { kind: "note", id }))
            .await
    }

    pub async fn notes(&self) -> Result<Vec<Note>> {
        self.read(notes::list).await
    }

    pub async fn edit_note(&self, id: NoteId, edit: NoteEdit) -> Result<Note> {
        self.write(move |tx, c| {
            notes::edit(tx, id, &edit, c)?;
            notes::get(tx, id)?.ok_or(Error::NotFound { kind: "note", id })
        })
        .await
    }

    pub async fn delete_note(&self, id: NoteId) -> Result<()> {
        self.write(move |tx, c| notes::delete(tx, id, c)).await
    }

    /// Links a note to an item or a group (or unlinks it); a link to an
    /// item is one undo step.
    pub async fn link_note(&self, id: NoteId, target: NoteTarget, linked: bool) -> Result<bool> {
        self.write(move |tx, c| {
            let changed = notes::link(tx, id, target, linked, c)?;
            if let (true, NoteTarget::Resource(resource)) = (changed, target) {
                let title = notes::get(tx, id)?.map(|n| n.title).unwrap_or_default();
                let (label, change) = if linked {
                    (
                        format!("Linked the note “{title}”"),
                        history::Change::NoteLinked {
                            note: id,
                            ids: vec![resource],
                        },
                    )
                } else {
                    (
                        format!("Unlinked the note “{title}”"),
                        history::Change::NoteUnlinked {
                            note: id,
                            ids: vec![resource],
                        },
                    )
                };
                history::record(tx, c, &label, vec![change])?;
            }
            Ok(changed)
        })
        .await
    }

    // ---- search -------------------------------------------------------------

    /// Searches resources, notes and groups. See the README for the language;
    /// a malformed query is an error that says where.
    pub async fn search(
        &self,
        query: String,
        sort: SortOrder,
        page: Page,
    ) -> Result<SearchResults> {
        self.with_search(move |index, db| {
            let (total, hits) =
                index.search(&query, sort, page.limit as usize, page.offset as usize)?;
            db.read(|conn| {
                let mut results = Vec::with_capacity(hits.len());
                for hit in hits {
                    let id = hit.key.id;
                    let item = match hit.key.kind {
                        EntityKind::Resource => {
                            resources::get(conn, id)?.map(|r| SearchItem::Resource(Box::new(r)))
                        }
                        EntityKind::Note => notes::get(conn, id)?.map(SearchItem::Note),
                        EntityKind::Group => groups::get(conn, id)?.map(SearchItem::Group),
                        EntityKind::Album => None,
                    };
                    if let Some(item) = item {
                        results.push(SearchResult {
                            score: hit.score,
                            item,
                        });
                    }
                }
                Ok(SearchResults {
                    total: total as u64,
                    results,
                })
            })
        })
        .await
    }

    /// Rebuilds the search index from the database.
    pub async fn reindex(
        &self,
        progress: Option<Arc<dyn Fn(ReindexProgress) + Send + Sync>>,
    ) -> Result<u64> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || rebuild_index(&inner, None, progress.as_deref()))
            .await?
    }

    /// Start-up work in the background: reconcile watched folders with the
    /// disk (changes made while nothing was watching), then bring the search
    /// index up to date. `wait_idle` waits for both.
    fn start_catch_up(&self, opened: Option<search::Opened>, reconcile: bool) {
        let inner = self.inner.clone();
        // The folders there now: one added after opening is walked by its
        // own task, which must find it unwalked (a check that got there
        // first would record its files, and the walk's report, progress
        // included, would say none were added). A read of a small table.
        let reconcile = reconcile.then(|| {
            inner
                .db
                .read(crate::store::watched::list_uncounted)
                .map(|folders| folders.iter().map(|f| f.id).collect::<Vec<i64>>())
        });
        inner
            .services
            .reindexing
            .send_replace(Some(ReindexProgress { done: 0, total: 0 }));
        let library = self.clone();
        tokio::task::spawn_blocking(move || {
            let services = inner.services.clone();
            catch_up(library, inner, opened, reconcile);
            // Signalled only once every handle this task held is dropped:
            // `close` waits for it, and the library lock goes with the last one.
            services.reindexing.send_replace(None);
        });
    }

    /// Empties what has been in the Trash longer than the library keeps it,
    /// now and every hour, for as long as the library is open.
    fn start_emptying_old_trash(&self) {
        use std::sync::atomic::Ordering;
        let weak = self.downgrade();
        let timer = self.inner.trash_timer.clone();
        tokio::spawn(async move {
            loop {
                {
                    // Checked before the library is held, and again under
                    // the lock `close` takes after saying it is closing.
                    if timer.closing.load(Ordering::SeqCst) {
                        return;
                    }
                    let _running = timer.running.lock().await;
                    if timer.closing.load(Ordering::SeqCst) {
                        return;
                    }
                    let Some(library) = weak.upgrade() else {
                        return;
                    };
                    if let Err(err) = library.empty_expired_trash().await {
                        tracing::warn!(error = %err, "could not empty old items from the Trash");
                    }
                }
                tokio::time::sleep(Duration::from_secs(3600)).await;
            }
        });
    }

    // ---- events -------------------------------------------------------------

    /// The history of one entity, oldest first.
    pub async fn events_for(&self, entity: EntityKey) -> Result<Vec<Event>> {
        self.read(move |conn| outbox::for_entity(conn, &entity))
            .await
    }

    /// One item's history in words, newest action first: every event
    /// about it grouped by the action it belonged to, with work still
    /// waiting or failed (audit.rs). A missing id is an error; an item
    /// deleted for good still has its events.
    pub async fn item_history(&self, id: ResourceId) -> Result<crate::audit::ItemHistory> {
        let inner = self.inner.clone();
        self.read(move |conn| {
            let history = crate::audit::of_resource(conn, &inner.services.facts, id)?;
            if history.steps.is_empty() {
                return Err(Error::NotFound {
                    kind: "resource",
                    id,
                });
            }
            Ok(history)
        })
        .await
    }

    /// Everything one user action caused, handlers' follow-up events included.
    pub async fn events_of(&self, correlation: &CorrelationId) -> Result<Vec<Event>> {
        let correlation = correlation.0.clone();
        self.read(move |conn| outbox::for_correlation(conn, &correlation))
            .await
    }

    /// Delivers an event to its handlers again (a repair tool: handlers are
    /// idempotent, so this is always safe).
    pub async fn redeliver(&self, event: EventId) -> Result<()> {
        self.write(move |tx, _| outbox::redeliver(tx, event)).await
    }

    // ---- work ---------------------------------------------------------------

    /// A fresh snapshot of the handlers' work.
    pub async fn status(&self) -> Result<BusStatus> {
        let inner = self.inner.clone();
        let mut status = tokio::task::spawn_blocking(move || {
            let paused = inner.bus.as_ref().map(Bus::is_paused);
            let mut status = bus::snapshot(&inner.db, &inner.handler_names, paused)?;
            status.reindexing = *inner.services.reindexing.borrow();
            Ok::<_, Error>(status)
        })
        .await??;
        if let Some(bus) = &self.inner.bus {
            // Rates come from the reporter, which samples over time.
            let published = bus.subscribe().borrow().clone();
            for handler in &mut status.handlers {
                if let Some(p) = published.handlers.iter().find(|p| p.name == handler.name) {
                    handler.per_second = p.per_second;
                }
            }
        }
        Ok(status)
    }

    /// Coalesced progress: a new value a few times a second at most, and only
    /// when something changed. `None` when this process is not processing.
    pub fn subscribe(&self) -> Option<watch::Receiver<BusStatus>> {
        self.inner.bus.as_ref().map(Bus::subscribe)
    }

    /// Resolves when nothing is waiting to be dispatched, pending (including
    /// failed jobs waiting for their retry) or running, and every change the
    /// search index applied can be found.
    pub async fn wait_idle(&self) -> Result<()> {
        let Some(bus) = &self.inner.bus else {
            return Err(Error::NotProcessing);
        };
        let mut updates = bus.subscribe();
        let mut reindexing = self.inner.services.reindexing.subscribe();
        reindexing
            .wait_for(Option::is_none)
            .await
            .map_err(|_| Error::Closed)?;
        loop {
            if self.read(jobs::is_idle).await? {
                break;
            }
            let _ = tokio::time::timeout(Duration::from_millis(500), updates.changed()).await;
        }
        // Idle includes searchable: what the index handler applied is
        // committed now rather than at the committer's next turn.
        if let Some(search) = self.inner.services.search.clone()
            && search.has_uncommitted()
        {
            tokio::task::spawn_blocking(move || search.commit()).await??;
        }
        Ok(())
    }

    pub async fn failures(&self, filter: FailureFilter, limit: u32) -> Result<Vec<FailedJob>> {
        self.read(move |conn| jobs::failures(conn, filter, limit))
            .await
    }

    /// Runs failed jobs again now, with a fresh attempt budget: the given ones,
    /// or all of them with `None`. Returns how many were re-queued.
    pub async fn retry_jobs(&self, job_ids: Option<Vec<i64>>) -> Result<usize> {
        self.write(move |tx, _| jobs::retry(tx, job_ids.as_deref(), now_ms()))
            .await
    }

    pub fn pause(&self) {
        if let Some(bus) = &self.inner.bus {
            bus.set_paused(true);
        }
    }

    pub fn resume(&self) {
        if let Some(bus) = &self.inner.bus {
            bus.set_paused(false);
        }
    }

    /// Stops processing: no new jobs are claimed, running ones get up to
    /// `grace` to finish, and the rest stay pending for the next start.
    pub async fn close(&self, grace: Duration) {
        self.stop_live_watching();
        let timer = &self.inner.trash_timer;
        timer
            .closing
            .store(true, std::sync::atomic::Ordering::SeqCst);
        drop(timer.running.lock().await);
        if let Some(bus) = &self.inner.bus {
            bus.shutdown(grace).await;
        }
        // A catch-up still running holds the library; it takes moments.
        let mut reindexing = self.inner.services.reindexing.subscribe();
        let _ = tokio::time::timeout(grace, reindexing.wait_for(Option::is_none)).await;
        if let Some(search) = &self.inner.services.search {
            let search = search.clone();
            let committed = tokio::task::spawn_blocking(move || search.commit()).await;
            if let Ok(Err(err)) = committed {
                tracing::warn!(error = %err, "could not commit the search index");
            }
        }
    }
}

/// One search match, loaded from the database.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchResult {
    pub score: Option<f32>,
    #[serde(flatten)]
    pub item: SearchItem,
}

#[derive(Debug, Clone, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SearchItem {
    Resource(Box<Resource>),
    Note(Note),
    Group(Group),
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchResults {
    /// All matches, not just this page.
    pub total: u64,
    pub results: Vec<SearchResult>,
}

/// Re-indexes entities from the database: all of them (`since = None`, after
/// clearing the index), or those touched by events after `since`.
fn rebuild_index(
    inner: &Inner,
    since: Option<i64>,
    progress: Option<&(dyn Fn(ReindexProgress) + Send + Sync)>,
) -> Result<u64> {
    let index = inner
        .services
        .search
        .as_ref()
        .ok_or(Error::SearchUnavailable)?;
    let (keys, newest) = inner.db.read(|conn| match since {
        Some(event_id) => search::changed_since(conn, event_id),
        None => {
            let newest = search::changed_since(conn, i64::MAX)?.1;
            Ok((search::all_keys(conn)?, newest))
        }
    })?;
    if since.is_none() && !index.is_empty() {
        index.clear()?;
    }
    let total = keys.len() as u64;
    let mut done = 0;
    for chunk in keys.chunks(500) {
        let documents = inner.db.read(|conn| {
            chunk
                .iter()
                .map(|key| Ok((key, search::document_for(conn, key, &inner.services.facts)?)))
                .collect::<Result<Vec<_>>>()
        })?;
        for (key, document) in documents {
            match document {
                Some(document) => index.upsert(&document, 0)?,
                None => index.delete(key, 0)?,
            }
        }
        done += chunk.len() as u64;
        let update = ReindexProgress { done, total };
        inner.services.reindexing.send_if_modified(|p| {
            let changed = p.is_some();
            if changed {
                *p = Some(update);
            }
            changed
        });
        if let Some(progress) = progress {
            progress(update);
        }
    }
    index.set_applied_event(newest);
    index.commit()?;
    if total > 0 {
        tracing::info!(
            documents = total,
            full = since.is_none(),
            "search index brought up to date"
        );
    }
    Ok(total)
}

fn catch_up(
    library: Library,
    inner: Arc<Inner>,
    opened: Option<search::Opened>,
    reconcile: Option<Result<Vec<i64>>>,
) {
    let reconciled = match reconcile {
        None => Ok(()),
        Some(folders) => {
            folders.and_then(|folders| watching::reconcile_all(&inner, Some(&folders)).map(drop))
        }
    };
    if let Err(err) = reconciled {
        tracing::error!(error = %err, "could not reconcile the watched folders");
    }
    library.wake();
    let since = match opened {
        None => return,
        Some(search::Opened::Fresh) => None,
        Some(search::Opened::Current { event_id }) => Some(event_id),
    };
    if let Err(err) = rebuild_index(&inner, since, None) {
        tracing::error!(error = %err, "could not bring the search index up to date; run `mahres reindex`");
    }
}

/// `ids` without repeats, in their first order: a selection may name an item
/// twice, and a bulk action must not fail on its own second visit.
pub(crate) fn distinct(ids: Vec<ResourceId>) -> Vec<ResourceId> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter().filter(|id| seen.insert(*id)).collect()
}
