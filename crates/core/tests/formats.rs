//! The files people actually have, end to end: HEIC (turned, 10-bit), AVIF,
//! DNG and a NEF with embedded previews, SVG, a 3-page PDF, an MP3 with
//! cover art, text — written by the test (heif-enc, ffmpeg, Poppler from
//! Debian's packages, which scripts/test.sh installs; raw files and PDFs by
//! hand), imported into a real library, and checked as a person would see
//! them: thumbnails, sizes, facts, searches, duplicates, plain-word notes.

mod common;

use common::formats::{heif_enc, jpeg_bytes, photo, write_dng, write_mp3, write_nef, write_pdf};
use common::{exiftool, write_jpeg};

use std::path::{Path, PathBuf};
use std::time::Duration;

use mahres_core::Library;
use mahres_core::model::{ResourceDetails, ResourceId};

async fn import(library: &Library, files: &[PathBuf]) -> Vec<ResourceId> {
    let report = library.import(files.to_vec()).await.expect("import");
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    common::wait_idle(library, Duration::from_secs(120)).await;
    report.imported.iter().map(|i| i.resource_id).collect()
}

async fn search(library: &Library, query: &str) -> Vec<ResourceId> {
    common::search_resources(library, query, mahres_core::SortOrder::Relevance).await
}

fn fact<'a>(details: &'a ResourceDetails, key: &str) -> &'a str {
    details
        .facts
        .iter()
        .find(|f| f.key == key)
        .map(|f| f.text.as_str())
        .unwrap_or_else(|| {
            panic!(
                "{}: no `{key}` among {:?}",
                details.resource.original_name,
                details.facts.iter().map(|f| &f.key).collect::<Vec<_>>()
            )
        })
}

/// The thumbnails exist, the grid's within 256 px and the preview's
/// proportions match `width` × `height`.
fn assert_drawn(root: &Path, details: &ResourceDetails, width: u32, height: u32) {
    let r = &details.resource;
    assert_eq!(
        (r.width, r.height),
        (Some(width), Some(height)),
        "{}",
        r.original_name
    );
    assert_pictured(root, details, width, height);
}

/// [`assert_drawn`] for what has no size of its own (a song's cover).
fn assert_pictured(root: &Path, details: &ResourceDetails, width: u32, height: u32) {
    let r = &details.resource;
    let name = &r.original_name;
    assert_eq!(r.media_note, None, "{name}");
    let grid = r
        .thumbnail
        .as_ref()
        .unwrap_or_else(|| panic!("{name}: no thumbnail"));
    let preview = r
        .preview
        .as_ref()
        .unwrap_or_else(|| panic!("{name}: no preview"));
    let grid = image::open(root.join(grid)).unwrap();
    let preview = image::open(root.join(preview)).unwrap();
    assert!(grid.width().max(grid.height()) <= 256, "{name}");
    let shown = f64::from(preview.width()) / f64::from(preview.height());
    let expected = f64::from(width) / f64::from(height);
    assert!(
        (shown - expected).abs() < 0.05,
        "{name}: {shown} vs {expected}"
    );
    assert!(r.perceptual_hash.is_some(), "{name}");
}

