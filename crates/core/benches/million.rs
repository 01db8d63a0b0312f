//! A library of a million items, recorded and processed through the engine:
//! a watched folder of small files with names from a vocabulary, sizes and
//! dates spread out, one in twenty rated, and a perceptual hash on every
//! item (one in ten a near copy of an earlier one) written by a handler the
//! way the thumbnail handler writes them. Then, on the library reopened with
//! every default handler, what a person waits for: the first grid page after
//! opening, searches, the status snapshot, grid pages deep in every sort,
//! every near-duplicate group, memory, and the folder's size per item.
//!
//! cargo bench -p mahres-core --bench million [-- ITEMS] [--keep DIR] [--searches-only]
//!
//! `--keep DIR` makes the library in DIR and leaves it there; run again with
//! the same DIR and the measuring starts at once on what is there.
//! `--searches-only` stops after opening and the searches, to profile them.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use common::{peak_rss_mb, proc_status_kb};
use mahres_core::duplicates::DEFAULT_THRESHOLD;
use mahres_core::events::{Event, EventKind, ResourceField};
use mahres_core::handlers::default_handlers;
use mahres_core::model::FieldValue;
use mahres_core::watch::FolderRules;
use mahres_core::{
    Handler, HandlerContext, HandlerError, Library, LibraryOptions, Mark, SortOrder, TileQuery,
};

const PAGE: u32 = 200;

/// A stand-in for the thumbnail handler's perceptual hashes (decoding a
/// million pictures would take hours): a hash from the resource's id, one in
/// ten a few bits away from an earlier id's, written the same way.
struct SyntheticHashes;

fn mix(mut x: u64) -> u64 {
    // splitmix64: spreads consecutive ids over all 64 bits.
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn synthetic_hash(id: i64) -> u64 {
    let id = id as u64;
    if id > 10 && id.is_multiple_of(10) {
        let original = mix(id) % (id - 1) + 1;
        let mut hash = synthetic_hash(original as i64);
        for bit in 0..(mix(id ^ 1) % 6) {
            hash ^= 1 << (mix(id ^ (bit + 2)) % 64);
        }
        hash
    } else {
        mix(id)
    }
}

impl Handler for SyntheticHashes {
    fn name(&self) -> &'static str {
        "synthetic-hashes"
    }
    fn subscribes_to(&self) -> &'static [EventKind] {
        &[EventKind::ResourceCreated]
    }
    fn concurrency(&self) -> usize {
        2
    }
    fn handle(&self, ctx: &HandlerContext, event: &Event) -> Result<(), HandlerError> {
        let Some(id) = event.payload.resource_id() else {
            return Ok(());
        };
        let Some(resource) = ctx.resource(id)? else {
            return Ok(());
        };
        let hash = synthetic_hash(id);
        ctx.write_resource_on_finish(
            id,
            resource.content_rev,
            vec![
                (
                    ResourceField::PerceptualHash,
                    FieldValue::Integer(hash as i64),
                ),
                (
                    ResourceField::PerceptualHashMirror,
                    FieldValue::Integer(mix(hash) as i64),
                ),
            ],
        )
    }
}

