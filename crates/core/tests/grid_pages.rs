//! Pages of the grid at every offset and in every sort are exactly the
//! listing's slices, for pages read from either end of the library
//! (store/tiles.rs reads the second half backwards), with items in the
//! Trash left out.

mod common;

use std::time::{Duration, SystemTime};

use common::*;
use mahres_core::{Mark, TileQuery};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_in_every_sort_is_its_slice_of_the_listing() {
    let source = tempfile::tempdir().unwrap();
    let mut rng = fastrand::Rng::with_seed(4);
    for i in 0..57 {
        let path = source
            .path()
            .join(format!("{} {i}.txt", ["b", "A", "c"][i % 3]));
        // Sizes and dates repeat, so the id has to break ties.
        std::fs::write(&path, "x".repeat(1 + i % 5)).unwrap();
        let modified = SystemTime::UNIX_EPOCH + Duration::from_secs(86_400 * rng.u64(1..4));
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    let report = library.import(vec![source.path().into()]).await.unwrap();
    let ids: Vec<i64> = report.imported.iter().map(|i| i.resource_id).collect();
    library.trash(ids[..5].to_vec()).await.unwrap();
    library
        .set_mark(ids[10..30].to_vec(), Mark::Rating { stars: 3 })
        .await
        .unwrap();
    library
        .set_mark(ids[20..25].to_vec(), Mark::Rating { stars: 5 })
        .await
        .unwrap();
    wait_idle(&library, Duration::from_secs(60)).await;
    let sorts = library.sort_choices();
    assert!(sorts.len() > 8, "the fact sorts are there too");

    // Rated items by their stars (ties newest id first), then the rest.
    let rated = library
        .tile_ids(String::new(), "rating:desc".parse().unwrap())
        .await
        .unwrap();
    let mut others_expected: Vec<i64> = ids[5..10].iter().chain(&ids[30..]).copied().collect();
    others_expected.sort_unstable_by(|a, b| b.cmp(a));
    let mut rated_expected: Vec<i64> = ids[20..25].to_vec();
    rated_expected.sort_unstable_by(|a, b| b.cmp(a));
    let mut three: Vec<i64> = ids[10..20].iter().chain(&ids[25..30]).copied().collect();
    three.sort_unstable_by(|a, b| b.cmp(a));
    rated_expected.extend(three);
    rated_expected.extend(others_expected);
    assert_eq!(rated, rated_expected, "rating, highest first");

    for choice in sorts {
        let listing = library
            .tile_ids(String::new(), choice.sort.clone())
            .await
            .unwrap();
        assert_eq!(listing.len(), 52, "{}", choice.label);
        for limit in [1, 7, 26, 100] {
            for offset in (0..=listing.len() + 3).step_by(limit.min(5)) {
                let page = library
                    .tiles(TileQuery {
                        query: String::new(),
                        sort: choice.sort.clone(),
                        offset: offset as u64,
                        limit: limit as u32,
                    })
                    .await
                    .unwrap();
                assert_eq!(page.total, 52);
                let shown: Vec<i64> = page.tiles.iter().map(|t| t.id).collect();
                let from = offset.min(listing.len());
                let expected = &listing[from..(offset + limit).min(listing.len())];
                assert_eq!(shown, expected, "{}: {limit} from {offset}", choice.label);
            }
        }
    }
}
