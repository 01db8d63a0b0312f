//! A frame from early in a video, via `ffmpeg` when it is installed.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum FfmpegError {
    #[error("ffmpeg is not installed, so videos get no thumbnail; install ffmpeg and retry")]
    Missing,
    #[error("ffmpeg took longer than {0:?} and was stopped")]
    TimedOut(Duration),
    #[error("ffmpeg could not read a frame: {0}")]
    Failed(String),
    #[error("could not run ffmpeg: {0}")]
    Io(#[from] std::io::Error),
}

fn find_ffmpeg() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("ffmpeg"))
        .find(|candidate| candidate.is_file())
}

/// PNG bytes of a frame one second in (or the first frame of a shorter video).
pub fn video_frame(path: &Path, timeout: Duration) -> Result<Vec<u8>, FfmpegError> {
    let ffmpeg = find_ffmpeg().ok_or(FfmpegError::Missing)?;
    match grab(&ffmpeg, path, "1", timeout)? {
        frame if !frame.is_empty() => Ok(frame),
        _ => match grab(&ffmpeg, path, "0", timeout)? {
            frame if !frame.is_empty() => Ok(frame),
            _ => Err(FfmpegError::Failed("the video has no frame to show".into())),
        },
    }
}

fn grab(ffmpeg: &Path, path: &Path, at: &str, timeout: Duration) -> Result<Vec<u8>, FfmpegError> {
    let mut child = Command::new(ffmpeg)
        .args(["-nostdin", "-v", "error", "-ss", at, "-i"])
        .arg(path)
        .args(["-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdout = child
        .stdout
        .take()
        .ok_or_else(|| FfmpegError::Failed("no output".into()))?;
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(FfmpegError::TimedOut(timeout));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let bytes = reader
        .join()
        .map_err(|_| FfmpegError::Failed("reading its output failed".into()))??;
    if !status.success() {
        let mut message = String::new();
        if let Some(mut stderr) = child.stderr.take() {
            let _ = stderr.read_to_string(&mut message);
        }
        return Err(FfmpegError::Failed(
            message
                .trim()
                .lines()
                .last()
                .unwrap_or("unknown error")
                .to_string(),
        ));
    }
    Ok(bytes)
}
