//! The metadata parsing path under hostile input: real headers (a JPEG with
//! EXIF, XMP and IPTC by exiftool, a HEIC by heif-enc, an MP4 by ffmpeg),
//! mutated at random — bytes flipped, lengths changed, files cut short —
//! and read from memory. Nothing may panic, loop or allocate without
//! bound; the proptest shrinks any failure to the smallest mutation.

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;

struct Seeds {
    jpeg: Vec<u8>,
    heic: Vec<u8>,
    mp4: Vec<u8>,
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let jpeg = dir.path().join("seed.jpg");
        common::write_jpeg(&jpeg, 64, 48);
        common::exiftool(&jpeg, common::PARIS_PHOTO);
        let png = dir.path().join("seed.png");
        common::write_png(&png, 32, 24, 1);
        let heic = dir.path().join("seed.heic");
        common::run(
            "heif-enc",
            &[
                "-q",
                "50",
                "-o",
                heic.to_str().unwrap(),
                png.to_str().unwrap(),
            ],
        );
        common::exiftool(
            &heic,
            &[
                "-EXIF:Make=Apple",
                "-EXIF:DateTimeOriginal=2020:01:01 10:00:00",
            ],
        );
        let mp4 = dir.path().join("seed.mp4");
        common::write_mp4(&mp4, "64x48", 5, 1);
        common::exiftool(
            &mp4,
            &[
                "-Keys:GPSCoordinates=35.0, 135.7, 10",
                "-Keys:CreationDate=2018:03:01 11:00:00+01:00",
            ],
        );
        Seeds {
            jpeg: std::fs::read(jpeg).unwrap(),
            heic: std::fs::read(heic).unwrap(),
            mp4: std::fs::read(mp4).unwrap(),
        }
    })
}

/// A seed with some bytes replaced (biased toward the header, where the
/// metadata lives, and toward the values parsers trust: 0x00, 0xFF) and
/// perhaps cut short.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let edits = prop::collection::vec(
        (
            0usize..4096,
            prop_oneof![Just(0u8), Just(0xFF), Just(0x7F), any::<u8>()],
        ),
        1..24,
    );
    (0usize..3, edits, prop::option::of(0usize..8192)).prop_map(|(which, edits, cut)| {
        let seed = seeds();
        let mut bytes = [&seed.jpeg, &seed.heic, &seed.mp4][which].clone();
        for (at, value) in edits {
            if !bytes.is_empty() {
                let at = at % bytes.len();
                bytes[at] = value;
            }
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.min(bytes.len()));
        }
        bytes
    })
}

proptest! {
    // MAHRES_FUZZ_CASES=200000 for a longer run (docs/BENCHMARKS.md says
    // what the long runs found).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("MAHRES_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3000),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_headers_never_break_the_reader(bytes in mutated()) {
        let found = mahres_core::metadata::read_bytes(&bytes);
        // Whatever is found is within the bounds facts keep.
        prop_assert!(found.keywords.len() <= 4096);
        if let Some((lat, lon)) = found.gps {
            prop_assert!(lat.abs() <= 90.0 && lon.abs() <= 180.0);
        }
    }
}

#[test]
fn the_unmutated_seeds_read_whole() {
    let seed = seeds();
    let jpeg = mahres_core::metadata::read_bytes(&seed.jpeg);
    assert_eq!(jpeg.iso, Some(800));
    assert_eq!(jpeg.title.as_deref(), Some("Tower at dusk"));
    let heic = mahres_core::metadata::read_bytes(&seed.heic);
    assert_eq!(heic.make.as_deref(), Some("Apple"));
    let mp4 = mahres_core::metadata::read_bytes(&seed.mp4);
    assert!(mp4.gps.is_some() && mp4.taken.is_some(), "{mp4:?}");
}
