//! The settings table: a library's own choices, kept with its data.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::error::Result;

/// What a library is set to do. Every field has a default, so a library
/// that never changed anything (or one written by an older version) reads
/// whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct LibrarySettings {
    /// Keywords embedded in a file (IPTC, XMP) become its tags when it is
    /// first read; hierarchical ones keep their path (`Places|Japan|Kyoto`).
    pub keywords_as_tags: bool,
    /// A raw file and the JPEG or HEIC beside it with the same name (one
    /// shot, two files) show as one item, the raw attached, like Lightroom.
    pub raw_jpeg_pairs: bool,
    /// Every import reads its copies back from the disk and compares them
    /// with the originals before it answers ("verify copies"): slower,
    /// for cards and disks one does not trust.
    pub verify_copies: bool,
    /// Whether XMP sidecars are read, and whether a watched file's tags and
    /// description are written to one beside it.
    pub sidecars: SidecarMode,
    /// Items in the Trash longer than this many days are deleted for good
    /// (checked at open and every hour); 0 keeps them until emptied.
    pub trash_days: u32,
}

/// What the library does with XMP sidecars (`photo.jpg.xmp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum SidecarMode {
    /// Neither read nor written (they still belong to their files and are
    /// not items of their own).
    Off,
    /// Read on import and in watched folders, never written.
    #[default]
    Read,
    /// Read, and a watched file's changed tags or description written to
    /// its sidecar (merged, other programs' fields kept).
    ReadWrite,
}

impl SidecarMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SidecarMode::Off => "off",
            SidecarMode::Read => "read",
            SidecarMode::ReadWrite => "read-write",
        }
    }
}

impl std::str::FromStr for SidecarMode {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "off" => Ok(SidecarMode::Off),
            "read" => Ok(SidecarMode::Read),
            "read-write" => Ok(SidecarMode::ReadWrite),
            other => Err(format!("`{other}` is not off, read or read-write")),
        }
    }
}

impl Default for LibrarySettings {
    fn default() -> Self {
        Self {
            keywords_as_tags: true,
            raw_jpeg_pairs: true,
            verify_copies: false,
            sidecars: SidecarMode::Read,
            trash_days: 30,
        }
    }
}

const KEY: &str = "library";

pub(crate) fn get(conn: &Connection) -> Result<LibrarySettings> {
    let json: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([KEY], |r| r.get(0))
        .optional()?;
    // Unreadable settings (a newer version's) fall back to the defaults
    // rather than keeping the library closed.
    Ok(json
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default())
}

pub(crate) fn set(tx: &Transaction<'_>, settings: &LibrarySettings) -> Result<()> {
    let json = serde_json::to_string(settings).map_err(|source| crate::Error::Encoding {
        what: "the library's settings".into(),
        source,
    })?;
    tx.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![KEY, json])?;
    Ok(())
}
