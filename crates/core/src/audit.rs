//! The history of one item, told from the outbox: every event about it,
//! grouped by the action (correlation id) it belonged to, in words a
//! person reads ("Thumbnail made", "Moved to the Trash"), with the work
//! still waiting on it or failed. The events are the audit trail; this
//! module only reads them (docs/ARCHITECTURE.md, "History of an item").
//!
//! `mahres events --resource ID` prints the same steps, so the window and
//! the terminal tell one story.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::events::{EntityKey, Event, EventId, EventPayload, ResourceField};
use crate::facts::FactRegistry;
use crate::marks::MARK_FACTS;
use crate::model::{ResourceId, Timestamp};
use crate::store::outbox;

/// Most fact names one line lists before "and N more".
const FACTS_NAMED: usize = 5;

/// Everything that happened to one item, newest action first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemHistory {
    pub steps: Vec<HistoryStep>,
}

/// One action and what it did to the item: an import with the hashing,
/// thumbnail and metadata that followed it, or a rating, or a move on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryStep {
    pub correlation_id: String,
    /// "Rated 3 items ★★★★", "Imported", "Changed on disk".
    pub title: String,
    /// A person's own action (one step of undo), not the library's work.
    pub by_person: bool,
    /// When its first event about the item was written.
    pub at: Timestamp,
    /// Oldest first.
    pub entries: Vec<HistoryEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    pub event_id: EventId,
    pub at: Timestamp,
    /// The event's type, `resource.updated`.
    pub kind: String,
    /// What changed, in words: "Checksum computed, dimensions read".
    pub what: String,
    /// Handlers yet to finish this event, or given up on it.
    pub work: Vec<PendingWork>,
}

/// A handler's job on an event that has not finished: waiting, running,
/// or dead (failed every retry). Finished jobs leave no row; what they
/// found is the event that follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PendingWork {
    pub handler: String,
    /// `pending`, `running` or `dead`.
    pub state: String,
    pub attempts: u32,
    pub last_error: Option<String>,
}

pub(crate) fn of_resource(
    conn: &Connection,
    facts: &FactRegistry,
    id: ResourceId,
) -> Result<ItemHistory> {
    let entity = EntityKey::resource(id);
    let events = outbox::for_entity(conn, &entity)?;
    let mut work = pending_work(conn, &entity)?;
    let labels = action_labels(conn, &events)?;

    let mut steps: Vec<HistoryStep> = Vec::new();
    let mut step_of: HashMap<String, usize> = HashMap::new();
    let mut in_trash = false;
    for event in &events {
        let entry = HistoryEntry {
            event_id: event.id,
            at: event.at,
            kind: event.payload.kind().as_str().to_string(),
            what: describe(&event.payload, facts, &mut in_trash),
            work: work.remove(&event.id).unwrap_or_default(),
        };
        let correlation = &event.correlation_id.0;
        match step_of.get(correlation) {
            Some(&i) => steps[i].entries.push(entry),
            None => {
                step_of.insert(correlation.clone(), steps.len());
                let label = labels.get(correlation);
                steps.push(HistoryStep {
                    correlation_id: correlation.clone(),
                    title: label.cloned().unwrap_or_default(),
                    by_person: label.is_some(),
                    at: event.at,
                    entries: vec![entry],
                });
            }
        }
    }
    for (step, events) in steps.iter_mut().zip(grouped(&events, &step_of)) {
        if step.title.is_empty() {
            step.title = untitled(&events).to_string();
        }
    }
    steps.reverse();
    Ok(ItemHistory { steps })
}

/// The events of each step, in step order.
fn grouped<'a>(events: &'a [Event], step_of: &HashMap<String, usize>) -> Vec<Vec<&'a Event>> {
    let mut out: Vec<Vec<&Event>> = vec![Vec::new(); step_of.len()];
    for event in events {
        if let Some(&i) = step_of.get(&event.correlation_id.0) {
            out[i].push(event);
        }
    }
    out
}

/// A step no person took: named by what started it.
fn untitled(events: &[&Event]) -> &'static str {
    let first = events.first().map(|e| &e.payload);
    match first {
        Some(EventPayload::ResourceCreated { .. }) => "Added to the library",
        Some(EventPayload::ResourceBackfill { .. }) => "Read again by a new reader",
        Some(EventPayload::ResourceDeleted { .. }) => "Deleted for good",
        Some(p)
            if p.touches_resource(&[
                ResourceField::Content,
                ResourceField::Path,
                ResourceField::Availability,
                ResourceField::Sidecar,
            ]) =>
        {
            "Changed on disk"
        }
        _ => "Library work",
    }
}

fn describe(payload: &EventPayload, registry: &FactRegistry, in_trash: &mut bool) -> String {
    match payload {
        EventPayload::ResourceCreated { .. } => "Recorded".into(),
        EventPayload::ResourceDeleted { .. } => "Deleted for good".into(),
        EventPayload::ResourceBackfill { handler, .. } => format!("Queued for {handler}"),
        EventPayload::ResourceUpdated { fields, facts, .. } => {
            let mut parts: Vec<String> = Vec::new();
            let mut push = |part: String| {
                if !parts.contains(&part) {
                    parts.push(part);
                }
            };
            for field in fields {
                match field {
                    ResourceField::Facts => facts_changed(facts, registry)
                        .into_iter()
                        .for_each(&mut push),
                    ResourceField::Trash => {
                        *in_trash = !*in_trash;
                        push(
                            if *in_trash {
                                "moved to the Trash"
                            } else {
                                "restored from the Trash"
                            }
                            .into(),
                        );
                    }
                    other => push(field_words(*other).into()),
                }
            }
            capitalised(&parts.join(", "))
        }
        other => other.kind().as_str().to_string(),
    }
}

