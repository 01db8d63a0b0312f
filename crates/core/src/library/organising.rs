//! A person's own actions through the `Library`, each one step of the undo
//! history (`history.rs`): marks (rating, label, flag), the Trash, merges,
//! and undo and redo themselves. Renames, tags, groups and notes record
//! their steps where they are made (`library.rs`).

use std::path::PathBuf;

use serde::Serialize;

use super::Library;
use crate::error::{Error, Result};
use crate::history::{self, Change, Reverted, UndoState, items};
use crate::marks::Mark;
use crate::model::{ResourceId, Timestamp};
use crate::store::{facts, resources, tiles, trash};

/// What deleting for good did, item by item where it could not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RemovalReport {
    /// Items deleted from the library (their copies and thumbnails go with
    /// the cleanup handler).
    pub removed: u32,
    /// Of those, files of watched folders moved to the system trash.
    pub moved_to_system_trash: u32,
    /// Items left where they were, and why.
    pub failed: Vec<RemovalFailure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RemovalFailure {
    pub id: ResourceId,
    pub name: String,
    pub reason: String,
}

/// A resource about to be deleted for good, as far as its file goes.
struct Doomed {
    id: ResourceId,
    name: String,
    /// The user's own file (a watched folder's), which goes to the system
    /// trash rather than being unlinked.
    watched_file: Option<PathBuf>,
    sidecar: Option<PathBuf>,
    offline: bool,
}

impl Library {
    /// Sets a rating, label or flag on every item of `ids`, in one
    /// transaction and one undo step. Returns how many items changed.
    pub async fn set_mark(&self, ids: Vec<ResourceId>, mark: Mark) -> Result<u32> {
        let (key, value) = mark.as_fact()?;
        let ids = super::distinct(ids);
        self.write(move |tx, c| {
            let mut changed = Vec::new();
            for &id in &ids {
                if let Some(before) = facts::set_person(tx, id, key, value.as_ref(), c)? {
                    changed.push((id, before, value.clone()));
                }
            }
            let n = changed.len() as u32;
            history::record(
                tx,
                c,
                &mark.describe(&items(ids.len())),
                vec![Change::Mark {
                    key: key.to_string(),
                    items: changed,
                }],
            )?;
            Ok(n)
        })
        .await
    }

    /// Moves items (and their companions) to the Trash: nothing is
    /// removed, and Restore or undo puts them back as they were. A missing
    /// id fails the call and changes nothing. Returns how many moved.
    pub async fn trash(&self, ids: Vec<ResourceId>) -> Result<u32> {
        let ids = super::distinct(ids);
        let now = self.now();
        self.write(move |tx, c| {
            let moved = trash::trash(tx, &ids, now, c)?;
            let n = moved.len() as u32;
            let label = format!("Moved {} to the Trash", items(ids.len()));
            history::record(tx, c, &label, vec![Change::Trashed { ids: moved }])?;
            Ok(n)
        })
        .await
    }

    /// Takes items out of the Trash, exactly as they were.
    pub async fn restore(&self, ids: Vec<ResourceId>) -> Result<u32> {
        let ids = super::distinct(ids);
        self.write(move |tx, c| {
            let restored = trash::restore(tx, &ids, c)?;
            let n = restored.len() as u32;
            let label = format!("Restored {} from the Trash", items(ids.len()));
            history::record(tx, c, &label, vec![Change::Restored { ids: restored }])?;
            Ok(n)
        })
        .await
    }

    /// The Trash, most recently trashed first.
    pub async fn trashed(&self) -> Result<Vec<crate::Tile>> {
        self.read(tiles::trashed).await
    }

    /// Deletes everything in the Trash for good (see
    /// [`delete_permanently`](Self::delete_permanently)).
    pub async fn empty_trash(&self) -> Result<RemovalReport> {
        let ids = self.read(|conn| trash::ids(conn, None)).await?;
        self.delete_permanently(ids).await
    }

    /// Empties what has been in the Trash longer than the library's
    /// `trash_days` (never when 0). Runs at open and every hour.
    pub async fn empty_expired_trash(&self) -> Result<RemovalReport> {
        let days = self.settings().await?.trash_days;
        if days == 0 {
            return Ok(RemovalReport::default());
        }
        let cutoff = self.now() - i64::from(days) * 86_400_000;
        let ids = self
            .read(move |conn| trash::ids(conn, Some(cutoff)))
            .await?;
        if ids.is_empty() {
            return Ok(RemovalReport::default());
        }
        tracing::info!(count = ids.len(), days, "emptying items trashed long ago");
        self.delete_permanently(ids).await
    }

