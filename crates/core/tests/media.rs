//! Thumbnails, perceptual hashes and duplicates on generated images (and one
//! CMYK JPEG fixture, which the image crate cannot write).

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use image::{DynamicImage, GenericImageView, Rgb, RgbImage, Rgba, RgbaImage};
use mahres_core::duplicates::{DEFAULT_THRESHOLD, DuplicateKind};
use mahres_core::media;
use mahres_core::model::Resource;
use mahres_core::{FailureFilter, Library, NoteTarget};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

/// A photo-like picture: smooth gradients, a few shapes and grain, varied by seed.
fn photo(width: u32, height: u32, seed: u64) -> RgbImage {
    let mut rng = fastrand::Rng::with_seed(seed);
    let circles: Vec<(f32, f32, f32, [u8; 3])> = (0..6)
        .map(|_| {
            (
                rng.f32() * width as f32,
                rng.f32() * height as f32,
                (0.08 + rng.f32() * 0.25) * width.min(height) as f32,
                [rng.u8(..), rng.u8(..), rng.u8(..)],
            )
        })
        .collect();
    let (fx, fy) = (1.0 + rng.f32() * 4.0, 1.0 + rng.f32() * 4.0);
    RgbImage::from_fn(width, height, |x, y| {
        let (u, v) = (x as f32 / width as f32, y as f32 / height as f32);
        let mut p = [
            128.0 + 100.0 * (u * fx * 3.0).sin(),
            128.0 + 100.0 * (v * fy * 3.0).cos(),
            128.0 + 80.0 * ((u + v) * 5.0).sin(),
        ];
        for (cx, cy, r, color) in &circles {
            let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
            if d < *r {
                for c in 0..3 {
                    p[c] = p[c] * 0.3 + color[c] as f32 * 0.7;
                }
            }
        }
        let grain = (x.wrapping_mul(31) ^ y.wrapping_mul(17)) % 7;
        Rgb(p.map(|c| (c + grain as f32).clamp(0.0, 255.0) as u8))
    })
}

fn save_jpeg(image: &RgbImage, path: &Path, quality: u8) {
    let file = std::fs::File::create(path).unwrap();
    image::codecs::jpeg::JpegEncoder::new_with_quality(file, quality)
        .encode_image(image)
        .unwrap();
}

/// A JPEG with an EXIF APP1 segment carrying `orientation`.
fn jpeg_with_orientation(image: &RgbImage, orientation: u16) -> Vec<u8> {
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(image)
        .unwrap();
    let mut tiff = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one IFD entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes());
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]); // padding, next IFD = 0
    let mut app1 = vec![0xff, 0xe1];
    app1.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\x00\x00");
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

async fn import_and_wait(library: &Library, dir: &Path) -> Vec<Resource> {
    library.import(vec![dir.to_path_buf()]).await.unwrap();
    wait_idle(library, Duration::from_secs(120)).await;
    all_resources(library).await
}

fn by_name<'a>(resources: &'a [Resource], name: &str) -> &'a Resource {
    resources
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

fn open_thumbnail(library: &Library, resource: &Resource) -> DynamicImage {
    let path = library
        .layout()
        .resolve(resource.thumbnail.as_deref().expect("a thumbnail"));
    image::open(path).unwrap()
}

fn open_preview(library: &Library, resource: &Resource) -> DynamicImage {
    let path = library
        .layout()
        .resolve(resource.preview.as_deref().expect("a preview"));
    image::open(path).unwrap()
}

