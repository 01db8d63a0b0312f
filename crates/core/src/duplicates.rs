//! Exact and near duplicates, as the fronts show them.

use serde::Serialize;

use crate::model::Resource;

/// Hamming distance (of 64 bits) at or under which two images count as near
/// duplicates. Measured on the generated photos in `tests/media.rs`: resized,
/// recompressed and brightened copies scored 0–6, unrelated images 20 and up.
pub const DEFAULT_THRESHOLD: u32 = 10;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Similar {
    pub resource: Resource,
    pub distance: u32,
    pub mirrored: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DuplicateGroup {
    /// `exact` (same MD5) or `near` (perceptual hashes within the threshold).
    pub kind: DuplicateKind,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DuplicateKind {
    Exact,
    Near,
}
