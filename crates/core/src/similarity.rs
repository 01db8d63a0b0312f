//! Near-duplicate lookup over 64-bit perceptual hashes under Hamming
//! distance, by multi-index hashing: each hash is filed under its four 16-bit
//! chunks. Two hashes within distance `t` agree to within `t / 4` bits on at
//! least one chunk (pigeonhole), so a query visits only the buckets of chunk
//! values that close to its own — a few hundred small buckets instead of every
//! hash — then checks the real distance. (A BK-tree was measured first: on
//! 64-bit hashes at threshold 10 it visited most of the tree and was 20×
//! slower than a plain scan.)

use std::collections::{HashMap, HashSet};
use std::sync::{Condvar, Mutex, RwLock};

use serde::Serialize;

use crate::media::{distance, is_uniform};
use crate::model::ResourceId;

const CHUNKS: usize = 4;
/// Beyond this many differing bits per chunk, enumerating neighbours costs
/// more than scanning everything.
const MAX_CHUNK_RADIUS: u32 = 3;

struct Tables {
    /// `buckets[c][v]`: (hash, id) of entries whose chunk `c` has value `v`.
    /// The hash is kept inline so checking a candidate touches no other memory.
    buckets: Vec<Vec<Vec<(u64, ResourceId)>>>,
    /// Current hashes (and mirror hashes) by id.
    current: HashMap<ResourceId, (u64, u64)>,
    /// While the stored hashes are being loaded: the ids changed since it
    /// began, whose stored hash the load may have read before the change.
    loading: Option<HashSet<ResourceId>>,
}

impl Default for Tables {
    fn default() -> Self {
        Self {
            buckets: (0..CHUNKS).map(|_| vec![Vec::new(); 1 << 16]).collect(),
            current: HashMap::new(),
            loading: None,
        }
    }
}

fn chunk(hash: u64, c: usize) -> usize {
    ((hash >> (16 * c)) & 0xffff) as usize
}

/// Every 16-bit value within `radius` bits of `value`.
fn neighbours(value: usize, radius: u32, out: &mut Vec<usize>) {
    out.clear();
    out.push(value);
    if radius >= 1 {
        for a in 0..16 {
            out.push(value ^ (1 << a));
            if radius >= 2 {
                for b in a + 1..16 {
                    out.push(value ^ (1 << a) ^ (1 << b));
                    if radius >= 3 {
                        for c in b + 1..16 {
                            out.push(value ^ (1 << a) ^ (1 << b) ^ (1 << c));
                        }
                    }
                }
            }
        }
    }
}

impl Tables {
    fn file(&mut self, id: ResourceId, hash: u64) {
        for c in 0..CHUNKS {
            self.buckets[c][chunk(hash, c)].push((hash, id));
        }
    }

    fn unfile(&mut self, id: ResourceId, hash: u64) {
        for c in 0..CHUNKS {
            let bucket = &mut self.buckets[c][chunk(hash, c)];
            if let Some(at) = bucket.iter().position(|(_, x)| *x == id) {
                bucket.swap_remove(at);
            }
        }
    }

    /// Ids whose hash is within `threshold` of `probe`, with the distance.
    fn query(&self, probe: u64, threshold: u32, out: &mut HashMap<ResourceId, u32>) {
        let radius = threshold / CHUNKS as u32;
        if radius > MAX_CHUNK_RADIUS {
            for (id, (hash, _)) in &self.current {
                let d = distance(*hash, probe);
                if d <= threshold {
                    out.insert(*id, d);
                }
            }
            return;
        }
        let mut values = Vec::with_capacity(700);
        let mut found = Vec::new();
        for c in 0..CHUNKS {
            neighbours(chunk(probe, c), radius, &mut values);
            for &value in &values {
                for &(hash, id) in &self.buckets[c][value] {
                    let d = distance(hash, probe);
                    if d <= threshold {
                        found.push((id, d));
                    }
                }
            }
        }
        // A match may be filed under several matching chunks.
        out.extend(found);
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

/// Thread-safe, kept current by the thumbnail and cleanup handlers. A
/// library fills it from the database in the background after opening
/// (a million hashes take over a second); lookups wait for that.
#[derive(Default)]
pub struct SimilarityIndex {
    tables: RwLock<Tables>,
    /// True while the stored hashes are being loaded.
    loading: Mutex<bool>,
    loaded: Condvar,
    /// Moves on every change, so what was worked out from the hashes (the
    /// duplicate groups) is known to be current or not.
    generation: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for SimilarityIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimilarityIndex")
            .field("len", &self.len())
            .finish()
    }
}

impl SimilarityIndex {
    pub fn len(&self) -> usize {
        self.read().current.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Tables> {
        self.tables.read().unwrap_or_else(|p| p.into_inner())
    }

    /// The tables once every stored hash is in (blocks while loading).
    fn read_loaded(&self) -> std::sync::RwLockReadGuard<'_, Tables> {
        let mut loading = self.loading.lock().unwrap_or_else(|p| p.into_inner());
        while *loading {
            loading = self.loaded.wait(loading).unwrap_or_else(|p| p.into_inner());
        }
        drop(loading);
        self.read()
    }

