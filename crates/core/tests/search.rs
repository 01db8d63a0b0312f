//! Full-text search through the Library API, on a real tantivy index.

mod common;

use std::time::{Duration, Instant};

use common::*;
use mahres_core::model::{Page, ResourceEdit};
use mahres_core::search::COMMIT_INTERVAL;
use mahres_core::{Library, SearchItem, SortOrder};

/// Changes become searchable within this (the commit interval plus a commit).
const VISIBLE_WITHIN: Duration = Duration::from_secs(1);

fn names(results: &mahres_core::SearchResults) -> Vec<String> {
    results
        .results
        .iter()
        .map(|r| match &r.item {
            SearchItem::Resource(r) => r.name.clone(),
            SearchItem::Note(n) => format!("note:{}", n.title),
            SearchItem::Group(g) => format!("group:{}", g.name),
        })
        .collect()
}

async fn search(library: &Library, query: &str, sort: SortOrder) -> Vec<String> {
    names(
        &library
            .search(query.into(), sort, Page::default())
            .await
            .unwrap(),
    )
}

/// Polls until `query` gives `expected`, and returns how long it took.
async fn eventually(library: &Library, query: &str, expected: &[&str]) -> Duration {
    let started = Instant::now();
    loop {
        let mut found = search(library, query, SortOrder::Relevance).await;
        found.sort();
        let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        want.sort();
        if found == want {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "`{query}` gave {found:?}, wanted {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn library_with_photos() -> (tempfile::TempDir, tempfile::TempDir, Library) {
    let source = tempfile::tempdir().unwrap();
    let trip = source.path().join("Rome 2026");
    std::fs::create_dir(&trip).unwrap();
    write_png(&trip.join("sunset-over-colosseum.png"), 320, 200, 1);
    write_png(&trip.join("vacation-breakfast.png"), 64, 64, 2);
    std::fs::write(
        trip.join("itinerary.txt"),
        "day one: forum, pantheon. ".repeat(120),
    )
    .unwrap();
    write_bytes(&source.path().join("tax-return-2025.pdf"), 50, 4);
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    library.import(vec![source.path().into()]).await.unwrap();
    wait_idle(&library, Duration::from_secs(60)).await;
    (source, dir, library)
}

fn id_of(resources: &[mahres_core::model::Resource], name: &str) -> i64 {
    resources.iter().find(|r| r.name == name).unwrap().id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn words_prefixes_typos_filters_and_sorts() {
    let (_source, _dir, library) = library_with_photos().await;
    let resources = library.resources(Page::default()).await.unwrap();
    let sunset = id_of(&resources, "sunset-over-colosseum.png");
    let breakfast = id_of(&resources, "vacation-breakfast.png");
    library
        .add_tags(sunset, vec!["Holiday".into(), "golden hour".into()])
        .await
        .unwrap();
    let group = library
        .create_group("Italy Trip".into(), "summer".into())
        .await
        .unwrap();
    library
        .add_to_group(group.id, vec![sunset, breakfast])
        .await
        .unwrap();
    library
        .create_note("Packing list".into(), "sunscreen and espresso cups".into())
        .await
        .unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;
    eventually(&library, "tag:holiday", &["sunset-over-colosseum.png"]).await;

    // Words and prefixes (as you type).
    assert_eq!(
        search(&library, "colosseum", SortOrder::Relevance).await,
        ["sunset-over-colosseum.png"]
    );
    assert_eq!(
        search(&library, "colos", SortOrder::Relevance).await,
        ["sunset-over-colosseum.png"]
    );
    assert_eq!(
        search(&library, "su", SortOrder::Relevance).await.len(),
        3,
        "sunset, summer group, sunscreen note"
    );
    // A name typed with its separators: the one-letter tail is a prefix.
    assert_eq!(
        search(&library, "tax-return-2", SortOrder::Relevance).await,
        ["tax-return-2025.pdf"]
    );
    // Folder words.
    assert_eq!(
        search(&library, "rome", SortOrder::Relevance).await.len(),
        3
    );
    assert_eq!(
        search(&library, "rome", SortOrder::Name).await,
        [
            "itinerary.txt",
            "sunset-over-colosseum.png",
            "vacation-breakfast.png"
        ]
    );
    // Typos in longer words.
    assert_eq!(
        search(&library, "vacaton", SortOrder::Relevance).await,
        ["vacation-breakfast.png"]
    );
    assert_eq!(
        search(&library, "colloseum", SortOrder::Relevance).await,
        ["sunset-over-colosseum.png"]
    );
    // Phrases, exclusions.
    assert_eq!(
        search(&library, r#""golden hour""#, SortOrder::Relevance).await,
        ["sunset-over-colosseum.png"]
    );
    assert_eq!(
        search(&library, "rome -sunset", SortOrder::Name).await,
        ["itinerary.txt", "vacation-breakfast.png"]
    );
    // Filters.
    assert_eq!(
        search(&library, r#"group:"italy trip""#, SortOrder::Name).await,
        ["sunset-over-colosseum.png", "vacation-breakfast.png"]
    );
    assert_eq!(
        search(&library, "type:image", SortOrder::Name).await,
        ["sunset-over-colosseum.png", "vacation-breakfast.png"]
    );
    assert_eq!(
        search(&library, "type:image width:>100", SortOrder::Relevance).await,
        ["sunset-over-colosseum.png"]
    );
    assert_eq!(
        search(&library, "size:>1KB type:text", SortOrder::Relevance).await,
        ["itinerary.txt"]
    );
    assert_eq!(
        search(&library, "kind:note espresso", SortOrder::Relevance).await,
        ["note:Packing list"]
    );
    assert_eq!(
        search(&library, "italy", SortOrder::Relevance).await[0],
        "group:Italy Trip"
    );
    assert!(
        search(&library, "date:2026..", SortOrder::Relevance)
            .await
            .len()
            >= 4
    );
    assert!(
        search(&library, "date:..2001", SortOrder::Relevance)
            .await
            .is_empty()
    );
    // Sorts.
    let by_size = search(&library, "kind:resource", SortOrder::Largest).await;
    assert_eq!(by_size.last().unwrap(), "tax-return-2025.pdf");
    let by_name = search(&library, "kind:resource", SortOrder::Name).await;
    assert_eq!(
        by_name,
        [
            "itinerary.txt",
            "sunset-over-colosseum.png",
            "tax-return-2025.pdf",
            "vacation-breakfast.png"
        ]
    );
    // Paging and totals.
    let page = library
        .search(
            "kind:resource".into(),
            SortOrder::Name,
            Page {
                limit: 2,
                offset: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(
        names(&page),
        ["tax-return-2025.pdf", "vacation-breakfast.png"]
    );
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_appear_and_deletes_disappear_within_a_second() {
    let (_source, _dir, library) = library_with_photos().await;
    eventually(&library, "itinerary", &["itinerary.txt"]).await;
    let resources = library.resources(Page::default()).await.unwrap();
    let id = id_of(&resources, "itinerary.txt");

    let edit = ResourceEdit {
        name: Some("route-through-tuscany.txt".into()),
        description: None,
    };
    library.edit_resource(id, edit).await.unwrap();
    let took = eventually(&library, "tuscany", &["route-through-tuscany.txt"]).await;
    println!("rename searchable after {took:?} (commit interval {COMMIT_INTERVAL:?})");
    assert!(took < VISIBLE_WITHIN, "{took:?}");
    // The original name stays searchable.
    assert_eq!(
        search(&library, "itinerary", SortOrder::Relevance).await,
        ["route-through-tuscany.txt"]
    );

    library.delete_permanently(vec![id]).await.unwrap();
    let took = eventually(&library, "tuscany", &[]).await;
    assert!(took < VISIBLE_WITHIN, "{took:?}");
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_query_is_a_clear_error() {
    let (_source, _dir, library) = library_with_photos().await;
    for (query, expected) in [
        (
            r#"sunset "over the"#,
            "this quote is never closed (at character 8)",
        ),
        (
            "colour:red",
            "unknown filter `colour:`; filters are tag:, group:, type:, kind:, has:, size:, width:, height:, date:, added:, in:, rating:, label:, flag:, taken:, camera:, lens:, focal_length:, focal_length_35:, aperture:, exposure:, iso:, flash:, place:, title:, caption:, keywords:, embedded_rating:, embedded_label:, duration:, frame_rate:, codec:, artist:, album:, genre:, year:, pages:, author: (at character 1)",
        ),
        (
            "size:>huge",
            "`huge` is not a size such as 500KB, 10MB or 2GB (at character 7)",
        ),
        (
            "date:2026-02-30",
            "`2026-02-30` is not a date such as 2024, 2024-05 or 2024-05-17 (at character 6)",
        ),
    ] {
        let err = library
            .search(query.into(), SortOrder::Relevance, Page::default())
            .await
            .unwrap_err();
        assert_eq!(err.to_string(), expected, "for {query}");
    }
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_or_corrupt_index_is_rebuilt_at_open() {
    let (_source, dir, library) = library_with_photos().await;
    eventually(&library, "breakfast", &["vacation-breakfast.png"]).await;
    library.close(Duration::from_secs(1)).await;
    drop(library);

    std::fs::remove_dir_all(dir.path().join("index")).unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    wait_idle(&library, Duration::from_secs(30)).await;
    assert_eq!(
        search(&library, "breakfast", SortOrder::Relevance).await,
        ["vacation-breakfast.png"]
    );
    library.close(Duration::from_secs(1)).await;
    drop(library);

    // Garbage where the index metadata should be.
    std::fs::write(dir.path().join("index").join("meta.json"), b"{ not json").unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    wait_idle(&library, Duration::from_secs(30)).await;
    assert_eq!(
        search(&library, "kind:resource", SortOrder::Name)
            .await
            .len(),
        4
    );
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_made_while_the_index_was_behind_are_caught_up_at_open() {
    let (_source, dir, library) = library_with_photos().await;
    eventually(&library, "breakfast", &["vacation-breakfast.png"]).await;
    library.close(Duration::from_secs(1)).await;
    drop(library);
    // Record a change with nobody processing: the index has not seen it.
    let recorder = Library::open(
        mahres_core::LibraryOptions::new(dir.path()).access(mahres_core::Access::RecordOnly),
    )
    .await
    .unwrap();
    let resources = recorder.resources(Page::default()).await.unwrap();
    let id = id_of(&resources, "vacation-breakfast.png");
    recorder
        .add_tags(id, vec!["croissant".into()])
        .await
        .unwrap();
    drop(recorder);
    let library = open(dir.path(), vec![]).await; // no index handler at all
    wait_idle(&library, Duration::from_secs(30)).await;
    eventually(&library, "tag:croissant", &["vacation-breakfast.png"]).await;
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_says_when_a_change_can_be_found_without_being_asked_again() {
    let (_source, _dir, library) = library_with_photos().await;
    let mut progress = library.subscribe_progress().expect("processing here");
    let resources = library.resources(Page::default()).await.unwrap();
    let id = id_of(&resources, "vacation-breakfast.png");
    library
        .add_tags(id, vec!["croissant".into()])
        .await
        .unwrap();
    // The last snapshot reported says the tag's event is searchable: the
    // index's commit itself moved progress (no polling by the front).
    let reported = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            progress.changed().await.unwrap();
            let p = progress.borrow_and_update().clone();
            if !p.index_pending && p.searchable_event_id >= p.last_event_id && p.status.idle {
                return p;
            }
        }
    })
    .await
    .expect("a snapshot saying the change is searchable");
    assert!(reported.last_event_id > 0);
    assert_eq!(
        search(&library, "tag:croissant", SortOrder::Relevance).await,
        ["vacation-breakfast.png"]
    );
    library.close(Duration::from_secs(1)).await;
}
