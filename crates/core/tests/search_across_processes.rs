//! What one process indexes, a reader opened afterwards sees.

mod common;

use std::time::Duration;

use common::*;
use mahres_core::model::Page;
use mahres_core::{Access, Library, LibraryOptions, SortOrder};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_library_sees_what_the_owner_indexed() {
    let source = tempfile::tempdir().unwrap();
    std::fs::write(source.path().join("harbour-notes.txt"), "boats").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let owner = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    owner.import(vec![source.path().into()]).await.unwrap();
    wait_idle(&owner, Duration::from_secs(30)).await;
    owner.close(Duration::from_secs(1)).await;
    drop(owner);
    let meta = std::fs::read_to_string(dir.path().join("index/meta.json")).unwrap();
    let reader = Library::open(LibraryOptions::new(dir.path()).access(Access::ReadOnly))
        .await
        .unwrap();
    let results = reader
        .search("harbour".into(), SortOrder::Relevance, Page::default())
        .await
        .unwrap();
    assert_eq!(results.total, 1, "meta.json: {meta}");
}