    /// Lookups wait from now until [`finish_loading`](Self::finish_loading).
    pub(crate) fn start_loading(&self) {
        *self.loading.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.write().loading = Some(HashSet::new());
    }

    /// Stored hashes, as the database held them. An id inserted or removed
    /// since loading started keeps what that change said.
    pub(crate) fn load(&self, stored: &[(ResourceId, u64, u64)]) {
        let mut tables = self.write();
        for &(id, hash, mirrored) in stored {
            let changed = tables.loading.as_ref().is_some_and(|c| c.contains(&id));
            if !changed && !is_uniform(hash) && !tables.current.contains_key(&id) {
                tables.current.insert(id, (hash, mirrored));
                tables.file(id, hash);
            }
        }
    }

    /// Everything stored is in (or could not be read): lookups go ahead.
    pub(crate) fn finish_loading(&self) {
        self.write().loading = None;
        *self.loading.lock().unwrap_or_else(|p| p.into_inner()) = false;
        self.loaded.notify_all();
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Tables> {
        // Moved before the change: one read before working from the hashes
        // and unchanged after means nothing changed in between.
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.tables.write().unwrap_or_else(|p| p.into_inner())
    }

    /// A number that moves whenever the hashes change.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Records (or replaces) a resource's hashes. Uniform images are left
    /// out: their hashes say nothing.
    pub fn insert(&self, id: ResourceId, hash: u64, mirrored: u64) {
        let mut tables = self.write();
        if let Some(changed) = &mut tables.loading {
            changed.insert(id);
        }
        if let Some((old, _)) = tables.current.remove(&id) {
            tables.unfile(id, old);
        }
        if is_uniform(hash) {
            return;
        }
        tables.current.insert(id, (hash, mirrored));
        tables.file(id, hash);
    }

    pub fn remove(&self, id: ResourceId) {
        let mut tables = self.write();
        if let Some(changed) = &mut tables.loading {
            changed.insert(id);
        }
        if let Some((old, _)) = tables.current.remove(&id) {
            tables.unfile(id, old);
        }
    }

    /// Resources within `threshold` of `id` (as it is or mirrored), closest
    /// first; `id` itself is not listed.
    pub fn similar_to(&self, id: ResourceId, threshold: u32) -> Vec<Match> {
        let tables = self.read_loaded();
        let Some(&(hash, mirrored)) = tables.current.get(&id) else {
            return Vec::new();
        };
        let mut plain = HashMap::new();
        tables.query(hash, threshold, &mut plain);
        let mut flipped = HashMap::new();
        if mirrored != hash {
            tables.query(mirrored, threshold, &mut flipped);
        }
        let mut matches: Vec<Match> = plain
            .iter()
            .map(|(other, d)| Match {
                resource_id: *other,
                distance: *d,
                mirrored: false,
            })
            .collect();
        for (other, d) in flipped {
            if plain.get(&other).is_none_or(|p| d < *p) {
                matches.retain(|m| m.resource_id != other);
                matches.push(Match {
                    resource_id: other,
                    distance: d,
                    mirrored: true,
                });
            }
        }
        matches.retain(|m| m.resource_id != id);
        matches.sort_by_key(|m| (m.distance, m.resource_id));
        matches
    }

    /// Every resource with at least one match, grouped into connected
    /// clusters (if a~b and b~c, one group of three): the same groups as
    /// joining each resource with its [`similar_to`](Self::similar_to), found
    /// by an all-pairs pass over the hashes laid out by chunk (see
    /// [`join_near`]). The hashes are copied out first, so handlers keep
    /// inserting while it runs.
    pub fn groups(&self, threshold: u32) -> Vec<Vec<ResourceId>> {
        let mut entries: Vec<(ResourceId, u64, u64)> = self
            .read_loaded()
            .current
            .iter()
            .map(|(id, (hash, mirrored))| (*id, *hash, *mirrored))
            .collect();
        entries.sort_unstable_by_key(|e| e.0);
        let mut clusters = UnionFind::new(entries.len());
        // Copies of one picture have one hash: joined here, and compared
        // once below, so a thousand copies cost no million comparisons.
        let mut by_hash: Vec<u32> = (0..entries.len() as u32).collect();
        by_hash.sort_unstable_by_key(|&i| (entries[i as usize].1, entries[i as usize].2));
        let mut distinct = Vec::with_capacity(entries.len());
        for run in by_hash.chunk_by(|&a, &b| {
            (entries[a as usize].1, entries[a as usize].2)
                == (entries[b as usize].1, entries[b as usize].2)
        }) {
            for &other in &run[1..] {
                clusters.join(run[0], other);
            }
            distinct.push(run[0]);
        }
        join_near(&entries, &distinct, threshold, &mut clusters);
        let mut members: HashMap<u32, Vec<ResourceId>> = HashMap::new();
        for (i, (id, _, _)) in entries.iter().enumerate() {
            members
                .entry(clusters.root(i as u32))
                .or_default()
                .push(*id);
        }
        let mut groups: Vec<Vec<ResourceId>> =
            members.into_values().filter(|g| g.len() > 1).collect();
        groups.sort();
        groups
    }
}

/// Disjoint sets of entry places, by union-find with path halving.
struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(len: usize) -> Self {
        Self {
            parent: (0..len as u32).collect(),
        }
    }

