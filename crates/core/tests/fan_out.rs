//! Turning events into jobs: a new resource gets jobs only from the
//! handlers that have work for its type, and a handler that indexes what
//! the library holds gets one job per waiting entity, not one per event.

mod common;

use std::time::Duration;

use mahres_core::SortOrder;
use mahres_core::handlers::default_handlers;
use mahres_core::model::ResourceEdit;

/// Pending jobs per handler once every event is turned into jobs.
async fn pending_once_fanned_out(library: &mahres_core::Library) -> Vec<(String, u64)> {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let status = library.status().await.unwrap();
        if status.undispatched == 0 {
            return status
                .handlers
                .iter()
                .filter(|h| h.counts.pending > 0)
                .map(|h| (h.name.clone(), h.counts.pending))
                .collect();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "events never fanned out"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_text_file_gets_jobs_only_from_handlers_with_work_for_it() {
    let sources = tempfile::tempdir().unwrap();
    let note = sources.path().join("note.txt");
    std::fs::write(&note, "harbour lights at dusk").unwrap();
    let photo = sources.path().join("harbour.jpg");
    common::write_jpeg(&photo, 64, 48);
    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), default_handlers()).await;
    library.pause();
    library.import(vec![note]).await.unwrap();
    let mut pending = pending_once_fanned_out(&library).await;
    pending.sort();
    assert_eq!(
        pending,
        [("document", 1), ("index", 1)]
            .map(|(n, c)| (n.to_string(), c))
            .to_vec(),
        "no thumbnail, preview, dimensions, metadata, pairing or sidecar job for a small \
         text file, and no hash job: the document reader hashes what it reads"
    );

    library.import(vec![photo]).await.unwrap();
    let pending = pending_once_fanned_out(&library).await;
    for handler in ["thumbnail", "preview", "dimensions", "metadata", "pairing"] {
        assert!(
            pending.iter().any(|(n, c)| n == handler && *c == 1),
            "a photo still gets a {handler} job: {pending:?}"
        );
    }
    assert!(!pending.iter().any(|(n, _)| n == "sidecar"));

    library.resume();
    common::wait_idle(&library, Duration::from_secs(60)).await;
    let hits = common::search_resources(&library, "harbour", SortOrder::Relevance).await;
    assert_eq!(
        hits.len(),
        2,
        "both found by their name, the note by its words"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_to_an_item_waiting_to_be_indexed_share_its_index_job() {
    let sources = tempfile::tempdir().unwrap();
    let note = sources.path().join("note.txt");
    std::fs::write(&note, "plain words").unwrap();
    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), default_handlers()).await;
    library.pause();
    let report = library.import(vec![note]).await.unwrap();
    let id = report.imported[0].resource_id;
    for description in ["first", "second", "lighthouse keeper"] {
        library
            .edit_resource(
                id,
                ResourceEdit {
                    description: Some(description.into()),
                    ..ResourceEdit::default()
                },
            )
            .await
            .unwrap();
    }
    let pending = pending_once_fanned_out(&library).await;
    assert!(
        pending.contains(&("index".to_string(), 1)),
        "one index job for the item and its three edits: {pending:?}"
    );

    library.resume();
    common::wait_idle(&library, Duration::from_secs(60)).await;
    let hits = common::search_resources(&library, "lighthouse", SortOrder::Relevance).await;
    assert_eq!(hits.len(), 1, "the job indexed the item as it is now");
    assert!(
        common::search_resources(&library, "second", SortOrder::Relevance)
            .await
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_file_is_indexed_once_after_its_words_are_read() {
    let sources = tempfile::tempdir().unwrap();
    let notes: Vec<_> = (0..20)
        .map(|i| {
            let path = sources.path().join(format!("note-{i}.txt"));
            std::fs::write(&path, format!("tidewater ledger {i}")).unwrap();
            path
        })
        .collect();
    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), default_handlers()).await;
    library.import(notes).await.unwrap();
    common::wait_idle(&library, Duration::from_secs(60)).await;

    let status = library.status().await.unwrap();
    let done = |name: &str| {
        status
            .handlers
            .iter()
            .find(|h| h.name == name)
            .map_or(0, |h| h.counts.done)
    };
    assert_eq!(done("document"), 20);
    assert_eq!(
        done("index"),
        20,
        "the index waited for each file's words instead of indexing it twice"
    );
    assert_eq!(done("hash"), 0, "hashed as they were read for their words");
    let hits = common::search_resources(&library, "tidewater", SortOrder::Relevance).await;
    assert_eq!(hits.len(), 20, "every file found by its words");
    for hit in hits {
        let resource = library.resource(hit).await.unwrap().resource;
        let original = sources.path().join(&resource.original_name);
        assert_eq!(
            resource.md5,
            Some(mahres_core::handlers::md5_file(&original).unwrap()),
            "{}",
            resource.original_name
        );
    }
}
