//! Shared by the benchmarks (each includes it with `mod common;`).
#![allow(dead_code)]

/// A field of /proc/self/status in kB (`VmRSS:` now, `VmHWM:` the peak);
/// 0 where /proc is not there.
pub fn proc_status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The process's peak resident memory in MB.
pub fn peak_rss_mb() -> f64 {
    proc_status_kb("VmHWM:") as f64 / 1024.0
}

/// `count` small files spread over 1,000 sub-folders of `root`, as a big
/// watched folder: `d000/{prefix}000000.{ext}` and so on.
pub fn write_small_files(root: &std::path::Path, count: usize, prefix: &str, ext: &str) {
    for i in 0..count {
        let dir = root.join(format!("d{:03}", i % 1000));
        if i < 1000 {
            std::fs::create_dir(&dir).expect("dir");
        }
        std::fs::write(dir.join(format!("{prefix}{i:06}.{ext}")), i.to_string()).expect("write");
    }
}