    /// Deletes items for good, in or out of the Trash: not undoable, so the
    /// fronts ask first. A copy in the library goes with the cleanup
    /// handler; a watched folder's file is the person's own and goes to the
    /// system trash (with its sidecar), never unlinked. An item whose file
    /// cannot go there (an offline folder, a file system without a trash)
    /// stays, with the reason.
    pub async fn delete_permanently(&self, ids: Vec<ResourceId>) -> Result<RemovalReport> {
        let ids = super::distinct(ids);
        let doomed = self
            .read(move |conn| {
                let mut doomed = Vec::with_capacity(ids.len());
                for id in ids {
                    let resource = resources::get(conn, id)?.ok_or(Error::NotFound {
                        kind: "resource",
                        id,
                    })?;
                    let watched = resource.watched_folder_id.is_some();
                    let sidecar = resources::sidecar_of(conn, id)?
                        .filter(|_| watched)
                        .map(|(path, _)| PathBuf::from(path));
                    doomed.push(Doomed {
                        id,
                        name: resource.name.clone(),
                        watched_file: watched.then(|| PathBuf::from(&resource.stored_path)),
                        sidecar,
                        offline: resource.availability == crate::model::Availability::Offline,
                    });
                }
                Ok(doomed)
            })
            .await?;
        let (mut report, removable) =
            tokio::task::spawn_blocking(move || to_system_trash(doomed)).await?;
        report.removed = self
            .write(move |tx, c| {
                for &id in &removable {
                    resources::delete(tx, id, c)?;
                }
                Ok(removable.len() as u32)
            })
            .await?;
        Ok(report)
    }

    /// Keeps `keep`, moves the tags, groups and notes of `others` onto it
    /// and moves them to the Trash, in one transaction and one undo step.
    pub async fn merge(
        &self,
        keep: ResourceId,
        others: Vec<ResourceId>,
    ) -> Result<crate::model::Resource> {
        let now = self.now();
        self.write(move |tx, c| {
            let before = resources::get(tx, keep)?.ok_or(Error::NotFound {
                kind: "resource",
                id: keep,
            })?;
            let notes_before = resources::notes_of(tx, keep)?;
            let trashed = resources::merge(tx, keep, &others, now, c)?;
            let after = resources::get(tx, keep)?.ok_or(Error::NotFound {
                kind: "resource",
                id: keep,
            })?;
            let mut changes = Vec::new();
            let new_tags: Vec<String> = after
                .tags
                .iter()
                .filter(|t| !before.tags.iter().any(|b| b.eq_ignore_ascii_case(t)))
                .cloned()
                .collect();
            if !new_tags.is_empty() {
                changes.push(Change::TagsAdded {
                    items: vec![(keep, new_tags)],
                });
            }
            for group in after.groups.iter().filter(|g| !before.groups.contains(g)) {
                changes.push(Change::GroupAdded {
                    group: group.id,
                    ids: vec![keep],
                });
            }
            for note in resources::notes_of(tx, keep)? {
                if !notes_before.iter().any(|n| n.id == note.id) {
                    changes.push(Change::NoteLinked {
                        note: note.id,
                        ids: vec![keep],
                    });
                }
            }
            changes.push(Change::Trashed { ids: trashed });
            let label = format!("Merged {} into “{}”", items(others.len()), after.name);
            history::record(tx, c, &label, changes)?;
            Ok(after)
        })
        .await
    }

    /// Undoes the newest of a person's actions still done, in a new process
    /// too (the history is in the database); `None` when there is none.
    pub async fn undo(&self) -> Result<Option<Reverted>> {
        let now = self.now();
        self.write(move |tx, c| history::revert(tx, true, now, c))
            .await
    }

    /// Redoes the action undone last; `None` when there is none (or a new
    /// action was taken since).
    pub async fn redo(&self) -> Result<Option<Reverted>> {
        let now = self.now();
        self.write(move |tx, c| history::revert(tx, false, now, c))
            .await
    }

    /// What undo and redo would do now.
    pub async fn undo_state(&self) -> Result<UndoState> {
        self.read(history::state).await
    }

    pub(crate) fn now(&self) -> Timestamp {
        (self.inner.clock)()
    }
}

/// Moves the watched files of `doomed` to the system trash; returns the
/// report of those that could not go and the ids free to delete.
fn to_system_trash(doomed: Vec<Doomed>) -> (RemovalReport, Vec<ResourceId>) {
    let mut report = RemovalReport::default();
    let mut removable = Vec::with_capacity(doomed.len());
    for item in doomed {
        let Some(file) = &item.watched_file else {
            removable.push(item.id);
            continue;
        };
        if item.offline {
            report.failed.push(RemovalFailure {
                id: item.id,
                name: item.name,
                reason: "its folder is offline (a drive not plugged in?), so the file \
                         cannot be moved to the system trash"
                    .into(),
            });
            continue;
        }
        if !file.exists() {
            // Already gone from the disk (missing): only the item is left.
            removable.push(item.id);
            continue;
        }
        match ::trash::delete(file) {
            Ok(()) => {
                if let Some(sidecar) = item.sidecar.as_ref().filter(|s| s.exists())
                    && let Err(err) = ::trash::delete(sidecar)
                {
                    tracing::warn!(path = %sidecar.display(), error = %err,
                        "the sidecar could not be moved to the system trash");
                }
                report.moved_to_system_trash += 1;
                removable.push(item.id);
            }
            Err(err) => report.failed.push(RemovalFailure {
                id: item.id,
                name: item.name,
                reason: format!("the file could not be moved to the system trash: {err}"),
            }),
        }
    }
    (report, removable)
}
