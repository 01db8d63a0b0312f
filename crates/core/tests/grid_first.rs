//! The grid comes first: every grid thumbnail of a drop is made before its
//! first large preview, and an item opened before its preview's turn gets
//! its preview at once.

mod common;

use std::time::Duration;

use mahres_core::ResourceFile;
use mahres_core::events::{EventPayload, ResourceField};
use mahres_core::handlers::default_handlers;

/// Where in a drop's events each resource's thumbnail and preview were
/// recorded (the outbox keeps them in commit order).
fn positions(events: &[mahres_core::events::Event], field: ResourceField) -> Vec<usize> {
    events
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            matches!(&e.payload, EventPayload::ResourceUpdated { fields, .. } if fields.contains(&field))
        })
        .map(|(i, _)| i)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drops_grid_thumbnails_are_all_made_before_its_first_preview() {
    let sources = tempfile::tempdir().unwrap();
    for i in 0..40 {
        common::write_png(
            &sources.path().join(format!("photo-{i:02}.png")),
            900,
            600,
            i,
        );
    }
    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), default_handlers()).await;
    let report = library
        .import(vec![sources.path().to_path_buf()])
        .await
        .unwrap();
    assert_eq!(report.imported.len(), 40);
    common::wait_idle(&library, Duration::from_secs(120)).await;

    let events = library.events_of(&report.correlation_id).await.unwrap();
    let thumbnails = positions(&events, ResourceField::Thumbnail);
    let previews = positions(&events, ResourceField::Preview);
    assert_eq!(thumbnails.len(), 40, "every item has its grid thumbnail");
    assert_eq!(previews.len(), 40, "and later its preview");
    assert!(
        thumbnails.iter().max() < previews.iter().min(),
        "the last thumbnail (event {:?}) before the first preview (event {:?})",
        thumbnails.iter().max(),
        previews.iter().min()
    );
    for resource in common::all_resources(&library).await {
        let preview = image::open(root.path().join(resource.preview.unwrap())).unwrap();
        assert_eq!(
            (preview.width(), preview.height()),
            (900, 600),
            "never upscaled"
        );
        let thumbnail = image::open(root.path().join(resource.thumbnail.unwrap())).unwrap();
        assert_eq!((thumbnail.width(), thumbnail.height()), (256, 171));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_opened_before_its_turn_gets_its_preview_at_once() {
    let sources = tempfile::tempdir().unwrap();
    let photo = sources.path().join("harbour.jpg");
    common::write_jpeg(&photo, 2400, 1600);
    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), default_handlers()).await;
    // Nothing runs: the item waits behind a long queue, as in a big drop.
    library.pause();
    let report = library.import(vec![photo]).await.unwrap();
    let id = report.imported[0].resource_id;

    let file = library
        .resource_file(id, ResourceFile::Preview)
        .await
        .unwrap()
        .expect("a preview");
    assert!(file.path.to_string_lossy().contains("-1024."), "{file:?}");
    let preview = image::open(&file.path).unwrap();
    assert_eq!((preview.width(), preview.height()), (1024, 683));
    let resource = library.resource(id).await.unwrap().resource;
    assert!(resource.preview.is_some(), "recorded");
    assert!(resource.thumbnail.is_none(), "made out of turn: no job ran");

    // The queue moves on; its preview job finds the preview there.
    library.resume();
    common::wait_idle(&library, Duration::from_secs(60)).await;
    let resource = library.resource(id).await.unwrap().resource;
    assert!(resource.thumbnail.is_some());
    assert_eq!(
        root.path().join(resource.preview.unwrap()),
        file.path,
        "one preview, where it was"
    );
    assert!(image::open(&file.path).is_ok());
}
