//! Shared by the benchmarks (each includes it with `mod common;`).
#![allow(dead_code)]

/// A field of /proc/self/status in kB (`VmRSS:` now, `VmHWM:` the peak);
/// 0 where /proc is not there.
pub fn proc_status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The process's peak resident memory in MB.
pub fn peak_rss_mb() -> f64 {
    proc_status_kb("VmHWM:") as f64 / 1024.0
}

/// `count` small files spread over 1,000 sub-folders of `root`, as a big
/// watched folder: `d000/{prefix}000000.{ext}` and so on.
pub fn write_small_files(root: &std::path::Path, count: usize, prefix: &str, ext: &str) {
    for i in 0..count {
        let dir = root.join(format!("d{:03}", i % 1000));
        if i < 1000 {
            std::fs::create_dir(&dir).expect("dir");
        }
        std::fs::write(dir.join(format!("{prefix}{i:06}.{ext}")), i.to_string()).expect("write");
    }
}

/// Syllables for made-up words: names a search can find by word and prefix.
const SYLLABLES: [&str; 20] = [
    "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "be", "da", "fe", "go", "hu", "ji", "ko", "la",
    "mo", "pi", "re", "su",
];

/// `size` made-up words of two to four syllables.
pub fn vocabulary(rng: &mut fastrand::Rng, size: usize) -> Vec<String> {
    (0..size)
        .map(|_| {
            (0..rng.usize(2..5))
                .map(|_| SYLLABLES[rng.usize(..SYLLABLES.len())])
                .collect()
        })
        .collect()
}

/// `count` searches of one to three whole words of `words`, and `count` of
/// the first two to four letters of one.
pub fn queries(
    rng: &mut fastrand::Rng,
    words: &[String],
    count: usize,
) -> (Vec<String>, Vec<String>) {
    let whole = (0..count)
        .map(|i| {
            (0..1 + i % 3)
                .map(|_| words[rng.usize(..words.len())].clone())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let prefixes = (0..count)
        .map(|i| {
            words[rng.usize(..words.len())]
                .chars()
                .take(2 + i % 3)
                .collect()
        })
        .collect();
    (whole, prefixes)
}

/// The `p` quantile (0 to 1) of `samples`, which it sorts.
pub fn percentile(samples: &mut [std::time::Duration], p: f64) -> std::time::Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

/// Runs each query through `Library::search` (relevance, the first 50, the
/// results loaded from SQLite): p50, p99 and the average number of matches.
pub async fn search_latency(
    library: &mahres_core::Library,
    queries: &[String],
) -> (std::time::Duration, std::time::Duration, f64) {
    let mut samples = Vec::with_capacity(queries.len());
    let mut hits = 0u64;
    for query in queries {
        let started = std::time::Instant::now();
        let found = library
            .search(
                query.clone(),
                mahres_core::SortOrder::Relevance,
                mahres_core::model::Page {
                    limit: 50,
                    offset: 0,
                },
            )
            .await
            .expect("search");
        samples.push(started.elapsed());
        hits += found.total;
    }
    (
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.99),
        hits as f64 / queries.len() as f64,
    )
}
