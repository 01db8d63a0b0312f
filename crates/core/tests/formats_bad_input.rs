//! Damaged HEIC, AVIF, raw, SVG, PDF and MP3 files: every reader survives a
//! corpus of cut-off and bit-flipped copies, and in a library each damaged
//! file fails its handler once with words a person reads, while a good photo
//! beside it is processed as usual. Bombs (a PDF page of 200 × 200 inches, an
//! SVG of nested `<use>`) are refused quickly.

mod common;

use common::formats::{heif_enc, jpeg_bytes, photo, write_dng, write_mp3, write_pdf};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mahres_core::model::JobState;

/// One good file of each new kind: (file, content type).
fn originals(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    let at = |name: &str| dir.join(name);
    let png = at("source.png");
    photo(320, 200).save(&png).unwrap();
    let heic = at("photo.heic");
    heif_enc(&png, &heic, &[]);
    let avif = at("photo.avif");
    heif_enc(&png, &avif, &["-A"]);
    let dng = at("photo.dng");
    write_dng(&dng, &jpeg_bytes(&photo(300, 200)), 1);
    let svg = at("drawing.svg");
    std::fs::write(
        &svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="50" height="30"><rect width="50" height="30" fill="#123456"/><text x="5" y="20">Hi</text></svg>"##,
    )
    .unwrap();
    let pdf = at("document.pdf");
    write_pdf(&pdf, &["First", "Second", "Third"]);
    let cover = at("cover.jpg");
    photo(64, 64).save(&cover).unwrap();
    let mp3 = at("song.mp3");
    write_mp3(&mp3, &cover);
    vec![
        (heic, "image/heif"),
        (avif, "image/avif"),
        (dng, "image/x-adobe-dng"),
        (svg, "image/svg+xml"),
        (pdf, "application/pdf"),
        (mp3, "audio/mpeg"),
    ]
}

/// Cut-off copies at several lengths and copies with bytes flipped.
fn damaged_copies(bytes: &[u8], seed: u64) -> Vec<Vec<u8>> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut copies = Vec::new();
    for eighths in 0..8 {
        copies.push(bytes[..bytes.len() * eighths / 8].to_vec());
    }
    for _ in 0..24 {
        let mut copy = bytes.to_vec();
        for _ in 0..rng.usize(1..8) {
            let at = rng.usize(..copy.len());
            copy[at] ^= 1 << rng.u8(..8);
        }
        copies.push(copy);
    }
    copies
}

#[test]
fn every_reader_survives_cut_off_and_bit_flipped_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut runs = 0;
    let started = Instant::now();
    for (i, (original, content_type)) in originals(dir.path()).into_iter().enumerate() {
        let bytes = std::fs::read(&original).unwrap();
        let extension = original.extension().unwrap().to_str().unwrap().to_string();
        for (j, copy) in damaged_copies(&bytes, i as u64).into_iter().enumerate() {
            let path = dir.path().join(format!("damaged-{i}-{j}.{extension}"));
            std::fs::write(&path, &copy).unwrap();
            // Any outcome but a panic or a hang: the bytes are what they are.
            let _ = mahres_core::media::render_resource(
                &path,
                content_type,
                mahres_core::media::Size::Preview,
            );
            let _ = mahres_core::metadata::read(&path, content_type);
            if content_type == "application/pdf" {
                let _ = mahres_core::media::pdf::text(&path);
                let _ = mahres_core::media::pdf::info(&path);
            }
            runs += 1;
        }
    }
    assert_eq!(runs, 6 * 32);
    // Each damaged file is refused fast; a hang would show here long before
    // the programs' own 30-second limits.
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_file_of_each_kind_fails_once_in_plain_words_and_costs_nothing_else() {
    let source = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (original, _) in originals(source.path()) {
        let bytes = std::fs::read(&original).unwrap();
        let name = original.file_name().unwrap().to_str().unwrap();
        // The second half gone: the signature is right, the content is not.
        // (A song's cover comes first: cut that one inside its cover.)
        let cut = match original.extension().and_then(|e| e.to_str()) {
            Some("mp3") => {
                let cover = bytes
                    .windows(3)
                    .position(|w| w == [0xff, 0xd8, 0xff])
                    .unwrap();
                cover + 100
            }
            _ => bytes.len() / 2,
        };
        let damaged = source.path().join(format!("cut-{name}"));
        std::fs::write(&damaged, &bytes[..cut]).unwrap();
        files.push(damaged);
    }
    let good = source.path().join("good.jpg");
    photo(200, 100).save(&good).unwrap();
    files.push(good);

    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    let report = library.import(files).await.unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    common::wait_idle(&library, Duration::from_secs(120)).await;
    let ids: Vec<_> = report.imported.iter().map(|i| i.resource_id).collect();
    let (good, damaged) = ids.split_last().unwrap();

    let good = library.resource(*good).await.unwrap();
    assert!(good.resource.thumbnail.is_some(), "{:?}", good.processing);
    assert!(good.processing.is_empty(), "{:?}", good.processing);
    assert_eq!(
        (good.resource.width, good.resource.height),
        (Some(200), Some(100))
    );

    for id in damaged {
        let details = library.resource(*id).await.unwrap();
        let name = &details.resource.original_name;
        assert!(details.resource.thumbnail.is_none(), "{name}");
        let failed: Vec<_> = details
            .processing
            .iter()
            .filter(|j| j.state == JobState::Dead)
            .collect();
        let thumbnail = failed
            .iter()
            .find(|j| j.handler == "thumbnail")
            .unwrap_or_else(|| panic!("{name}: {:?}", details.processing));
        // Failed for good at the first try: the same bytes fail the same way.
        assert_eq!(thumbnail.attempts, 1, "{name}");
        let words = thumbnail.last_error.as_deref().unwrap();
        assert!(
            words.contains("damaged") || words.contains("cut off") || words.contains("incomplete"),
            "{name}: {words}"
        );
        // The hash still ran: one handler's failure is not the others'.
        assert!(details.resource.md5.is_some(), "{name}");
    }
}

