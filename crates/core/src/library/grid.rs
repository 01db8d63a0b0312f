//! What a window needs to draw the library: pages of tiles for a grid (the
//! whole library or a search), and progress snapshots that say when what it
//! shows may be stale.

use serde::{Deserialize, Serialize};

use super::Library;
use crate::bus::BusStatus;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::events::EntityKind;
use crate::model::{Group, Note, Page, ResourceId};
use crate::search::{SearchHelp, SearchIndex, SortChoice, SortOrder};
use crate::store::tiles::{self, Tile};
use crate::store::{groups, notes, resources};

/// Most tiles one call returns; a grid asks for the rows it shows.
pub const MAX_TILES_PER_PAGE: u32 = 1_000;

/// From this offset a listing's page comes from the whole listing held in
/// memory (`store/listing.rs`), built if need be: SQL steps over every row
/// before an offset (about 70 ns a row, 40–54 ms half-way into a million),
/// while a listing, built once in about four times that, serves every page
/// until the library changes.
const DEEP_PAGE: u64 = 50_000;

/// Which tiles to list: the whole library when `query` is blank, else the
/// resources matching it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TileQuery {
    pub query: String,
    pub sort: SortOrder,
    pub offset: u64,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimelineDay {
    /// The items' local date, `YYYY-MM-DD`.
    pub day: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TilePage {
    /// All tiles of the listing or search, not just this page.
    pub total: u64,
    pub tiles: Vec<Tile>,
}

/// A status snapshot with what a window needs to know whether its tiles are
/// stale: any change to the library moves `last_event_id`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    pub status: BusStatus,
    pub resource_count: u64,
    pub last_event_id: i64,
    /// Changes up to this event can be found by a search (the index commits
    /// a moment after the work is done).
    pub searchable_event_id: i64,
    /// Changes wait for the index's next commit: another snapshot follows.
    pub index_pending: bool,
}

/// Notes and groups matching a search, shown beside the resource grid.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EntityMatches {
    pub notes: Vec<Note>,
    pub groups: Vec<Group>,
}

/// Tiles say they carry a raw file only while pairs show as one item: with
/// the setting off, the raw is a tile of its own.
fn marked(mut tiles: Vec<Tile>, pairs_as_one: bool) -> Vec<Tile> {
    if !pairs_as_one {
        for tile in &mut tiles {
            tile.companion_type = None;
        }
    }
    tiles
}

impl Library {
    /// One page of tiles. A blank query lists the library straight from the
    /// database, so a file shows the moment it is recorded; a search goes
    /// through the index, which catches up within a fraction of a second.
    pub async fn tiles(&self, query: TileQuery) -> Result<TilePage> {
        let page = Page {
            limit: query.limit.clamp(1, MAX_TILES_PER_PAGE),
            offset: query.offset,
        };
        if query.query.trim().is_empty() {
            self.check_sort(&query.sort)?;
            let inner = self.inner.clone();
            return self
                .read(move |conn| {
                    let hide = crate::store::settings::get(conn)?.raw_jpeg_pairs;
                    // One snapshot: the page is placed by the count.
                    let snapshot = conn.unchecked_transaction()?;
                    let listings = &inner.listings;
                    let listing = match query.sort {
                        SortOrder::Fact { .. } => {
                            Some(listings.get(&snapshot, &query.sort, hide)?)
                        }
                        _ if page.offset >= DEEP_PAGE => {
                            Some(listings.get(&snapshot, &query.sort, hide)?)
                        }
                        _ => listings.held(&snapshot, &query.sort, hide)?,
                    };
                    if let Some(ids) = listing {
                        let from = (page.offset as usize).min(ids.len());
                        let to = (from + page.limit as usize).min(ids.len());
                        return Ok(TilePage {
                            total: ids.len() as u64,
                            tiles: marked(tiles::of(&snapshot, &ids[from..to])?, hide),
                        });
                    }
                    let total = tiles::count(&snapshot, hide)?;
                    Ok(TilePage {
                        total,
                        tiles: marked(
                            tiles::page(&snapshot, &query.sort, page, total, hide)?,
                            hide,
                        ),
                    })
                })
                .await;
        }
        self.with_search(move |index, db| {
            let (total, hits) = index.search_kind(
                &query.query,
                Some("resource"),
                query.sort,
                page.limit as usize,
                page.offset as usize,
            )?;
            let ids = ids_of_kind(&hits, EntityKind::Resource);
            let tiles = db.read(|conn| {
                let hide = crate::store::settings::get(conn)?.raw_jpeg_pairs;
                Ok(marked(tiles::of(conn, &ids)?, hide))
            })?;
            Ok(TilePage {
                total: total as u64,
                tiles,
            })
        })
        .await
    }