fn is_red(p: Rgba<u8>) -> bool {
    p[0] > 180 && p[1] < 90 && p[2] < 90
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exif_orientations_1_to_8_are_applied_to_the_thumbnail() {
    let source = tempfile::tempdir().unwrap();
    // 300 × 200, white, with a red block in the top-left corner.
    let base = RgbImage::from_fn(300, 200, |x, y| {
        if x < 100 && y < 60 {
            Rgb([230, 20, 20])
        } else {
            Rgb([245, 245, 245])
        }
    });
    for orientation in 1..=8u16 {
        std::fs::write(
            source.path().join(format!("o{orientation}.jpg")),
            jpeg_with_orientation(&base, orientation),
        )
        .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    let resources = import_and_wait(&library, source.path()).await;

    for orientation in 1..=8u16 {
        let resource = by_name(&resources, &format!("o{orientation}.jpg"));
        let thumb = open_thumbnail(&library, resource);
        let rotated = orientation >= 5;
        assert_eq!(
            (thumb.width(), thumb.height()),
            if rotated { (171, 256) } else { (256, 171) },
            "orientation {orientation}"
        );
        // Where the red block ends up once the orientation is applied.
        let (w, h) = (thumb.width() - 4, thumb.height() - 4);
        let corner = match orientation {
            1 => (3, 3),
            2 => (w, 3),
            3 => (w, h),
            4 => (3, h),
            5 => (3, 3),
            6 => (w, 3),
            7 => (w, h),
            8 => (3, h),
            _ => unreachable!(),
        };
        assert!(
            is_red(thumb.get_pixel(corner.0, corner.1)),
            "orientation {orientation}: no red at {corner:?}"
        );
        let preview = open_preview(&library, resource);
        assert_eq!(preview.width().max(preview.height()), 300, "never upscaled");
    }
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_images_all_get_right_thumbnails() {
    let source = tempfile::tempdir().unwrap();
    let s = source.path();
    // Alpha: left half transparent.
    RgbaImage::from_fn(400, 300, |x, _| {
        if x < 200 {
            Rgba([0, 0, 0, 0])
        } else {
            Rgba([10, 200, 10, 255])
        }
    })
    .save(s.join("alpha.png"))
    .unwrap();
    std::fs::copy(fixture("cmyk.jpg"), s.join("cmyk.jpg")).unwrap();
    image::ImageBuffer::<Rgb<u16>, _>::from_fn(600, 400, |x, _| {
        Rgb([(x * 100) as u16, 30_000, 65_535])
    })
    .save(s.join("deep.png"))
    .unwrap();
    image::GrayImage::from_fn(500, 500, |x, y| image::Luma([((x + y) % 256) as u8]))
        .save(s.join("grey.png"))
        .unwrap();
    {
        let file = std::fs::File::create(s.join("animated.gif")).unwrap();
        let mut encoder = image::codecs::gif::GifEncoder::new(file);
        for color in [[200u8, 0, 0, 255], [0, 0, 200, 255]] {
            let frame = image::Frame::new(RgbaImage::from_pixel(300, 100, Rgba(color)));
            encoder.encode_frame(frame).unwrap();
        }
    }
    RgbImage::from_pixel(1, 1, Rgb([1, 2, 3]))
        .save(s.join("dot.png"))
        .unwrap();
    RgbImage::from_fn(20_000, 50, |x, _| Rgb([(x % 256) as u8, 100, 100]))
        .save(s.join("panorama.png"))
        .unwrap();
    photo(640, 480, 9).save(s.join("photo.webp")).unwrap();
    RgbaImage::from_fn(2000, 1000, |x, _| {
        if x < 1000 {
            Rgba([0, 0, 0, 0])
        } else {
            Rgba([200, 40, 40, 255])
        }
    })
    .save(s.join("alpha.webp"))
    .unwrap();
    photo(300, 200, 10).save(s.join("photo.bmp")).unwrap();
    photo(300, 200, 11).save(s.join("photo.tiff")).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    let resources = import_and_wait(&library, s).await;
    let failures = library.failures(FailureFilter::All, 10).await.unwrap();
    assert!(failures.is_empty(), "{failures:?}");

    let alpha = by_name(&resources, "alpha.png");
    assert!(
        alpha.thumbnail.as_deref().unwrap().ends_with(".png"),
        "alpha kept as PNG"
    );
    let thumb = open_thumbnail(&library, alpha);
    assert_eq!((thumb.width(), thumb.height()), (256, 192));
    assert_eq!(
        thumb.get_pixel(10, 10)[3],
        0,
        "transparent stays transparent"
    );
    assert_eq!(thumb.get_pixel(250, 100)[3], 255);

    let cmyk = open_thumbnail(&library, by_name(&resources, "cmyk.jpg"));
    assert_eq!((cmyk.width(), cmyk.height()), (64, 48));
    // ImageMagick's gradient runs from red at the top to blue at the bottom.
    let (top, bottom) = (cmyk.get_pixel(32, 2), cmyk.get_pixel(32, 45));
    assert!(top[0] > 200 && top[2] < 60, "the red end is red: {top:?}");
    assert!(
        bottom[2] > 200 && bottom[0] < 60,
        "the blue end is blue: {bottom:?}"
    );

    let deep = by_name(&resources, "deep.png");
    assert!(
        deep.thumbnail.as_deref().unwrap().ends_with(".jpg"),
        "opaque: JPEG"
    );
    assert_eq!(open_thumbnail(&library, deep).dimensions(), (256, 171));
    assert_eq!(
        open_thumbnail(&library, by_name(&resources, "grey.png")).dimensions(),
        (256, 256)
    );
    let gif = open_thumbnail(&library, by_name(&resources, "animated.gif"));
    assert_eq!(gif.dimensions(), (256, 85));
    let first = gif.get_pixel(100, 40);
    assert!(
        first[0] > 150 && first[2] < 60,
        "the first frame (red): {first:?}"
    );
    assert_eq!(
        open_thumbnail(&library, by_name(&resources, "dot.png")).dimensions(),
        (1, 1)
    );
    let panorama = by_name(&resources, "panorama.png");
    assert_eq!(open_thumbnail(&library, panorama).dimensions(), (256, 1));
    assert_eq!(open_preview(&library, panorama).dimensions(), (1024, 3));
    let webp = by_name(&resources, "alpha.webp");
    assert!(webp.thumbnail.as_deref().unwrap().ends_with(".png"));
    let thumb = open_thumbnail(&library, webp);
    assert_eq!(thumb.dimensions(), (256, 128));
    assert_eq!(thumb.get_pixel(20, 64)[3], 0, "WebP transparency kept");
    assert_eq!(thumb.get_pixel(236, 64), Rgba([200, 40, 40, 255]));
    assert_eq!(open_preview(&library, webp).dimensions(), (1024, 512));
    for name in ["photo.webp", "photo.bmp", "photo.tiff"] {
        let r = by_name(&resources, name);
        assert!(
            r.thumbnail.is_some() && r.perceptual_hash.is_some(),
            "{name}"
        );
    }
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn truncated_and_bit_flipped_images_dead_letter_only_their_thumbnail() {
    let source = tempfile::tempdir().unwrap();
    let s = source.path();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&photo(400, 300, 1))
        .unwrap();
    let mut png = Vec::new();
    photo(400, 300, 2)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    std::fs::write(s.join("truncated.jpg"), &jpeg[..jpeg.len() / 3]).unwrap();
    std::fs::write(s.join("truncated.png"), &png[..png.len() / 3]).unwrap();
    let mut flipped = png.clone();
    for i in (100..flipped.len() - 20).step_by(97) {
        flipped[i] ^= 0x5a;
    }
    std::fs::write(s.join("flipped.png"), &flipped).unwrap();
    let mut flipped_jpeg = jpeg.clone();
    // Corrupt the frame header (SOF0): the decoder must reject it.
    let sof = flipped_jpeg
        .windows(2)
        .position(|w| w == [0xff, 0xc0])
        .unwrap();
    for b in &mut flipped_jpeg[sof + 2..sof + 12] {
        *b ^= 0xff;
    }
    std::fs::write(s.join("flipped.jpg"), &flipped_jpeg).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    let resources = import_and_wait(&library, s).await;
    assert_eq!(resources.len(), 4, "every file is a resource");
    let dead = library.failures(FailureFilter::Dead, 20).await.unwrap();
    let thumb_failures: Vec<_> = dead.iter().filter(|d| d.handler == "thumbnail").collect();
    assert_eq!(thumb_failures.len(), 4, "{dead:#?}");
    for failure in thumb_failures {
        assert_eq!(
            failure.attempts, 1,
            "decode errors are not retried with backoff"
        );
        let name = failure.resource_name.clone().unwrap();
        // Plain words first ("x.png: the PNG file is damaged (…)"); the
        // decoder's own words only as the detail.
        assert!(
            failure.error.starts_with(&name)
                && (failure.error.contains("is damaged") || failure.error.contains("cut off")),
            "{failure:?}"
        );
        assert!(
            !failure.error.contains("Format error") && !failure.error.contains('{'),
            "{failure:?}"
        );
    }
    for resource in &resources {
        assert!(
            resource.md5.is_some(),
            "the hash handler still succeeded for {}",
            resource.name
        );
        assert!(resource.thumbnail.is_none());
    }
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn near_duplicates_are_found_unrelated_images_are_not_and_merge_unions() {
    let source = tempfile::tempdir().unwrap();
    let s = source.path();
    let original = photo(1200, 900, 42);
    save_jpeg(&original, &s.join("original.jpg"), 92);
    save_jpeg(
        &image::imageops::resize(&original, 480, 360, image::imageops::FilterType::Triangle),
        &s.join("resized.jpg"),
        92,
    );
    save_jpeg(&original, &s.join("recompressed.jpg"), 35);
    let brighter = RgbImage::from_fn(1200, 900, |x, y| {
        Rgb(original.get_pixel(x, y).0.map(|c| c.saturating_add(18)))
    });
    save_jpeg(&brighter, &s.join("brightened.jpg"), 92);
    save_jpeg(
        &image::imageops::flip_horizontal(&original),
        &s.join("mirrored.jpg"),
        92,
    );
    for seed in 0..6 {
        save_jpeg(
            &photo(1200, 900, 1000 + seed),
            &s.join(format!("unrelated{seed}.jpg")),
            90,
        );
    }
    std::fs::copy(s.join("original.jpg"), s.join("exact-copy.jpg")).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    let resources = import_and_wait(&library, s).await;
    let original_id = by_name(&resources, "original.jpg").id;
    let hash = |name: &str| {
        u64::from_str_radix(
            by_name(&resources, name)
                .perceptual_hash
                .as_deref()
                .unwrap(),
            16,
        )
        .unwrap()
    };
    let mut copies = Vec::new();
    for name in [
        "resized.jpg",
        "recompressed.jpg",
        "brightened.jpg",
        "exact-copy.jpg",
    ] {
        copies.push((name, media::distance(hash("original.jpg"), hash(name))));
    }
    let unrelated: Vec<u32> = (0..6)
        .map(|i| media::distance(hash("original.jpg"), hash(&format!("unrelated{i}.jpg"))))
        .collect();
    println!("copies: {copies:?}; unrelated: {unrelated:?}");
    assert!(
        copies.iter().all(|(_, d)| *d <= DEFAULT_THRESHOLD),
        "{copies:?}"
    );
    assert!(
        unrelated.iter().all(|d| *d > DEFAULT_THRESHOLD),
        "{unrelated:?}"
    );

    let similar: Vec<String> = library
        .similar(original_id, DEFAULT_THRESHOLD)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.resource.name)
        .collect();
    for expected in [
        "resized.jpg",
        "recompressed.jpg",
        "brightened.jpg",
        "exact-copy.jpg",
        "mirrored.jpg",
    ] {
        assert!(
            similar.contains(&expected.to_string()),
            "{expected} not in {similar:?}"
        );
    }
    assert!(
        !similar.iter().any(|n| n.starts_with("unrelated")),
        "{similar:?}"
    );

    let groups = library.duplicates(DEFAULT_THRESHOLD).await.unwrap();
    let exact: Vec<_> = groups
        .iter()
        .filter(|g| g.kind == DuplicateKind::Exact)
        .collect();
    assert_eq!(exact.len(), 1);
    let mut exact_names: Vec<_> = exact[0].resources.iter().map(|r| r.name.as_str()).collect();
    exact_names.sort();
    assert_eq!(exact_names, ["exact-copy.jpg", "original.jpg"]);
    let near: Vec<_> = groups
        .iter()
        .filter(|g| g.kind == DuplicateKind::Near)
        .collect();
    assert_eq!(near.len(), 1, "one cluster of copies");
    assert_eq!(near[0].resources.len(), 6);

    // A window asks for the groups it shows: the first, counted with the rest.
    let page = library.duplicate_page(DEFAULT_THRESHOLD, 1).await.unwrap();
    assert_eq!((page.groups.len(), page.total, page.exact), (1, 2, 1));
    assert_eq!(page.groups[0].kind, DuplicateKind::Exact);
    assert_eq!(page.groups[0].resources.len(), 2);
    // The groups are held while nothing changes; a change is seen at once.
    let copy = by_name(&resources, "exact-copy.jpg").id;
    library.trash(vec![copy]).await.unwrap();
    let page = library.duplicate_page(DEFAULT_THRESHOLD, 10).await.unwrap();
    assert_eq!((page.groups.len(), page.total, page.exact), (1, 1, 0));
    assert_eq!(
        page.groups[0].resources.len(),
        5,
        "the near group without it"
    );
    library.restore(vec![copy]).await.unwrap();
    let page = library.duplicate_page(DEFAULT_THRESHOLD, 10).await.unwrap();
    assert_eq!((page.total, page.exact), (2, 1));

    // Merge: the kept resource gains everything the others had.
    let resized = by_name(&resources, "resized.jpg").id;
    let brightened = by_name(&resources, "brightened.jpg").id;
    library
        .add_tags(original_id, vec!["keep".into()])
        .await
        .unwrap();
    library
        .add_tags(resized, vec!["small".into()])
        .await
        .unwrap();
    let group = library
        .create_group("Album".into(), String::new())
        .await
        .unwrap();
    library
        .add_to_group(group.id, vec![brightened])
        .await
        .unwrap();
    let note = library
        .create_note("About".into(), String::new())
        .await
        .unwrap();
    library
        .link_note(note.id, NoteTarget::Resource(resized), true)
        .await
        .unwrap();
    let resized_file = library
        .layout()
        .resolve(&by_name(&resources, "resized.jpg").stored_path);
    let resized_thumbnail = library.layout().resolve(
        by_name(&resources, "resized.jpg")
            .thumbnail
            .as_deref()
            .unwrap(),
    );
    assert!(resized_thumbnail.exists());

    let kept = library
        .merge(original_id, vec![resized, brightened])
        .await
        .unwrap();
    assert_eq!(kept.tags, ["keep", "small"]);
    assert_eq!(
        kept.groups.iter().map(|g| g.id).collect::<Vec<_>>(),
        [group.id]
    );
    assert_eq!(
        library.resource(original_id).await.unwrap().notes[0].id,
        note.id
    );
    // The merged-away items wait in the Trash, files and all, and are
    // nobody's duplicates there.
    for id in [resized, brightened] {
        assert!(
            library
                .resource(id)
                .await
                .unwrap()
                .resource
                .trashed_at
                .is_some()
        );
    }
    wait_idle(&library, Duration::from_secs(30)).await;
    assert!(resized_file.exists() && resized_thumbnail.exists());
    let similar_after = library
        .similar(original_id, DEFAULT_THRESHOLD)
        .await
        .unwrap();
    assert!(similar_after.iter().all(|s| s.resource.id != resized));
    let groups = library.duplicates(DEFAULT_THRESHOLD).await.unwrap();
    assert!(
        groups
            .iter()
            .flat_map(|g| &g.resources)
            .all(|r| r.id != resized && r.id != brightened),
        "{groups:?}"
    );

    // Emptying the Trash removes them, their files and thumbnails.
    assert_eq!(library.empty_trash().await.unwrap().removed, 2);
    assert!(
        library.resource(resized).await.is_err() && library.resource(brightened).await.is_err()
    );
    wait_idle(&library, Duration::from_secs(30)).await;
    assert!(!resized_file.exists(), "merged-away files are removed");
    assert!(!resized_thumbnail.exists(), "and their thumbnails");
    library.close(Duration::from_secs(1)).await;
}

#[test]
fn transparency_is_flattened_onto_grey_before_hashing() {
    let rgba = RgbaImage::from_fn(256, 256, |x, y| {
        let inside = (x as i32 - 128).pow(2) + (y as i32 - 128).pow(2) < 100 * 100;
        if inside {
            Rgba([(x / 2) as u8, (y / 2) as u8, 90, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    let flattened = RgbImage::from_fn(256, 256, |x, y| {
        let p = rgba.get_pixel(x, y);
        if p[3] == 0 {
            Rgb([128, 128, 128])
        } else {
            Rgb([p[0], p[1], p[2]])
        }
    });
    let (transparent, _) = media::perceptual_hashes(&DynamicImage::ImageRgba8(rgba));
    let (flat, _) = media::perceptual_hashes(&DynamicImage::ImageRgb8(flattened));
    assert_eq!(transparent, flat);
}

#[test]
fn hashing_the_thumbnail_agrees_with_hashing_the_full_image() {
    for seed in 0..5 {
        let full = DynamicImage::ImageRgb8(photo(2000, 1500, seed));
        let thumb = full.resize(256, 256, image::imageops::FilterType::Lanczos3);
        let (a, _) = media::perceptual_hashes(&full);
        let (b, _) = media::perceptual_hashes(&thumb);
        assert!(
            media::distance(a, b) <= 2,
            "seed {seed}: distance {}",
            media::distance(a, b)
        );
    }
}

/// The page puts a checkerboard only behind what is see-through: a tile
/// says whether its picture kept transparency, not whether its format could.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tile_says_whether_its_picture_is_see_through() {
    let source = tempfile::tempdir().unwrap();
    let clear =
        image::RgbaImage::from_fn(64, 48, |x, _| image::Rgba([255, 255, 255, (x * 4) as u8]));
    clear.save(source.path().join("logo.png")).unwrap();
    let solid = image::RgbaImage::from_pixel(64, 48, image::Rgba([20, 90, 200, 255]));
    solid.save(source.path().join("screenshot.png")).unwrap();
    common::write_jpeg(&source.path().join("photo.jpg"), 64, 48);
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    import_and_wait(&library, source.path()).await;

    let page = library
        .tiles(mahres_core::TileQuery {
            query: String::new(),
            sort: mahres_core::SortOrder::Name,
            offset: 0,
            limit: 10,
        })
        .await
        .unwrap();
    let see_through: Vec<(&str, bool)> = page
        .tiles
        .iter()
        .map(|t| (t.name.as_str(), t.transparent))
        .collect();
    assert_eq!(
        see_through,
        [
            ("logo.png", true),
            ("photo.jpg", false),
            ("screenshot.png", false)
        ]
    );
}
