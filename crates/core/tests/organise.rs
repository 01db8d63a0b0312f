//! A person's own actions: marks (rating, label, flag), the Trash, undo and
//! redo (also after a restart), through the Library API with real SQLite,
//! tantivy and files.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use common::*;
use mahres_core::model::{NoteEdit, ResourceEdit, ResourceId};
use mahres_core::{
    Error, Flag, Label, Library, LibraryOptions, Mark, NoteTarget, SortOrder, TileQuery,
};

const WAIT: Duration = Duration::from_secs(60);

/// A library with `n` distinct pictures, processed.
async fn library_with(
    n: u32,
) -> (
    tempfile::TempDir,
    tempfile::TempDir,
    Library,
    Vec<ResourceId>,
) {
    let source = tempfile::tempdir().unwrap();
    for i in 0..n {
        write_png(&source.path().join(format!("p{i}.png")), 64, 48, i + 1);
    }
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    let report = library.import(vec![source.path().into()]).await.unwrap();
    let mut ids: Vec<ResourceId> = report.imported.iter().map(|i| i.resource_id).collect();
    ids.sort_unstable();
    wait_idle(&library, WAIT).await;
    (source, dir, library, ids)
}

async fn grid_ids(library: &Library, query: &str, sort: SortOrder) -> Vec<ResourceId> {
    let page = library
        .tiles(TileQuery {
            query: query.into(),
            sort,
            offset: 0,
            limit: 100,
        })
        .await
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    page.tiles.iter().map(|t| t.id).collect()
}

