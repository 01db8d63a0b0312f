//! Photo and video metadata end to end: files written in the test (pixels
//! by the `image` crate, EXIF/XMP/IPTC by exiftool, HEIC by heif-enc, MP4 by
//! ffmpeg — Debian's libimage-exiftool-perl, libheif-examples, ffmpeg, which
//! scripts/test.sh installs), imported into a real library, read back as
//! facts, dates, tags and searches.

mod common;

use common::{PARIS_PHOTO, exiftool, ffmpeg_lavfi, run, write_jpeg};

use std::path::{Path, PathBuf};
use std::time::Duration;

use mahres_core::model::{DateSource, ResourceId};
use mahres_core::{FactValue, Library, SortOrder};

/// Tags of a photo taken in Kyoto with a Fujifilm, no offset given.
const KYOTO_PHOTO: &[&str] = &[
    "-EXIF:Make=FUJIFILM",
    "-EXIF:Model=X-T3",
    "-EXIF:ISO=3200",
    "-EXIF:DateTimeOriginal=2021:04:02 09:15:00",
    "-EXIF:GPSLatitude=35.0116",
    "-EXIF:GPSLatitudeRef=N",
    "-EXIF:GPSLongitude=135.7681",
    "-EXIF:GPSLongitudeRef=E",
];

struct Files {
    _dir: tempfile::TempDir,
    paris_jpeg: PathBuf,
    kyoto_heic: PathBuf,
    png: PathBuf,
    sideways: PathBuf,
    video: PathBuf,
    plain: PathBuf,
}

fn make_files() -> Files {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);
    let paris_jpeg = at("paris.jpg");
    write_jpeg(&paris_jpeg, 320, 200);
    exiftool(&paris_jpeg, PARIS_PHOTO);

    let kyoto_png = at("kyoto-source.png");
    common::write_png(&kyoto_png, 64, 48, 3);
    let kyoto_heic = at("kyoto.heic");
    run(
        "heif-enc",
        &[
            "-q",
            "60",
            "-o",
            kyoto_heic.to_str().unwrap(),
            kyoto_png.to_str().unwrap(),
        ],
    );
    exiftool(&kyoto_heic, KYOTO_PHOTO);

    // exiftool writes a PNG's EXIF as an eXIf chunk.
    let png = at("screenshot.png");
    common::write_png(&png, 40, 30, 9);
    exiftool(
        &png,
        &[
            "-EXIF:Make=Google",
            "-EXIF:Model=Pixel 7",
            "-EXIF:DateTimeOriginal=2020:01:05 12:00:00",
            "-EXIF:OffsetTimeOriginal=-05:00",
        ],
    );

    // Stored 1680 × 1050, displayed turned a quarter: 1050 × 1680.
    let sideways = at("portrait.jpg");
    write_jpeg(&sideways, 1680, 1050);
    exiftool(&sideways, &["-EXIF:Orientation#=6"]);

    let video = at("clip.mp4");
    common::write_mp4(&video, "320x240", 25, 2);
    exiftool(
        &video,
        &[
            "-QuickTime:CreateDate=2018:03:01 10:00:00",
            "-Keys:CreationDate=2018:03:01 11:00:00+01:00",
            "-Keys:GPSCoordinates=35.0116, 135.7681, 40",
        ],
    );

    let plain = at("plain.png");
    common::write_png(&plain, 20, 20, 1);
    Files {
        _dir: dir,
        paris_jpeg,
        kyoto_heic,
        png,
        sideways,
        video,
        plain,
    }
}

async fn import(library: &Library, files: &[&Path]) -> Vec<ResourceId> {
    let report = library
        .import(files.iter().map(|p| p.to_path_buf()).collect())
        .await
        .expect("import");
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let ids = report.imported.iter().map(|i| i.resource_id).collect();
    common::wait_idle(library, Duration::from_secs(60)).await;
    ids
}

async fn search(library: &Library, query: &str) -> Vec<ResourceId> {
    search_sorted(library, query, SortOrder::Relevance).await
}

