//! Import answers before any side effect runs; the handlers then fill in
//! correct results.

mod common;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use common::*;
use mahres_core::handlers::{CleanupHandler, DimensionsHandler, HashHandler};
use mahres_core::model::Page;
use mahres_core::{Handler, Library};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_returns_while_handlers_are_held_then_results_are_correct() {
    let source = tempfile::tempdir().unwrap();
    let library_dir = tempfile::tempdir().unwrap();

    // 100 images of known sizes among 900 other files (one of them empty).
    let mut files = Vec::new();
    let mut sizes = std::collections::HashMap::new();
    for i in 0..1000u32 {
        let sub = source.path().join(format!("folder{}", i % 7));
        std::fs::create_dir_all(&sub).unwrap();
        if i % 10 == 0 {
            let (w, h) = (8 + i % 53, 5 + (i * 7) % 41);
            let path = sub.join(format!("image-{i:04}.png"));
            write_png(&path, w, h, i);
            sizes.insert(path.clone(), (w, h));
            files.push(path);
        } else {
            let path = sub.join(format!("blob-{i:04}.bin"));
            write_bytes(&path, (i as usize * 37) % 20_000, i as u64);
            files.push(path);
        }
    }
    let expected_md5 = reference_md5s(&files);

    let gate = Arc::new(Gate::default());
    let _release = OpenOnDrop(gate.clone());
    let gated: Vec<Arc<Gated>> = [
        Arc::new(HashHandler::new()) as Arc<dyn Handler>,
        Arc::new(DimensionsHandler),
        Arc::new(CleanupHandler),
    ]
    .into_iter()
    .map(|h| Gated::new(h, gate.clone()))
    .collect();
    let handlers = gated
        .iter()
        .map(|g| g.clone() as Arc<dyn Handler>)
        .collect();
    let library = open(library_dir.path(), handlers).await;

    let report = library
        .import(vec![source.path().to_path_buf()])
        .await
        .unwrap();
    assert_eq!(report.imported.len(), 1000, "failures: {:?}", report.failed);
    assert!(report.failed.is_empty());

    // Everything is recorded, nothing has been computed: the work is queued.
    let resources = library
        .resources(Page {
            limit: 2000,
            offset: 0,
        })
        .await
        .unwrap();
    assert_eq!(resources.len(), 1000);
    assert!(
        resources
            .iter()
            .all(|r| r.md5.is_none() && r.width.is_none())
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let status = library.status().await.unwrap();
    let hash = status.handlers.iter().find(|h| h.name == "hash").unwrap();
    assert_eq!(
        hash.counts.pending + hash.counts.running,
        1000,
        "every import has a hash job waiting: {status:?}"
    );
    assert_eq!(hash.counts.done, 0);
    // Only what fits the concurrency limits has even been started.
    assert!(gated[0].started.load(Ordering::SeqCst) <= 2);

    gate.open();
    wait_idle(&library, Duration::from_secs(120)).await;

    let by_path: std::collections::HashMap<_, _> = library
        .resources(Page {
            limit: 2000,
            offset: 0,
        })
        .await
        .unwrap()
        .into_iter()
        .map(|r| (std::path::PathBuf::from(&r.original_path), r))
        .collect();
    for (path, md5) in files.iter().zip(&expected_md5) {
        let resource = &by_path[path];
        assert_eq!(
            resource.md5.as_deref(),
            Some(md5.as_str()),
            "{}",
            path.display()
        );
        match sizes.get(path) {
            Some(&(w, h)) => {
                assert_eq!((resource.width, resource.height), (Some(w), Some(h)));
                assert_eq!(resource.content_type, "image/png");
            }
            None => assert_eq!(resource.width, None),
        }
    }
    let status = library.status().await.unwrap();
    assert!(status.idle);
    let hash = status.handlers.iter().find(|h| h.name == "hash").unwrap();
    assert_eq!(hash.counts.done, 1000);
    assert_eq!(hash.counts.failed + hash.counts.dead, 0);
    library.close(Duration::from_secs(5)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_a_handler_twice_gives_the_same_row_and_no_new_event() {
    let source = tempfile::tempdir().unwrap();
    let library_dir = tempfile::tempdir().unwrap();
    write_png(&source.path().join("a.png"), 31, 17, 1);
    let library = open(
        library_dir.path(),
        mahres_core::handlers::default_handlers(),
    )
    .await;
    let report = library
        .import(vec![source.path().to_path_buf()])
        .await
        .unwrap();
    let id = report.imported[0].resource_id;
    wait_idle(&library, Duration::from_secs(30)).await;
    let first = library.resource(id).await.unwrap().resource;
    let events_before = library
        .events_for(mahres_core::events::EntityKey::resource(id))
        .await
        .unwrap();

    // Deliver the same created event again, as a crash-and-rerun would.
    library.redeliver(events_before[0].id).await.unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;

    let second = library.resource(id).await.unwrap().resource;
    assert_eq!(first, second);
    let events_after = library
        .events_for(mahres_core::events::EntityKey::resource(id))
        .await
        .unwrap();
    assert_eq!(
        events_before, events_after,
        "an unchanged result emits no event"
    );
    library.close(Duration::from_secs(5)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_writer_is_told_who_holds_the_library() {
    let library_dir = tempfile::tempdir().unwrap();
    let first = open(library_dir.path(), vec![]).await;
    let second = Library::open(mahres_core::LibraryOptions::new(library_dir.path())).await;
    let message = match second {
        Ok(_) => panic!("two writers opened one library"),
        Err(err) => err.to_string(),
    };
    assert!(message.contains("open in another process"), "{message}");
    assert!(
        message.contains(&format!("pid {}", std::process::id())),
        "{message}"
    );
    // Readers are welcome beside the writer.
    let reader = Library::open(
        mahres_core::LibraryOptions::new(library_dir.path()).access(mahres_core::Access::ReadOnly),
    )
    .await
    .unwrap();
    assert_eq!(reader.resource_count().await.unwrap(), 0);
    first.close(Duration::from_secs(1)).await;
}