    /// Every resource id of a listing (blank query) or search, in its order:
    /// what "select all" selects, loaded or not.
    pub async fn tile_ids(&self, query: String, sort: SortOrder) -> Result<Vec<ResourceId>> {
        if query.trim().is_empty() {
            self.check_sort(&sort)?;
            let inner = self.inner.clone();
            return self
                .read(move |conn| {
                    let hide = crate::store::settings::get(conn)?.raw_jpeg_pairs;
                    match &sort {
                        SortOrder::Fact { .. } => {
                            let snapshot = conn.unchecked_transaction()?;
                            Ok(inner.listings.get(&snapshot, &sort, hide)?.as_ref().clone())
                        }
                        _ => tiles::all_ids(conn, &sort, hide),
                    }
                })
                .await;
        }
        self.with_search(move |index, _| {
            let (total, _) = index.search_kind(&query, Some("resource"), sort.clone(), 1, 0)?;
            let (_, hits) = index.search_kind(&query, Some("resource"), sort, total.max(1), 0)?;
            Ok(ids_of_kind(&hits, EntityKind::Resource))
        })
        .await
    }

    /// The days of a listing or search in a date sort, each with how many of
    /// its items fall on it, in the grid's order: what a timeline's headers
    /// and scrubber are drawn from without loading a tile. The counts add up
    /// to the listing's total; the grid's tiles come in exactly this order.
    pub async fn timeline(&self, query: String, sort: SortOrder) -> Result<Vec<TimelineDay>> {
        let newest_first = match sort {
            SortOrder::Newest => true,
            SortOrder::Oldest => false,
            // A blank listing "by relevance" is the newest first.
            SortOrder::Relevance if query.trim().is_empty() => true,
            other => {
                return Err(Error::BadPattern {
                    pattern: other.to_string(),
                    reason: "a timeline follows a date sort: newest or oldest".into(),
                });
            }
        };
        let mut days = if query.trim().is_empty() {
            self.read(|conn| {
                let hide = crate::store::settings::get(conn)?.raw_jpeg_pairs;
                tiles::day_counts(conn, hide)
            })
            .await?
        } else {
            self.with_search(move |index, _| Ok(index.day_counts(&query)?))
                .await?
        };
        if newest_first {
            days.reverse();
        }
        Ok(days
            .into_iter()
            .map(|(day, count)| {
                let (year, month, date) = crate::facts::civil_from_days(day);
                TimelineDay {
                    day: format!("{year:04}-{month:02}-{date:02}"),
                    count,
                }
            })
            .collect())
    }

    /// Notes and groups matching `query`, best first.
    pub async fn search_entities(&self, query: String, limit: u32) -> Result<EntityMatches> {
        self.with_search(move |index, db| {
            let limit = limit.clamp(1, MAX_TILES_PER_PAGE) as usize;
            let ids_of = |kind: EntityKind| -> Result<Vec<i64>> {
                let (_, hits) = index.search_kind(
                    &query,
                    Some(kind.as_str()),
                    SortOrder::Relevance,
                    limit,
                    0,
                )?;
                Ok(ids_of_kind(&hits, kind))
            };
            let note_ids = ids_of(EntityKind::Note)?;
            let group_ids = ids_of(EntityKind::Group)?;
            db.read(|conn| {
                let mut matches = EntityMatches::default();
                for id in note_ids {
                    matches.notes.extend(notes::get(conn, id)?);
                }
                for id in group_ids {
                    matches.groups.extend(groups::get(conn, id)?);
                }
                Ok(matches)
            })
        })
        .await
    }

    /// The sorts a menu offers: the built-in ones and every sortable fact's.
    pub fn sort_choices(&self) -> Vec<SortChoice> {
        SortOrder::choices(&self.inner.services.facts)
    }

