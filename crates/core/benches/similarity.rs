//! Near-duplicate lookup over 100,000 perceptual hashes: multi-index hashing against
//! a brute-force scan of every hash, in the same run, with the same answers.
//!
//! cargo bench -p mahres-core --bench similarity [-- HASHES]

use std::time::Instant;

use mahres_core::duplicates::DEFAULT_THRESHOLD;
use mahres_core::media::distance;
use mahres_core::similarity::SimilarityIndex;

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut rng = fastrand::Rng::with_seed(5);
    // Mostly unrelated images, with one in ten a near copy of an earlier one.
    let mut hashes: Vec<u64> = Vec::with_capacity(count);
    for i in 0..count {
        let hash = if i > 0 && i % 10 == 0 {
            let mut h = hashes[rng.usize(..i)];
            for _ in 0..rng.u32(0..6) {
                h ^= 1 << rng.u32(0..64);
            }
            h
        } else {
            rng.u64(..)
        };
        hashes.push(hash);
    }
    let index = SimilarityIndex::default();
    let started = Instant::now();
    for (id, hash) in hashes.iter().enumerate() {
        index.insert(id as i64, *hash, *hash);
    }
    let built = started.elapsed();

    let probes: Vec<usize> = (0..1000).map(|_| rng.usize(..count)).collect();
    let started = Instant::now();
    let mut tree_found = 0;
    for &p in &probes {
        tree_found += index.similar_to(p as i64, DEFAULT_THRESHOLD).len();
    }
    let tree_query = started.elapsed() / probes.len() as u32;
    let started = Instant::now();
    let mut brute_found = 0;
    for &p in &probes {
        brute_found += hashes
            .iter()
            .enumerate()
            .filter(|(i, h)| *i != p && distance(**h, hashes[p]) <= DEFAULT_THRESHOLD)
            .count();
    }
    let brute_query = started.elapsed() / probes.len() as u32;
    assert_eq!(tree_found, brute_found, "same answers");

    let started = Instant::now();
    let groups = index.groups(DEFAULT_THRESHOLD);
    let tree_all = started.elapsed();
    // The design before the all-pairs pass: a lookup for every hash, its
    // matches joined.
    let started = Instant::now();
    let by_lookup = groups_by_lookup(&index, count);
    let lookups_all = started.elapsed();
    assert_eq!(by_lookup, groups, "same groups");
    // An all-pairs scan is quadratic: beyond 200,000 hashes it would take
    // many minutes, and the lookups are the baseline.
    let brute = (count <= 200_000).then(|| {
        let started = Instant::now();
        let mut pairs = 0u64;
        for i in 0..hashes.len() {
            for j in i + 1..hashes.len() {
                if distance(hashes[i], hashes[j]) <= DEFAULT_THRESHOLD {
                    pairs += 1;
                }
            }
        }
        (started.elapsed(), pairs)
    });
    let grouped: usize = groups.iter().map(Vec::len).sum();
    println!(
        "{count} hashes, threshold {DEFAULT_THRESHOLD}: index built in {:.0} ms",
        built.as_secs_f64() * 1e3
    );
    println!(
        "one lookup: multi-index {:.1} us, brute force {:.1} us, {:.1}x faster",
        tree_query.as_secs_f64() * 1e6,
        brute_query.as_secs_f64() * 1e6,
        brute_query.as_secs_f64() / tree_query.as_secs_f64()
    );
    println!(
        "all groups: all-pairs pass {:.2} s ({} groups, {grouped} images); a lookup per hash {:.2} s, {:.1}x the time",
        tree_all.as_secs_f64(),
        groups.len(),
        lookups_all.as_secs_f64(),
        lookups_all.as_secs_f64() / tree_all.as_secs_f64()
    );
    if let Some((brute_all, pairs)) = brute {
        println!(
            "brute force over every pair {:.2} s ({pairs} pairs), {:.1}x the all-pairs pass",
            brute_all.as_secs_f64(),
            brute_all.as_secs_f64() / tree_all.as_secs_f64()
        );
    }
}

/// Each id's lookup, its matches joined into clusters (union-find).
fn groups_by_lookup(index: &SimilarityIndex, count: usize) -> Vec<Vec<i64>> {
    let mut parent: Vec<usize> = (0..count).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for id in 0..count {
        for m in index.similar_to(id as i64, DEFAULT_THRESHOLD) {
            let (a, b) = (
                root(&mut parent, id),
                root(&mut parent, m.resource_id as usize),
            );
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut clusters: std::collections::HashMap<usize, Vec<i64>> = Default::default();
    for id in 0..count {
        let r = root(&mut parent, id);
        clusters.entry(r).or_default().push(id as i64);
    }
    let mut groups: Vec<Vec<i64>> = clusters.into_values().filter(|g| g.len() > 1).collect();
    groups.sort();
    groups
}
