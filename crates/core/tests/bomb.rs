//! A file whose header declares 100000 × 100000 pixels. Its own test binary,
//! so the memory reading is this test's alone.

mod common;

use std::time::{Duration, Instant};

use common::*;
use mahres_core::FailureFilter;
use mahres_core::model::Page;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decompression_bomb_is_refused_quickly_and_clearly() {
    let source = tempfile::tempdir().unwrap();
    // A valid PNG signature and IHDR declaring 100000 × 100000, then a tiny IDAT.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let chunk = |png: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        png.extend_from_slice(&body);
        png.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut png, b"IEND", &[]);
    std::fs::write(source.path().join("bomb.png"), png).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    let rss_before = rss_kb("VmHWM:");
    let started = Instant::now();
    library
        .import(vec![source.path().to_path_buf()])
        .await
        .unwrap();
    wait_idle(&library, Duration::from_secs(60)).await;
    let resources = library.resources(Page::default()).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        rss_kb("VmHWM:") < rss_before + 64 * 1024,
        "memory stayed low"
    );
    let bomb = resources.iter().find(|r| r.name == "bomb.png").unwrap();
    assert_eq!((bomb.width, bomb.height), (Some(100_000), Some(100_000)));
    assert!(bomb.thumbnail.is_none());
    let dead = library.failures(FailureFilter::Dead, 10).await.unwrap();
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert_eq!(dead[0].handler, "thumbnail");
    assert_eq!(dead[0].attempts, 1);
    assert!(
        dead[0].error.contains("100000 × 100000") && dead[0].error.contains("limit"),
        "{}",
        dead[0].error
    );
    library.close(Duration::from_secs(1)).await;
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