async fn search_sorted(library: &Library, query: &str, sort: SortOrder) -> Vec<ResourceId> {
    common::search_resources(library, query, sort).await
}

fn fact<'a>(details: &'a mahres_core::model::ResourceDetails, key: &str) -> &'a mahres_core::Fact {
    details
        .facts
        .iter()
        .find(|f| f.key == key)
        .unwrap_or_else(|| {
            panic!(
                "no `{key}` among {:?}",
                details.facts.iter().map(|f| &f.key).collect::<Vec<_>>()
            )
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_and_videos_tell_when_where_and_with_what() {
    let files = make_files();
    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    let ids = import(
        &library,
        &[
            &files.paris_jpeg,
            &files.kyoto_heic,
            &files.png,
            &files.sideways,
            &files.video,
            &files.plain,
        ],
    )
    .await;
    let [paris, kyoto, png, sideways, video, plain] = ids[..] else {
        panic!("six imported")
    };

    // The JPEG: every field, written out as a person reads it.
    let details = library.resource(paris).await.unwrap();
    assert_eq!(fact(&details, "camera").text, "Canon EOS 5D Mark II");
    assert_eq!(fact(&details, "lens").text, "EF24-105mm f/4L IS USM");
    assert_eq!(fact(&details, "focal_length").text, "24");
    assert_eq!(fact(&details, "focal_length_35").text, "38");
    assert_eq!(fact(&details, "aperture").text, "ƒ/4");
    assert_eq!(fact(&details, "exposure").text, "1/250");
    assert_eq!(fact(&details, "iso").value, FactValue::integer(800));
    assert_eq!(fact(&details, "flash").text, "Fired");
    assert_eq!(
        fact(&details, "taken").iso8601.as_deref(),
        Some("2019-07-14T18:42:07+02:00")
    );
    let FactValue::GeoPoint {
        latitude,
        longitude,
    } = fact(&details, "gps").value
    else {
        panic!("gps is a point")
    };
    assert!((latitude - 48.8584).abs() < 1e-4 && (longitude - 2.2945).abs() < 1e-4);
    assert_eq!(fact(&details, "altitude").text, "35");
    assert_eq!(fact(&details, "place").text, "Paris, Ile-de-France, France");
    assert_eq!(fact(&details, "title").text, "Tower at dusk");
    assert_eq!(fact(&details, "caption").text, "From the Champ de Mars");
    assert_eq!(
        fact(&details, "keywords").value,
        FactValue::list(vec![
            "Places|France|Paris".into(),
            "tower".into(),
            "evening".into()
        ])
    );
    assert_eq!(
        fact(&details, "embedded_rating").value,
        FactValue::integer(4)
    );
    // Its date is the date taken; embedded keywords became tags.
    assert_eq!(details.resource.date_source, DateSource::Taken);
    let mut tags = details.resource.tags.clone();
    tags.sort();
    assert_eq!(tags, ["Places|France|Paris", "evening", "tower"]);

    // The HEIC, from Kyoto, with a time and no offset (a floating time).
    let details = library.resource(kyoto).await.unwrap();
    assert_eq!(fact(&details, "camera").text, "Fujifilm X-T3");
    assert_eq!(fact(&details, "iso").text, "3200");
    assert_eq!(
        fact(&details, "taken").iso8601.as_deref(),
        Some("2021-04-02T09:15:00")
    );
    assert!(
        fact(&details, "place").text.starts_with("Kyoto"),
        "{}",
        fact(&details, "place").text
    );

    // The PNG's eXIf chunk.
    let details = library.resource(png).await.unwrap();
    assert_eq!(fact(&details, "camera").text, "Google Pixel 7");
    assert_eq!(
        fact(&details, "taken").iso8601.as_deref(),
        Some("2020-01-05T12:00:00-05:00")
    );

    // Orientation 6: displayed sizes, and the orientation said in words.
    let details = library.resource(sideways).await.unwrap();
    assert_eq!(
        (details.resource.width, details.resource.height),
        (Some(1050), Some(1680))
    );
    assert_eq!(fact(&details, "orientation").text, "Rotated 90° clockwise");

    // The MP4: Apple's creation date with its offset, its place, its length.
    let details = library.resource(video).await.unwrap();
    assert_eq!(
        fact(&details, "taken").iso8601.as_deref(),
        Some("2018-03-01T11:00:00+01:00")
    );
    assert!(fact(&details, "place").text.starts_with("Kyoto"));
    assert_eq!(
        fact(&details, "duration").value,
        FactValue::duration_ms(2000)
    );
    assert_eq!(
        (details.resource.width, details.resource.height),
        (Some(320), Some(240))
    );
    assert_eq!(fact(&details, "frame_rate").text, "25");
    assert_eq!(fact(&details, "codec").text, "mpeg4");

    // No metadata: no facts, and a date that is the file's own.
    let details = library.resource(plain).await.unwrap();
    assert!(details.facts.is_empty(), "{:?}", details.facts);
    assert_eq!(details.resource.date_source, DateSource::File);

    // The search language over all of it.
    assert_eq!(search(&library, "place:paris").await, [paris]);
    assert_eq!(search(&library, "paris").await, [paris]);
    let mut in_kyoto = search(&library, "place:kyoto").await;
    in_kyoto.sort();
    assert_eq!(in_kyoto, [kyoto, video]);
    assert_eq!(search(&library, "place:japan").await.len(), 2);
    assert_eq!(search(&library, "camera:canon").await, [paris]);
    assert_eq!(search(&library, "canon").await, [paris]);
    assert_eq!(search(&library, "lens:24-105").await, [paris]);
    assert_eq!(search(&library, "iso:>1600").await, [kyoto]);
    assert_eq!(search(&library, "taken:2019-07").await, [paris]);
    assert_eq!(search(&library, "taken:2019-07-14").await, [paris]);
    assert!(search(&library, "taken:2019-01..2019-06").await.is_empty());
    let mut spring = search(&library, "taken:2018..2020-01").await;
    spring.sort();
    assert_eq!(spring, [paris, png, video]);
    let mut located = search(&library, "has:gps").await;
    located.sort();
    assert_eq!(located, [paris, kyoto, video]);
    assert_eq!(search(&library, "date:2019-07").await, [paris]);
    assert_eq!(search(&library, "tower evening").await, [paris]);

    // Sorted by date taken, newest first; those without one last.
    let by_taken = search_sorted(
        &library,
        "has:taken",
        SortOrder::Fact {
            key: "taken".into(),
            descending: true,
        },
    )
    .await;
    assert_eq!(by_taken, [kyoto, png, paris, video]);
    // The grid's date sort: date taken where known, else the file's time
    // (now, for files written by this test), so the taken ones come last.
    let page = library
        .tiles(mahres_core::TileQuery {
            query: String::new(),
            sort: SortOrder::Oldest,
            offset: 0,
            limit: 100,
        })
        .await
        .unwrap();
    let oldest: Vec<ResourceId> = page.tiles.iter().map(|t| t.id).collect();
    assert_eq!(&oldest[..4], [video, paris, png, kyoto]);

    // The timeline: days in the grid's order, counts that add up.
    let days = library
        .timeline(String::new(), SortOrder::Newest)
        .await
        .unwrap();
    assert_eq!(days.iter().map(|d| d.count).sum::<u64>(), 6);
    let taken_days: Vec<&str> = days.iter().rev().take(4).map(|d| d.day.as_str()).collect();
    assert_eq!(
        taken_days,
        ["2018-03-01", "2019-07-14", "2020-01-05", "2021-04-02"]
    );
    let located = library
        .timeline("has:gps".into(), SortOrder::Oldest)
        .await
        .unwrap();
    let located: Vec<(&str, u64)> = located.iter().map(|d| (d.day.as_str(), d.count)).collect();
    assert_eq!(
        located,
        [("2018-03-01", 1), ("2019-07-14", 1), ("2021-04-02", 1)]
    );
    assert!(
        library
            .timeline(String::new(), SortOrder::Name)
            .await
            .is_err()
    );
    library.close(Duration::from_secs(1)).await;
}

/// A JPEG with the Paris tags, damaged by `damage` after exiftool wrote it.
fn damaged(dir: &Path, name: &str, damage: impl FnOnce(&mut Vec<u8>)) -> PathBuf {
    let path = dir.join(name);
    write_jpeg(&path, 96, 64);
    exiftool(&path, PARIS_PHOTO);
    let mut bytes = std::fs::read(&path).unwrap();
    damage(&mut bytes);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn put_u16(bytes: &mut [u8], at: usize, value: u16) {
    bytes[at..at + 2].copy_from_slice(&value.to_be_bytes());
}

fn put_u32(bytes: &mut [u8], at: usize, value: u32) {
    bytes[at..at + 4].copy_from_slice(&value.to_be_bytes());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrupt_metadata_gets_its_own_outcome_and_harms_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let entries = |bytes: &[u8]| {
        let (_, ifd0) = common::exif_offsets(bytes);
        u16::from_be_bytes([bytes[ifd0], bytes[ifd0 + 1]]) as usize
    };
    let corpus = [
        // IFD0's next-IFD pointer points back at IFD0: a loop.
        damaged(d, "loop.jpg", |b| {
            let (tiff, ifd0) = common::exif_offsets(b);
            let next = ifd0 + 2 + 12 * entries(b);
            put_u32(b, next, (ifd0 - tiff) as u32);
        }),
        // An absurd entry count.
        damaged(d, "count.jpg", |b| {
            let (_, ifd0) = common::exif_offsets(b);
            put_u16(b, ifd0, 0xFFFF);
        }),
        // The first entry (Make) declares 2 GB of text at an offset past the end.
        damaged(d, "huge-tag.jpg", |b| {
            let (_, ifd0) = common::exif_offsets(b);
            put_u32(b, ifd0 + 2 + 4, 0x7FFF_FFFF);
            put_u32(b, ifd0 + 2 + 8, 0x7FFF_FF00);
        }),
        // Every entry's value offset past the end of the file.
        damaged(d, "offsets.jpg", |b| {
            let (_, ifd0) = common::exif_offsets(b);
            for entry in 0..entries(b) {
                put_u32(b, ifd0 + 2 + 12 * entry + 8, 0xFFFF_FFF0);
            }
        }),
        // The EXIF block cut in the middle (and the picture with it).
        damaged(d, "cut.jpg", |b| {
            let (_, ifd0) = common::exif_offsets(b);
            b.truncate(ifd0 + 40);
        }),
        // The XMP packet never closes; the IPTC record claims more than it has.
        damaged(d, "xmp-iptc.jpg", |b| {
            if let Some(end) = b.windows(12).position(|w| w == b"</x:xmpmeta>") {
                b[end..end + 12].copy_from_slice(b"</x:xmpmetX>");
            }
            if let Some(at) = b.windows(3).position(|w| w == [0x1C, 2, 25]) {
                put_u16(b, at + 3, 0x7FF0);
            }
        }),
    ];
    // Impossible values, written by exiftool as the file says them.
    let zero_date = d.join("zero-date.jpg");
    write_jpeg(&zero_date, 32, 32);
    exiftool(
        &zero_date,
        &[
            "-EXIF:DateTimeOriginal=0000:00:00 00:00:00",
            "-EXIF:Make=Nobody",
        ],
    );
    let far_gps = d.join("far-gps.jpg");
    write_jpeg(&far_gps, 32, 32);
    exiftool(
        &far_gps,
        &[
            "-n",
            "-EXIF:GPSLatitude=95",
            "-EXIF:GPSLatitudeRef=N",
            "-EXIF:GPSLongitude=200",
            "-EXIF:GPSLongitudeRef=E",
        ],
    );
    let good = d.join("good.jpg");
    write_jpeg(&good, 96, 64);
    exiftool(&good, PARIS_PHOTO);

    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    let mut files: Vec<&Path> = corpus.iter().map(PathBuf::as_path).collect();
    files.extend([zero_date.as_path(), far_gps.as_path(), good.as_path()]);
    let ids = import(&library, &files).await;

    // Every file has its outcome; none took the reader down or hung it.
    let failures = library
        .failures(mahres_core::FailureFilter::All, 100)
        .await
        .unwrap();
    let metadata_failures: Vec<_> = failures
        .iter()
        .filter(|f| f.handler == "metadata")
        .collect();
    assert!(
        metadata_failures.is_empty(),
        "metadata is read or its damage noted, never a failure: {metadata_failures:?}"
    );
    for (path, id) in files.iter().zip(&ids) {
        let details = library.resource(*id).await.unwrap();
        let facts: Vec<(&str, &str)> = details
            .facts
            .iter()
            .map(|f| (f.key.as_str(), f.text.as_str()))
            .collect();
        eprintln!("{}: {facts:?}", path.display());
        for fact in &details.facts {
            if let FactValue::GeoPoint {
                latitude,
                longitude,
            } = fact.value
            {
                assert!(latitude.abs() <= 90.0 && longitude.abs() <= 180.0);
            }
        }
    }
    let fact_of = |details: &mahres_core::model::ResourceDetails, key: &str| {
        details
            .facts
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.text.clone())
    };
    // A zero date is no date, and the camera beside it still reads.
    let zero = library.resource(ids[6]).await.unwrap();
    assert_eq!(fact_of(&zero, "taken"), None);
    assert_eq!(fact_of(&zero, "camera").as_deref(), Some("Nobody"));
    assert_eq!(zero.resource.date_source, DateSource::File);
    // Coordinates off the globe are dropped.
    let far = library.resource(ids[7]).await.unwrap();
    assert_eq!(fact_of(&far, "gps"), None);
    // The good file beside them is whole, thumbnail and all.
    let good = library.resource(ids[8]).await.unwrap();
    assert_eq!(
        fact_of(&good, "place").as_deref(),
        Some("Paris, Ile-de-France, France")
    );
    assert!(good.resource.thumbnail.is_some());
    // Damage that loses what a file said is named where the person looks.
    for (index, words) in [
        (1, "the EXIF block is damaged"),
        (4, "the EXIF block is damaged"),
        (5, "the XMP metadata is cut off"),
    ] {
        let details = library.resource(ids[index]).await.unwrap();
        let problem = fact_of(&details, "metadata_problem").unwrap_or_default();
        assert!(
            problem.contains(words),
            "{}: {problem:?}",
            files[index].display()
        );
    }
    // The loop and the absurd counts leave the picture itself readable.
    for damaged in [0, 1, 2, 3] {
        let details = library.resource(ids[damaged]).await.unwrap();
        assert!(
            details.resource.thumbnail.is_some(),
            "{}: no thumbnail",
            files[damaged].display()
        );
    }
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_library_from_before_the_reader_gets_its_metadata_without_new_thumbnails() {
    let files = make_files();
    let root = tempfile::tempdir().unwrap();
    let done = |status: &mahres_core::bus::BusStatus, name: &str| {
        status
            .handlers
            .iter()
            .find(|h| h.name == name)
            .map_or(0, |h| h.counts.done)
    };
    // An older library: every handler but the metadata reader.
    let mut older = mahres_core::handlers::default_handlers();
    older.retain(|h| h.name() != "metadata");
    let library = common::open(root.path(), older).await;
    let [paris, sideways] = import(&library, &[&files.paris_jpeg, &files.sideways]).await[..]
    else {
        panic!("two imported")
    };
    assert!(library.resource(paris).await.unwrap().facts.is_empty());
    let thumbnails_before = done(&library.status().await.unwrap(), "thumbnail");
    library.close(Duration::from_secs(1)).await;
    drop(library);

    // The upgrade: the reader runs over what was there, and only the reader.
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    common::wait_idle(&library, Duration::from_secs(60)).await;
    let status = library.status().await.unwrap();
    assert_eq!(
        done(&status, "metadata"),
        2,
        "one job per existing resource"
    );
    assert_eq!(
        done(&status, "thumbnail"),
        thumbnails_before,
        "no thumbnail redone"
    );
    let details = library.resource(paris).await.unwrap();
    assert_eq!(
        details
            .facts
            .iter()
            .find(|f| f.key == "camera")
            .map(|f| f.text.as_str()),
        Some("Canon EOS 5D Mark II")
    );
    assert_eq!(details.resource.date_source, DateSource::Taken);
    // Keywords become tags for files arriving, not for files already organised.
    assert!(details.resource.tags.is_empty());
    assert_eq!(search(&library, "place:paris").await, [paris]);
    let turned = library.resource(sideways).await.unwrap();
    assert_eq!(
        (turned.resource.width, turned.resource.height),
        (Some(1050), Some(1680))
    );
    library.close(Duration::from_secs(1)).await;
    drop(library);

    // Once: the next open queues nothing.
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    common::wait_idle(&library, Duration::from_secs(60)).await;
    assert_eq!(done(&library.status().await.unwrap(), "metadata"), 2);
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tiffs_and_matroska_videos_read_too() {
    let dir = tempfile::tempdir().unwrap();
    // A TIFF with camera EXIF: the container DNG and most RAW formats use.
    let tiff = dir.path().join("scan.tif");
    image::RgbImage::from_fn(48, 32, |x, y| image::Rgb([x as u8, y as u8, 90]))
        .save(&tiff)
        .unwrap();
    exiftool(
        &tiff,
        &[
            "-EXIF:Make=NIKON CORPORATION",
            "-EXIF:Model=Z 6",
            "-EXIF:ISO=1600",
            "-EXIF:DateTimeOriginal=2017:12:24 20:00:00",
            "-EXIF:OffsetTimeOriginal=+01:00",
        ],
    );
    // An MKV with its creation time, as ffmpeg writes it (UTC).
    let mkv = dir.path().join("clip.mkv");
    ffmpeg_lavfi(
        "testsrc=size=160x120:rate=10:duration=3",
        &[
            "-c:v",
            "mpeg4",
            "-metadata",
            "creation_time=2016-05-01T10:00:00Z",
            "-y",
            mkv.to_str().unwrap(),
        ],
    );
    // A song: its length and codec come from ffprobe.
    let song = dir.path().join("tone.mp3");
    ffmpeg_lavfi(
        "sine=frequency=440:duration=2",
        &["-c:a", "libmp3lame", "-y", song.to_str().unwrap()],
    );
    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    let [tiff_id, mkv_id, song_id] = import(&library, &[&tiff, &mkv, &song]).await[..] else {
        panic!("three imported")
    };
    let details = library.resource(song_id).await.unwrap();
    assert_eq!(fact(&details, "codec").text, "mp3");
    let FactValue::Duration { ms } = fact(&details, "duration").value else {
        panic!("a duration")
    };
    assert!((1950..=2100).contains(&ms), "{ms} ms");
    let details = library.resource(tiff_id).await.unwrap();
    assert_eq!(fact(&details, "camera").text, "Nikon Z 6");
    assert_eq!(fact(&details, "iso").text, "1600");
    assert_eq!(
        fact(&details, "taken").iso8601.as_deref(),
        Some("2017-12-24T20:00:00+01:00")
    );
    let details = library.resource(mkv_id).await.unwrap();
    assert_eq!(
        fact(&details, "duration").value,
        FactValue::duration_ms(3000)
    );
    let FactValue::Timestamp { utc_ms, .. } = fact(&details, "taken").value else {
        panic!("a timestamp")
    };
    assert_eq!(utc_ms, 1_462_096_800_000, "2016-05-01 10:00 UTC");
    assert_eq!(
        (details.resource.width, details.resource.height),
        (Some(160), Some(120))
    );
    library.close(Duration::from_secs(1)).await;
}
