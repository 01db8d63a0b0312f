//! Typed events: what changed, for whom, as part of which user action, and
//! the `EntityKey` that names whom. Not how they are stored (`store/outbox.rs`)
//! or delivered (`bus`).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::albums::AlbumId;
use crate::model::{GroupId, NoteId, ResourceId, Timestamp};

pub type EventId = i64;

/// One id per user action (an import batch, an edit), carried by every event
/// that action causes and by every event a handler emits in response, so one
/// import can be followed through all its side effects.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CorrelationId(pub String);

impl CorrelationId {
    pub fn new() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }
}

impl Default for CorrelationId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for CorrelationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of entity an event, a job or a search document is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Resource,
    Note,
    Group,
    Album,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Resource => "resource",
            EntityKind::Note => "note",
            EntityKind::Group => "group",
            EntityKind::Album => "album",
        }
    }
}

/// One entity, written `resource:17` wherever it is stored (events, jobs,
/// the search index) and read back with `parse`: the only place that text
/// is built or taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityKey {
    pub kind: EntityKind,
    pub id: i64,
}

impl EntityKey {
    pub fn resource(id: ResourceId) -> Self {
        Self {
            kind: EntityKind::Resource,
            id,
        }
    }

    pub fn note(id: NoteId) -> Self {
        Self {
            kind: EntityKind::Note,
            id,
        }
    }

    pub fn group(id: GroupId) -> Self {
        Self {
            kind: EntityKind::Group,
            id,
        }
    }

    pub fn album(id: AlbumId) -> Self {
        Self {
            kind: EntityKind::Album,
            id,
        }
    }

    /// `None` for text that is not a key.
    pub fn parse(text: &str) -> Option<Self> {
        let (kind, id) = text.split_once(':')?;
        let kind = match kind {
            "resource" => EntityKind::Resource,
            "note" => EntityKind::Note,
            "group" => EntityKind::Group,
            "album" => EntityKind::Album,
            _ => return None,
        };
        Some(Self {
            kind,
            id: id.parse().ok()?,
        })
    }
}

impl Serialize for EntityKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl rusqlite::ToSql for EntityKey {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.to_string().into())
    }
}

impl fmt::Display for EntityKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind.as_str(), self.id)
    }
}

/// A resource field whose value changed, as named in `resource.updated`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceField {
    /// The file's bytes (a new revision).
    Content,
    Name,
    Description,
    Md5,
    PerceptualHash,
    Width,
    Height,
    Thumbnail,
    Preview,
    PerceptualHashMirror,
    /// Why a file has no thumbnail, when the user can do something about it.
    MediaNote,
    /// A watched file went missing, came back, or its folder went offline.
    Availability,
    /// A watched file was renamed or moved.
    Path,
    Tags,
    Groups,
    Notes,
    /// Facts a handler found; the event's `facts` names which.
    Facts,
    /// It became (or stopped being) another item's companion: a raw file
    /// paired with the JPEG of the same shot.
    Companion,
    /// Its XMP sidecar appeared, changed or went away.
    Sidecar,
    /// It went into the Trash or came back out.
    Trash,
}

