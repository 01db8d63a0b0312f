//! `Library::verify`: a library checked against its own records, on real
//! files — a flipped byte, a removed copy, a watched file edited outside,
//! a copy no resource owns — and repaired from the originals.

mod common;

use std::time::Duration;

use mahres_core::verify::{ProblemKind, VerifyOptions, VerifyReport};
use mahres_core::watch::FolderRules;

fn kinds(report: &VerifyReport) -> Vec<(String, ProblemKind, bool)> {
    report
        .problems
        .iter()
        .map(|p| (p.name.clone(), p.kind, p.repairable))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_finds_damage_loss_changes_and_strays_and_repairs_from_originals() {
    let sources = tempfile::tempdir().unwrap();
    let watched = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let at = |name: &str| sources.path().join(name);
    for (i, name) in ["fine.bin", "flipped.bin", "lost.bin", "orphaned.bin"]
        .iter()
        .enumerate()
    {
        common::write_bytes(&at(name), 300_000 + i * 1000, i as u64);
    }
    common::write_bytes(&watched.path().join("edited.bin"), 5000, 9);

    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    let report = library
        .import(
            ["fine.bin", "flipped.bin", "lost.bin", "orphaned.bin"]
                .map(&at)
                .to_vec(),
        )
        .await
        .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    library
        .watch_add(watched.path().to_path_buf(), FolderRules::default())
        .await
        .unwrap();
    common::wait_idle(&library, Duration::from_secs(60)).await;

    let clean = library.verify(VerifyOptions::default()).await.unwrap();
    assert!(clean.is_clean(), "{clean:?}");
    assert_eq!(clean.checked, 5);
    assert_eq!(clean.bytes, 300_000 + 301_000 + 302_000 + 303_000 + 5000);

    let resources = common::all_resources(&library).await;
    let stored = |name: &str| {
        let r = resources.iter().find(|r| r.name == name).unwrap();
        root.path().join(&r.stored_path)
    };
    // One byte flipped in a copy, one copy gone, a watched file edited, and
    // the original of the lost copy gone too for one more case.
    let flipped = stored("flipped.bin");
    let mut bytes = std::fs::read(&flipped).unwrap();
    bytes[150_000] ^= 0x40;
    std::fs::write(&flipped, bytes).unwrap();
    std::fs::remove_file(stored("lost.bin")).unwrap();
    std::fs::remove_file(stored("orphaned.bin")).unwrap();
    std::fs::remove_file(at("orphaned.bin")).unwrap();
    std::fs::write(watched.path().join("edited.bin"), "new words").unwrap();
    let stray = root
        .path()
        .join("files/ab/ab0000000000000000000000000000ff.jpg");
    std::fs::create_dir_all(stray.parent().unwrap()).unwrap();
    std::fs::write(&stray, "left by a crash of an old version").unwrap();

    let found = library.verify(VerifyOptions::default()).await.unwrap();
    assert!(!found.is_clean());
    assert_eq!(
        kinds(&found),
        [
            ("flipped.bin".into(), ProblemKind::Damaged, true),
            ("lost.bin".into(), ProblemKind::Missing, true),
            ("orphaned.bin".into(), ProblemKind::Missing, false),
            ("edited.bin".into(), ProblemKind::Changed, false),
        ]
    );
    assert_eq!(
        found.stray_copies,
        ["files/ab/ab0000000000000000000000000000ff.jpg"]
    );
    assert!(stray.exists(), "a check alone removes nothing");
    assert_eq!(
        std::fs::read_to_string(watched.path().join("edited.bin")).unwrap(),
        "new words"
    );

    let repaired = library
        .verify(VerifyOptions {
            repair: true,
            progress: None,
        })
        .await
        .unwrap();
    let fixed: Vec<_> = repaired
        .problems
        .iter()
        .filter(|p| p.repaired)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(fixed, ["flipped.bin", "lost.bin"]);
    assert!(repaired.strays_removed && !stray.exists());
    assert_eq!(
        std::fs::read(stored("flipped.bin")).unwrap(),
        std::fs::read(at("flipped.bin")).unwrap()
    );
    assert_eq!(
        std::fs::read(stored("lost.bin")).unwrap(),
        std::fs::read(at("lost.bin")).unwrap()
    );
    // A watched file is the person's: an edit is reported, never "repaired".
    assert_eq!(
        std::fs::read_to_string(watched.path().join("edited.bin")).unwrap(),
        "new words"
    );

    let after = library.verify(VerifyOptions::default()).await.unwrap();
    assert_eq!(
        kinds(&after),
        [
            ("orphaned.bin".into(), ProblemKind::Missing, false),
            ("edited.bin".into(), ProblemKind::Changed, false),
        ]
    );
    assert!(after.stray_copies.is_empty());
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_copy_is_marked_missing_then_restored_from_a_backup_of_the_same_file() {
    let sources = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let original = sources.path().join("wedding.bin");
    common::write_bytes(&original, 50_000, 3);
    let backup = sources.path().join("backup-of-wedding.bin");
    std::fs::copy(&original, &backup).unwrap();
    let impostor = sources.path().join("other.bin");
    common::write_bytes(&impostor, 50_000, 4);

    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    let report = library.import(vec![original.clone()]).await.unwrap();
    let id = report.imported[0].resource_id;
    common::wait_idle(&library, Duration::from_secs(60)).await;
    let stored = root
        .path()
        .join(library.resource(id).await.unwrap().resource.stored_path);
    std::fs::remove_file(&stored).unwrap();
    std::fs::remove_file(&original).unwrap();

    let found = library.verify(VerifyOptions::default()).await.unwrap();
    assert_eq!(
        kinds(&found),
        [("wedding.bin".into(), ProblemKind::Missing, false)]
    );
    assert_eq!(library.mark_missing(vec![id]).await.unwrap(), 1);
    let shown = library.resource(id).await.unwrap().resource;
    assert_eq!(
        shown.availability,
        mahres_core::model::Availability::Missing
    );

    let refused = library.restore_copy(id, impostor).await.unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("is not the file that was imported"),
        "{refused}"
    );
    assert!(!stored.exists());
    let restored = library.restore_copy(id, backup.clone()).await.unwrap();
    assert_eq!(
        restored.availability,
        mahres_core::model::Availability::Present
    );
    assert_eq!(
        std::fs::read(&stored).unwrap(),
        std::fs::read(&backup).unwrap()
    );
    assert!(
        library
            .verify(VerifyOptions::default())
            .await
            .unwrap()
            .is_clean()
    );
    library.close(Duration::from_secs(1)).await;
}