#[test]
fn a_pdf_bomb_and_a_huge_drawing_are_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    // A page 200 × 200 inches (14400 pt): rendered only at the preview's size.
    let huge = dir.path().join("huge.pdf");
    write_pdf(&huge, &["Big"]);
    let bytes = std::fs::read(&huge).unwrap();
    let text = String::from_utf8_lossy(&bytes).replace("[0 0 612 792]", "[0 0 14400 14400]");
    // Same length is not needed: Poppler rebuilds a broken xref table.
    std::fs::write(&huge, text).unwrap();
    let started = Instant::now();
    let page = mahres_core::media::render_resource(
        &huge,
        "application/pdf",
        mahres_core::media::Size::Preview,
    )
    .unwrap()
    .unwrap();
    assert!(page.image.width() <= 1024 && page.image.height() <= 1024);
    assert!(started.elapsed() < Duration::from_secs(10));

    // A drawing of 10^11 elements once its `<use>` are expanded.
    let mut svg = String::from(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><defs><path id="l0" d="M0 0h1v1z"/>"#,
    );
    for level in 1..12 {
        svg.push_str(&format!(r#"<g id="l{level}">"#));
        for _ in 0..10 {
            svg.push_str(&format!(r##"<use xlink:href="#l{}"/>"##, level - 1));
        }
        svg.push_str("</g>");
    }
    svg.push_str(r##"</defs><use xlink:href="#l11"/></svg>"##);
    let bomb = dir.path().join("bomb.svg");
    std::fs::write(&bomb, svg).unwrap();
    let started = Instant::now();
    let refused = mahres_core::media::render_resource(
        &bomb,
        "image/svg+xml",
        mahres_core::media::Size::Preview,
    );
    assert!(
        matches!(&refused, Err(mahres_core::media::RenderError::Undecodable(why)) if why.contains("too complex")),
        "{:?}",
        refused.err()
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_raw_file_without_a_preview_says_so_and_is_not_a_failure() {
    let source = tempfile::tempdir().unwrap();
    let dng = source.path().join("bare.dng");
    write_dng(&dng, &jpeg_bytes(&photo(300, 200)), 1);
    // IFD0's photometric interpretation 6 (YCbCr: a preview) becomes 32803
    // (CFA: sensor data), so the file has nothing but sensor data.
    let mut bytes = std::fs::read(&dng).unwrap();
    let entry = (0..bytes.len() - 12)
        .find(|&i| bytes[i..i + 4] == [0x06, 0x01, 0x03, 0x00] && bytes[i + 8..i + 10] == [6, 0])
        .unwrap();
    bytes[entry + 8..entry + 10].copy_from_slice(&32803u16.to_le_bytes());
    std::fs::write(&dng, &bytes).unwrap();

    let root = tempfile::tempdir().unwrap();
    let library = common::open(root.path(), mahres_core::handlers::default_handlers()).await;
    let report = library.import(vec![dng]).await.unwrap();
    common::wait_idle(&library, Duration::from_secs(60)).await;
    let details = library
        .resource(report.imported[0].resource_id)
        .await
        .unwrap();
    assert!(details.resource.thumbnail.is_none());
    let note = details.resource.media_note.as_deref().unwrap_or_default();
    assert!(note.contains("carries no preview image"), "{note}");
    assert!(details.processing.is_empty(), "{:?}", details.processing);
}