    fn root(&mut self, mut i: u32) -> u32 {
        while self.parent[i as usize] != i {
            self.parent[i as usize] = self.parent[self.parent[i as usize] as usize];
            i = self.parent[i as usize];
        }
        i
    }

    fn join(&mut self, a: u32, b: u32) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            self.parent[a.max(b) as usize] = a.min(b);
        }
    }

    /// Takes in every join `other` made.
    fn absorb(&mut self, other: &mut UnionFind) {
        for i in 0..other.parent.len() as u32 {
            let r = other.root(i);
            if r != i {
                self.join(i, r);
            }
        }
    }
}

/// Hashes ordered by the value of one 16-bit chunk: the entries whose chunk
/// is `v` are `hashes[starts[v]..starts[v + 1]]`, with their place in the
/// entry list beside them. Contiguous, so comparing two buckets reads two
/// short runs of memory instead of chasing a `Vec` per bucket.
struct ByChunk {
    starts: Vec<u32>,
    hashes: Vec<u64>,
    slots: Vec<u32>,
}

impl ByChunk {
    fn new(hashes: impl Iterator<Item = (u32, u64)> + Clone, c: usize) -> Self {
        let mut starts = vec![0u32; (1 << 16) + 1];
        for (_, hash) in hashes.clone() {
            starts[chunk(hash, c) + 1] += 1;
        }
        for v in 0..1 << 16 {
            starts[v + 1] += starts[v];
        }
        let len = starts[1 << 16] as usize;
        let mut next = starts.clone();
        let (mut sorted, mut slots) = (vec![0u64; len], vec![0u32; len]);
        for (slot, hash) in hashes {
            let at = &mut next[chunk(hash, c)];
            sorted[*at as usize] = hash;
            slots[*at as usize] = slot;
            *at += 1;
        }
        Self {
            starts,
            hashes: sorted,
            slots,
        }
    }

    fn bucket(&self, v: usize) -> (&[u64], &[u32]) {
        let range = self.starts[v] as usize..self.starts[v + 1] as usize;
        (&self.hashes[range.clone()], &self.slots[range])
    }
}

