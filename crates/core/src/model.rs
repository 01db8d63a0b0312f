//! The library's domain types as the fronts see them (serialized to the CLI's
//! JSON and, through ts-rs, the page). No SQL and no behaviour beyond small
//! conversions: the store reads and writes them.

use serde::{Deserialize, Serialize};

use crate::facts::Fact;

/// Milliseconds since the Unix epoch, UTC.
pub type Timestamp = i64;

/// The machine's UTC offset in minutes at the moment `at_ms` (ms since the
/// epoch): what local times of that moment are read in.
pub fn local_offset_minutes(at_ms: Timestamp) -> i32 {
    use chrono::{Local, Offset, TimeZone};
    match Local.timestamp_millis_opt(at_ms) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.offset().fix().local_minus_utc() / 60
        }
        chrono::LocalResult::None => 0,
    }
}

/// A file's modification time in milliseconds, where the file system
/// keeps one.
pub fn modified_ms(metadata: &std::fs::Metadata) -> Option<Timestamp> {
    metadata
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_millis() as i64)
}

pub fn now_ms() -> Timestamp {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A value a handler writes to a resource's own column with
/// [`HandlerContext::write_resource`](crate::HandlerContext::write_resource).
/// (Facts have their own typed values: [`FactValue`](crate::FactValue).)
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Null,
    Integer(i64),
    Text(String),
}

impl FieldValue {
    /// Roughly how many bytes the value holds.
    pub(crate) fn size_hint(&self) -> usize {
        match self {
            FieldValue::Text(text) => text.len(),
            _ => 8,
        }
    }
}

impl rusqlite::ToSql for FieldValue {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            FieldValue::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            FieldValue::Integer(n) => ToSqlOutput::Borrowed(ValueRef::Integer(*n)),
            FieldValue::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
        })
    }
}

/// Whether a resource's file is where the library expects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    Present,
    /// Deleted or moved away from its watched folder (kept, with its tags,
    /// until the person removes it: it may come back).
    Missing,
    /// Its watched folder is gone, e.g. an unplugged drive.
    Offline,
}

impl Availability {
    /// As stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Present => "present",
            Availability::Missing => "missing",
            Availability::Offline => "offline",
        }
    }
}

impl rusqlite::ToSql for Availability {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

impl rusqlite::types::FromSql for Availability {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        match value.as_str()? {
            "present" => Ok(Availability::Present),
            "missing" => Ok(Availability::Missing),
            "offline" => Ok(Availability::Offline),
            _ => Err(rusqlite::types::FromSqlError::InvalidType),
        }
    }
}

pub type ResourceId = i64;
pub type GroupId = i64;
pub type NoteId = i64;
pub type TagId = i64;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Resource {
    pub id: ResourceId,
    pub name: String,
    pub original_name: String,
    pub original_path: String,
    /// Relative to the library root.
    pub stored_path: String,
    pub content_type: String,
    pub size: u64,
    pub content_rev: i64,
    pub md5: Option<String>,
    /// 64-bit perceptual hash, as a 16-digit hex string.
    pub perceptual_hash: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Grid thumbnail (256 px), relative to the library root.
    pub thumbnail: Option<String>,
    /// Detail preview (1024 px), relative to the library root.
    pub preview: Option<String>,
    /// Why there is no thumbnail, when the user can fix it (install ffmpeg).
    pub media_note: Option<String>,
    pub description: String,
    /// The watched folder this file lives in; `None` for files copied into
    /// the library's own store.
    pub watched_folder_id: Option<i64>,
    pub availability: Availability,
    pub tags: Vec<String>,
    pub groups: Vec<GroupRef>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// The item's date as local wall-clock milliseconds (read as if UTC):
    /// when it was taken, else the file's own time, else when it was added.
    pub date: Timestamp,
    pub date_source: DateSource,
    /// The item this one belongs to: a raw file paired with the JPEG of the
    /// same shot (docs/ARCHITECTURE.md, "RAW+JPEG pairs").
    pub companion_of: Option<ResourceId>,
    /// When it was moved to the Trash; `None` outside it.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub trashed_at: Option<Timestamp>,
}

/// A file that belongs to another item (the raw file of a RAW+JPEG pair).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Companion {
    pub id: ResourceId,
    pub name: String,
    pub content_type: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
}

/// Where an item's date comes from (docs/ARCHITECTURE.md, "Dates").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// The photo's or video's metadata: when it was taken.
    Taken,
    /// The file's modification time.
    File,
    /// When it was added to the library.
    Added,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupRef {
    pub id: GroupId,
    pub name: String,
}

/// A resource with the state of the work still to do on it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResourceDetails {
    #[serde(flatten)]
    pub resource: Resource,
    /// What handlers found (date taken, camera, …), in the order their
    /// declarations list them; each says its label, group and unit.
    pub facts: Vec<Fact>,
    /// The person's rating, label and flag (also among `facts`).
    pub marks: crate::marks::Marks,
    /// When the file's name says one kind and its bytes another: "named
    /// .png, but it is a text file".
    pub name_mismatch: Option<String>,
    /// Its companions: the raw file of a RAW+JPEG pair, shown as this one.
    pub companions: Vec<Companion>,
    pub notes: Vec<NoteRef>,
    /// One entry per handler with unfinished work on this resource; empty when
    /// everything is done.
    pub processing: Vec<HandlerJobState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NoteRef {
    pub id: NoteId,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HandlerJobState {
    pub handler: String,
    pub state: JobState,
    pub attempts: u32,
    /// What went wrong, in plain words.
    pub last_error: Option<String>,
    /// The technical detail behind it.
    pub error_detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Pending,
    Running,
    /// Failed at least once and waiting for its next attempt.
    Failed,
    /// Out of attempts: waits for the user to retry it.
    Dead,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub description: String,
    pub resource_ids: Vec<ResourceId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Note {
    pub id: NoteId,
    pub title: String,
    pub text: String,
    pub resource_ids: Vec<ResourceId>,
    pub group_ids: Vec<GroupId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Tag {
    pub id: TagId,
    pub name: String,
    pub resource_count: u64,
}

/// Which page of a listing to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub limit: u32,
    pub offset: u64,
}

impl Default for Page {
    fn default() -> Self {
        Self {
            limit: 100,
            offset: 0,
        }
    }
}

/// Edits a person can make to a resource; `None` leaves a field alone.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResourceEdit {
    pub name: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupEdit {
    pub name: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NoteEdit {
    pub title: Option<String>,
    pub text: Option<String>,
}
