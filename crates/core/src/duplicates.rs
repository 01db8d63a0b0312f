//! Exact and near duplicates as the fronts show them: the threshold's
//! default and cap, the copy a merge keeps by default. The look-up itself is
//! `similarity.rs`; the merge is `store/resources.rs::merge`.

use serde::Serialize;

use crate::model::Resource;

/// Hamming distance (of 64 bits) at or under which two images count as near
/// duplicates. Measured on the generated photos in `tests/media.rs`
/// (`cargo test --test media -- --nocapture` prints them): resized,
/// recompressed, brightened and byte-identical copies scored 0, unrelated
/// images 28–40.
pub const DEFAULT_THRESHOLD: u32 = 10;
/// The loosest threshold offered: past it, unrelated pictures start to match
/// (they score 28–40), and a merge of such a group would lose work.
pub const MAX_THRESHOLD: u32 = 20;

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
    /// The one to keep unless the person picks another: see [`default_keep`].
    pub keep: i64,
    pub resources: Vec<Resource>,
}

/// The first groups, and how many there are in all.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DuplicatePage {
    /// The first groups asked for: exact ones first, then near ones.
    pub groups: Vec<DuplicateGroup>,
    /// Groups in all, at this threshold.
    pub total: u32,
    /// Of which exact (same bytes).
    pub exact: u32,
}

impl DuplicateGroup {
    /// `None` for fewer than two resources: nothing to choose between.
    pub(crate) fn new(kind: DuplicateKind, resources: Vec<Resource>) -> Option<Self> {
        if resources.len() < 2 {
            return None;
        }
        let keep = default_keep(&resources)?;
        Some(Self {
            kind,
            keep,
            resources,
        })
    }
}

/// The copy a merge keeps by default: the most pixels, then the largest
/// file, then the first listed (the oldest).
pub fn default_keep(resources: &[Resource]) -> Option<i64> {
    let area = |r: &Resource| u64::from(r.width.unwrap_or(0)) * u64::from(r.height.unwrap_or(0));
    let mut best: Option<&Resource> = None;
    for r in resources {
        let better = best.is_none_or(|b| (area(r), r.size) > (area(b), b.size));
        if better {
            best = Some(r);
        }
    }
    best.map(|r| r.id)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DuplicateKind {
    Exact,
    Near,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(id: i64, size: (Option<u32>, Option<u32>), bytes: u64) -> Resource {
        Resource {
            id,
            name: String::new(),
            original_name: String::new(),
            original_path: String::new(),
            stored_path: String::new(),
            content_type: "image/png".into(),
            size: bytes,
            content_rev: 1,
            md5: None,
            perceptual_hash: None,
            width: size.0,
            height: size.1,
            thumbnail: None,
            preview: None,
            media_note: None,
            description: String::new(),
            watched_folder_id: None,
            availability: crate::model::Availability::Present,
            tags: vec![],
            groups: vec![],
            companion_of: None,
            trashed_at: None,
            created_at: 0,
            updated_at: 0,
            date: 0,
            date_source: crate::model::DateSource::Added,
        }
    }

    #[test]
    fn the_kept_copy_has_the_most_pixels_then_bytes_then_comes_first() {
        let pick = |rs: &[Resource]| default_keep(rs);
        let big = (Some(1600), Some(1200));
        assert_eq!(
            pick(&[
                resource(1, (Some(800), Some(600)), 900),
                resource(2, big, 500),
                resource(3, (Some(1024), Some(768)), 2000)
            ]),
            Some(2)
        );
        let same = (Some(10), Some(10));
        assert_eq!(
            pick(&[resource(1, same, 100), resource(2, same, 300)]),
            Some(2)
        );
        let unknown = (None, None);
        assert_eq!(
            pick(&[resource(1, unknown, 5), resource(2, unknown, 5)]),
            Some(1)
        );
        assert_eq!(pick(&[]), None);
    }
}