impl ResourceField {
    /// Whether the search document holds this field, so a change to it must
    /// re-index the resource. Exhaustive on purpose: a new field cannot be
    /// added without deciding.
    pub fn is_searchable(self) -> bool {
        match self {
            ResourceField::Name
            | ResourceField::Description
            | ResourceField::Tags
            | ResourceField::Groups
            | ResourceField::Width
            | ResourceField::Height
            | ResourceField::Facts
            | ResourceField::Companion
            | ResourceField::Trash => true,
            ResourceField::Content
            | ResourceField::Md5
            | ResourceField::PerceptualHash
            | ResourceField::PerceptualHashMirror
            | ResourceField::Thumbnail
            | ResourceField::Preview
            | ResourceField::MediaNote
            | ResourceField::Availability
            | ResourceField::Path
            | ResourceField::Notes
            | ResourceField::Sidecar => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum EventPayload {
    #[serde(rename = "resource.created")]
    ResourceCreated { resource_id: ResourceId },
    #[serde(rename = "resource.updated")]
    ResourceUpdated {
        resource_id: ResourceId,
        fields: Vec<ResourceField>,
        /// The keys of the facts that changed (with [`ResourceField::Facts`]).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        facts: Vec<String>,
    },
    /// Carries the stored file so a handler can clean up after the row is gone.
    #[serde(rename = "resource.deleted")]
    ResourceDeleted {
        resource_id: ResourceId,
        stored_path: String,
    },
    /// Work for one handler only, over a resource the library held before
    /// the handler existed (a new metadata reader after an upgrade); other
    /// handlers never see it.
    #[serde(rename = "resource.backfill")]
    ResourceBackfill {
        resource_id: ResourceId,
        handler: String,
    },
    #[serde(rename = "note.created")]
    NoteCreated { note_id: NoteId },
    #[serde(rename = "note.updated")]
    NoteUpdated { note_id: NoteId },
    #[serde(rename = "note.deleted")]
    NoteDeleted { note_id: NoteId },
    #[serde(rename = "group.created")]
    GroupCreated { group_id: GroupId },
    #[serde(rename = "group.updated")]
    GroupUpdated { group_id: GroupId },
    #[serde(rename = "group.deleted")]
    GroupDeleted { group_id: GroupId },
    /// A smart album was made, edited or brought back by undo.
    #[serde(rename = "album.saved")]
    AlbumSaved { album_id: AlbumId },
    #[serde(rename = "album.deleted")]
    AlbumDeleted { album_id: AlbumId },
}

/// The kinds handlers subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventKind {
    #[serde(rename = "resource.created")]
    ResourceCreated,
    #[serde(rename = "resource.updated")]
    ResourceUpdated,
    #[serde(rename = "resource.deleted")]
    ResourceDeleted,
    #[serde(rename = "resource.backfill")]
    ResourceBackfill,
    #[serde(rename = "note.created")]
    NoteCreated,
    #[serde(rename = "note.updated")]
    NoteUpdated,
    #[serde(rename = "note.deleted")]
    NoteDeleted,
    #[serde(rename = "group.created")]
    GroupCreated,
    #[serde(rename = "group.updated")]
    GroupUpdated,
    #[serde(rename = "group.deleted")]
    GroupDeleted,
    #[serde(rename = "album.saved")]
    AlbumSaved,
    #[serde(rename = "album.deleted")]
    AlbumDeleted,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::ResourceCreated => "resource.created",
            EventKind::ResourceUpdated => "resource.updated",
            EventKind::ResourceDeleted => "resource.deleted",
            EventKind::ResourceBackfill => "resource.backfill",
            EventKind::NoteCreated => "note.created",
            EventKind::NoteUpdated => "note.updated",
            EventKind::NoteDeleted => "note.deleted",
            EventKind::GroupCreated => "group.created",
            EventKind::GroupUpdated => "group.updated",
            EventKind::GroupDeleted => "group.deleted",
            EventKind::AlbumSaved => "album.saved",
            EventKind::AlbumDeleted => "album.deleted",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl EventPayload {
    pub fn kind(&self) -> EventKind {
        match self {
            EventPayload::ResourceCreated { .. } => EventKind::ResourceCreated,
            EventPayload::ResourceUpdated { .. } => EventKind::ResourceUpdated,
            EventPayload::ResourceDeleted { .. } => EventKind::ResourceDeleted,
            EventPayload::ResourceBackfill { .. } => EventKind::ResourceBackfill,
            EventPayload::NoteCreated { .. } => EventKind::NoteCreated,
            EventPayload::NoteUpdated { .. } => EventKind::NoteUpdated,
            EventPayload::NoteDeleted { .. } => EventKind::NoteDeleted,
            EventPayload::GroupCreated { .. } => EventKind::GroupCreated,
            EventPayload::GroupUpdated { .. } => EventKind::GroupUpdated,
            EventPayload::GroupDeleted { .. } => EventKind::GroupDeleted,
            EventPayload::AlbumSaved { .. } => EventKind::AlbumSaved,
            EventPayload::AlbumDeleted { .. } => EventKind::AlbumDeleted,
        }
    }

    /// The entity this event is about; a handler sees one entity's events in
    /// the order they were written.
    pub fn entity(&self) -> EntityKey {
        match self {
            EventPayload::ResourceCreated { resource_id }
            | EventPayload::ResourceUpdated { resource_id, .. }
            | EventPayload::ResourceDeleted { resource_id, .. }
            | EventPayload::ResourceBackfill { resource_id, .. } => {
                EntityKey::resource(*resource_id)
            }
            EventPayload::NoteCreated { note_id }
            | EventPayload::NoteUpdated { note_id }
            | EventPayload::NoteDeleted { note_id } => EntityKey::note(*note_id),
            EventPayload::GroupCreated { group_id }
            | EventPayload::GroupUpdated { group_id }
            | EventPayload::GroupDeleted { group_id } => EntityKey::group(*group_id),
            EventPayload::AlbumSaved { album_id } | EventPayload::AlbumDeleted { album_id } => {
                EntityKey::album(*album_id)
            }
        }
    }

    pub fn resource_id(&self) -> Option<ResourceId> {
        match self {
            EventPayload::ResourceCreated { resource_id }
            | EventPayload::ResourceUpdated { resource_id, .. }
            | EventPayload::ResourceDeleted { resource_id, .. }
            | EventPayload::ResourceBackfill { resource_id, .. } => Some(*resource_id),
            _ => None,
        }
    }

    /// True for `resource.created`, and for `resource.updated` naming any of `fields`.
    pub fn touches_resource(&self, fields: &[ResourceField]) -> bool {
        match self {
            EventPayload::ResourceCreated { .. } => true,
            EventPayload::ResourceUpdated {
                fields: changed, ..
            } => changed.iter().any(|f| fields.contains(f)),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub correlation_id: CorrelationId,
    pub at: Timestamp,
    #[serde(flatten)]
    pub payload: EventPayload,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_serialise_with_their_dotted_type() {
        let event = Event {
            id: 7,
            correlation_id: CorrelationId("c".into()),
            at: 1,
            payload: EventPayload::ResourceUpdated {
                resource_id: 3,
                fields: vec![ResourceField::Md5],
                facts: vec![],
            },
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["type"], "resource.updated");
        assert_eq!(json["fields"][0], "md5");
        let back: Event = serde_json::from_value(json).unwrap();
        assert_eq!(back, event);
    }

    #[test]
    fn entity_keys_round_trip_and_refuse_other_text() {
        for key in [
            EntityKey::resource(17),
            EntityKey::note(1),
            EntityKey::group(-2),
        ] {
            assert_eq!(EntityKey::parse(&key.to_string()), Some(key));
        }
        assert_eq!(EntityKey::resource(17).to_string(), "resource:17");
        for bad in ["resource", "resource:x", "tag:1", ":1", ""] {
            assert_eq!(EntityKey::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn kind_strings_match_serde_names() {
        for kind in [
            EventKind::ResourceCreated,
            EventKind::NoteDeleted,
            EventKind::GroupUpdated,
        ] {
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.as_str());
        }
    }
}