/// Joins every two of `distinct` (places in `entries`) within `threshold`,
/// plain or one of them mirrored. By the same pigeonhole as a lookup: such a
/// pair is within `threshold / 4` bits on some chunk, so for each chunk only
/// buckets that close are compared. One chunk's layout is in memory at a
/// time; its buckets are split between threads, each joining into sets of
/// its own (memory stays one number per entry a thread, however many pairs
/// match).
fn join_near(
    entries: &[(ResourceId, u64, u64)],
    distinct: &[u32],
    threshold: u32,
    clusters: &mut UnionFind,
) {
    let radius = threshold / CHUNKS as u32;
    if radius > MAX_CHUNK_RADIUS {
        return join_scanned(entries, distinct, threshold, clusters);
    }
    let plain = distinct.iter().map(|&i| (i, entries[i as usize].1));
    let flipped = distinct
        .iter()
        .filter(|&&i| entries[i as usize].2 != entries[i as usize].1)
        .map(|&i| (i, entries[i as usize].2));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let share = (1usize << 16).div_ceil(threads);
    for c in 0..CHUNKS {
        let hashes = ByChunk::new(plain.clone(), c);
        let mirrors = ByChunk::new(flipped.clone(), c);
        let (hashes, mirrors) = (&hashes, &mirrors);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|t| {
                    let values = t * share..((t + 1) * share).min(1 << 16);
                    scope.spawn(move || {
                        let mut found = UnionFind::new(entries.len());
                        join_buckets(hashes, mirrors, values, radius, threshold, &mut found);
                        found
                    })
                })
                .collect();
            for worker in workers {
                // A worker only compares numbers; should it panic anyway,
                // its joins are missing rather than the whole answer.
                if let Ok(mut found) = worker.join() {
                    clusters.absorb(&mut found);
                }
            }
        });
    }
}

