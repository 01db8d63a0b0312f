//! What the command-line tests share: running `mahres` and making files.

#![allow(dead_code)] // each test file uses some of these

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub fn mahres(library: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mahres"));
    command
        .arg("--library")
        .arg(library)
        .env_remove("MAHRES_LIBRARY")
        .env("RUST_LOG", "error");
    command
}

pub fn run(command: &mut Command) -> Output {
    command.output().expect("mahres runs")
}

pub fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

pub fn write_random(path: &Path, len: usize, seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut bytes = vec![0u8; len];
    rng.fill(&mut bytes);
    std::fs::write(path, bytes).unwrap();
}

pub fn write_png(path: &Path, width: u32, height: u32) {
    image::RgbImage::from_fn(width, height, |x, y| image::Rgb([x as u8, y as u8, 7]))
        .save(path)
        .unwrap();
}

pub fn md5sum(paths: &[PathBuf]) -> Vec<String> {
    let output = Command::new("md5sum").args(paths).output().unwrap();
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}