fn field_words(field: ResourceField) -> &'static str {
    match field {
        ResourceField::Content => "file contents changed",
        ResourceField::Name => "renamed",
        ResourceField::Description => "description changed",
        ResourceField::Md5 => "checksum computed",
        ResourceField::PerceptualHash | ResourceField::PerceptualHashMirror => {
            "fingerprint for similar images made"
        }
        ResourceField::Width | ResourceField::Height => "dimensions read",
        ResourceField::Thumbnail => "thumbnail made",
        ResourceField::Preview => "preview made",
        ResourceField::MediaNote => "a note on its preview",
        ResourceField::Availability => "went missing, came back or its folder went offline",
        ResourceField::Path => "moved or renamed on disk",
        ResourceField::Tags => "tags changed",
        ResourceField::Groups => "groups changed",
        ResourceField::Notes => "notes changed",
        ResourceField::Companion => "paired with (or parted from) its raw file",
        ResourceField::Sidecar => "XMP sidecar changed",
        // Worded by the caller, which follows the item in and out.
        ResourceField::Trash | ResourceField::Facts => "",
    }
}

/// A person's marks by name ("rating changed"); a reader's facts as one
/// line ("metadata read: Camera, Date taken and 4 more").
fn facts_changed(keys: &[String], registry: &FactRegistry) -> Vec<String> {
    let mut out = Vec::new();
    let mut found = Vec::new();
    for key in keys {
        match MARK_FACTS.iter().find(|m| m.key == key) {
            Some(mark) => out.push(format!("{} changed", mark.label.to_lowercase())),
            None => found.push(registry.get(key).map_or(key.as_str(), |s| s.label)),
        }
    }
    if !found.is_empty() {
        let named = found
            .iter()
            .take(FACTS_NAMED)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let more = found.len().saturating_sub(FACTS_NAMED);
        out.push(if more > 0 {
            format!("metadata read: {named} and {more} more")
        } else {
            format!("metadata read: {named}")
        });
    } else if keys.is_empty() {
        out.push("metadata changed".into());
    }
    out
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Changed".into(),
    }
}

fn pending_work(
    conn: &Connection,
    entity: &EntityKey,
) -> Result<HashMap<EventId, Vec<PendingWork>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT event_id, handler, state, attempts, last_error FROM jobs
         WHERE entity = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([entity], |r| {
        Ok((
            r.get::<_, EventId>(0)?,
            PendingWork {
                handler: r.get(1)?,
                state: r.get(2)?,
                attempts: r.get(3)?,
                last_error: r.get(4)?,
            },
        ))
    })?;
    let mut out: HashMap<EventId, Vec<PendingWork>> = HashMap::new();
    for row in rows {
        let (event, work) = row?;
        out.entry(event).or_default().push(work);
    }
    Ok(out)
}

fn action_labels(conn: &Connection, events: &[Event]) -> Result<HashMap<String, String>> {
    let mut stmt = conn.prepare_cached("SELECT label FROM action_log WHERE correlation_id = ?1")?;
    let mut out = HashMap::new();
    for event in events {
        let correlation = &event.correlation_id.0;
        if out.contains_key(correlation) {
            continue;
        }
        let label: Option<String> = stmt
            .query_row([correlation], |r| r.get(0))
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        if let Some(label) = label {
            out.insert(correlation.clone(), label);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn updated(fields: Vec<ResourceField>, facts: Vec<&str>) -> EventPayload {
        EventPayload::ResourceUpdated {
            resource_id: 1,
            fields,
            facts: facts.into_iter().map(String::from).collect(),
        }
    }

    #[test]
    fn fields_are_told_in_words_once_each() {
        let registry = FactRegistry::default();
        let mut in_trash = false;
        let what = describe(
            &updated(
                vec![
                    ResourceField::Width,
                    ResourceField::Height,
                    ResourceField::Md5,
                ],
                vec![],
            ),
            &registry,
            &mut in_trash,
        );
        assert_eq!(what, "Dimensions read, checksum computed");
    }

    #[test]
    fn the_trash_is_followed_in_and_out() {
        let registry = FactRegistry::default();
        let mut in_trash = false;
        let trash = updated(vec![ResourceField::Trash], vec![]);
        assert_eq!(
            describe(&trash, &registry, &mut in_trash),
            "Moved to the Trash"
        );
        assert_eq!(
            describe(&trash, &registry, &mut in_trash),
            "Restored from the Trash"
        );
    }

    #[test]
    fn marks_are_named_and_a_readers_facts_summed_up() {
        let registry = FactRegistry::default();
        let mut in_trash = false;
        let facts = updated(
            vec![ResourceField::Facts],
            vec!["rating", "a", "b", "c", "d", "e", "f"],
        );
        assert_eq!(
            describe(&facts, &registry, &mut in_trash),
            "Rating changed, metadata read: a, b, c, d, e and 1 more"
        );
    }
}
