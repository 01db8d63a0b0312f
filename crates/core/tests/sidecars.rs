//! XMP sidecars (issue 14), with exiftool (Debian's libimage-exiftool-perl)
//! as the reference: sidecars it writes are read on import and in watched
//! folders, attached to their files rather than imported as items; a
//! changed sidecar updates tags and description; sidecars we write are read
//! back by exiftool, with the fields we do not manage kept.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{exiftool, exiftool_json, run, write_jpeg, write_png};
use mahres_core::model::ResourceDetails;
use mahres_core::sidecar::{self, SidecarValues};
use mahres_core::watch::FolderRules;

/// A sidecar written by exiftool from nothing, with `tags`.
fn exiftool_sidecar(path: &Path, tags: &[&str]) {
    let mut args = vec!["-q", "-o", path.to_str().unwrap()];
    args.extend(tags);
    run("exiftool", &args);
}

const LIGHTROOM_AND_DIGIKAM: &[&str] = &[
    "-XMP-dc:Subject=temple",
    "-XMP-lr:HierarchicalSubject=Places|Japan|Kyoto",
    "-XMP-digiKam:TagsList=People/Aiko",
    "-XMP-dc:Title=Golden pavilion",
    "-XMP-dc:Description=Evening light on the pond",
    "-XMP-xmp:Rating=4",
    "-XMP-xmp:Label=Red",
    "-XMP-crs:Exposure2012=+0.50",
];

fn fact<'a>(details: &'a ResourceDetails, key: &str) -> Option<&'a str> {
    details
        .facts
        .iter()
        .find(|f| f.key == key)
        .map(|f| f.text.as_str())
}