fn by_rating() -> SortOrder {
    "rating:desc".parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marks_are_set_on_a_selection_found_by_filters_and_sorted_by() {
    let (_source, _dir, library, ids) = library_with(4).await;
    let (a, b, c, d) = (ids[0], ids[1], ids[2], ids[3]);

    assert_eq!(
        library
            .set_mark(vec![a, b], Mark::Rating { stars: 4 })
            .await
            .unwrap(),
        2
    );
    library
        .set_mark(vec![c], Mark::Rating { stars: 5 })
        .await
        .unwrap();
    library
        .set_mark(
            vec![a],
            Mark::Label {
                label: Some(Label::Red),
            },
        )
        .await
        .unwrap();
    library
        .set_mark(
            vec![b, d],
            Mark::Flag {
                flag: Some(Flag::Pick),
            },
        )
        .await
        .unwrap();
    library
        .set_mark(
            vec![c],
            Mark::Flag {
                flag: Some(Flag::Reject),
            },
        )
        .await
        .unwrap();
    // The same mark again changes nothing.
    assert_eq!(
        library
            .set_mark(vec![a, b], Mark::Rating { stars: 4 })
            .await
            .unwrap(),
        0
    );
    // A selection with a missing item changes none of it.
    let err = library
        .set_mark(vec![d, 9999], Mark::Rating { stars: 1 })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { id: 9999, .. }), "{err}");
    let err = library
        .set_mark(vec![d], Mark::Rating { stars: 6 })
        .await
        .unwrap_err();
    assert!(err.to_string().contains("0 (none) to 5"), "{err}");
    wait_idle(&library, WAIT).await;

    let mut found = search_resources(&library, "rating:>=4", SortOrder::Relevance).await;
    found.sort_unstable();
    assert_eq!(found, [a, b, c]);
    assert_eq!(grid_ids(&library, "rating:5", SortOrder::Newest).await, [c]);
    assert_eq!(
        grid_ids(&library, "label:red", SortOrder::Newest).await,
        [a]
    );
    let mut picks = grid_ids(&library, "flag:pick", SortOrder::Newest).await;
    picks.sort_unstable();
    assert_eq!(picks, [b, d]);
    assert_eq!(
        grid_ids(&library, "flag:reject", SortOrder::Newest).await,
        [c]
    );

    // The rating sort, in the grid and in a search: 5, then the 4s, unrated last.
    let sorted = grid_ids(&library, "", by_rating()).await;
    assert_eq!(sorted[0], c);
    assert_eq!(sorted[3], d);
    assert_eq!(
        search_resources(&library, "type:image", by_rating()).await[0],
        c
    );

    // Tiles and details carry them.
    let page = library
        .tiles(TileQuery {
            query: String::new(),
            sort: by_rating(),
            offset: 0,
            limit: 10,
        })
        .await
        .unwrap();
    let tile = page.tiles.iter().find(|t| t.id == a).unwrap();
    assert_eq!(
        (tile.marks.rating, tile.marks.label, tile.marks.flag),
        (4, Some(Label::Red), None)
    );
    let details = library.resource(c).await.unwrap();
    assert_eq!(details.marks.flag, Some(Flag::Reject));
    assert!(
        details
            .facts
            .iter()
            .any(|f| f.key == "rating" && f.text == "5" && f.source == "person")
    );

    // Clearing.
    library
        .set_mark(vec![a], Mark::label_from("none").unwrap())
        .await
        .unwrap();
    library
        .set_mark(vec![c], Mark::Rating { stars: 0 })
        .await
        .unwrap();
    wait_idle(&library, WAIT).await;
    assert!(
        grid_ids(&library, "label:red", SortOrder::Newest)
            .await
            .is_empty()
    );
    assert!(
        grid_ids(&library, "rating:5", SortOrder::Newest)
            .await
            .is_empty()
    );
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trash_keeps_everything_and_restore_puts_it_back_exactly() {
    let (_source, dir, library, ids) = library_with(3).await;
    let (a, b, c) = (ids[0], ids[1], ids[2]);
    library
        .tag_resources(vec![a], vec!["keeper".into()])
        .await
        .unwrap();
    let group = library
        .create_group("Trip".into(), String::new())
        .await
        .unwrap();
    library.add_to_group(group.id, vec![a]).await.unwrap();
    let note = library
        .create_note("About a".into(), "text".into())
        .await
        .unwrap();
    library
        .link_note(note.id, NoteTarget::Resource(a), true)
        .await
        .unwrap();
    library
        .set_mark(vec![a], Mark::Rating { stars: 3 })
        .await
        .unwrap();
    wait_idle(&library, WAIT).await;
    let before = library.resource(a).await.unwrap();
    let thumbnail = dir
        .path()
        .join(before.resource.thumbnail.as_deref().unwrap());
    let copy = dir.path().join(&before.resource.stored_path);

    assert_eq!(library.trash(vec![a, b]).await.unwrap(), 2);
    wait_idle(&library, WAIT).await;
    // Out of the grid, searches and counts; in the Trash.
    assert_eq!(grid_ids(&library, "", SortOrder::Newest).await, [c]);
    assert!(
        search_resources(&library, "tag:keeper", SortOrder::Relevance)
            .await
            .is_empty()
    );
    let mut in_trash = search_resources(&library, "in:trash", SortOrder::Relevance).await;
    in_trash.sort_unstable();
    assert_eq!(in_trash, [a, b]);
    assert_eq!(
        search_resources(&library, "in:trash tag:keeper", SortOrder::Relevance).await,
        [a]
    );
    let keeper = |tags: Vec<mahres_core::model::Tag>| {
        tags.into_iter()
            .find(|t| t.name == "keeper")
            .map(|t| t.resource_count)
    };
    assert_eq!(
        keeper(library.tags().await.unwrap()),
        Some(0),
        "tag counts leave the Trash out"
    );
    let trashed = library.trashed().await.unwrap();
    assert_eq!(trashed.len(), 2);
    assert!(trashed.iter().all(|t| t.trashed_at.is_some()));
    assert!(copy.exists() && thumbnail.exists(), "nothing is removed");

    assert_eq!(library.restore(vec![a]).await.unwrap(), 1);
    wait_idle(&library, WAIT).await;
    let after = library.resource(a).await.unwrap();
    assert_eq!(after.resource.trashed_at, None);
    assert_eq!(keeper(library.tags().await.unwrap()), Some(1));
    assert_eq!(
        (
            &after.resource.tags,
            &after.resource.groups,
            &after.notes,
            &after.resource.thumbnail,
            after.marks,
        ),
        (
            &before.resource.tags,
            &before.resource.groups,
            &before.notes,
            &before.resource.thumbnail,
            before.marks,
        )
    );
    assert_eq!(
        search_resources(&library, "tag:keeper", SortOrder::Relevance).await,
        [a]
    );

    // Empty Trash deletes what is left there for good, files and all.
    let b_copy = dir
        .path()
        .join(library.resource(b).await.unwrap().resource.stored_path);
    let report = library.empty_trash().await.unwrap();
    assert_eq!((report.removed, report.failed.len()), (1, 0));
    wait_idle(&library, WAIT).await;
    assert!(library.resource(b).await.is_err());
    assert!(!b_copy.exists());
    assert!(library.trashed().await.unwrap().is_empty());
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trash_empties_itself_after_the_retention_time() {
    let source = tempfile::tempdir().unwrap();
    for i in 0..3 {
        std::fs::write(source.path().join(format!("{i}.txt")), format!("file {i}")).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let now = Arc::new(AtomicI64::new(1_800_000_000_000));
    let open_at = |now: Arc<AtomicI64>| {
        Library::open(
            LibraryOptions::new(dir.path())
                .handlers(vec![])
                .clock(Arc::new(move || now.load(Ordering::SeqCst))),
        )
    };
    let library = open_at(now.clone()).await.unwrap();
    let report = library.import(vec![source.path().into()]).await.unwrap();
    let ids: Vec<ResourceId> = report.imported.iter().map(|i| i.resource_id).collect();
    library.trash(vec![ids[0]]).await.unwrap();
    now.fetch_add(20 * 86_400_000, Ordering::SeqCst);
    library.trash(vec![ids[1]]).await.unwrap();
    library.close(Duration::from_secs(1)).await;
    drop(library);

    // 31 days after the first: it goes at the next open; the second stays.
    now.fetch_add(11 * 86_400_000, Ordering::SeqCst);
    let library = open_at(now.clone()).await.unwrap();
    let gone = || async {
        let mut left: Vec<ResourceId> = library
            .trashed()
            .await
            .unwrap()
            .iter()
            .map(|t| t.id)
            .collect();
        left.sort_unstable();
        left
    };
    let deadline = std::time::Instant::now() + WAIT;
    while gone().await != [ids[1]] {
        assert!(
            std::time::Instant::now() < deadline,
            "not emptied: {:?}",
            gone().await
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(library.resource(ids[0]).await.is_err());

    // A library set to keep them forever keeps them.
    let mut settings = library.settings().await.unwrap();
    settings.trash_days = 0;
    library.set_settings(settings).await.unwrap();
    now.fetch_add(365 * 86_400_000, Ordering::SeqCst);
    assert_eq!(library.empty_expired_trash().await.unwrap().removed, 0);
    assert_eq!(gone().await, [ids[1]]);
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_action_undoes_and_redoes_one_step_at_a_time() {
    let (_source, _dir, library, ids) = library_with(3).await;
    let (a, b, c) = (ids[0], ids[1], ids[2]);
    let group = library
        .create_group("Trip".into(), String::new())
        .await
        .unwrap();
    let note = library
        .create_note("Plan".into(), String::new())
        .await
        .unwrap();
    library
        .tag_resources(vec![a], vec!["old".into()])
        .await
        .unwrap();
    let undo_label = |library: &Library| {
        let library = library.clone();
        async move { library.undo_state().await.unwrap().undo }
    };
    assert_eq!(
        undo_label(&library).await.as_deref(),
        Some("Tagged 1 item “old”")
    );

    // A bulk tag where one item had it already: undo takes it only from the others.
    library
        .tag_resources(vec![a, b, c], vec!["Old".into(), "new".into()])
        .await
        .unwrap();
    let tags_of = |id| {
        let library = library.clone();
        async move { library.resource(id).await.unwrap().resource.tags }
    };
    assert_eq!(tags_of(a).await, ["new", "old"]);
    let undone = library.undo().await.unwrap().unwrap();
    assert_eq!(undone.label, "Tagged 3 items “Old”, “new”");
    assert_eq!(
        (tags_of(a).await, tags_of(b).await),
        (vec!["old".to_string()], vec![])
    );
    let redone = library.redo().await.unwrap().unwrap();
    assert_eq!(redone.label, undone.label);
    // Tags ignore case: "Old" is the library's "old".
    assert_eq!(tags_of(c).await, ["new", "old"]);
    assert!(
        library.redo().await.unwrap().is_none(),
        "nothing left to redo"
    );

    // Each kind of action, then undone newest first.
    library
        .edit_resource(
            a,
            ResourceEdit {
                name: Some("renamed.png".into()),
                description: None,
            },
        )
        .await
        .unwrap();
    library
        .edit_resource(
            b,
            ResourceEdit {
                name: None,
                description: Some("a view".into()),
            },
        )
        .await
        .unwrap();
    library
        .untag_resources(vec![c], vec!["new".into()])
        .await
        .unwrap();
    library.add_to_group(group.id, vec![a, b]).await.unwrap();
    library.remove_from_group(group.id, vec![b]).await.unwrap();
    library
        .link_note(note.id, NoteTarget::Resource(c), true)
        .await
        .unwrap();
    library
        .set_mark(vec![a, b, c], Mark::Rating { stars: 2 })
        .await
        .unwrap();
    library
        .set_mark(vec![a], Mark::Rating { stars: 5 })
        .await
        .unwrap();
    library
        .set_mark(
            vec![b],
            Mark::Flag {
                flag: Some(Flag::Pick),
            },
        )
        .await
        .unwrap();
    library.trash(vec![c]).await.unwrap();

    let mut labels = Vec::new();
    for _ in 0..10 {
        labels.push(library.undo().await.unwrap().unwrap().label);
    }
    assert_eq!(
        labels,
        [
            "Moved 1 item to the Trash",
            "Picked 1 item",
            "Rated 1 item ★★★★★",
            "Rated 3 items ★★",
            "Linked the note “Plan”",
            "Removed 1 item from “Trip”",
            "Added 2 items to “Trip”",
            "Removed “new” from 1 item",
            "Changed the description of “p1.png”",
            "Renamed “p0.png” to “renamed.png”",
        ]
    );
    let a_now = library.resource(a).await.unwrap();
    let b_now = library.resource(b).await.unwrap();
    let c_now = library.resource(c).await.unwrap();
    assert_eq!(a_now.resource.name, "p0.png");
    assert_eq!(b_now.resource.description, "");
    assert_eq!(c_now.resource.tags, ["new", "old"]);
    assert!(c_now.resource.trashed_at.is_none());
    assert!(c_now.notes.is_empty());
    assert!(a_now.resource.groups.is_empty() && b_now.resource.groups.is_empty());
    assert_eq!(
        (a_now.marks.rating, b_now.marks.rating, b_now.marks.flag),
        (0, 0, None)
    );

    // Redo walks forward again; a new action ends the redo list.
    library.redo().await.unwrap();
    library.redo().await.unwrap();
    assert_eq!(
        library.resource(b).await.unwrap().resource.description,
        "a view"
    );
    library
        .set_mark(
            vec![a],
            Mark::Label {
                label: Some(Label::Blue),
            },
        )
        .await
        .unwrap();
    assert!(library.redo().await.unwrap().is_none());
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_merge_is_undone_and_the_history_survives_a_restart() {
    let (_source, dir, library, ids) = library_with(3).await;
    let (keep, x, y) = (ids[0], ids[1], ids[2]);
    library
        .tag_resources(vec![x], vec!["from-x".into()])
        .await
        .unwrap();
    let group = library
        .create_group("G".into(), String::new())
        .await
        .unwrap();
    library.add_to_group(group.id, vec![y]).await.unwrap();
    let note = library
        .create_note("N".into(), String::new())
        .await
        .unwrap();
    library
        .link_note(note.id, NoteTarget::Resource(x), true)
        .await
        .unwrap();

    let kept = library.merge(keep, vec![x, y]).await.unwrap();
    assert_eq!(kept.tags, ["from-x"]);
    assert_eq!(grid_ids(&library, "", SortOrder::Newest).await, [keep]);
    library.close(Duration::from_secs(1)).await;
    drop(library);

    // A new process undoes it: the merged items are back, the kept one as before.
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    let undone = library.undo().await.unwrap().unwrap();
    assert_eq!(undone.label, "Merged 2 items into “p0.png”");
    wait_idle(&library, WAIT).await;
    let mut shown = grid_ids(&library, "", SortOrder::Newest).await;
    shown.sort_unstable();
    assert_eq!(shown, [keep, x, y]);
    let kept = library.resource(keep).await.unwrap();
    assert!(
        kept.resource.tags.is_empty() && kept.resource.groups.is_empty() && kept.notes.is_empty()
    );
    assert_eq!(library.resource(x).await.unwrap().resource.tags, ["from-x"]);
    assert_eq!(
        library.resource(y).await.unwrap().resource.groups[0].id,
        group.id
    );
    assert_eq!(library.resource(x).await.unwrap().notes[0].id, note.id);

    // Redo, empty the Trash, then undo: the items deleted for good are
    // skipped and counted, not an error.
    library.redo().await.unwrap().unwrap();
    library.empty_trash().await.unwrap();
    let undone = library.undo().await.unwrap().unwrap();
    assert_eq!(undone.skipped, 2);
    assert!(
        library
            .resource(keep)
            .await
            .unwrap()
            .resource
            .tags
            .is_empty()
    );
    // Edits to notes themselves are not steps of the history.
    library
        .edit_note(
            note.id,
            NoteEdit {
                title: Some("M".into()),
                text: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        library.undo_state().await.unwrap().undo.as_deref(),
        Some("Linked the note “N”")
    );
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_watched_file_deleted_for_good_goes_to_the_system_trash() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("mine.txt");
    std::fs::write(&file, "the person's own file").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), vec![]).await;
    library
        .watch_add(folder.path().into(), Default::default())
        .await
        .unwrap();
    let id = all_resources(&library).await[0].id;

    // In the Trash, the file stays where it is.
    library.trash(vec![id]).await.unwrap();
    assert!(file.exists());
    assert!(library.trashed().await.unwrap()[0].in_watched_folder);

    let report = library.empty_trash().await.unwrap();
    assert_eq!((report.removed, report.moved_to_system_trash), (1, 1));
    assert!(!file.exists(), "moved out of its folder");
    let in_system_trash = trash::os_limited::list()
        .unwrap()
        .into_iter()
        .find(|item| item.name == "mine.txt" && item.original_parent == folder.path());
    let item = in_system_trash.expect("the file is in the system trash");
    trash::os_limited::purge_all([item]).unwrap();
    // A walk afterwards does not bring it back.
    library.reconcile().await.unwrap();
    assert!(all_resources(&library).await.is_empty());
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_items_history_tells_each_action_in_words_with_its_correlation_id() {
    let (source, _dir, library, ids) = library_with(1).await;
    let a = ids[0];
    library
        .set_mark(vec![a], Mark::Rating { stars: 4 })
        .await
        .unwrap();
    library
        .edit_resource(
            a,
            ResourceEdit {
                name: Some("sunset.png".into()),
                description: None,
            },
        )
        .await
        .unwrap();
    library.trash(vec![a]).await.unwrap();
    library.undo().await.unwrap();
    wait_idle(&library, WAIT).await;

    let history = library.item_history(a).await.unwrap();
    let titles: Vec<&str> = history.steps.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Undid: Moved 1 item to the Trash",
            "Moved 1 item to the Trash",
            "Renamed “p0.png” to “sunset.png”",
            "Rated 1 item ★★★★",
            "Added to the library",
        ]
    );
    let whats = |i: usize| -> Vec<String> {
        history.steps[i]
            .entries
            .iter()
            .map(|e| e.what.clone())
            .collect()
    };
    assert_eq!(whats(0), ["Restored from the Trash"]);
    assert_eq!(whats(1), ["Moved to the Trash"]);
    assert_eq!(whats(3), ["Rating changed"]);
    let import = whats(4).join("; ");
    for said in [
        "Recorded",
        "Checksum computed",
        "Thumbnail made",
        "Preview made",
        "Dimensions read",
    ] {
        assert!(import.contains(said), "{said} in {import}");
    }
    assert!(history.steps[..4].iter().all(|s| s.by_person));
    assert!(
        !history.steps[4].by_person,
        "an import is the library's work"
    );

    // The same events, and the same action ids, as `mahres events`.
    let events = library
        .events_for(mahres_core::events::EntityKey::resource(a))
        .await
        .unwrap();
    let mut told: Vec<(i64, String)> = history
        .steps
        .iter()
        .flat_map(|s| {
            s.entries
                .iter()
                .map(|e| (e.event_id, s.correlation_id.clone()))
        })
        .collect();
    told.sort();
    let logged: Vec<(i64, String)> = events
        .iter()
        .map(|e| (e.id, e.correlation_id.0.clone()))
        .collect();
    assert_eq!(told, logged);

    // A file that cannot be read shows the work that gave up on it.
    let broken = source.path().join("broken.png");
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&[0x42; 300]);
    std::fs::write(&broken, bytes).unwrap();
    let report = library.import(vec![broken]).await.unwrap();
    wait_idle(&library, WAIT).await;
    let history = library
        .item_history(report.imported[0].resource_id)
        .await
        .unwrap();
    let work: Vec<_> = history.steps[0]
        .entries
        .iter()
        .flat_map(|e| e.work.iter())
        .collect();
    assert!(
        work.iter()
            .any(|w| w.handler == "thumbnail" && w.state == "dead" && w.last_error.is_some()),
        "{work:?}"
    );
    assert!(matches!(
        library.item_history(9999).await.unwrap_err(),
        Error::NotFound { id: 9999, .. }
    ));
    library.close(Duration::from_secs(1)).await;
}
