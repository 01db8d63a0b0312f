//! Bad input gets a clear per-file outcome and never costs the rest.

mod common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::*;
use mahres_core::model::Page;

fn is_privileged(dir: &std::path::Path) -> bool {
    // Root reads folders whatever their mode says.
    std::fs::read_dir(dir).is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_bad_file_gets_its_own_outcome_and_the_rest_import() {
    let source = tempfile::tempdir().unwrap();
    let root = source.path();
    std::fs::write(root.join("good.txt"), "fine").unwrap();
    std::fs::write(root.join("empty.dat"), "").unwrap();
    let odd_name = OsStr::from_bytes(b"line\nbreak \xff\xfe.txt");
    std::fs::write(root.join(odd_name), "odd").unwrap();
    std::fs::write(root.join("vanishing.txt"), "here for now").unwrap();
    // A symlink loop: the walk must report it, not spin forever.
    std::fs::create_dir(root.join("loop")).unwrap();
    std::os::unix::fs::symlink(root.join("loop"), root.join("loop").join("again")).unwrap();
    std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling")).unwrap();
    let locked = root.join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("secret.txt"), "s").unwrap();
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    let locked_is_readable = is_privileged(&locked);

    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    // The progress callback runs after the walk and before the copies: the
    // moment to make a listed file disappear.
    let vanished = Arc::new(AtomicBool::new(false));
    let progress = {
        let vanished = vanished.clone();
        let victim = root.join("vanishing.txt");
        Arc::new(move |_p: mahres_core::ImportProgress| {
            if !vanished.swap(true, Ordering::SeqCst) {
                std::fs::remove_file(&victim).unwrap();
            }
        })
    };
    let missing = PathBuf::from("/definitely/not/here");
    let report = library
        .import_with_progress(vec![root.to_path_buf(), missing.clone()], progress)
        .await
        .unwrap();
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();

    let failure = |suffix: &str| {
        report
            .failed
            .iter()
            .find(|f| f.path.ends_with(suffix))
            .unwrap_or_else(|| panic!("no failure for {suffix}: {:?}", report.failed))
            .error
            .clone()
    };
    assert_eq!(
        failure("vanishing.txt"),
        "the file disappeared before it could be copied"
    );
    assert!(
        failure("again").contains("loops back"),
        "{}",
        failure("again")
    );
    assert_eq!(failure("dangling"), "no such file or folder");
    assert_eq!(failure("/definitely/not/here"), "no such file or folder");
    if !locked_is_readable {
        assert!(failure("locked").contains("permission denied"));
    }

    let imported: Vec<&str> = report.imported.iter().map(|i| i.path.as_str()).collect();
    let expected = if locked_is_readable { 4 } else { 3 };
    assert_eq!(imported.len(), expected, "{imported:?}");

    wait_idle(&library, Duration::from_secs(30)).await;
    let resources = library.resources(Page::default()).await.unwrap();
    let empty = resources.iter().find(|r| r.name == "empty.dat").unwrap();
    assert_eq!(empty.size, 0);
    assert_eq!(empty.content_type, "application/x-empty");
    assert_eq!(
        empty.md5.as_deref(),
        Some("d41d8cd98f00b204e9800998ecf8427e")
    );
    let odd = resources
        .iter()
        .find(|r| r.name.starts_with("line\nbreak"))
        .unwrap();
    assert_eq!(odd.name, "line\nbreak \u{fffd}\u{fffd}.txt");
    assert_eq!(
        std::fs::read(library.layout().resolve(&odd.stored_path)).unwrap(),
        b"odd"
    );
    let good = resources.iter().find(|r| r.name == "good.txt").unwrap();
    assert_eq!(good.content_type, "text/plain");
    assert_eq!(
        good.md5.as_deref(),
        Some(reference_md5s(&[root.join("good.txt")])[0].as_str())
    );
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_image_dead_letters_its_image_jobs_and_is_still_hashed() {
    let source = tempfile::tempdir().unwrap();
    // A PNG signature followed by garbage: sniffed as PNG, unreadable as one.
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&[0x13; 64]);
    std::fs::write(source.path().join("broken.png"), &bytes).unwrap();
    write_png(&source.path().join("fine.png"), 12, 9, 3);

    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    library.import(vec![source.path().into()]).await.unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;

    let dead = library
        .failures(mahres_core::FailureFilter::Dead, 10)
        .await
        .unwrap();
    let mut handlers: Vec<&str> = dead.iter().map(|d| d.handler.as_str()).collect();
    handlers.sort();
    assert_eq!(handlers, ["dimensions", "thumbnail"], "{dead:?}");
    for letter in &dead {
        assert_eq!(
            letter.attempts, 1,
            "a decode error is permanent: no retries burned"
        );
        assert!(letter.error.contains("broken.png"), "{}", letter.error);
        assert_eq!(letter.resource_name.as_deref(), Some("broken.png"));
    }

    let resources = library.resources(Page::default()).await.unwrap();
    let broken = resources.iter().find(|r| r.name == "broken.png").unwrap();
    assert!(broken.md5.is_some(), "the hash handler still succeeded");
    let details = library.resource(broken.id).await.unwrap();
    assert_eq!(
        details.processing.len(),
        2,
        "both failures show on the resource"
    );
    let fine = resources.iter().find(|r| r.name == "fine.png").unwrap();
    assert_eq!((fine.width, fine.height), (Some(12), Some(9)));
    library.close(Duration::from_secs(1)).await;
}