fn tags(details: &ResourceDetails) -> Vec<String> {
    let mut tags = details.resource.tags.clone();
    tags.sort();
    tags
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_file_brings_its_sidecar_which_is_no_item_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);
    write_jpeg(&at("pavilion.jpg"), 64, 48);
    exiftool_sidecar(&at("pavilion.jpg.xmp"), LIGHTROOM_AND_DIGIKAM);
    // Lightroom's name for a raw file's sidecar: the stem.
    common::formats::write_dng(
        &at("IMG_7.dng"),
        &common::formats::jpeg_bytes(&common::formats::photo(60, 40)),
        1,
    );
    exiftool_sidecar(&at("IMG_7.xmp"), &["-XMP-dc:Subject=raw keeper"]);
    // A sidecar of no file here is a file like any other.
    exiftool_sidecar(&at("lonely.xmp"), &["-XMP-dc:Subject=nobody"]);

    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    let report = library
        .import(vec![dir.path().to_path_buf()])
        .await
        .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    common::wait_idle(&library, Duration::from_secs(60)).await;
    let mut names: Vec<String> = common::all_resources(&library)
        .await
        .into_iter()
        .map(|r| r.name)
        .collect();
    names.sort();
    assert_eq!(names, ["IMG_7.dng", "lonely.xmp", "pavilion.jpg"]);

    let id = |name: &str| {
        report
            .imported
            .iter()
            .find(|i| i.path.ends_with(name))
            .unwrap()
            .resource_id
    };
    let pavilion = library.resource(id("pavilion.jpg")).await.unwrap();
    assert_eq!(
        tags(&pavilion),
        ["People|Aiko", "Places|Japan|Kyoto", "temple"]
    );
    assert_eq!(pavilion.resource.description, "Evening light on the pond");
    assert_eq!(fact(&pavilion, "title"), Some("Golden pavilion"));
    assert_eq!(fact(&pavilion, "embedded_label"), Some("Red"));
    assert_eq!(fact(&pavilion, "embedded_rating"), Some("4"));
    let raw = library.resource(id("IMG_7.dng")).await.unwrap();
    assert_eq!(tags(&raw), ["raw keeper"]);

    // The sidecar's copy lives beside the file's copy, and leaves with it.
    let copy = root
        .path()
        .join(format!("{}.xmp", pavilion.resource.stored_path));
    assert!(copy.is_file());
    assert!(
        library
            .verify(Default::default())
            .await
            .unwrap()
            .stray_copies
            .is_empty(),
        "a sidecar's copy is owned"
    );
    library
        .delete_permanently(vec![pavilion.resource.id])
        .await
        .unwrap();
    common::wait_idle(&library, Duration::from_secs(60)).await;
    assert!(!copy.exists());
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_watched_file_s_sidecar_is_read_and_its_changes_follow() {
    let folder = tempfile::tempdir().unwrap();
    let picture = folder.path().join("harbour.png");
    let sidecar_path = folder.path().join("harbour.png.xmp");
    write_png(&picture, 40, 30, 3);
    exiftool_sidecar(
        &sidecar_path,
        &[
            "-XMP-dc:Subject=boats",
            "-XMP-dc:Subject=evening",
            "-XMP-dc:Description=From the pier",
        ],
    );
    // An item that was a sidecar all along: once its file arrives it
    // stops being an item (the file stays on disk).
    let later = folder.path().join("later.jpg");
    let early_sidecar = folder.path().join("later.xmp");
    exiftool_sidecar(&early_sidecar, &["-XMP-dc:Subject=found late"]);

    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    library
        .watch_add(folder.path().to_path_buf(), FolderRules::default())
        .await
        .unwrap();
    common::wait_idle(&library, Duration::from_secs(60)).await;
    let names = || async {
        let mut names: Vec<String> = common::all_resources(&library)
            .await
            .into_iter()
            .map(|r| r.name)
            .collect();
        names.sort();
        names
    };
    assert_eq!(names().await, ["harbour.png", "later.xmp"]);
    let harbour_id = common::all_resources(&library)
        .await
        .iter()
        .find(|r| r.name == "harbour.png")
        .unwrap()
        .id;
    let harbour = library.resource(harbour_id).await.unwrap();
    assert_eq!(tags(&harbour), ["boats", "evening"]);
    assert_eq!(harbour.resource.description, "From the pier");

    // Edited in another program: a keyword out, one in, a new description.
    std::thread::sleep(Duration::from_millis(20));
    exiftool(
        &sidecar_path,
        &[
            "-XMP-dc:Subject-=evening",
            "-XMP-dc:Subject+=lighthouse",
            "-XMP-dc:Description=From the lighthouse",
        ],
    );
    write_jpeg(&later, 30, 20);
    library.reconcile().await.unwrap();
    common::wait_idle(&library, Duration::from_secs(60)).await;
    let harbour = library.resource(harbour_id).await.unwrap();
    assert_eq!(tags(&harbour), ["boats", "lighthouse"]);
    assert_eq!(harbour.resource.description, "From the lighthouse");
    assert_eq!(names().await, ["harbour.png", "later.jpg"]);
    assert!(early_sidecar.exists(), "the file stays on disk");
    let later = common::all_resources(&library)
        .await
        .into_iter()
        .find(|r| r.name == "later.jpg")
        .unwrap();
    assert_eq!(
        library.resource(later.id).await.unwrap().resource.tags,
        ["found late"]
    );
    library.close(Duration::from_secs(1)).await;
}

