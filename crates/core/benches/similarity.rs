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
    let started = Instant::now();
    let mut pairs = 0u64;
    for i in 0..hashes.len() {
        for j in i + 1..hashes.len() {
            if distance(hashes[i], hashes[j]) <= DEFAULT_THRESHOLD {
                pairs += 1;
            }
        }
    }
    let brute_all = started.elapsed();
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
        "all pairs: multi-index groups {:.2} s ({} groups, {grouped} images), brute force {:.2} s ({pairs} pairs), {:.1}x faster",
        tree_all.as_secs_f64(),
        groups.len(),
        brute_all.as_secs_f64(),
        brute_all.as_secs_f64() / tree_all.as_secs_f64()
    );
}