/// One file of each kind, in this order: a JPEG, the same photo as HEIC, a
/// HEIC turned by its EXIF, a 10-bit HEIC, an AVIF, a DNG, a NEF, an SVG, a
/// PDF, an MP3, a text file, a text file named .png, an empty file.
fn make_files() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);
    let picture = photo(640, 400);
    let jpeg = at("harbour.jpg");
    picture.save(&jpeg).unwrap();
    let png = at("harbour-source.png");
    picture.save(&png).unwrap();
    let heic = at("harbour.heic");
    heif_enc(&png, &heic, &[]);

    // A JPEG turned a quarter by its EXIF; heif-enc keeps that EXIF and
    // writes no `irot`, as older converters do.
    let turned = at("turned.jpg");
    write_jpeg(&turned, 320, 200);
    exiftool(
        &turned,
        &[
            "-EXIF:Orientation#=6",
            "-EXIF:Make=Apple",
            "-EXIF:Model=iPhone 12 Pro",
            "-EXIF:DateTimeOriginal=2022:08:09 10:11:12",
        ],
    );
    let heic_turned = at("turned.heic");
    heif_enc(&turned, &heic_turned, &[]);

    // 16-bit PNG in, 10-bit HEIC out.
    let deep = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(300, 200, |x, y| {
        image::Rgb([(x * 200) as u16, (y * 300) as u16, 30000])
    });
    let deep_png = at("deep.png");
    deep.save(&deep_png).unwrap();
    let heic_10bit = at("deep.heic");
    heif_enc(&deep_png, &heic_10bit, &["-b", "10"]);

    let avif = at("harbour.avif");
    heif_enc(&png, &avif, &["-A"]);

    let dng = at("IMG_0001.dng");
    write_dng(&dng, &jpeg_bytes(&photo(600, 400)), 8);
    let nef = at("DSC_0002.nef");
    write_nef(
        &nef,
        &jpeg_bytes(&photo(160, 120)),
        &jpeg_bytes(&photo(900, 600)),
    );

    let svg = at("logo.svg");
    std::fs::write(
        &svg,
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60">
  <rect width="120" height="60" fill="#1d4ed8"/>
  <circle cx="30" cy="30" r="20" fill="#facc15"/>
</svg>"##,
    )
    .unwrap();

    let pdf = at("report.pdf");
    write_pdf(
        &pdf,
        &["Quarterly report", "Second page", "Zanzibar lighthouse"],
    );

    let cover = at("cover.jpg");
    photo(300, 300).save(&cover).unwrap();
    let mp3 = at("harbour-lights.mp3");
    write_mp3(&mp3, &cover);

    let text = at("packing.txt");
    std::fs::write(&text, "socks\ntoothbrush\nmarmalade sandwiches\n").unwrap();
    let liar = at("photo.png");
    std::fs::write(&liar, "this is not a picture, it is a note\n").unwrap();
    let empty = at("nothing.jpg");
    std::fs::write(&empty, b"").unwrap();
    let files = vec![
        jpeg,
        heic,
        heic_turned,
        heic_10bit,
        avif,
        dng,
        nef,
        svg,
        pdf,
        mp3,
        text,
        liar,
        empty,
    ];
    (dir, files)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_gets_a_picture_its_facts_and_its_words() {
    common::init_tracing();
    let (_dir, files) = make_files();
    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    let ids = import(&library, &files).await;
    let [
        jpeg,
        heic,
        turned,
        deep,
        avif,
        dng,
        nef,
        svg,
        pdf,
        mp3,
        text,
        liar,
        empty,
    ] = ids[..]
    else {
        panic!("thirteen imported")
    };
    let details = |id| {
        let library = &library;
        async move { library.resource(id).await.unwrap() }
    };

    let heic = details(heic).await;
    assert_eq!(heic.resource.content_type, "image/heif");
    assert_drawn(root.path(), &heic, 640, 400);
    // Turned a quarter by its EXIF: shown portrait.
    let turned = details(turned).await;
    assert_drawn(root.path(), &turned, 200, 320);
    // Its EXIF sits after the image data, where only libheif finds it.
    assert_eq!(fact(&turned, "camera"), "Apple iPhone 12 Pro");
    assert!(fact(&turned, "taken").starts_with("2022-08-09 10:11:12"));
    assert_drawn(root.path(), &details(deep).await, 300, 200);
    let avif = details(avif).await;
    assert_eq!(avif.resource.content_type, "image/avif");
    assert_drawn(root.path(), &avif, 640, 400);

    // Raw files: the embedded preview, turned as the raw file says.
    let dng = details(dng).await;
    assert_eq!(dng.resource.content_type, "image/x-adobe-dng");
    assert_drawn(root.path(), &dng, 400, 600);
    let nef = details(nef).await;
    assert_eq!(nef.resource.content_type, "image/x-nikon-nef");
    assert_drawn(root.path(), &nef, 900, 600);

    let svg = details(svg).await;
    assert_eq!(svg.resource.content_type, "image/svg+xml");
    assert_drawn(root.path(), &svg, 120, 60);
    let preview = image::open(root.path().join(svg.resource.preview.as_ref().unwrap()))
        .unwrap()
        .to_rgba8();
    assert_eq!(
        preview.width(),
        1024,
        "a drawing is drawn at the preview's size"
    );
    let blue = preview.get_pixel(1000, 20).0;
    let near = |a: u8, b: u8| a.abs_diff(b) <= 3;
    assert!(
        near(blue[0], 0x1d) && near(blue[1], 0x4e) && near(blue[2], 0xd8),
        "{blue:?}"
    );

    let pdf = details(pdf).await;
    let page = &pdf.resource;
    assert!(
        page.thumbnail.is_some() && page.preview.is_some(),
        "{page:?}"
    );
    let first_page = image::open(root.path().join(page.preview.as_ref().unwrap())).unwrap();
    assert_eq!(
        (first_page.width(), first_page.height()),
        (792, 1024),
        "a letter page fitted to 1024"
    );
    assert_eq!(fact(&pdf, "pages"), "3");
    assert!(fact(&pdf, "text").contains("Zanzibar"));

    let mp3 = details(mp3).await;
    assert_pictured(root.path(), &mp3, 300, 300);
    assert_eq!(fact(&mp3, "title"), "Harbour Lights");
    assert_eq!(fact(&mp3, "artist"), "Nils Okafor");
    assert_eq!(fact(&mp3, "album"), "Night Ferries");
    assert!(
        fact(&mp3, "duration").starts_with("1.0"),
        "{}",
        fact(&mp3, "duration")
    );

    let text_details = details(text).await;
    assert!(text_details.resource.thumbnail.is_none());
    // The words for search; the value a front shows keeps the lines.
    assert_eq!(
        fact(&text_details, "text"),
        "socks toothbrush marmalade sandwiches"
    );
    let shown = text_details.facts.iter().find(|f| f.key == "text").unwrap();
    assert_eq!(
        shown.value,
        mahres_core::FactValue::document("socks\ntoothbrush\nmarmalade sandwiches\n")
    );

    // Words from inside documents, songs by artist.
    assert_eq!(search(&library, "zanzibar").await, vec![pdf.resource.id]);
    assert_eq!(search(&library, "marmalade").await, vec![text]);
    assert_eq!(search(&library, "okafor").await, vec![mp3.resource.id]);
    assert_eq!(
        search(&library, "artist:okafor").await,
        vec![mp3.resource.id]
    );
    assert_eq!(search(&library, "pages:3").await, vec![pdf.resource.id]);

    // What a file really is.
    let liar = details(liar).await;
    assert_eq!(liar.resource.content_type, "text/plain");
    assert_eq!(
        liar.name_mismatch.as_deref(),
        Some("named .png, but it is a text file")
    );
    assert!(liar.resource.thumbnail.is_none() && liar.resource.media_note.is_none());
    let empty = details(empty).await;
    assert_eq!(empty.resource.content_type, "application/x-empty");
    assert_eq!(empty.name_mismatch, None);

    // A HEIC and a JPEG of one photo are near duplicates.
    let groups = library.duplicates(8).await.unwrap();
    assert!(
        groups.iter().any(|g| {
            let members: Vec<ResourceId> = g.resources.iter().map(|m| m.id).collect();
            members.contains(&jpeg) && members.contains(&heic.resource.id)
        }),
        "{groups:?}\n{:?}",
        common::all_resources(&library)
            .await
            .iter()
            .map(|r| (r.id, r.name.clone(), r.perceptual_hash.clone()))
            .collect::<Vec<_>>()
    );
}