#[test]
fn exiftool_reads_what_we_write_and_what_we_do_not_manage_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pavilion.jpg.xmp");
    exiftool_sidecar(&path, LIGHTROOM_AND_DIGIKAM);
    let values = SidecarValues {
        keywords: vec!["Places|Japan|Kyoto".into(), "moss garden".into()],
        description: "Moss & stones".into(),
        ..SidecarValues::default()
    };
    assert!(sidecar::write(&path, &values).unwrap());
    assert!(
        !sidecar::write(&path, &values).unwrap(),
        "an unchanged sidecar is not rewritten"
    );
    let read = exiftool_json(&path);
    assert_eq!(
        read["XMP-dc:Subject"],
        serde_json::json!(["Kyoto", "moss garden"])
    );
    assert_eq!(
        read["XMP-lr:HierarchicalSubject"],
        serde_json::json!(["Places|Japan|Kyoto"])
    );
    assert_eq!(
        read["XMP-digiKam:TagsList"],
        serde_json::json!(["Places/Japan/Kyoto"])
    );
    assert_eq!(read["XMP-dc:Description"], "Moss & stones");
    // Not ours: kept as exiftool wrote them.
    assert_eq!(read["XMP-crs:Exposure2012"], "+0.50");
    assert_eq!(read["XMP-dc:Title"], "Golden pavilion");
    assert_eq!(read["XMP-xmp:Rating"], 4);
    assert_eq!(read["XMP-xmp:Label"], "Red");

    // A new sidecar, from nothing, reads in exiftool too.
    let fresh = dir.path().join("new.jpg.xmp");
    assert!(sidecar::write(&fresh, &values).unwrap());
    let read = exiftool_json(&fresh);
    assert_eq!(
        read["XMP-dc:Subject"],
        serde_json::json!(["Kyoto", "moss garden"])
    );
    assert_eq!(read["XMP-dc:Description"], "Moss & stones");

    // A sidecar that is not XMP is left exactly as it was.
    let broken = dir.path().join("broken.jpg.xmp");
    std::fs::write(&broken, "<x:xmpmeta><rdf:RDF>").unwrap();
    assert!(sidecar::write(&broken, &values).is_err());
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "<x:xmpmeta><rdf:RDF>"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_read_write_a_watched_file_s_tags_reach_its_sidecar_for_other_programs() {
    let folder = tempfile::tempdir().unwrap();
    let edited = folder.path().join("edited.png");
    write_png(&edited, 40, 30, 5);
    // Lightroom's develop settings and rating, which the library must keep.
    let lightroom = folder.path().join("edited.png.xmp");
    exiftool_sidecar(
        &lightroom,
        &[
            "-XMP-crs:Exposure2012=+0.50",
            "-XMP-xmp:Rating=2",
            "-XMP-dc:Subject=old",
        ],
    );
    let bare = folder.path().join("bare.png");
    write_png(&bare, 40, 30, 6);

    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    let mut settings = library.settings().await.unwrap();
    assert_eq!(
        settings.sidecars,
        mahres_core::SidecarMode::Read,
        "read is the default"
    );
    settings.sidecars = mahres_core::SidecarMode::ReadWrite;
    library.set_settings(settings).await.unwrap();
    library
        .watch_add(folder.path().to_path_buf(), FolderRules::default())
        .await
        .unwrap();
    common::wait_idle(&library, Duration::from_secs(60)).await;
    let resources = common::all_resources(&library).await;
    let id = |name: &str| resources.iter().find(|r| r.name == name).unwrap().id;

    library
        .tag_resources(
            vec![id("edited.png"), id("bare.png")],
            vec!["Trips|Lisbon".into()],
        )
        .await
        .unwrap();
    library
        .edit_resource(
            id("bare.png"),
            mahres_core::model::ResourceEdit {
                name: None,
                description: Some("Tram 28".into()),
            },
        )
        .await
        .unwrap();
    common::wait_idle(&library, Duration::from_secs(60)).await;

    let read = exiftool_json(&lightroom);
    assert_eq!(read["XMP-dc:Subject"], serde_json::json!(["old", "Lisbon"]));
    assert_eq!(
        read["XMP-lr:HierarchicalSubject"],
        serde_json::json!(["Trips|Lisbon"])
    );
    assert_eq!(read["XMP-crs:Exposure2012"], "+0.50");
    assert_eq!(read["XMP-xmp:Rating"], 2);
    let made = folder.path().join("bare.png.xmp");
    let read = exiftool_json(&made);
    assert_eq!(read["XMP-dc:Subject"], serde_json::json!(["Lisbon"]));
    assert_eq!(read["XMP-dc:Description"], "Tram 28");

    // Our own writes are not edits from elsewhere: a look at the folder
    // changes nothing, and no sidecar became an item.
    let before = std::fs::read_to_string(&made).unwrap();
    library.reconcile().await.unwrap();
    common::wait_idle(&library, Duration::from_secs(60)).await;
    assert_eq!(std::fs::read_to_string(&made).unwrap(), before);
    assert_eq!(common::all_resources(&library).await.len(), 2);
    library.close(Duration::from_secs(1)).await;
}