/// `count` files in 1,000 sub-folders: two or three words and a number for a
/// name, up to 400 bytes, modified some time in the last ten years.
fn write_files(root: &Path, count: usize, words: &[String], rng: &mut fastrand::Rng) {
    let now = SystemTime::now();
    let ten_years = 10 * 365 * 86_400;
    let bytes = vec![b'x'; 400];
    for i in 0..count {
        let dir = root.join(format!("d{:03}", i % 1000));
        if i < 1000 {
            std::fs::create_dir_all(&dir).expect("dir");
        }
        let name: Vec<&str> = (0..rng.usize(2..4))
            .map(|_| words[rng.usize(..words.len())].as_str())
            .collect();
        let path = dir.join(format!("{} {i}.txt", name.join(" ")));
        // Unique bytes: exact duplicates are not what this measures.
        let mut content = format!("{i} ").into_bytes();
        content.extend_from_slice(&bytes[..rng.usize(0..bytes.len())]);
        std::fs::write(&path, content).expect("write");
        let modified = now - Duration::from_secs(rng.u64(0..ten_years));
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(modified))
            .expect("set the date");
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn rss_mb() -> f64 {
    proc_status_kb("VmRSS:") as f64 / 1024.0
}

/// Resident memory of the heap and of mapped files (the search index's
/// segments are mapped: the kernel drops those pages when it needs them).
fn rss_split() -> String {
    format!(
        "heap and other anonymous {:.0} MB, mapped files {:.0} MB",
        proc_status_kb("RssAnon:") as f64 / 1024.0,
        proc_status_kb("RssFile:") as f64 / 1024.0
    )
}

fn folder_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.metadata() {
                Ok(m) if m.is_dir() => stack.push(entry.path()),
                Ok(m) => total += m.len(),
                Err(_) => {}
            }
        }
    }
    total
}

struct Args {
    count: usize,
    keep: Option<PathBuf>,
    /// `--searches-only`: stop after the searches (for profiling them).
    searches_only: bool,
}

fn args() -> Args {
    let mut args = Args {
        count: 1_000_000,
        keep: None,
        searches_only: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        if arg == "--keep" {
            args.keep = it.next().map(PathBuf::from);
        } else if arg == "--searches-only" {
            args.searches_only = true;
        } else if let Ok(n) = arg.parse() {
            args.count = n;
        }
    }
    args
}

