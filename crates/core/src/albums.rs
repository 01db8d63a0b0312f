//! Smart albums: a search (query, filters and sort) saved under a name.
//! An album keeps no list of members; it is counted and shown by running
//! its search, so new, re-rated and trashed items move in and out of it by
//! themselves (docs/ARCHITECTURE.md, "Smart albums").

use serde::{Deserialize, Serialize};

use crate::model::Timestamp;
use crate::search::SortOrder;

pub type AlbumId = i64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Album {
    pub id: AlbumId,
    pub name: String,
    /// The search as typed, filters included: `tag:beach rating:>=4`. Blank
    /// is the whole library.
    pub query: String,
    pub sort: SortOrder,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// An album with how many items its search finds now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AlbumCount {
    pub album: Album,
    /// `None` when the search no longer runs (see `problem`).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub count: Option<u64>,
    /// Why the search no longer runs: a filter whose reader was removed
    /// since, say. The album stays, to be edited or deleted.
    pub problem: Option<String>,
}

/// What to change in an album; `None` keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AlbumEdit {
    pub name: Option<String>,
    pub query: Option<String>,
    pub sort: Option<SortOrder>,
}
