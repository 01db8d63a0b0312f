//! Undo and redo of a person's own actions: renames, descriptions, tags,
//! groups, notes, marks, the Trash and merges (docs/ARCHITECTURE.md,
//! "Undo").
//!
//! Each action writes one `actions` row in its own transaction, holding the
//! exact changes it made (which items gained which tag, each item's mark
//! before and after), under the correlation id its events carry. Undo
//! applies the inverse changes, newest action first; redo applies them
//! again. Both are actions of their own on the bus (new events, so the
//! index, the grid and sidecars follow), but not rows of the history.
//! Handler results are never actions.
//!
//! An item deleted for good since is skipped, and counted, rather than
//! failing the whole undo.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::albums::Album;
use crate::error::{Error, Result};
use crate::events::CorrelationId;
use crate::facts::FactValue;
use crate::model::{GroupId, NoteId, ResourceEdit, ResourceId, Timestamp, now_ms};
use crate::store::{self, albums, facts, groups, notes, resources, tags, trash};

/// How many actions are kept to undo; older ones are forgotten.
const KEPT: i64 = 1000;

/// One exact change an action made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub(crate) enum Change {
    Name {
        id: ResourceId,
        before: String,
        after: String,
    },
    Description {
        id: ResourceId,
        before: String,
        after: String,
    },
    /// The tags each item gained (not those it already had).
    TagsAdded {
        items: Vec<(ResourceId, Vec<String>)>,
    },
    TagsRemoved {
        items: Vec<(ResourceId, Vec<String>)>,
    },
    GroupAdded {
        group: GroupId,
        ids: Vec<ResourceId>,
    },
    GroupRemoved {
        group: GroupId,
        ids: Vec<ResourceId>,
    },
    NoteLinked {
        note: NoteId,
        ids: Vec<ResourceId>,
    },
    NoteUnlinked {
        note: NoteId,
        ids: Vec<ResourceId>,
    },
    /// A rating, label or flag: each item's value before and after.
    Mark {
        key: String,
        items: Vec<(ResourceId, Option<FactValue>, Option<FactValue>)>,
    },
    Trashed {
        ids: Vec<ResourceId>,
    },
    Restored {
        ids: Vec<ResourceId>,
    },
    /// A smart album before and after: `None` before is a new album, `None`
    /// after a deleted one.
    Album {
        before: Option<Album>,
        after: Option<Album>,
    },
}

impl Change {
    fn is_empty(&self) -> bool {
        match self {
            Change::Name { before, after, .. } | Change::Description { before, after, .. } => {
                before == after
            }
            Change::TagsAdded { items } | Change::TagsRemoved { items } => items.is_empty(),
            Change::GroupAdded { ids, .. }
            | Change::GroupRemoved { ids, .. }
            | Change::NoteLinked { ids, .. }
            | Change::NoteUnlinked { ids, .. }
            | Change::Trashed { ids }
            | Change::Restored { ids } => ids.is_empty(),
            Change::Mark { items, .. } => items.is_empty(),
            Change::Album { before, after } => before == after,
        }
    }

    fn inverse(&self) -> Change {
        match self.clone() {
            Change::Name { id, before, after } => Change::Name {
                id,
                before: after,
                after: before,
            },
            Change::Description { id, before, after } => Change::Description {
                id,
                before: after,
                after: before,
            },
            Change::TagsAdded { items } => Change::TagsRemoved { items },
            Change::TagsRemoved { items } => Change::TagsAdded { items },
            Change::GroupAdded { group, ids } => Change::GroupRemoved { group, ids },
            Change::GroupRemoved { group, ids } => Change::GroupAdded { group, ids },
            Change::NoteLinked { note, ids } => Change::NoteUnlinked { note, ids },
            Change::NoteUnlinked { note, ids } => Change::NoteLinked { note, ids },
            Change::Mark { key, items } => Change::Mark {
                key,
                items: items
                    .into_iter()
                    .map(|(id, before, after)| (id, after, before))
                    .collect(),
            },
            Change::Trashed { ids } => Change::Restored { ids },
            Change::Restored { ids } => Change::Trashed { ids },
            Change::Album { before, after } => Change::Album {
                before: after,
                after: before,
            },
        }
    }

