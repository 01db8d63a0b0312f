//! Near-duplicate lookup: a BK-tree over 64-bit perceptual hashes under
//! Hamming distance. A query visits only the subtrees whose distance band can
//! hold a match (triangle inequality), not every hash.

use std::collections::HashMap;
use std::sync::RwLock;

use serde::Serialize;

use crate::media::{distance, is_uniform};
use crate::model::ResourceId;

#[derive(Debug, Default)]
struct Node {
    hash: u64,
    ids: Vec<ResourceId>,
    /// Children keyed by their distance to this node (0..=64).
    children: Vec<(u32, usize)>,
}

#[derive(Debug, Default)]
struct Tree {
    nodes: Vec<Node>,
    /// Current hashes: the truth. Tree entries that disagree are stale and
    /// skipped; the tree is rebuilt when too many are.
    current: HashMap<ResourceId, (u64, u64)>,
    stale: usize,
}

impl Tree {
    fn insert_node(&mut self, hash: u64, id: ResourceId) {
        if self.nodes.is_empty() {
            self.nodes.push(Node {
                hash,
                ids: vec![id],
                children: Vec::new(),
            });
            return;
        }
        let mut at = 0;
        loop {
            let d = distance(self.nodes[at].hash, hash);
            if d == 0 {
                self.nodes[at].ids.push(id);
                return;
            }
            match self.nodes[at].children.iter().find(|(cd, _)| *cd == d) {
                Some(&(_, child)) => at = child,
                None => {
                    let index = self.nodes.len();
                    self.nodes.push(Node {
                        hash,
                        ids: vec![id],
                        children: Vec::new(),
                    });
                    self.nodes[at].children.push((d, index));
                    return;
                }
            }
        }
    }

    fn query(&self, hash: u64, threshold: u32, out: &mut Vec<(ResourceId, u32)>) {
        if self.nodes.is_empty() {
            return;
        }
        let mut stack = vec![0usize];
        while let Some(at) = stack.pop() {
            let node = &self.nodes[at];
            let d = distance(node.hash, hash);
            if d <= threshold {
                for id in &node.ids {
                    if self.current.get(id).is_some_and(|(h, _)| *h == node.hash) {
                        out.push((*id, d));
                    }
                }
            }
            let (low, high) = (d.saturating_sub(threshold), d + threshold);
            stack.extend(
                node.children
                    .iter()
                    .filter(|(cd, _)| (low..=high).contains(cd))
                    .map(|(_, c)| *c),
            );
        }
    }

    fn rebuild(&mut self) {
        let entries: Vec<(ResourceId, u64)> =
            self.current.iter().map(|(id, (h, _))| (*id, *h)).collect();
        self.nodes.clear();
        self.stale = 0;
        for (id, hash) in entries {
            self.insert_node(hash, id);
        }
    }
}

/// One resource similar to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Match {
    pub resource_id: ResourceId,
    pub distance: u32,
    /// Matched as a mirror image.
    pub mirrored: bool,
}

/// Thread-safe, kept current by the thumbnail and cleanup handlers.
#[derive(Debug, Default)]
pub struct SimilarityIndex {
    tree: RwLock<Tree>,
}

