//! Search latency over 100,000 resources through the `Library` API: p50 and
//! p99 for 1–3 word queries and 2–4 character prefixes.
//!
//! cargo bench -p mahres-core --bench search [-- RESOURCES]

mod common;

use std::time::{Duration, Instant};

use mahres_core::{Access, Library, LibraryOptions};

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut rng = fastrand::Rng::with_seed(11);
    let words = common::vocabulary(&mut rng, 5000);
    let source = tempfile::tempdir().expect("temp");
    for i in 0..count {
        let dir = source.path().join(&words[i % 300]);
        if i < 300 {
            std::fs::create_dir_all(&dir).expect("dir");
        }
        let name: Vec<&str> = (0..rng.usize(2..4))
            .map(|_| words[rng.usize(..words.len())].as_str())
            .collect();
        std::fs::write(dir.join(format!("{} {i}.txt", name.join(" "))), b"x").expect("write");
    }
    let library_dir = tempfile::tempdir().expect("temp");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let recorder =
            Library::open(LibraryOptions::new(library_dir.path()).access(Access::RecordOnly))
                .await
                .expect("open");
        let started = Instant::now();
        recorder
            .import(vec![source.path().to_path_buf()])
            .await
            .expect("import");
        let imported = started.elapsed();
        recorder.close(Duration::from_secs(1)).await;
        drop(recorder);
        // No handlers: opening indexes everything the database holds.
        let started = Instant::now();
        let library = Library::open(LibraryOptions::new(library_dir.path()).handlers(vec![]))
            .await
            .expect("open");
        library.wait_idle().await.expect("index");
        let indexed = started.elapsed();

        let (word_queries, prefix_queries) = common::queries(&mut rng, &words, 2000);
        // Warm up the page cache and tantivy's caches.
        common::search_latency(&library, &word_queries[..200]).await;
        let (wp50, wp99, whits) = common::search_latency(&library, &word_queries).await;
        let (pp50, pp99, phits) = common::search_latency(&library, &prefix_queries).await;
        println!(
            "{count} resources: recorded in {:.1} s, indexed in {:.1} s",
            imported.as_secs_f64(),
            indexed.as_secs_f64()
        );
        println!(
            "1-3 word queries: p50 {:.2} ms, p99 {:.2} ms ({whits:.0} matches on average)",
            wp50.as_secs_f64() * 1e3,
            wp99.as_secs_f64() * 1e3
        );
        println!(
            "2-4 char prefixes: p50 {:.2} ms, p99 {:.2} ms ({phits:.0} matches on average)",
            pp50.as_secs_f64() * 1e3,
            pp99.as_secs_f64() * 1e3
        );
        library.close(Duration::from_secs(1)).await;
    });
}