/// The grid's first page for `query` (blank: the whole listing), by name.
async fn tiles(library: &Library, query: &str) -> mahres_core::TilePage {
    library
        .tiles(mahres_core::TileQuery {
            query: query.into(),
            sort: mahres_core::SortOrder::Name,
            offset: 0,
            limit: 100,
        })
        .await
        .unwrap()
}

async fn listed(library: &Library) -> Vec<String> {
    let page = tiles(library, "").await;
    assert_eq!(page.total as usize, page.tiles.len());
    page.tiles.iter().map(|t| t.name.clone()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_raw_and_the_jpeg_of_its_shot_are_one_item_unless_the_library_says_otherwise() {
    let shoot = tempfile::tempdir().unwrap();
    let at = |name: &str| shoot.path().join(name);
    photo(600, 400).save(at("IMG_0420.JPG")).unwrap();
    write_dng(&at("IMG_0420.dng"), &jpeg_bytes(&photo(600, 400)), 1);
    // A raw shot alone, and a JPEG alone.
    write_dng(&at("IMG_0421.dng"), &jpeg_bytes(&photo(600, 400)), 1);
    photo(300, 200).save(at("IMG_0422.jpg")).unwrap();
    // The same name in another folder is another shot.
    std::fs::create_dir(at("other")).unwrap();
    write_dng(&at("other/IMG_0420.dng"), &jpeg_bytes(&photo(600, 400)), 1);

    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    import(&library, &[shoot.path().to_path_buf()]).await;

    // One item for the pair, the raw attached to it.
    assert_eq!(
        listed(&library).await,
        [
            "IMG_0420.dng",
            "IMG_0420.JPG",
            "IMG_0421.dng",
            "IMG_0422.jpg"
        ],
        "the other folder's IMG_0420.dng stays, the paired one leaves"
    );
    let page = tiles(&library, "img_0420").await;
    let names: Vec<_> = page.tiles.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names.len(),
        2,
        "{names:?}: the JPEG and the other folder's raw"
    );
    let jpeg = page
        .tiles
        .iter()
        .find(|t| t.name == "IMG_0420.JPG")
        .unwrap();
    assert_eq!(jpeg.companion_type.as_deref(), Some("image/x-adobe-dng"));
    let details = library.resource(jpeg.id).await.unwrap();
    assert_eq!(details.companions.len(), 1);
    assert_eq!(details.companions[0].name, "IMG_0420.dng");
    let days: u64 = library
        .timeline(String::new(), mahres_core::SortOrder::Newest)
        .await
        .unwrap()
        .iter()
        .map(|d| d.count)
        .sum();
    assert_eq!(days, 4, "the timeline counts the pair once");
    // A pair is not a pair of duplicates.
    let duplicates = library.duplicates(8).await.unwrap();
    assert!(
        duplicates
            .iter()
            .all(|g| g.resources.iter().all(|r| r.companion_of.is_none())),
        "{duplicates:?}"
    );

    // Setting off: two items, as the files are.
    let mut settings = library.settings().await.unwrap();
    settings.raw_jpeg_pairs = false;
    library.set_settings(settings).await.unwrap();
    assert_eq!(listed(&library).await.len(), 5);
    assert_eq!(search(&library, "img_0420").await.len(), 3);
    // Nothing then claims the raw is attached.
    let details = library.resource(jpeg.id).await.unwrap();
    assert!(details.companions.is_empty());
    let page = tiles(&library, "").await;
    assert!(page.tiles.iter().all(|t| t.companion_type.is_none()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn songs_in_every_common_container_tell_title_artist_album_and_length() {
    let dir = tempfile::tempdir().unwrap();
    let cover = dir.path().join("cover.jpg");
    photo(200, 200).save(&cover).unwrap();
    let mut files = Vec::new();
    for (name, codec) in [
        ("song.flac", "flac"),
        ("song.m4a", "aac"),
        ("song.ogg", "libvorbis"),
        ("song.wav", "pcm_s16le"),
    ] {
        let path = dir.path().join(name);
        common::ffmpeg_lavfi(
            "sine=frequency=330:duration=2",
            &[
                "-c:a",
                codec,
                "-metadata",
                "title=Low Tide",
                "-metadata",
                "artist=Ines Varga",
                "-metadata",
                "album=Coastlines",
                "-y",
                path.to_str().unwrap(),
            ],
        );
        files.push(path);
    }
    // A FLAC with its cover as a picture block.
    let covered = dir.path().join("covered.flac");
    common::ffmpeg_lavfi(
        "sine=duration=1",
        &[
            "-i",
            cover.to_str().unwrap(),
            "-map",
            "0:a",
            "-map",
            "1:v",
            "-c:a",
            "flac",
            "-c:v",
            "copy",
            "-disposition:v",
            "attached_pic",
            "-metadata",
            "artist=Ines Varga",
            "-y",
            covered.to_str().unwrap(),
        ],
    );
    files.push(covered);

    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    let ids = import(&library, &files).await;
    for id in &ids[..4] {
        let details = library.resource(*id).await.unwrap();
        let name = details.resource.original_name.clone();
        assert_eq!(fact(&details, "artist"), "Ines Varga", "{name}");
        assert_eq!(fact(&details, "title"), "Low Tide", "{name}");
        assert_eq!(fact(&details, "album"), "Coastlines", "{name}");
        assert!(
            fact(&details, "duration").starts_with('2'),
            "{name}: {}",
            fact(&details, "duration")
        );
        assert!(
            details
                .resource
                .media_note
                .as_deref()
                .is_some_and(|n| n.contains("no cover art")),
            "{name}: {:?}",
            details.resource.media_note
        );
    }
    let covered = library.resource(ids[4]).await.unwrap();
    assert_pictured(root.path(), &covered, 200, 200);
    assert_eq!(search(&library, "varga").await.len(), 5);
}

/// Camera raw files keep their metadata where each maker puts it: Canon's
/// CR3 in CMT boxes, Fujifilm's RAF in its embedded JPEG, DNG in IFD0 and
/// the Exif IFD (written by exiftool into the hand-made DNG).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_files_tell_their_camera_lens_exposure_and_date() {
    use common::formats::{Tiff, tiff_block, write_cr3, write_raf};
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);

    let cr3 = at("IMG_2001.CR3");
    let ifd0 = tiff_block(&[
        (0x010f, Tiff::Ascii("Canon")),
        (0x0110, Tiff::Ascii("Canon EOS R5")),
        (0x0112, Tiff::Short(1)),
    ]);
    let exif_ifd = tiff_block(&[
        (0x829a, Tiff::Rational(1, 500)),
        (0x829d, Tiff::Rational(56, 10)),
        (0x8827, Tiff::Short(3200)),
        (0x9003, Tiff::Ascii("2021:03:05 07:08:09")),
        (0x9011, Tiff::Ascii("+09:00")),
        (0x920a, Tiff::Rational(50, 1)),
        (0xa434, Tiff::Ascii("RF50mm F1.2 L USM")),
    ]);
    write_cr3(&cr3, &ifd0, &exif_ifd, &jpeg_bytes(&photo(540, 360)));

    let raf_jpeg = at("raf-preview.jpg");
    photo(600, 400).save(&raf_jpeg).unwrap();
    exiftool(
        &raf_jpeg,
        &[
            "-EXIF:Make=FUJIFILM",
            "-EXIF:Model=X-T4",
            "-EXIF:LensModel=XF23mmF2 R WR",
            "-EXIF:FNumber=2",
            "-EXIF:ISO=640",
            "-EXIF:DateTimeOriginal=2020:10:31 16:20:00",
            "-EXIF:OffsetTimeOriginal=+01:00",
        ],
    );
    let raf = at("DSCF3002.RAF");
    write_raf(&raf, "X-T4", &std::fs::read(&raf_jpeg).unwrap());
    std::fs::remove_file(&raf_jpeg).unwrap();

    let dng = at("PXL_4003.dng");
    write_dng(&dng, &jpeg_bytes(&photo(600, 400)), 1);
    exiftool(
        &dng,
        &[
            "-EXIF:Make=Google",
            "-EXIF:Model=Pixel 7",
            "-EXIF:ISO=50",
            "-EXIF:ExposureTime=1/1000",
            "-EXIF:DateTimeOriginal=2023:06:21 12:00:00",
        ],
    );

    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    let [cr3, raf, dng] = import(&library, &[cr3, raf, dng]).await[..] else {
        panic!("three imported")
    };
    let cr3 = library.resource(cr3).await.unwrap();
    assert_eq!(cr3.resource.content_type, "image/x-canon-cr3");
    assert_drawn(root.path(), &cr3, 540, 360);
    assert_eq!(fact(&cr3, "camera"), "Canon EOS R5");
    assert_eq!(fact(&cr3, "lens"), "RF50mm F1.2 L USM");
    assert_eq!(fact(&cr3, "iso"), "3200");
    assert_eq!(fact(&cr3, "exposure"), "1/500");
    assert_eq!(fact(&cr3, "aperture"), "ƒ/5.6");
    let taken = cr3.facts.iter().find(|f| f.key == "taken").unwrap();
    assert_eq!(taken.iso8601.as_deref(), Some("2021-03-05T07:08:09+09:00"));

    let raf = library.resource(raf).await.unwrap();
    assert_eq!(raf.resource.content_type, "image/x-fuji-raf");
    assert_drawn(root.path(), &raf, 600, 400);
    assert_eq!(fact(&raf, "camera"), "Fujifilm X-T4");
    assert_eq!(fact(&raf, "lens"), "XF23mmF2 R WR");
    assert_eq!(fact(&raf, "iso"), "640");
    let taken = raf.facts.iter().find(|f| f.key == "taken").unwrap();
    assert_eq!(taken.iso8601.as_deref(), Some("2020-10-31T16:20:00+01:00"));

    let dng = library.resource(dng).await.unwrap();
    assert_drawn(root.path(), &dng, 600, 400);
    assert_eq!(fact(&dng, "camera"), "Google Pixel 7");
    assert_eq!(fact(&dng, "exposure"), "1/1000");
    assert!(fact(&dng, "taken").starts_with("2023-06-21 12:00:00"));

    assert_eq!(
        search(&library, "camera:canon").await,
        vec![cr3.resource.id]
    );
    assert_eq!(
        search(&library, "taken:2020-10").await,
        vec![raf.resource.id]
    );
    assert_eq!(search(&library, "iso:>1600").await, vec![cr3.resource.id]);
    library.close(Duration::from_secs(1)).await;
}
