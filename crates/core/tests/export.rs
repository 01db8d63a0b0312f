//! `Library::export`: the way out (issue 14). Files under their real names
//! (two of one name both kept), an XMP sidecar each that exiftool reads
//! back with the tags, `library.json` with items, groups and notes; a
//! re-run copies nothing again.

mod common;

use std::time::Duration;

use common::{exiftool_json, run, write_jpeg};
use mahres_core::export::{ExportLayout, ExportOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_is_files_sidecars_and_a_library_json_that_other_tools_read() {
    let sources = tempfile::tempdir().unwrap();
    for folder in ["card1", "card2"] {
        std::fs::create_dir_all(sources.path().join(folder)).unwrap();
    }
    let first = sources.path().join("card1/IMG_1.jpg");
    let second = sources.path().join("card2/IMG_1.jpg");
    write_jpeg(&first, 40, 30);
    write_jpeg(&second, 50, 30);
    // Lightroom's develop settings travel with the photo.
    run(
        "exiftool",
        &[
            "-q",
            "-o",
            sources.path().join("card1/IMG_1.jpg.xmp").to_str().unwrap(),
            "-XMP-crs:Exposure2012=+1.00",
            "-XMP-dc:Subject=harbour",
        ],
    );
    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    let report = library
        .import(vec![first.clone(), second.clone()])
        .await
        .unwrap();
    let [a, b] = [
        report.imported[0].resource_id,
        report.imported[1].resource_id,
    ];
    common::wait_idle(&library, Duration::from_secs(60)).await;
    library
        .tag_resources(vec![a, b], vec!["Trips|Porto".into()])
        .await
        .unwrap();
    let group = library
        .create_group("Porto".into(), String::new())
        .await
        .unwrap();
    library.add_to_group(group.id, vec![b]).await.unwrap();
    let note = library
        .create_note("Ferry".into(), "the 8:15 ferry".into())
        .await
        .unwrap();
    library
        .link_note(note.id, mahres_core::NoteTarget::Resource(a), true)
        .await
        .unwrap();
    common::wait_idle(&library, Duration::from_secs(60)).await;

    let out = tempfile::tempdir().unwrap();
    let exported = library
        .export(
            out.path().to_path_buf(),
            String::new(),
            ExportOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        (exported.exported, exported.skipped),
        (2, 0),
        "{exported:?}"
    );
    assert!(exported.failed.is_empty());
    assert_eq!(
        std::fs::read(out.path().join("IMG_1.jpg")).unwrap(),
        std::fs::read(&first).unwrap()
    );
    assert_eq!(
        std::fs::read(out.path().join("IMG_1 (2).jpg")).unwrap(),
        std::fs::read(&second).unwrap()
    );
    let sidecar = exiftool_json(&out.path().join("IMG_1.jpg.xmp"));
    assert_eq!(
        sidecar["XMP-dc:Subject"],
        serde_json::json!(["harbour", "Porto"])
    );
    assert_eq!(
        sidecar["XMP-lr:HierarchicalSubject"],
        serde_json::json!(["Trips|Porto"])
    );
    assert_eq!(sidecar["XMP-crs:Exposure2012"], "+1.00");
    // exiftool reads the photo together with its sidecar as digiKam would.
    let photo = exiftool_json(&out.path().join("IMG_1 (2).jpg.xmp"));
    assert_eq!(photo["XMP-dc:Subject"], serde_json::json!(["Porto"]));

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("library.json")).unwrap()).unwrap();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let item_a = items.iter().find(|i| i["id"] == a).unwrap();
    assert_eq!(item_a["exported_as"], "IMG_1.jpg");
    assert_eq!(item_a["note_ids"], serde_json::json!([note.id]));
    assert_eq!(item_a["md5"].as_str().unwrap().len(), 32);
    assert_eq!(json["groups"][0]["name"], "Porto");
    assert_eq!(json["groups"][0]["resource_ids"], serde_json::json!([b]));
    assert_eq!(json["notes"][0]["text"], "the 8:15 ferry");

    // Again into the same folder: nothing copied twice, nothing renamed.
    let again = library
        .export(
            out.path().to_path_buf(),
            String::new(),
            ExportOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!((again.exported, again.skipped), (0, 2), "{again:?}");
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "IMG_1 (2).jpg",
            "IMG_1 (2).jpg.xmp",
            "IMG_1.jpg",
            "IMG_1.jpg.xmp",
            "library.json"
        ]
    );

    // A query and a layout: only what the search finds, by group.
    let by_group = tempfile::tempdir().unwrap();
    let grouped = library
        .export(
            by_group.path().to_path_buf(),
            "group:porto".into(),
            ExportOptions {
                layout: ExportLayout::Group,
                progress: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(grouped.exported, 1, "{grouped:?}");
    assert!(by_group.path().join("Porto/IMG_1.jpg").is_file());
    library.close(Duration::from_secs(1)).await;
}

/// Open, Show in folder and a drag out hand other apps the item's own name:
/// an imported copy as a read-only link named after the item (renamed, the
/// new name), a watched file where it is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_apps_get_an_items_file_under_its_own_name() {
    let sources = tempfile::tempdir().unwrap();
    let imported = sources.path().join("IMG_0042.jpg");
    write_jpeg(&imported, 40, 30);
    let watched = sources.path().join("watched");
    std::fs::create_dir_all(&watched).unwrap();
    write_jpeg(&watched.join("kept here.jpg"), 30, 20);
    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    let report = library.import(vec![imported.clone()]).await.unwrap();
    let id = report.imported[0].resource_id;
    library
        .watch_add(watched.clone(), mahres_core::watch::FolderRules::default())
        .await
        .unwrap();

    let handed = library.file_for_apps(id).await.unwrap();
    assert_eq!(handed.path.file_name().unwrap(), "IMG_0042.jpg");
    assert_eq!(handed.content_type, "image/jpeg");
    assert_eq!(
        std::fs::read(&handed.path).unwrap(),
        std::fs::read(&imported).unwrap()
    );
    assert!(
        handed.path.starts_with(root.path()),
        "inside the library folder"
    );
    assert!(
        std::fs::metadata(&handed.path)
            .unwrap()
            .permissions()
            .readonly()
    );

    library
        .edit_resource(
            id,
            mahres_core::model::ResourceEdit {
                name: Some("Harbour at dawn.jpg".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let renamed = library.file_for_apps(id).await.unwrap();
    assert_eq!(renamed.path.file_name().unwrap(), "Harbour at dawn.jpg");
    assert!(!handed.path.exists(), "the old name is gone");

    // Dragged out and dropped back onto the window: already in the library,
    // said per item, nothing imported twice.
    let parent = renamed.path.parent().unwrap().to_path_buf();
    let again = library
        .import(vec![renamed.path.clone(), parent])
        .await
        .unwrap();
    assert!(again.imported.is_empty(), "{:?}", again.imported);
    assert_eq!(again.failed.len(), 2, "{:?}", again.failed);
    assert!(
        again
            .failed
            .iter()
            .all(|f| f.error.contains("already in the library"))
    );

    let resources = library
        .resources(mahres_core::model::Page::default())
        .await
        .unwrap();
    let own = resources
        .iter()
        .find(|r| r.name == "kept here.jpg")
        .unwrap();
    assert_eq!(
        library.file_for_apps(own.id).await.unwrap().path,
        watched.join("kept here.jpg")
    );
}
