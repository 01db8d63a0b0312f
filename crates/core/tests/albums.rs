//! Smart albums: saved searches whose counts follow the library as items
//! arrive, are rated and are trashed; saving, editing and deleting them are
//! steps of the undo history (also after a restart).

mod common;

use std::time::Duration;

use common::*;
use mahres_core::model::ResourceId;
use mahres_core::{AlbumEdit, Error, Library, Mark, SortOrder, TileQuery};

const WAIT: Duration = Duration::from_secs(60);

async fn count_of(library: &Library, name: &str) -> Option<u64> {
    library
        .albums()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.album.name == name)
        .unwrap_or_else(|| panic!("no album {name}"))
        .count
}

async fn import_pictures(
    library: &Library,
    dir: &std::path::Path,
    seeds: std::ops::Range<u32>,
) -> Vec<ResourceId> {
    let mut paths = Vec::new();
    for seed in seeds {
        let path = dir.join(format!("p{seed}.png"));
        write_png(&path, 64, 48, seed);
        paths.push(path);
    }
    let report = library.import(paths).await.unwrap();
    wait_idle(library, WAIT).await;
    report.imported.iter().map(|i| i.resource_id).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_album_counts_what_its_search_finds_as_items_arrive_are_rated_and_trashed() {
    let source = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    let first = import_pictures(&library, source.path(), 1..4).await;

    let keepers = library
        .save_album(
            "Keepers".into(),
            "  rating:>=4 ".into(),
            "rating:desc".parse().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(keepers.query, "rating:>=4", "saved as typed, trimmed");
    library
        .save_album("Everything".into(), String::new(), SortOrder::Newest)
        .await
        .unwrap();
    assert_eq!(count_of(&library, "Keepers").await, Some(0));
    assert_eq!(count_of(&library, "Everything").await, Some(3));

    // Rated: it moves into the album.
    library
        .set_mark(vec![first[0], first[1]], Mark::Rating { stars: 5 })
        .await
        .unwrap();
    wait_idle(&library, WAIT).await;
    assert_eq!(count_of(&library, "Keepers").await, Some(2));

    // Arrived: the whole-library album counts it.
    let more = import_pictures(&library, source.path(), 10..12).await;
    assert_eq!(count_of(&library, "Everything").await, Some(5));
    library
        .set_mark(vec![more[0]], Mark::Rating { stars: 4 })
        .await
        .unwrap();
    wait_idle(&library, WAIT).await;
    assert_eq!(count_of(&library, "Keepers").await, Some(3));

    // Trashed: out of both; restored: back.
    library.trash(vec![first[0]]).await.unwrap();
    wait_idle(&library, WAIT).await;
    assert_eq!(count_of(&library, "Keepers").await, Some(2));
    assert_eq!(count_of(&library, "Everything").await, Some(4));
    library.restore(vec![first[0]]).await.unwrap();
    wait_idle(&library, WAIT).await;
    assert_eq!(count_of(&library, "Keepers").await, Some(3));

    // Showing the album is its search, in its sort: the count is the grid's.
    let album = library.album_named("keepers".into()).await.unwrap();
    let page = library
        .tiles(TileQuery {
            query: album.query.clone(),
            sort: album.sort.clone(),
            offset: 0,
            limit: 100,
        })
        .await
        .unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(
        page.tiles.last().map(|t| t.id),
        Some(more[0]),
        "4 stars after the 5s"
    );

    // Listed by name, any case.
    let names: Vec<String> = library
        .albums()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.album.name)
        .collect();
    assert_eq!(names, ["Everything", "Keepers"]);
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saving_editing_and_deleting_an_album_are_undone_also_after_a_restart() {
    let source = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    import_pictures(&library, source.path(), 1..3).await;

    let album = library
        .save_album("Wide".into(), "width:>=60".into(), SortOrder::Newest)
        .await
        .unwrap();
    // Saving under the same name (any case) points it at the new search.
    let saved = library
        .save_album("WIDE".into(), "width:>=100".into(), SortOrder::Name)
        .await
        .unwrap();
    assert_eq!((saved.id, saved.name.as_str()), (album.id, "Wide"));
    assert_eq!(count_of(&library, "Wide").await, Some(0));

    let renamed = library
        .edit_album(
            album.id,
            AlbumEdit {
                name: Some("Landscape".into()),
                ..AlbumEdit::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.query, "width:>=100");
    library
        .save_album("Other".into(), String::new(), SortOrder::Newest)
        .await
        .unwrap();
    let err = library
        .edit_album(
            album.id,
            AlbumEdit {
                name: Some("other".into()),
                ..AlbumEdit::default()
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::AlbumExists(ref n) if n == "Other"),
        "{err}"
    );

    // A search that does not run is refused with the search's words.
    let err = library
        .save_album("Bad".into(), "colour:red".into(), SortOrder::Newest)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("unknown filter `colour:`"),
        "{err}"
    );
    let err = library
        .save_album("  ".into(), String::new(), SortOrder::Newest)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Empty { .. }), "{err}");

    library.delete_album(album.id).await.unwrap();
    assert!(matches!(
        library.album_named("landscape".into()).await.unwrap_err(),
        Error::NoAlbum(_)
    ));
    library.close(Duration::from_secs(1)).await;
    drop(library);

    // A new process undoes the deletion: the album is back, renamed and
    // with its search, under its id.
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    let undone = library.undo().await.unwrap().unwrap();
    assert_eq!(undone.label, "Deleted album “Landscape”");
    let back = library.album_named("Landscape".into()).await.unwrap();
    assert_eq!((back.id, back.query.as_str()), (album.id, "width:>=100"));
    assert_eq!(back.sort, SortOrder::Name);

    // Back past "Other" and the rename: the first name and search return.
    assert_eq!(
        library.undo().await.unwrap().unwrap().label,
        "Saved album “Other”"
    );
    let undone = library.undo().await.unwrap().unwrap();
    assert_eq!(undone.label, "Renamed album “Wide” to “Landscape”");
    let undone = library.undo().await.unwrap().unwrap();
    assert_eq!(undone.label, "Changed the search of album “Wide”");
    let first = library.album(album.id).await.unwrap();
    assert_eq!(
        (first.name.as_str(), first.query.as_str()),
        ("Wide", "width:>=60")
    );
    library.undo().await.unwrap().unwrap();
    assert!(library.albums().await.unwrap().is_empty());

    // And redo makes it again.
    library.redo().await.unwrap().unwrap();
    assert_eq!(count_of(&library, "Wide").await, Some(2));
    library.close(Duration::from_secs(1)).await;
}