impl SimilarityIndex {
    pub fn len(&self) -> usize {
        self.read().current.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Tree> {
        self.tree.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Tree> {
        self.tree.write().unwrap_or_else(|p| p.into_inner())
    }

    /// Records (or replaces) a resource's hashes. Uniform images are left
    /// out: their hashes say nothing.
    pub fn insert(&self, id: ResourceId, hash: u64, mirrored: u64) {
        let mut tree = self.write();
        if let Some((old, _)) = tree.current.remove(&id) {
            if old == hash && !is_uniform(hash) {
                tree.current.insert(id, (hash, mirrored));
                return;
            }
            tree.stale += 1;
        }
        if is_uniform(hash) {
            return;
        }
        tree.current.insert(id, (hash, mirrored));
        tree.insert_node(hash, id);
        if tree.stale > 1024 && tree.stale > tree.current.len() {
            tree.rebuild();
        }
    }

    pub fn remove(&self, id: ResourceId) {
        let mut tree = self.write();
        if tree.current.remove(&id).is_some() {
            tree.stale += 1;
        }
    }

    /// Resources within `threshold` of `id` (as it is or mirrored), closest
    /// first; `id` itself is not listed.
    pub fn similar_to(&self, id: ResourceId, threshold: u32) -> Vec<Match> {
        let tree = self.read();
        let Some(&(hash, mirrored)) = tree.current.get(&id) else {
            return Vec::new();
        };
        let mut found: HashMap<ResourceId, Match> = HashMap::new();
        for (probe, is_mirror) in [(hash, false), (mirrored, true)] {
            let mut hits = Vec::new();
            tree.query(probe, threshold, &mut hits);
            for (other, d) in hits {
                if other == id {
                    continue;
                }
                let candidate = Match {
                    resource_id: other,
                    distance: d,
                    mirrored: is_mirror,
                };
                found
                    .entry(other)
                    .and_modify(|m| {
                        if d < m.distance {
                            *m = candidate;
                        }
                    })
                    .or_insert(candidate);
            }
        }
        let mut matches: Vec<Match> = found.into_values().collect();
        matches.sort_by_key(|m| (m.distance, m.resource_id));
        matches
    }

    /// Every resource with at least one match, grouped into connected
    /// clusters (if a~b and b~c, one group of three).
    pub fn groups(&self, threshold: u32) -> Vec<Vec<ResourceId>> {
        let ids: Vec<ResourceId> = {
            let mut ids: Vec<_> = self.read().current.keys().copied().collect();
            ids.sort_unstable();
            ids
        };
        let index: HashMap<ResourceId, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut parent: Vec<usize> = (0..ids.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for (i, id) in ids.iter().enumerate() {
            for m in self.similar_to(*id, threshold) {
                if let Some(&j) = index.get(&m.resource_id) {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
            }
        }
        let mut clusters: HashMap<usize, Vec<ResourceId>> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            let r = root(&mut parent, i);
            clusters.entry(r).or_default().push(*id);
        }
        let mut groups: Vec<Vec<ResourceId>> =
            clusters.into_values().filter(|g| g.len() > 1).collect();
        groups.sort();
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(entries: &[(ResourceId, u64)], probe: u64, threshold: u32) -> Vec<ResourceId> {
        let mut ids: Vec<_> = entries
            .iter()
            .filter(|(_, h)| distance(*h, probe) <= threshold)
            .map(|(id, _)| *id)
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn bk_tree_finds_exactly_what_a_brute_force_scan_finds() {
        let mut rng = fastrand::Rng::with_seed(3);
        let index = SimilarityIndex::default();
        let mut entries: Vec<(ResourceId, u64)> = Vec::new();
        for id in 0..3000 {
            // Clusters of related hashes among random ones.
            let hash = match entries.last() {
                Some(&(_, previous)) if id % 3 != 0 => {
                    previous ^ (1u64 << rng.u32(0..64)) ^ (1u64 << rng.u32(0..64))
                }
                _ => rng.u64(..),
            };
            entries.push((id, hash));
            // The mirror probe equals the hash, so matches are plain ones.
            index.insert(id, hash, hash);
        }
        for threshold in [0, 4, 10] {
            for (id, hash) in entries.iter().step_by(37) {
                let mut found: Vec<_> = index
                    .similar_to(*id, threshold)
                    .into_iter()
                    .map(|m| m.resource_id)
                    .collect();
                found.sort();
                let mut expected = brute(&entries, *hash, threshold);
                expected.retain(|e| e != id);
                assert_eq!(found, expected, "threshold {threshold}");
            }
        }
    }

    #[test]
    fn removed_and_replaced_hashes_are_not_matched_and_uniform_ones_never() {
        let index = SimilarityIndex::default();
        index.insert(1, 0b1111, 0);
        index.insert(2, 0b1110, 0);
        index.insert(3, 0, 0);
        assert_eq!(index.similar_to(1, 2).len(), 1);
        assert!(
            index.similar_to(3, 64).is_empty(),
            "uniform images are excluded"
        );
        index.insert(2, u64::MAX ^ 0xff, 0);
        assert!(
            index.similar_to(1, 2).is_empty(),
            "the old hash of 2 is stale"
        );
        index.remove(1);
        assert!(index.similar_to(1, 64).is_empty());
        assert_eq!(index.len(), 1);
    }

    #[test]
    fn groups_are_connected_clusters() {
        let index = SimilarityIndex::default();
        for (id, hash) in [
            (1, 0b0000_0001),
            (2, 0b0000_0011),
            (3, 0b0000_0111),
            (4, 0xffff_0000_0000),
        ] {
            index.insert(id, hash, hash);
        }
        assert_eq!(index.groups(1), vec![vec![1, 2, 3]]);
    }
}
