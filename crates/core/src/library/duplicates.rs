//! The Duplicates view's answer: exact and near duplicate groups, a page at
//! a time. Working out every group of a million items takes seconds and
//! names about 190,000 resources; it is done once and held as ids while
//! nothing changes, and only the groups a window shows are read as
//! resources (all of them, read at once, took 300 MB more at a million).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use super::Library;
use crate::duplicates::{DuplicateGroup, DuplicateKind, DuplicatePage};
use crate::error::Result;
use crate::model::{Resource, ResourceId};
use crate::store::resources;

/// Every group's members, as ids, worked out at one moment of the library.
struct Listed {
    threshold: u32,
    /// What moved since means it may be out of date: this process's writes
    /// and the perceptual hashes (`Db::commits`, `SimilarityIndex::generation`).
    as_of: (u64, u64),
    groups: Arc<Vec<(DuplicateKind, Vec<ResourceId>)>>,
}

/// The last groups worked out (one threshold: a person looks at one).
#[derive(Default)]
pub(crate) struct DuplicateListings {
    last: Mutex<Option<Listed>>,
}

impl Library {
    /// Every duplicate group at `threshold` (capped at
    /// [`MAX_THRESHOLD`](crate::duplicates::MAX_THRESHOLD)).
    pub async fn duplicates(&self, threshold: u32) -> Result<Vec<DuplicateGroup>> {
        Ok(self.duplicate_page(threshold, u32::MAX).await?.groups)
    }

    /// The first `limit` duplicate groups at `threshold`, and how many there
    /// are: a window shows a hundred and asks for more as it scrolls.
    pub async fn duplicate_page(&self, threshold: u32, limit: u32) -> Result<DuplicatePage> {
        let threshold = threshold.min(crate::duplicates::MAX_THRESHOLD);
        let listed = self.listed_duplicates(threshold).await?;
        let exact = listed
            .iter()
            .take_while(|(kind, _)| *kind == DuplicateKind::Exact)
            .count();
        let total = listed.len();
        let shown = listed.clone();
        let groups = self
            .read(move |conn| {
                let page = &shown[..shown.len().min(limit as usize)];
                read_groups(conn, page)
            })
            .await?;
        Ok(DuplicatePage {
            groups,
            total: u32::try_from(total).unwrap_or(u32::MAX),
            exact: u32::try_from(exact).unwrap_or(u32::MAX),
        })
    }

    /// The groups as ids: held ones while nothing changed, else worked out.
    async fn listed_duplicates(
        &self,
        threshold: u32,
    ) -> Result<Arc<Vec<(DuplicateKind, Vec<ResourceId>)>>> {
        let inner = &self.inner;
        let as_of = (inner.db.commits(), inner.services.similarity.generation());
        // Only a process that holds the library makes every change to it;
        // another one's view may be stale without these numbers moving.
        let holds_library = inner._lock.is_some();
        {
            let last = inner
                .duplicate_listings
                .last
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            if let Some(held) = last.as_ref()
                && holds_library
                && held.threshold == threshold
                && held.as_of == as_of
            {
                return Ok(held.groups.clone());
            }
        }
        let services = inner.services.clone();
        // All groups of a million hashes take seconds: on the blocking
        // pool, and before a reader is taken, so none is held meanwhile.
        let near =
            tokio::task::spawn_blocking(move || services.similarity.groups(threshold)).await?;
        let groups = Arc::new(self.read(move |conn| list_groups(conn, near)).await?);
        *inner
            .duplicate_listings
            .last
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(Listed {
            threshold,
            as_of,
            groups: groups.clone(),
        });
        Ok(groups)
    }
}

/// The groups a person is shown, as ids: exact ones (same bytes) first,
/// then the `near` ones, without what is in the Trash, the raw halves of
/// raw+JPEG pairs when pairs show as one, and near groups whose members
/// are all one exact group already.
fn list_groups(
    conn: &rusqlite::Connection,
    near: Vec<Vec<ResourceId>>,
) -> Result<Vec<(DuplicateKind, Vec<ResourceId>)>> {
    let hide_pairs = crate::store::settings::get(conn)?.raw_jpeg_pairs;
    // Nobody's duplicate: what the grid leaves out (the Trash, and the raw
    // halves of pairs when they show as one).
    let hidden = crate::store::listing::hidden(conn, hide_pairs)?;
    let exact = resources::exact_duplicates(conn)?;
    let same_bytes: HashMap<ResourceId, usize> = exact
        .iter()
        .enumerate()
        .flat_map(|(group, ids)| ids.iter().map(move |id| (*id, group)))
        .collect();
    let mut listed = Vec::new();
    let groups = exact
        .into_iter()
        .map(|ids| (DuplicateKind::Exact, ids))
        .chain(near.into_iter().map(|ids| (DuplicateKind::Near, ids)));
    for (kind, mut ids) in groups {
        ids.retain(|id| !hidden.contains(id));
        if ids.len() < 2 {
            continue;
        }
        let one_exact_group = ids
            .iter()
            .map(|id| same_bytes.get(id))
            .collect::<Option<HashSet<_>>>()
            .is_some_and(|groups| groups.len() == 1);
        if kind == DuplicateKind::Near && one_exact_group {
            continue;
        }
        listed.push((kind, ids));
    }
    Ok(listed)
}

/// The groups' resources, each read once, in id order, and put straight
/// into every place it holds: moved into the last, cloned for the ones
/// before. A resource gone since the groups were worked out is left out.
fn read_groups(
    conn: &rusqlite::Connection,
    listed: &[(DuplicateKind, Vec<ResourceId>)],
) -> Result<Vec<DuplicateGroup>> {
    let mut places: HashMap<ResourceId, Vec<(usize, usize)>> = HashMap::new();
    for (group, (_, ids)) in listed.iter().enumerate() {
        for (slot, id) in ids.iter().enumerate() {
            places.entry(*id).or_default().push((group, slot));
        }
    }
    let mut members: Vec<Vec<Option<Resource>>> = listed
        .iter()
        .map(|(_, ids)| vec![None; ids.len()])
        .collect();
    let ids: Vec<ResourceId> = places.keys().copied().collect();
    resources::for_each_by_id(conn, ids, |resource| {
        let Some(mut at) = places.remove(&resource.id) else {
            return;
        };
        let last = at.pop();
        for (group, slot) in at {
            members[group][slot] = Some(resource.clone());
        }
        if let Some((group, slot)) = last {
            members[group][slot] = Some(resource);
        }
    })?;
    Ok(listed
        .iter()
        .zip(members)
        .filter_map(|((kind, _), found)| {
            DuplicateGroup::new(*kind, found.into_iter().flatten().collect())
        })
        .collect())
}
