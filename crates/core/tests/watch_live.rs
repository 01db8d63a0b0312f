//! Live watching with real notify events on real temp folders.

mod common;

use mahres_core::model::Availability;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use mahres_core::events::{EventPayload, ResourceField};
use mahres_core::model::Page;
use mahres_core::watch::{FolderRules, LiveWatch, ReconcileReport};
use mahres_core::{Library, handlers};
use tokio::sync::broadcast;

/// Path → size of every file under `root`.
fn disk(root: &Path) -> BTreeMap<String, u64> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_string_lossy().into_owned(),
                e.metadata().unwrap().len(),
            )
        })
        .collect()
}

async fn library_view(library: &Library) -> BTreeMap<String, u64> {
    all_resources(library)
        .await
        .into_iter()
        .filter(|r| r.availability == Availability::Present)
        .map(|r| (r.stored_path, r.size))
        .collect()
}

async fn until_in_step(library: &Library, root: &Path, limit: Duration) {
    let started = Instant::now();
    loop {
        if library_view(library).await == disk(root) {
            return;
        }
        assert!(
            started.elapsed() < limit,
            "the library never caught up with the folder"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A library watching one folder live, as the app keeps one.
struct Watched {
    library: Library,
    live: LiveWatch,
    reports: broadcast::Receiver<ReconcileReport>,
    /// The folder's first walk.
    first: ReconcileReport,
    _dir: tempfile::TempDir,
}

async fn watched(folder: &Path) -> Watched {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), handlers::default_handlers()).await;
    let (_, first) = library
        .watch_add(folder.to_path_buf(), FolderRules::default())
        .await
        .unwrap();
    let live = library.watch_live().await.unwrap();
    assert!(live.problems().is_empty(), "{:?}", live.problems());
    let reports = live.subscribe();
    Watched {
        library,
        live,
        reports,
        first,
        _dir: dir,
    }
}

impl Watched {
    async fn close(self) {
        drop(self.live);
        self.library.close(Duration::from_secs(1)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn churn_of_a_thousand_files_ends_with_the_library_equal_to_the_folder() {
    let folder = tempfile::tempdir().unwrap();
    let f = folder.path().to_path_buf();
    let watching = watched(&f).await;
    let library = &watching.library;

    let churn = tokio::task::spawn_blocking(move || {
        for d in 0..10 {
            std::fs::create_dir(f.join(format!("d{d}"))).unwrap();
        }
        let path = |i: usize| f.join(format!("d{}/file{i:04}.txt", i % 10));
        for i in 0..1000 {
            std::fs::write(path(i), format!("file number {i}")).unwrap();
        }
        for i in (0..1000).step_by(5) {
            std::fs::rename(
                path(i),
                f.join(format!("d{}/renamed{i:04}.txt", (i + 3) % 10)),
            )
            .unwrap();
        }
        for i in (1..1000).step_by(5) {
            std::fs::write(path(i), format!("file number {i}, now with more text")).unwrap();
        }
        for i in (2..1000).step_by(5) {
            std::fs::remove_file(path(i)).unwrap();
        }
        f
    });
    let f = churn.await.unwrap();
    until_in_step(library, &f, Duration::from_secs(60)).await;
    wait_idle(library, Duration::from_secs(60)).await;
    until_in_step(library, &f, Duration::from_secs(10)).await;

    let resources = all_resources(library).await;
    let present: Vec<_> = resources
        .iter()
        .filter(|r| r.availability == Availability::Present)
        .collect();
    assert_eq!(present.len(), 800);
    let paths: Vec<_> = present
        .iter()
        .map(|r| Path::new(&r.stored_path).to_path_buf())
        .collect();
    let digests = reference_md5s(&paths);
    for (resource, md5) in present.iter().zip(&digests) {
        assert_eq!(
            resource.md5.as_deref(),
            Some(md5.as_str()),
            "{}",
            resource.stored_path
        );
    }
    watching.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_written_slowly_is_recorded_once_with_its_final_hash() {
    let folder = tempfile::tempdir().unwrap();
    let watching = watched(folder.path()).await;
    let library = &watching.library;

    let path = folder.path().join("recording.bin");
    let writer = {
        let path = path.clone();
        tokio::task::spawn_blocking(move || {
            use std::io::Write;
            let mut file = std::fs::File::create(&path).unwrap();
            for chunk in 0..6u8 {
                file.write_all(&[chunk; 4096]).unwrap();
                file.flush().unwrap();
                std::thread::sleep(Duration::from_millis(400));
            }
        })
    };
    writer.await.unwrap();
    until_in_step(library, folder.path(), Duration::from_secs(20)).await;
    wait_idle(library, Duration::from_secs(30)).await;

    let resources = library.resources(Page::default()).await.unwrap();
    assert_eq!(resources.len(), 1);
    let resource = &resources[0];
    assert_eq!(resource.size, 6 * 4096);
    assert_eq!(
        resource.md5.as_deref(),
        Some(reference_md5s(&[path])[0].as_str())
    );
    let events = library
        .events_for(mahres_core::events::EntityKey::resource(resource.id))
        .await
        .unwrap();
    let content_changes = events
        .iter()
        .filter(|e| matches!(&e.payload, EventPayload::ResourceUpdated { fields, .. } if fields.contains(&ResourceField::Content)))
        .count();
    assert_eq!(content_changes, 0, "recorded once, complete: {events:#?}");
    watching.close().await;
}

/// The next report of the live watcher that `done` accepts.
async fn report_where(
    reports: &mut broadcast::Receiver<ReconcileReport>,
    done: impl Fn(&ReconcileReport) -> bool,
) -> ReconcileReport {
    let wait = async {
        loop {
            let report = reports.recv().await.unwrap();
            if done(&report) {
                return report;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(20), wait)
        .await
        .expect("the watcher never reported the change")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_events_compares_only_the_paths_it_names() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    for d in 0..20 {
        std::fs::create_dir(root.join(format!("d{d}"))).unwrap();
        for i in 0..100 {
            std::fs::write(root.join(format!("d{d}/f{i}.txt")), format!("{d}/{i}")).unwrap();
        }
    }
    let mut watching = watched(root).await;
    assert_eq!(watching.first.scanned, 2000);
    let library = &watching.library;
    let reports = &mut watching.reports;

    std::fs::write(root.join("d3/new.txt"), "new").unwrap();
    let added = report_where(reports, |r| r.added == 1).await;
    assert!(added.scanned <= 2, "looked at {} files", added.scanned);

    let before = library_view(library).await;
    let id_of = |resources: &[mahres_core::model::Resource], path: &Path| {
        resources
            .iter()
            .find(|r| Path::new(&r.stored_path) == path)
            .map(|r| r.id)
            .unwrap()
    };
    let resources = all_resources(library).await;
    let old_id = id_of(&resources, &root.join("d5/f7.txt"));
    std::fs::rename(root.join("d5"), root.join("renamed")).unwrap();
    let moved = report_where(reports, |r| r.moved > 0).await;
    assert_eq!((moved.moved, moved.added, moved.missing), (100, 0, 0));
    assert!(moved.scanned <= 100, "looked at {} files", moved.scanned);
    let resources = all_resources(library).await;
    assert_eq!(id_of(&resources, &root.join("renamed/f7.txt")), old_id);

    std::fs::remove_file(root.join("d9/f1.txt")).unwrap();
    let gone = report_where(reports, |r| r.missing > 0).await;
    assert_eq!(gone.missing, 1);
    assert_eq!(gone.scanned, 0);
    assert_eq!(library_view(library).await.len(), before.len() - 1);

    // A sub-folder moved out of the watched folder: one event, for the
    // folder; its files are missing.
    let outside = tempfile::tempdir().unwrap();
    std::fs::rename(root.join("d7"), outside.path().join("d7")).unwrap();
    let out = report_where(reports, |r| r.missing > 0).await;
    assert_eq!((out.missing, out.scanned), (100, 0));
    // Moved back in: the same resources, back (restored, or moved by bytes).
    std::fs::rename(outside.path().join("d7"), root.join("d7")).unwrap();
    let back = report_where(reports, |r| r.restored + r.moved > 0).await;
    assert_eq!(
        (back.restored + back.moved, back.added),
        (100, 0),
        "{back:?}"
    );
    // And watched inside: a file written there later is seen.
    std::fs::write(root.join("d7/later.txt"), "later").unwrap();
    let later = report_where(reports, |r| r.added == 1).await;
    assert_eq!(later.scanned, 1);
    until_in_step(library, root, Duration::from_secs(5)).await;
    watching.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_that_goes_away_is_watched_again_when_it_comes_back() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("card");
    let away = parent.path().join("unplugged");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("a.txt"), "a").unwrap();
    let mut watching = watched(&root).await;
    let library = &watching.library;
    let reports = &mut watching.reports;

    std::fs::rename(&root, &away).unwrap();
    report_where(reports, |r| !r.online).await;
    std::fs::rename(&away, &root).unwrap();
    let back = report_where(reports, |r| r.online && r.restored == 1).await;
    assert_eq!(back.scanned, 1);

    // Watched by events again, not by looking at the whole folder.
    std::fs::write(root.join("b.txt"), "b").unwrap();
    let added = report_where(reports, |r| r.added == 1).await;
    assert_eq!(added.scanned, 1);
    until_in_step(library, &root, Duration::from_secs(5)).await;
    watching.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_files_is_not_a_change() {
    let folder = tempfile::tempdir().unwrap();
    for i in 0..50 {
        std::fs::write(folder.path().join(format!("f{i}.txt")), "x").unwrap();
    }
    let mut watching = watched(folder.path()).await;
    // The handlers read every file too (hash, thumbnail, index).
    wait_idle(&watching.library, Duration::from_secs(30)).await;
    let reports = &mut watching.reports;
    for i in 0..50 {
        std::fs::read(folder.path().join(format!("f{i}.txt"))).unwrap();
    }
    tokio::time::sleep(mahres_core::watch::DEBOUNCE * 3).await;
    assert!(
        matches!(
            reports.try_recv(),
            Err(tokio::sync::broadcast::error::TryRecvError::Empty)
        ),
        "reading files made the watcher compare the folder"
    );
    watching.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folders_join_and_leave_a_running_watcher() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let mut watching = watched(first.path()).await;
    let (library, live) = (&watching.library, &watching.live);
    let reports = &mut watching.reports;

    // Recorded, watched, then walked: the app's order for a new folder.
    let joined = library
        .watch_register(second.path().to_path_buf(), FolderRules::default())
        .await
        .unwrap();
    assert!(live.watch(&joined).await.is_empty());
    let walk = library
        .watch_walk_in_background(joined.id, std::sync::Arc::new(|_| {}))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(walk.added, 0);
    std::fs::write(second.path().join("new.txt"), "new").unwrap();
    let seen = report_where(reports, |r| r.folder_id == joined.id && r.added == 1).await;
    assert_eq!(seen.scanned, 1, "by its events, not a look at the folder");

    // The first folder's watcher kept going.
    std::fs::write(first.path().join("also.txt"), "also").unwrap();
    report_where(reports, |r| r.folder_id != joined.id && r.added == 1).await;

    live.unwatch(joined.id);
    tokio::time::sleep(Duration::from_millis(200)).await;
    std::fs::write(second.path().join("unseen.txt"), "unseen").unwrap();
    tokio::time::sleep(mahres_core::watch::DEBOUNCE * 3).await;
    while let Ok(report) = reports.try_recv() {
        assert_ne!(report.folder_id, joined.id, "still watched: {report:?}");
    }
    watching.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sidecar_edited_elsewhere_updates_its_file_s_tags_while_watching() {
    let folder = tempfile::tempdir().unwrap();
    let photo = folder.path().join("quay.jpg");
    image::RgbImage::from_pixel(20, 10, image::Rgb([9, 9, 9]))
        .save(&photo)
        .unwrap();
    let sidecar = folder.path().join("quay.jpg.xmp");
    let packet = |keyword: &str| {
        format!(
            r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:subject><rdf:Bag><rdf:li>{keyword}</rdf:li></rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>"#
        )
    };
    std::fs::write(&sidecar, packet("morning")).unwrap();
    let watching = watched(folder.path()).await;
    wait_idle(&watching.library, Duration::from_secs(30)).await;
    let tags = || async {
        let all = mahres_core::model::Page {
            limit: 10,
            offset: 0,
        };
        let resources = watching.library.resources(all).await.unwrap();
        assert_eq!(resources.len(), 1, "the sidecar is no item");
        resources[0].tags.clone()
    };
    assert_eq!(tags().await, ["morning"]);
    std::fs::write(&sidecar, packet("fog")).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while tags().await != ["fog"] {
        assert!(
            std::time::Instant::now() < deadline,
            "the edit never arrived: {:?}",
            tags().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    watching.close().await;
}