    /// Every filter and sort of the search language here, for a help.
    pub fn search_help(&self) -> SearchHelp {
        SearchHelp::new(&self.inner.services.facts)
    }

    /// A fact sort must name a sortable fact, in a listing as in a search.
    pub(super) fn check_sort(&self, sort: &SortOrder) -> Result<()> {
        if let SortOrder::Fact { key, .. } = sort {
            crate::search::sortable_fact(&self.inner.services.facts, key)?;
        }
        Ok(())
    }

    /// Runs `f` with the search index and the database on the blocking pool.
    pub(super) async fn with_search<T: Send + 'static>(
        &self,
        f: impl FnOnce(&SearchIndex, &Db) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let index = inner
                .services
                .search
                .as_ref()
                .ok_or_else(search_unavailable)?;
            f(index, &inner.db)
        })
        .await?
    }

    /// A fresh progress snapshot.
    pub async fn progress(&self) -> Result<Progress> {
        let status = self.status().await?;
        self.progress_with(status).await
    }

    /// Progress as it changes, for a window to forward: a new value when the
    /// bus's coalesced status moves (a few times a second at most) or when
    /// the search index commits, so a change is reported the moment it can
    /// be found. `None` when this process does not process the library.
    /// Ends when the library closes.
    pub fn subscribe_progress(&self) -> Option<tokio::sync::watch::Receiver<Progress>> {
        let mut updates = self.subscribe()?;
        let mut commits = self
            .inner
            .services
            .search
            .as_ref()
            .map(|s| s.subscribe_commits());
        let (tx, rx) = tokio::sync::watch::channel(Progress {
            status: updates.borrow().clone(),
            resource_count: 0,
            last_event_id: 0,
            searchable_event_id: 0,
            index_pending: false,
        });
        let library = self.downgrade();
        tokio::spawn(async move {
            loop {
                let Some(this) = library.upgrade() else {
                    return;
                };
                let status = updates.borrow_and_update().clone();
                match this.progress_with(status).await {
                    Ok(progress) => {
                        tx.send_if_modified(|last| {
                            let changed = *last != progress;
                            *last = progress;
                            changed
                        });
                    }
                    Err(err) => tracing::warn!(error = %err, "could not read progress"),
                }
                drop(this);
                let committed = async {
                    match commits.as_mut() {
                        Some(commits) => commits.changed().await.is_ok(),
                        None => std::future::pending().await,
                    }
                };
                tokio::select! {
                    changed = updates.changed() => if changed.is_err() { return },
                    alive = committed => if !alive { return },
                    _ = tx.closed() => return,
                }
            }
        });
        Some(rx)
    }

    /// Adds the library's change marker to a status the caller already has
    /// (from [`subscribe`](Self::subscribe)).
    pub async fn progress_with(&self, status: BusStatus) -> Result<Progress> {
        let (resource_count, last_event_id) = self
            .read(|conn| {
                // The items a person sees: a RAW+JPEG pair counts once.
                let hide = crate::store::settings::get(conn)?.raw_jpeg_pairs;
                Ok((tiles::count(conn, hide)?, tiles::last_event_id(conn)?))
            })
            .await?;
        let search = self.inner.services.search.as_ref();
        Ok(Progress {
            status,
            resource_count,
            last_event_id,
            searchable_event_id: search.map_or(0, |s| s.searchable_event()),
            index_pending: search.is_some_and(|s| s.has_uncommitted()),
        })
    }
}

/// The ids of the hits of one kind, in hit order.
fn ids_of_kind(hits: &[crate::search::Hit], kind: EntityKind) -> Vec<i64> {
    hits.iter()
        .filter(|hit| hit.key.kind == kind)
        .map(|hit| hit.key.id)
        .collect()
}

fn search_unavailable() -> Error {
    Error::SearchUnavailable
}

/// Which of a resource's files a window may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceFile {
    /// The 256 px grid thumbnail.
    Thumbnail,
    /// The 1024 px detail preview.
    Preview,
    /// The file itself (in the store, or where it lives in a watched folder).
    Original,
}