    /// Makes the change again; returns how many items it skipped because
    /// they (or their group or note) are gone for good.
    /// `now` is the library's clock: a redone trash is trashed now.
    fn apply(&self, tx: &Transaction<'_>, now: Timestamp, c: &CorrelationId) -> Result<u32> {
        let exists = |id: ResourceId| store::exists(tx, "resources", id);
        let mut skipped = 0u32;
        let mut present = |ids: &[ResourceId]| -> Result<Vec<ResourceId>> {
            let mut kept = Vec::with_capacity(ids.len());
            for &id in ids {
                if exists(id)? {
                    kept.push(id);
                } else {
                    skipped += 1;
                }
            }
            Ok(kept)
        };
        match self {
            Change::Name { id, after, .. } | Change::Description { id, after, .. } => {
                if present(&[*id])?.is_empty() {
                    return Ok(skipped);
                }
                let edit = match self {
                    Change::Name { .. } => ResourceEdit {
                        name: Some(after.clone()),
                        description: None,
                    },
                    _ => ResourceEdit {
                        name: None,
                        description: Some(after.clone()),
                    },
                };
                resources::edit(tx, *id, &edit, c)?;
            }
            Change::TagsAdded { items } | Change::TagsRemoved { items } => {
                let add = matches!(self, Change::TagsAdded { .. });
                for (id, names) in items {
                    if present(&[*id])?.is_empty() {
                        continue;
                    }
                    if add {
                        tags::add(tx, *id, names, c)?;
                    } else {
                        tags::remove(tx, *id, names, c)?;
                    }
                }
            }
            Change::GroupAdded { group, ids } | Change::GroupRemoved { group, ids } => {
                if !store::exists(tx, "groups", *group)? {
                    return Ok(ids.len() as u32);
                }
                let ids = present(ids)?;
                let add = matches!(self, Change::GroupAdded { .. });
                groups::set_members(tx, *group, &ids, add, c)?;
            }
            Change::NoteLinked { note, ids } | Change::NoteUnlinked { note, ids } => {
                if !store::exists(tx, "notes", *note)? {
                    return Ok(ids.len() as u32);
                }
                let linked = matches!(self, Change::NoteLinked { .. });
                for id in present(ids)? {
                    notes::link(tx, *note, notes::NoteTarget::Resource(id), linked, c)?;
                }
            }
            Change::Mark { key, items } => {
                for (id, _, after) in items {
                    if !present(&[*id])?.is_empty() {
                        facts::set_person(tx, *id, key, after.as_ref(), c)?;
                    }
                }
            }
            Change::Trashed { ids } => {
                trash::trash(tx, &present(ids)?, now, c)?;
            }
            Change::Restored { ids } => {
                trash::restore(tx, &present(ids)?, c)?;
            }
            Change::Album { before, after } => match (before, after) {
                (_, Some(album)) => albums::put(tx, album, c)?,
                (Some(album), None) => {
                    albums::delete(tx, album.id, c)?;
                }
                (None, None) => {}
            },
        }
        Ok(skipped)
    }
}

/// Records an action a person just took, in its transaction. An action
/// that changed nothing is not recorded (undo skips nothing).
pub(crate) fn record(
    tx: &Transaction<'_>,
    correlation: &CorrelationId,
    label: &str,
    changes: Vec<Change>,
) -> Result<()> {
    let changes: Vec<Change> = changes.into_iter().filter(|c| !c.is_empty()).collect();
    if changes.is_empty() {
        return Ok(());
    }
    let json = serde_json::to_string(&changes).map_err(|source| Error::Encoding {
        what: "an action's changes".into(),
        source,
    })?;
    // A new action ends what could be redone, as in any editor.
    tx.prepare_cached("DELETE FROM actions WHERE state = 'undone'")?
        .execute([])?;
    tx.prepare_cached(
        "INSERT INTO actions (correlation_id, label, at, changes, state)
         VALUES (?1, ?2, ?3, ?4, 'done')",
    )?
    .execute(params![correlation.0, label, now_ms(), json])?;
    tx.prepare_cached("DELETE FROM actions WHERE id <= (SELECT MAX(id) FROM actions) - ?1")?
        .execute([KEPT])?;
    log(tx, correlation, label)
}

/// Names the action of `correlation` for items' histories (audit.rs).
fn log(tx: &Transaction<'_>, correlation: &CorrelationId, label: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO action_log (correlation_id, label, at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![correlation.0, label, now_ms()])?;
    Ok(())
}

/// What undo or redo did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reverted {
    /// The action, as a person reads it: "Rated 3 items ★★★★".
    pub label: String,
    /// Items it could not reach: deleted for good since.
    pub skipped: u32,
}

/// What undo and redo would do next, for a menu or a tooltip.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UndoState {
    pub undo: Option<String>,
    pub redo: Option<String>,
}

struct Action {
    id: i64,
    label: String,
    changes: Vec<Change>,
}

fn next(conn: &Connection, undo: bool) -> Result<Option<Action>> {
    let sql = if undo {
        "SELECT id, label, changes FROM actions WHERE state = 'done' ORDER BY id DESC LIMIT 1"
    } else {
        "SELECT id, label, changes FROM actions WHERE state = 'undone' ORDER BY id ASC LIMIT 1"
    };
    let row: Option<(i64, String, String)> = conn
        .prepare_cached(sql)?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    row.map(|(id, label, json)| {
        let changes = serde_json::from_str(&json).map_err(|source| Error::Encoding {
            what: format!("action {id}'s changes"),
            source,
        })?;
        Ok(Action { id, label, changes })
    })
    .transpose()
}

/// Undoes the newest action still done (`undo`), or redoes the oldest one
/// undone; `None` when there is nothing to undo or redo.
pub(crate) fn revert(
    tx: &Transaction<'_>,
    undo: bool,
    now: Timestamp,
    c: &CorrelationId,
) -> Result<Option<Reverted>> {
    let Some(action) = next(tx, undo)? else {
        return Ok(None);
    };
    let mut skipped = 0;
    if undo {
        for change in action.changes.iter().rev() {
            skipped += change.inverse().apply(tx, now, c)?;
        }
    } else {
        for change in &action.changes {
            skipped += change.apply(tx, now, c)?;
        }
    }
    let state = if undo { "undone" } else { "done" };
    tx.prepare_cached("UPDATE actions SET state = ?2 WHERE id = ?1")?
        .execute(params![action.id, state])?;
    let done = if undo { "Undid" } else { "Redid" };
    log(tx, c, &format!("{done}: {}", action.label))?;
    Ok(Some(Reverted {
        label: action.label,
        skipped,
    }))
}

pub(crate) fn state(conn: &Connection) -> Result<UndoState> {
    Ok(UndoState {
        undo: next(conn, true)?.map(|a| a.label),
        redo: next(conn, false)?.map(|a| a.label),
    })
}

/// "1 item", "3 items".
pub(crate) fn items(n: usize) -> String {
    if n == 1 {
        "1 item".into()
    } else {
        format!("{n} items")
    }
}
