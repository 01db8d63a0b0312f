//! MD5 throughput: ours (streamed, md-5 crate) against coreutils `md5sum` on
//! the same 1 GiB file, page cache warm, in the same run.
//!
//! cargo bench -p mahres-core --bench md5 [-- MiB]

use std::process::Command;
use std::time::Instant;

fn main() {
    let mib: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1024);
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("big.bin");
    let mut rng = fastrand::Rng::with_seed(1);
    let mut chunk = vec![0u8; 1 << 20];
    let mut bytes = Vec::with_capacity(mib << 20);
    for _ in 0..mib {
        rng.fill(&mut chunk);
        bytes.extend_from_slice(&chunk);
    }
    std::fs::write(&path, &bytes).expect("write");
    drop(bytes);
    let mut ours_best = f64::MAX;
    let mut theirs_best = f64::MAX;
    let mut digests = (String::new(), String::new());
    for _ in 0..3 {
        let started = Instant::now();
        digests.0 = mahres_core::handlers::md5_file(&path).expect("md5");
        ours_best = ours_best.min(started.elapsed().as_secs_f64());
        let started = Instant::now();
        let output = Command::new("md5sum").arg(&path).output().expect("md5sum");
        theirs_best = theirs_best.min(started.elapsed().as_secs_f64());
        digests.1 = String::from_utf8_lossy(&output.stdout)
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_string();
    }
    assert_eq!(digests.0, digests.1, "both agree");
    let size = mib as f64 / 1024.0;
    println!(
        "{mib} MiB, best of 3: ours {:.0} MiB/s, md5sum {:.0} MiB/s, ours / md5sum {:.2}x",
        size * 1024.0 / ours_best,
        size * 1024.0 / theirs_best,
        theirs_best / ours_best
    );
}