/// A file of a resource on disk, with the type to serve it as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOnDisk {
    pub path: std::path::PathBuf,
    pub content_type: String,
}

impl Library {
    /// The resource `id`, or `NotFound`.
    async fn existing_resource(
        &self,
        id: crate::model::ResourceId,
    ) -> Result<crate::model::Resource> {
        self.read(move |conn| resources::get(conn, id))
            .await?
            .ok_or(Error::NotFound {
                kind: "resource",
                id,
            })
    }

    /// Where one of a resource's files is, by resource id: the only way a
    /// front turns an id into a path. `None` when the resource has no such
    /// file (yet).
    pub async fn resource_file(
        &self,
        id: crate::model::ResourceId,
        which: ResourceFile,
    ) -> Result<Option<FileOnDisk>> {
        let mut resource = self.existing_resource(id).await?;
        if which == ResourceFile::Preview && resource.preview.is_none() {
            resource.preview = self.preview_now(&resource).await;
        }
        let layout = self.layout();
        let derived = |stored: Option<String>| {
            stored.map(|stored| {
                let content_type = if stored.ends_with(".png") {
                    "image/png"
                } else {
                    "image/jpeg"
                };
                FileOnDisk {
                    path: layout.resolve(&stored),
                    content_type: content_type.to_string(),
                }
            })
        };
        Ok(match which {
            ResourceFile::Thumbnail => derived(resource.thumbnail),
            ResourceFile::Preview => derived(resource.preview.or(resource.thumbnail)),
            ResourceFile::Original => Some(FileOnDisk {
                path: layout.resolve(&resource.stored_path),
                content_type: resource.content_type,
            }),
        })
    }

    /// Makes the preview of an item opened before its preview job ran, so
    /// the viewer shows it sharp at once rather than the grid's thumbnail
    /// blown up; the job later finds it written. `None` when this process
    /// does not make previews, or there is nothing to draw.
    async fn preview_now(&self, resource: &crate::model::Resource) -> Option<String> {
        let inner = &self.inner;
        if inner.bus.is_none() || !inner.handler_names.contains(&"preview") {
            return None;
        }
        let _turn = inner.previews_now.acquire().await.ok()?;
        let library = self.clone();
        let id = resource.id;
        let resource = resource.clone();
        let made = tokio::task::spawn_blocking(move || -> Result<Option<String>> {
            let layout = library.layout();
            let path = layout.resolve(&resource.stored_path);
            let Some(relative) =
                crate::handlers::make_preview(layout, &path, &resource).map_err(|err| {
                    let source = match err {
                        crate::media::RenderError::Io(io) => io,
                        other => std::io::Error::other(other.to_string()),
                    };
                    Error::io("could not make the preview", &path, source)
                })?
            else {
                return Ok(None);
            };
            let correlation = crate::events::CorrelationId::new();
            let change = [(
                crate::events::ResourceField::Preview,
                crate::model::FieldValue::Text(relative.clone()),
            )];
            let outcome = library.inner.db.write(|tx| {
                resources::apply_checked(
                    tx,
                    resource.id,
                    Some(resource.content_rev),
                    &change,
                    &correlation,
                )
            })?;
            Ok(matches!(outcome, resources::WriteOutcome::Written(_)).then_some(relative))
        })
        .await;
        match made {
            Ok(Ok(made)) => made,
            Ok(Err(err)) => {
                tracing::warn!(resource_id = id, error = %err, "could not make a preview on the spot");
                None
            }
            Err(err) => {
                tracing::warn!(resource_id = id, error = %err, "making a preview stopped unexpectedly");
                None
            }
        }
    }

    /// The item's file as other apps should get it (Open, Show in folder, a
    /// drag out): under the item's own name, never the store's (see
    /// `handout.rs`). A watched file is its own path.
    pub async fn file_for_apps(&self, id: crate::model::ResourceId) -> Result<FileOnDisk> {
        let resource = self.existing_resource(id).await?;
        let layout = self.layout().clone();
        let path = tokio::task::spawn_blocking(move || {
            let file = layout.resolve(&resource.stored_path);
            crate::handout::hand_out(&layout, id, &resource.name, &file)
        })
        .await??;
        Ok(FileOnDisk {
            path,
            content_type: resource.content_type,
        })
    }
}
