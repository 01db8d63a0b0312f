//! Watched folders reconciled with the disk: at adding, and at every start.

mod common;

use mahres_core::model::Availability;

use std::path::Path;
use std::time::Duration;

use common::*;
use mahres_core::handlers;
use mahres_core::model::Resource;
use mahres_core::watch::FolderRules;

fn by_path<'a>(resources: &'a [Resource], path: &Path) -> &'a Resource {
    let path = path.to_string_lossy();
    resources
        .iter()
        .find(|r| r.stored_path == path)
        .unwrap_or_else(|| panic!("no resource at {path}: {resources:#?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watched_files_are_indexed_in_place_and_excluded_ones_never() {
    let folder = tempfile::tempdir().unwrap();
    let f = folder.path();
    std::fs::create_dir_all(f.join("2026/june")).unwrap();
    write_png(&f.join("2026/june/beach.png"), 40, 30, 1);
    std::fs::write(f.join("notes.txt"), "hello").unwrap();
    std::fs::write(f.join(".hidden.txt"), "secret").unwrap();
    std::fs::write(f.join("movie.mp4.part"), "half").unwrap();
    std::fs::create_dir(f.join(".git")).unwrap();
    std::fs::write(f.join(".git/config"), "x").unwrap();
    std::fs::write(f.join("draft.tmp"), "x").unwrap();

    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), handlers::default_handlers()).await;
    let (watched, report) = library
        .watch_add(f.to_path_buf(), FolderRules::default())
        .await
        .unwrap();
    assert_eq!((report.added, report.failed.len()), (2, 0), "{report:?}");
    assert_eq!(watched.resource_count, 2);
    wait_idle(&library, Duration::from_secs(30)).await;

    let all = all_resources(&library).await;
    let beach = by_path(&all, &f.join("2026/june/beach.png"));
    assert_eq!(beach.watched_folder_id, Some(watched.id));
    assert_eq!((beach.width, beach.height), (Some(40), Some(30)));
    assert_eq!(
        beach.md5.as_deref(),
        Some(reference_md5s(&[f.join("2026/june/beach.png")])[0].as_str())
    );
    assert!(beach.thumbnail.is_some());
    assert!(
        std::fs::read_dir(dir.path().join("files"))
            .unwrap()
            .next()
            .is_none(),
        "nothing was copied into the store"
    );

    // Narrower rules on another folder: only what is included.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("a.jpg.txt"), "a").unwrap();
    std::fs::write(other.path().join("keep.md"), "b").unwrap();
    let rules = FolderRules {
        include: vec!["*.md".into()],
        ..FolderRules::default()
    };
    let (_, report) = library
        .watch_add(other.path().to_path_buf(), rules)
        .await
        .unwrap();
    assert_eq!(report.added, 1);
    let err = library
        .watch_add(f.to_path_buf(), FolderRules::default())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("is already watched"), "{err}");

    // Moving a watched file's item to the Trash leaves the file alone.
    let notes = by_path(&all, &f.join("notes.txt")).id;
    library.trash(vec![notes]).await.unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;
    assert!(
        f.join("notes.txt").exists(),
        "the user's file is never deleted"
    );
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_made_while_closed_are_reconciled_at_the_next_start() {
    let folder = tempfile::tempdir().unwrap();
    let f = folder.path();
    for name in ["keep.txt", "edit.txt", "rename-me.txt", "delete-me.txt"] {
        std::fs::write(f.join(name), format!("original {name}")).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), handlers::default_handlers()).await;
    library
        .watch_add(f.to_path_buf(), FolderRules::default())
        .await
        .unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;
    let before = all_resources(&library).await;
    let renamed_id = by_path(&before, &f.join("rename-me.txt")).id;
    library
        .add_tags(renamed_id, vec!["precious".into()])
        .await
        .unwrap();
    let edited_id = by_path(&before, &f.join("edit.txt")).id;
    library.close(Duration::from_secs(1)).await;
    drop(library);

    // While nothing watches: add, modify, rename into a subfolder, delete.
    std::fs::write(f.join("new.txt"), "brand new").unwrap();
    std::fs::write(f.join("edit.txt"), "edited, and longer than before").unwrap();
    std::fs::create_dir(f.join("moved")).unwrap();
    std::fs::rename(f.join("rename-me.txt"), f.join("moved/renamed.txt")).unwrap();
    std::fs::remove_file(f.join("delete-me.txt")).unwrap();

    let library = open(dir.path(), handlers::default_handlers()).await;
    wait_idle(&library, Duration::from_secs(30)).await;
    let after = all_resources(&library).await;
    let present: Vec<&Resource> = after
        .iter()
        .filter(|r| r.availability == Availability::Present)
        .collect();
    let mut on_disk: Vec<String> = ["keep.txt", "edit.txt", "moved/renamed.txt", "new.txt"]
        .iter()
        .map(|p| f.join(p).to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut in_library: Vec<String> = present.iter().map(|r| r.stored_path.clone()).collect();
    in_library.sort();
    assert_eq!(in_library, on_disk, "the library equals the folder");
    for resource in &present {
        let path = Path::new(&resource.stored_path);
        assert_eq!(resource.size, std::fs::metadata(path).unwrap().len());
        assert_eq!(
            resource.md5.as_deref(),
            Some(reference_md5s(&[path.to_path_buf()])[0].as_str())
        );
    }
    let renamed = by_path(&after, &f.join("moved/renamed.txt"));
    assert_eq!(renamed.id, renamed_id, "a rename keeps the resource");
    assert_eq!(renamed.tags, ["precious"]);
    assert_eq!(renamed.name, "renamed.txt");
    assert_eq!(by_path(&after, &f.join("edit.txt")).id, edited_id);
    assert_eq!(
        by_path(&after, &f.join("delete-me.txt")).availability,
        Availability::Missing
    );

    // Missing files stay (with their tags) until the person removes them.
    let folders = library.watched_folders().await.unwrap();
    assert_eq!(folders[0].missing_count, 1);
    assert_eq!(
        library
            .watch_remove_missing(Some(folders[0].id))
            .await
            .unwrap(),
        1
    );
    let pruned = all_resources(&library).await;
    assert!(
        pruned
            .iter()
            .all(|r| r.availability == Availability::Present)
    );
    assert_eq!(pruned.len(), present.len());
    assert_eq!(library.watched_folders().await.unwrap()[0].missing_count, 0);
    assert!(f.join("keep.txt").exists(), "nothing on disk is touched");
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_that_disappears_goes_offline_and_comes_back() {
    let parent = tempfile::tempdir().unwrap();
    let f = parent.path().join("drive");
    std::fs::create_dir(&f).unwrap();
    std::fs::write(f.join("a.txt"), "a").unwrap();
    std::fs::write(f.join("b.txt"), "b").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), handlers::default_handlers()).await;
    let (watched, _) = library
        .watch_add(f.clone(), FolderRules::default())
        .await
        .unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;

    let unplugged = parent.path().join("unplugged");
    std::fs::rename(&f, &unplugged).unwrap();
    let reports = library.reconcile().await.unwrap();
    assert!(!reports[0].online);
    let all = all_resources(&library).await;
    assert!(
        all.iter().all(|r| r.availability == Availability::Offline),
        "{all:#?}"
    );
    assert_eq!(all.len(), 2, "offline, not deleted");
    assert_eq!(
        library.watch_remove_missing(None).await.unwrap(),
        0,
        "an unplugged drive's files are not missing"
    );
    assert!(!library.watched_folders().await.unwrap()[0].online);

    std::fs::rename(&unplugged, &f).unwrap();
    let reports = library.reconcile().await.unwrap();
    assert_eq!((reports[0].online, reports[0].restored), (true, 2));
    wait_idle(&library, Duration::from_secs(30)).await;
    assert!(
        all_resources(&library)
            .await
            .iter()
            .all(|r| r.availability == Availability::Present)
    );

    // Removing the watch takes its resources out; the files stay.
    assert_eq!(library.watch_remove(watched.id).await.unwrap(), 2);
    wait_idle(&library, Duration::from_secs(30)).await;
    assert!(all_resources(&library).await.is_empty());
    assert!(f.join("a.txt").exists() && f.join("b.txt").exists());
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconciles_running_at_once_record_a_new_file_once() {
    let folder = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), handlers::default_handlers()).await;
    library
        .watch_add(folder.path().to_path_buf(), FolderRules::default())
        .await
        .unwrap();
    for i in 0..50 {
        std::fs::write(folder.path().join(format!("{i}.txt")), i.to_string()).unwrap();
    }
    let (a, b) = tokio::join!(library.reconcile(), library.reconcile());
    assert_eq!(a.unwrap()[0].added + b.unwrap()[0].added, 50);
    assert_eq!(all_resources(&library).await.len(), 50);
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_touched_file_is_not_new_content_and_bad_folders_are_reported() {
    let folder = tempfile::tempdir().unwrap();
    let f = folder.path();
    std::fs::write(f.join("same.txt"), "same bytes").unwrap();
    std::fs::create_dir(f.join("loop")).unwrap();
    std::os::unix::fs::symlink(f.join("loop"), f.join("loop/again")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), handlers::default_handlers()).await;
    let (_, report) = library
        .watch_add(f.to_path_buf(), FolderRules::default())
        .await
        .unwrap();
    assert_eq!(report.added, 1);
    assert!(
        report
            .failed
            .iter()
            .any(|failure| failure.error.contains("loops back")),
        "the symlink loop is reported, not walked forever: {report:?}"
    );
    wait_idle(&library, Duration::from_secs(30)).await;
    let before = all_resources(&library).await.remove(0);

    // Same bytes, new modification time.
    let file = std::fs::File::options()
        .write(true)
        .open(f.join("same.txt"))
        .unwrap();
    file.set_modified(std::time::SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    drop(file);
    let reports = library.reconcile().await.unwrap();
    assert_eq!(reports[0].changed, 0, "{reports:?}");
    let after = all_resources(&library).await.remove(0);
    assert_eq!(
        after.content_rev, before.content_rev,
        "no new revision for a touch"
    );
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_moved_between_two_watched_folders_keeps_its_resource() {
    let parent = tempfile::tempdir().unwrap();
    let (a, b) = (parent.path().join("camera"), parent.path().join("archive"));
    std::fs::create_dir(&a).unwrap();
    std::fs::create_dir(&b).unwrap();
    std::fs::write(a.join("to-archive.txt"), "goes from a to b").unwrap();
    std::fs::write(b.join("back-to-camera.txt"), "goes from b to a").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), handlers::default_handlers()).await;
    // `a` is added first, so it is reconciled first at every start.
    library
        .watch_add(a.clone(), FolderRules::default())
        .await
        .unwrap();
    library
        .watch_add(b.clone(), FolderRules::default())
        .await
        .unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;
    let before = all_resources(&library).await;
    let to_archive = by_path(&before, &a.join("to-archive.txt")).id;
    let back = by_path(&before, &b.join("back-to-camera.txt")).id;
    for id in [to_archive, back] {
        library.add_tags(id, vec!["keep".into()]).await.unwrap();
    }
    library.close(Duration::from_secs(1)).await;
    drop(library);

    // While nothing watches. `a` is looked at first: its file gone to `b` is
    // missing by the time `b` is walked, while the file that came to `a` from
    // `b` is still present in the database, its file gone.
    std::fs::rename(a.join("to-archive.txt"), b.join("to-archive.txt")).unwrap();
    std::fs::rename(b.join("back-to-camera.txt"), a.join("back-to-camera.txt")).unwrap();

    let library = open(dir.path(), handlers::default_handlers()).await;
    wait_idle(&library, Duration::from_secs(30)).await;
    let after = all_resources(&library).await;
    assert_eq!(after.len(), 2, "moves, not add + missing: {after:#?}");
    let folders = library.watched_folders().await.unwrap();
    for (id, now_in) in [(to_archive, &b), (back, &a)] {
        let resource = after.iter().find(|r| r.id == id).unwrap();
        let file = now_in.join(&resource.name);
        assert_eq!(resource.stored_path, file.to_string_lossy());
        assert_eq!(resource.availability, Availability::Present);
        assert_eq!(resource.tags, ["keep"]);
        let folder = folders
            .iter()
            .find(|f| Path::new(&f.path) == now_in.as_path())
            .unwrap();
        assert_eq!(resource.watched_folder_id, Some(folder.id));
    }
    assert!(
        folders
            .iter()
            .all(|f| f.resource_count == 1 && f.missing_count == 0)
    );
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test]
async fn a_first_walk_reports_each_batch_it_records() {
    let folder = tempfile::tempdir().unwrap();
    for i in 0..1200 {
        std::fs::write(folder.path().join(format!("f{i:04}.txt")), i.to_string()).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), vec![]).await;
    let told = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let database = dir.path().join("library.db");
    let progress = {
        let told = told.clone();
        std::sync::Arc::new(move |p: mahres_core::watch::WalkProgress| {
            // What another reader sees mid-walk: no "last compared" time yet.
            let conn = rusqlite::Connection::open(&database).unwrap();
            let stamped: Option<i64> = conn
                .query_row("SELECT last_reconciled_at FROM watched_folders", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(stamped, None, "stamped after {} files", p.recorded);
            told.lock().unwrap().push((p.folder_id, p.recorded))
        })
    };
    let (watched, report) = library
        .watch_add_reporting(
            folder.path().to_path_buf(),
            FolderRules::default(),
            progress,
        )
        .await
        .unwrap();
    assert_eq!(report.added, 1200);
    assert!(watched.last_reconciled_at.is_some(), "stamped at the end");
    let told = told.lock().unwrap().clone();
    let counts: Vec<usize> = told.iter().map(|&(_, n)| n).collect();
    assert_eq!(counts, [500, 1000, 1200]);
    assert!(told.iter().all(|&(id, _)| id == watched.id));
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test]
async fn folders_inside_or_around_a_watched_one_are_refused() {
    let parent = tempfile::tempdir().unwrap();
    let outer = parent.path().join("photos");
    std::fs::create_dir_all(outer.join("2024")).unwrap();
    std::fs::write(outer.join("2024/a.jpg"), "a").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), vec![]).await;
    library
        .watch_add(outer.clone(), FolderRules::default())
        .await
        .unwrap();

    let message = |result: mahres_core::Result<_>| match result {
        Err(err) => err.to_string(),
        Ok(_) => panic!("an overlapping folder was accepted"),
    };
    let inside = message(
        library
            .watch_add(outer.join("2024"), FolderRules::default())
            .await,
    );
    assert!(
        inside.contains("inside") && inside.contains("already watched"),
        "{inside}"
    );
    let around = message(
        library
            .watch_add(parent.path().to_path_buf(), FolderRules::default())
            .await,
    );
    assert!(around.contains("watch remove 1"), "{around}");
    let link = parent.path().join("link");
    std::os::unix::fs::symlink(&outer, &link).unwrap();
    let again = message(library.watch_add(link, FolderRules::default()).await);
    assert!(again.contains("already watched"), "{again}");

    assert_eq!(library.watched_folders().await.unwrap().len(), 1);
    let reports = library.reconcile().await.unwrap();
    assert!(reports.iter().all(|r| r.failed.is_empty()), "{reports:?}");
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test]
async fn reconciling_paths_looks_only_at_them() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    for d in ["done", "busy"] {
        std::fs::create_dir(root.join(d)).unwrap();
        for i in 0..20 {
            std::fs::write(root.join(format!("{d}/{i}.txt")), i.to_string()).unwrap();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), vec![]).await;
    library
        .watch_add(root.to_path_buf(), FolderRules::default())
        .await
        .unwrap();
    std::fs::write(root.join("done/new.txt"), "new").unwrap();
    std::fs::remove_file(root.join("done/3.txt")).unwrap();
    std::fs::write(root.join("busy/new.txt"), "not looked at").unwrap();

    let reports = library
        .reconcile_paths(vec![root.join("done")])
        .await
        .unwrap();
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert_eq!(
        (report.scanned, report.added, report.missing),
        (20, 1, 1),
        "{report:?}"
    );
    assert_eq!(all_resources(&library).await.len(), 41);

    let outside = tempfile::tempdir().unwrap();
    let err = library
        .reconcile_paths(vec![outside.path().to_path_buf()])
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("not inside a watched folder"), "{err}");
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test]
async fn new_rules_let_files_leave_and_come_in() {
    let folder = tempfile::tempdir().unwrap();
    let root = folder.path();
    std::fs::create_dir(root.join("sub")).unwrap();
    for file in ["a.jpg", "b.raw", "sub/c.jpg"] {
        std::fs::write(root.join(file), file).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), vec![]).await;
    let (watched, _) = library
        .watch_add(root.to_path_buf(), FolderRules::default())
        .await
        .unwrap();
    let with_excluded = |extra: &str| {
        let mut rules = FolderRules::default();
        rules.exclude.push(extra.to_string());
        rules
    };

    let (folder, left, report) = library
        .watch_set_rules(watched.id, with_excluded("*.raw"))
        .await
        .unwrap();
    assert_eq!((left, report.added), (1, 0));
    assert_eq!(folder.resource_count, 2);
    assert!(folder.rules.exclude.contains(&"*.raw".to_string()));
    assert!(root.join("b.raw").exists(), "files stay on disk");

    let (_, left, report) = library
        .watch_set_rules(watched.id, with_excluded("sub"))
        .await
        .unwrap();
    assert_eq!((left, report.added), (1, 1));
    let mut paths: Vec<String> = all_resources(&library)
        .await
        .into_iter()
        .map(|r| r.name)
        .collect();
    paths.sort();
    assert_eq!(paths, ["a.jpg", "b.raw"]);

    let bad = library
        .watch_set_rules(watched.id, with_excluded("[unclosed"))
        .await
        .unwrap_err()
        .to_string();
    assert!(bad.contains("[unclosed"), "{bad}");
    let unchanged = &library.watched_folders().await.unwrap()[0];
    assert!(unchanged.rules.exclude.contains(&"sub".to_string()));
    library.close(Duration::from_secs(1)).await;
}
