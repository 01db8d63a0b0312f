//! Resources, tags, groups and notes through the Library API, each change
//! with its event in the same transaction.

mod common;

use std::time::Duration;

use common::*;
use mahres_core::events::{EventPayload, ResourceField};
use mahres_core::model::{GroupEdit, NoteEdit, ResourceEdit};
use mahres_core::{Error, NoteTarget};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_groups_and_notes_round_trip_and_emit_their_events() {
    let source = tempfile::tempdir().unwrap();
    std::fs::write(source.path().join("a.txt"), "a").unwrap();
    std::fs::write(source.path().join("b.txt"), "b").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), vec![]).await;
    let report = library.import(vec![source.path().into()]).await.unwrap();
    let (a, b) = (
        report.imported[0].resource_id,
        report.imported[1].resource_id,
    );

    assert!(
        library
            .add_tags(a, vec!["Holiday".into(), "beach".into()])
            .await
            .unwrap()
    );
    assert!(
        !library.add_tags(a, vec!["holiday".into()]).await.unwrap(),
        "tags ignore case"
    );
    let edited = library
        .edit_resource(
            a,
            ResourceEdit {
                name: Some("sea.txt".into()),
                description: Some("the sea".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (edited.name.as_str(), edited.description.as_str()),
        ("sea.txt", "the sea")
    );
    assert_eq!(edited.tags, ["beach", "Holiday"]);
    assert_eq!(edited.original_name, "a.txt");

    let group = library
        .create_group("Trip".into(), "summer".into())
        .await
        .unwrap();
    assert_eq!(library.add_to_group(group.id, vec![a, b]).await.unwrap(), 2);
    let group = library
        .edit_group(
            group.id,
            GroupEdit {
                name: Some("Trip 2026".into()),
                description: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(group.resource_ids, [a, b]);
    assert_eq!(group.description, "summer");

    let note = library
        .create_note("Plan".into(), "bring towels".into())
        .await
        .unwrap();
    assert!(
        library
            .link_note(note.id, NoteTarget::Resource(a), true)
            .await
            .unwrap()
    );
    assert!(
        library
            .link_note(note.id, NoteTarget::Group(group.id), true)
            .await
            .unwrap()
    );
    let note = library
        .edit_note(
            note.id,
            NoteEdit {
                title: None,
                text: Some("bring two towels".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (note.resource_ids.as_slice(), note.group_ids.as_slice()),
        ([a].as_slice(), [group.id].as_slice())
    );

    let details = library.resource(a).await.unwrap();
    assert_eq!(details.resource.groups[0].name, "Trip 2026");
    assert_eq!(details.notes[0].title, "Plan");

    let kinds: Vec<String> = library
        .events_for(mahres_core::events::EntityKey::resource(a))
        .await
        .unwrap()
        .into_iter()
        .map(|e| match e.payload {
            EventPayload::ResourceUpdated { fields, .. } => format!("updated {fields:?}"),
            other => other.kind().to_string(),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "resource.created",
            "updated [Tags]",
            "updated [Name, Description]",
            "updated [Groups]",
            "updated [Notes]"
        ]
    );
    let group_events = library
        .events_for(mahres_core::events::EntityKey::group(group.id))
        .await
        .unwrap();
    assert_eq!(group_events.len(), 3, "created, members added, renamed");

    // Deleting cascades links but keeps the others' data.
    library.delete_group(group.id).await.unwrap();
    assert!(
        library
            .resource(a)
            .await
            .unwrap()
            .resource
            .groups
            .is_empty()
    );
    assert!(library.note(note.id).await.unwrap().group_ids.is_empty());
    library.delete_note(note.id).await.unwrap();
    assert!(library.resource(a).await.unwrap().notes.is_empty());
    assert!(library.remove_tags(a, vec!["beach".into()]).await.unwrap());
    let tags = library.tags().await.unwrap();
    assert_eq!(tags.len(), 1, "an unused tag disappears");
    library.delete_permanently(vec![a]).await.unwrap();
    assert!(library.tags().await.unwrap().is_empty());
    assert_eq!(library.resource_count().await.unwrap(), 1);
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_change_writes_neither_row_nor_event() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), vec![]).await;
    let group = library.create_group("G".into(), "".into()).await.unwrap();
    let before = library
        .events_for(mahres_core::events::EntityKey::group(group.id))
        .await
        .unwrap();

    // Resource 999 does not exist: the first half of this change must roll back too.
    let err = library.add_to_group(group.id, vec![999]).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotFound {
                kind: "resource",
                id: 999
            }
        ),
        "{err}"
    );
    assert_eq!(err.to_string(), "resource 999 does not exist");
    let err = library
        .create_note("   ".into(), "".into())
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "a note title must not be empty");

    assert_eq!(
        library
            .events_for(mahres_core::events::EntityKey::group(group.id))
            .await
            .unwrap(),
        before
    );
    assert!(library.notes().await.unwrap().is_empty());
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handler_follow_ups_carry_the_import_correlation_id_and_deleted_files_are_removed() {
    let source = tempfile::tempdir().unwrap();
    write_png(&source.path().join("p.png"), 4, 3, 0);
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    let report = library.import(vec![source.path().into()]).await.unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;

    let events = library.events_of(&report.correlation_id).await.unwrap();
    let mut fields: Vec<ResourceField> = events
        .iter()
        .filter_map(|e| match &e.payload {
            EventPayload::ResourceUpdated { fields, .. } => Some(fields.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    fields.sort_by_key(|f| format!("{f:?}"));
    assert_eq!(
        fields,
        [
            ResourceField::Height,
            ResourceField::Md5,
            ResourceField::PerceptualHash,
            ResourceField::PerceptualHashMirror,
            ResourceField::Preview,
            ResourceField::Thumbnail,
            ResourceField::Width
        ]
    );

    let id = report.imported[0].resource_id;
    let stored = library
        .layout()
        .resolve(&library.resource(id).await.unwrap().resource.stored_path);
    assert!(stored.exists());
    library.delete_permanently(vec![id]).await.unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;
    assert!(
        !stored.exists(),
        "the cleanup handler removed the stored copy"
    );
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_action_that_fails_half_way_leaves_nothing_half_done() {
    let dir = tempfile::tempdir().unwrap();
    let source = tempfile::tempdir().unwrap();
    for name in ["a.txt", "b.txt", "c.txt"] {
        std::fs::write(source.path().join(name), name).unwrap();
    }
    let library = open(dir.path(), vec![]).await;
    library.import(vec![source.path().into()]).await.unwrap();
    let mut ids: Vec<i64> = all_resources(&library).await.iter().map(|r| r.id).collect();
    ids.sort();
    let (a, b, c) = (ids[0], ids[1], ids[2]);
    let events_of = |id: i64| {
        let library = library.clone();
        async move {
            library
                .events_for(mahres_core::events::EntityKey::resource(id))
                .await
                .unwrap()
        }
    };
    let before = (events_of(a).await, events_of(c).await);

    // Another call deletes b between the selection and the action.
    library.delete_permanently(vec![b]).await.unwrap();

    // Tagging a, b, c: b's failure rolls back a's tag (written before it).
    let err = library
        .tag_resources(vec![a, b, c], vec!["keep".into()])
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::NotFound { id, .. } if id == b),
        "{err}"
    );
    // Trashing or deleting a, b, c: nothing is trashed or deleted.
    let err = library.trash(vec![a, b, c]).await.unwrap_err();
    assert!(
        matches!(err, Error::NotFound { id, .. } if id == b),
        "{err}"
    );
    let err = library.delete_permanently(vec![a, b, c]).await.unwrap_err();
    assert!(
        matches!(err, Error::NotFound { id, .. } if id == b),
        "{err}"
    );

    let left = all_resources(&library).await;
    assert_eq!(left.iter().map(|r| r.id).collect::<Vec<_>>(), [a, c]);
    assert!(
        left.iter().all(|r| r.tags.is_empty()),
        "no tag half-applied"
    );
    assert_eq!(
        (events_of(a).await, events_of(c).await),
        before,
        "no event either"
    );
    assert!(library.tags().await.unwrap().is_empty());

    // The same calls on a good selection (with a repeat) apply to all.
    assert_eq!(
        library
            .tag_resources(vec![a, c, a], vec!["keep".into()])
            .await
            .unwrap(),
        2
    );
    assert_eq!(library.trash(vec![c, c]).await.unwrap(), 1);
    assert_eq!(
        library
            .delete_permanently(vec![c, c])
            .await
            .unwrap()
            .removed,
        1
    );
    library.close(Duration::from_secs(1)).await;
}