/// Makes the library: the files, the walk, every handler's work, the marks.
async fn generate(library_dir: &Path, folder: &Path, count: usize, words: &[String]) {
    let mut rng = fastrand::Rng::with_seed(17);
    let started = Instant::now();
    write_files(folder, count, words, &mut rng);
    println!(
        "wrote {count} files in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut handlers = default_handlers();
    handlers.push(Arc::new(SyntheticHashes));
    let library = Library::open(LibraryOptions::new(library_dir).handlers(handlers))
        .await
        .expect("open");
    let started = Instant::now();
    let (_, report) = library
        .watch_add(folder.to_path_buf(), FolderRules::default())
        .await
        .expect("watch");
    let walked = started.elapsed();
    library.wait_idle().await.expect("idle");
    let processed = started.elapsed();
    // One in twenty rated, 1–5 stars.
    for stars in 1..=5u8 {
        let ids: Vec<i64> = (0..count as i64)
            .filter(|id| id % 20 == i64::from(stars))
            .collect();
        library
            .set_mark(ids, Mark::Rating { stars })
            .await
            .expect("rate");
    }
    library.wait_idle().await.expect("idle");
    println!(
        "recorded {} in {:.1} s, processed in {:.1} s ({:.0} items/s), rated in {:.1} s more; peak memory {:.0} MB",
        report.added,
        walked.as_secs_f64(),
        processed.as_secs_f64(),
        count as f64 / processed.as_secs_f64(),
        (started.elapsed() - processed).as_secs_f64(),
        peak_rss_mb()
    );
    library.close(Duration::from_secs(5)).await;
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Waits until every watched folder was checked since `opened_at`, and the
/// near-duplicate index is loaded (a lookup waits for it); how long that
/// took from opening, or `None` when it was done before the first search.
/// How long after opening the start-up check of the watched folder ended
/// (when it records its end, not when this saw it), and whether it was still
/// running when this was first asked, i.e. during the searches before.
async fn wait_for_the_startup_check(library: &Library, opened_at: i64) -> (Duration, bool) {
    let checked_at = || async {
        let folders = library.watched_folders().await.expect("folders");
        folders
            .iter()
            .map(|f| f.last_reconciled_at.filter(|&at| at >= opened_at))
            .collect::<Option<Vec<i64>>>()
            .map(|ends| ends.into_iter().max().unwrap_or(opened_at))
    };
    let running = checked_at().await.is_none();
    let ended = loop {
        if let Some(at) = checked_at().await {
            break at;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    library.similar(1, DEFAULT_THRESHOLD).await.ok();
    (
        Duration::from_millis((ended - opened_at).max(0) as u64),
        running,
    )
}

async fn grid_page(library: &Library, sort: &SortOrder, offset: u64) -> Duration {
    let started = Instant::now();
    let page = library
        .tiles(TileQuery {
            query: String::new(),
            sort: sort.clone(),
            offset,
            limit: PAGE,
        })
        .await
        .expect("tiles");
    let took = started.elapsed();
    assert!(
        !page.tiles.is_empty(),
        "page at {offset} of {sort} is empty"
    );
    took
}

async fn measure(library_dir: &Path, count: usize, words: &[String], searches_only: bool) {
    let rss_before = rss_mb();
    // What the app does at launch before it can draw the grid.
    let started = Instant::now();
    let opened_at = now_ms();
    let library = Library::open(LibraryOptions::new(library_dir))
        .await
        .expect("open");
    let opened = started.elapsed();
    let first_page = grid_page(&library, &SortOrder::Newest, 0).await;
    let progressed = Instant::now();
    library.progress().await.expect("progress");
    let progress = progressed.elapsed();
    let launched = started.elapsed();
    let rss_open = rss_mb() - rss_before;
    println!(
        "open {:.0} ms, first grid page {:.0} ms, first progress {:.0} ms: {:.0} ms in all (aim < 1,000 ms); memory after opening +{rss_open:.0} MB",
        ms(opened),
        ms(first_page),
        ms(progress),
        ms(launched)
    );

    let mut rng = fastrand::Rng::with_seed(23);
    let (word_queries, prefix_queries) = common::queries(&mut rng, words, 2000);
    common::search_latency(&library, &word_queries[..200]).await;
    // At launch the app checks the watched folder against the database (a
    // walk of a million files) and loads the near-duplicate index, both in
    // the background: searches made meanwhile share two cores with them.
    let print = |when: &str,
                 (wp50, wp99, whits): (Duration, Duration, f64),
                 (pp50, pp99, phits): (Duration, Duration, f64)| {
        println!(
            "search {when}, 1-3 words: p50 {:.2} ms, p99 {:.2} ms ({whits:.0} matches on average); 2-4 character prefixes: p50 {:.2} ms, p99 {:.2} ms ({phits:.0}); aim p99 < 5 ms",
            ms(wp50),
            ms(wp99),
            ms(pp50),
            ms(pp99)
        );
    };
    let words_meanwhile = common::search_latency(&library, &word_queries).await;
    let prefixes_meanwhile = common::search_latency(&library, &prefix_queries).await;
    let (check_took, checked_meanwhile) = wait_for_the_startup_check(&library, opened_at).await;
    if checked_meanwhile {
        print(
            "during the start-up check",
            words_meanwhile,
            prefixes_meanwhile,
        );
    }
    print(
        "once the library is idle",
        common::search_latency(&library, &word_queries).await,
        common::search_latency(&library, &prefix_queries).await,
    );
    println!(
        "the start-up check of the watched folder ended {:.1} s after opening{}",
        check_took.as_secs_f64(),
        if checked_meanwhile {
            ""
        } else {
            ", before the searches did"
        }
    );
    println!(
        "memory after the searches: +{:.0} MB ({})",
        rss_mb() - rss_before,
        rss_split()
    );
    if searches_only {
        return;
    }
    let mut status = Vec::new();
    let mut progress = Vec::new();
    for _ in 0..21 {
        let started = Instant::now();
        library.status().await.expect("status");
        status.push(started.elapsed());
        let started = Instant::now();
        library.progress().await.expect("progress");
        progress.push(started.elapsed());
    }
    println!(
        "status snapshot: median {:.2} ms; progress (status + counts the window polls): median {:.2} ms; aim < 20 ms",
        ms(common::percentile(&mut status, 0.5)),
        ms(common::percentile(&mut progress, 0.5))
    );

    // A page near the start comes from SQL; the first page deep in a sort
    // builds the whole listing (store/listing.rs), which then serves every
    // page until the library changes.
    let total = count as u64;
    let (mut worst_held, mut worst_build, mut worst_first) =
        (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    for choice in library.sort_choices() {
        let median = |mut samples: Vec<Duration>| common::percentile(&mut samples, 0.5);
        // The first call of a fact's order builds its listing.
        let cold = grid_page(&library, &choice.sort, 0).await;
        let mut first = Vec::new();
        for _ in 0..5 {
            first.push(grid_page(&library, &choice.sort, 0).await);
        }
        let first = median(first);
        let build = grid_page(&library, &choice.sort, total / 2).await;
        let (mut middle, mut last) = (Vec::new(), Vec::new());
        for _ in 0..5 {
            middle.push(grid_page(&library, &choice.sort, total / 2).await);
            last.push(grid_page(&library, &choice.sort, total - u64::from(PAGE)).await);
        }
        let (middle, last) = (median(middle), median(last));
        worst_first = worst_first.max(first);
        worst_build = worst_build.max(build).max(cold);
        worst_held = worst_held.max(middle).max(last);
        println!(
            "grid page of {PAGE}, {}: first {:.1} ms (the very first {:.1} ms); deep, the first {:.1} ms, then middle {:.1} ms, last {:.1} ms",
            choice.label,
            ms(first),
            ms(cold),
            ms(build),
            ms(middle),
            ms(last)
        );
    }
    println!(
        "grid pages, worst sort: first page {:.1} ms, a deep page {:.1} ms, one that builds a listing {:.1} ms (aim < 30 ms)",
        ms(worst_first),
        ms(worst_held),
        ms(worst_build)
    );

    println!(
        "memory after the grid pages: +{:.0} MB",
        rss_mb() - rss_before
    );
    // What the Duplicates view asks: its first hundred groups, which needs
    // every group worked out; then the same again, and the next page, held.
    let started = Instant::now();
    let page = library
        .duplicate_page(DEFAULT_THRESHOLD, 100)
        .await
        .expect("duplicates");
    let first = started.elapsed();
    let started = Instant::now();
    let again = library
        .duplicate_page(DEFAULT_THRESHOLD, 200)
        .await
        .expect("duplicates");
    let held = started.elapsed();
    assert_eq!(again.total, page.total);
    println!(
        "every duplicate group at threshold {DEFAULT_THRESHOLD}: {} groups, the first 100 shown in {:.2} s (aim < 10 s); the first 200 then in {:.1} ms",
        page.total,
        first.as_secs_f64(),
        ms(held)
    );
    println!(
        "memory: +{:.0} MB now ({}), process peak {:.0} MB (aim: the app < 500 MB)",
        rss_mb() - rss_before,
        rss_split(),
        peak_rss_mb()
    );
    library.close(Duration::from_secs(5)).await;
    let bytes = folder_bytes(library_dir);
    println!(
        "library folder: {:.0} MB, {:.0} bytes an item",
        bytes as f64 / 1e6,
        bytes as f64 / count as f64
    );
}

fn main() {
    let args = args();
    let mut rng = fastrand::Rng::with_seed(11);
    let words = common::vocabulary(&mut rng, 5000);
    let temp = tempfile::tempdir().expect("temp");
    let root = args
        .keep
        .clone()
        .unwrap_or_else(|| temp.path().to_path_buf());
    let library_dir = root.join("library");
    let folder = root.join("files");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        if library_dir.exists() {
            measure(&library_dir, args.count, &words, args.searches_only).await;
            return;
        }
        std::fs::create_dir_all(&folder).expect("folder");
        generate(&library_dir, &folder, args.count, &words).await;
        // Measured in a process of its own, as an app launched on the
        // library would be: nothing of the generating is in its memory.
        let status = std::process::Command::new(std::env::current_exe().expect("exe"))
            .arg(args.count.to_string())
            .arg("--keep")
            .arg(&root)
            .status()
            .expect("measure");
        assert!(status.success());
    });
}