/// The joins for pairs whose chunk value on one side is in `values`.
fn join_buckets(
    hashes: &ByChunk,
    mirrors: &ByChunk,
    values: std::ops::Range<usize>,
    radius: u32,
    threshold: u32,
    found: &mut UnionFind,
) {
    // Counting bits is the whole inner loop, and the x86-64 baseline has no
    // instruction for it: the same loop with POPCNT is about twice as fast.
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("popcnt") {
        // SAFETY: the CPU has POPCNT; checked just above.
        return unsafe { join_buckets_popcnt(hashes, mirrors, values, radius, threshold, found) };
    }
    join_buckets_with(hashes, mirrors, values, radius, threshold, found)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn join_buckets_popcnt(
    hashes: &ByChunk,
    mirrors: &ByChunk,
    values: std::ops::Range<usize>,
    radius: u32,
    threshold: u32,
    found: &mut UnionFind,
) {
    join_buckets_with(hashes, mirrors, values, radius, threshold, found)
}

#[inline(always)]
fn join_buckets_with(
    hashes: &ByChunk,
    mirrors: &ByChunk,
    values: std::ops::Range<usize>,
    radius: u32,
    threshold: u32,
    found: &mut UnionFind,
) {
    let distance = |a: u64, b: u64| (a ^ b).count_ones();
    let mut near = Vec::with_capacity(700);
    for v in values {
        let (own, own_slots) = hashes.bucket(v);
        let (flipped, flipped_slots) = mirrors.bucket(v);
        if own.is_empty() && flipped.is_empty() {
            continue;
        }
        neighbours(v, radius, &mut near);
        for &w in &near {
            let (other, other_slots) = hashes.bucket(w);
            // Plain pairs: each pair of buckets from its lower value, and
            // within a bucket each pair once.
            if w >= v {
                for (i, &a) in own.iter().enumerate() {
                    let from = if w == v { i + 1 } else { 0 };
                    for (j, &b) in other.iter().enumerate().skip(from) {
                        if distance(a, b) <= threshold {
                            found.join(own_slots[i], other_slots[j]);
                        }
                    }
                }
            }
            // Mirrored against plain goes one way only: every such pair.
            for (i, &a) in flipped.iter().enumerate() {
                for (j, &b) in other.iter().enumerate() {
                    if distance(a, b) <= threshold {
                        found.join(flipped_slots[i], other_slots[j]);
                    }
                }
            }
        }
    }
}

/// Every pair compared: for thresholds too wide for the chunks (above 15).
fn join_scanned(
    entries: &[(ResourceId, u64, u64)],
    distinct: &[u32],
    threshold: u32,
    clusters: &mut UnionFind,
) {
    for (n, &i) in distinct.iter().enumerate() {
        let (_, a, a_mirrored) = entries[i as usize];
        for &j in &distinct[n + 1..] {
            let (_, b, b_mirrored) = entries[j as usize];
            let near = distance(a, b) <= threshold
                || (a_mirrored != a && distance(a_mirrored, b) <= threshold)
                || (b_mirrored != b && distance(b_mirrored, a) <= threshold);
            if near {
                clusters.join(i, j);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generation_moves_with_every_change_and_only_then() {
        let index = SimilarityIndex::default();
        let start = index.generation();
        index.insert(1, 0x0f0f_0f0f_0f0f_0f0f, 0);
        let inserted = index.generation();
        assert!(inserted > start);
        let _ = index.groups(10);
        let _ = index.similar_to(1, 10);
        assert_eq!(index.generation(), inserted, "reading changes nothing");
        index.remove(1);
        assert!(index.generation() > inserted);
    }

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
    fn multi_index_lookup_finds_exactly_what_a_brute_force_scan_finds() {
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
        for threshold in [0, 4, 10, 13, 20] {
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

    /// The groups as they were first found: each resource joined with every
    /// match of its own lookup.
    fn groups_by_lookup(index: &SimilarityIndex, threshold: u32) -> Vec<Vec<ResourceId>> {
        let mut ids: Vec<ResourceId> = index.read().current.keys().copied().collect();
        ids.sort();
        let place: HashMap<ResourceId, u32> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i as u32))
            .collect();
        let mut clusters = UnionFind::new(ids.len());
        for (i, id) in ids.iter().enumerate() {
            for m in index.similar_to(*id, threshold) {
                clusters.join(i as u32, place[&m.resource_id]);
            }
        }
        let mut members: HashMap<u32, Vec<ResourceId>> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            members
                .entry(clusters.root(i as u32))
                .or_default()
                .push(*id);
        }
        let mut groups: Vec<_> = members.into_values().filter(|g| g.len() > 1).collect();
        groups.sort();
        groups
    }

    #[test]
    fn all_pairs_groups_are_the_groups_of_every_lookup() {
        let mut rng = fastrand::Rng::with_seed(9);
        let index = SimilarityIndex::default();
        let mut hashes: Vec<u64> = Vec::new();
        for id in 0..4000i64 {
            let hash = match id % 5 {
                // Near copies of an earlier picture, some a few bits off,
                // some byte-identical copies.
                1 | 2 if !hashes.is_empty() => {
                    let mut h = hashes[rng.usize(..hashes.len())];
                    for _ in 0..rng.u32(0..14) {
                        h ^= 1 << rng.u32(0..64);
                    }
                    h
                }
                3 if !hashes.is_empty() => hashes[rng.usize(..hashes.len())],
                _ => rng.u64(..),
            };
            hashes.push(hash);
            // Half the pictures have a mirror hash of their own, some of
            // them near another picture's plain hash.
            let mirrored = match id % 4 {
                0 => hash,
                1 if hashes.len() > 1 => hashes[rng.usize(..hashes.len() - 1)] ^ 0b101,
                _ => rng.u64(..),
            };
            index.insert(id, hash, mirrored);
        }
        for threshold in [0, 3, 6, 10, 15, 17] {
            let expected = groups_by_lookup(&index, threshold);
            assert!(expected.len() > 10, "threshold {threshold}: few groups");
            assert_eq!(index.groups(threshold), expected, "threshold {threshold}");
        }
    }

    #[test]
    fn loading_keeps_changes_made_meanwhile_and_lookups_wait_for_it() {
        let index = std::sync::Arc::new(SimilarityIndex::default());
        index.start_loading();
        let waiting = {
            let index = index.clone();
            std::thread::spawn(move || index.similar_to(1, 0).len())
        };
        // Changed while loading: a new hash for 2, 3 deleted.
        index.insert(2, 0b1011, 0b1011);
        index.remove(3);
        // What the database held when it was read.
        index.load(&[
            (1, 0b1011, 0b1011),
            (2, 0b0100, 0b0100),
            (3, 0b1011, 0b1011),
        ]);
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!waiting.is_finished(), "a lookup waits for the load");
        index.finish_loading();
        assert_eq!(waiting.join().unwrap(), 1, "1 matches 2's new hash only");
        assert_eq!(index.len(), 2);
        assert_eq!(index.groups(0), vec![vec![1, 2]]);
    }
}
