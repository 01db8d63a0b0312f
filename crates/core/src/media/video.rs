//! A frame from early in a video, via `ffmpeg` when it is installed.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::external::{find_program, run_with_timeout};

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

/// PNG bytes of a frame one second in (or the first frame of a shorter video).
pub fn video_frame(path: &Path, timeout: Duration) -> Result<Vec<u8>, FfmpegError> {
    let ffmpeg = find_program("ffmpeg").ok_or(FfmpegError::Missing)?;
    match grab(&ffmpeg, path, "1", timeout)? {
        frame if !frame.is_empty() => Ok(frame),
        _ => match grab(&ffmpeg, path, "0", timeout)? {
            frame if !frame.is_empty() => Ok(frame),
            _ => Err(FfmpegError::Failed("the video has no frame to show".into())),
        },
    }
}

fn grab(ffmpeg: &Path, path: &Path, at: &str, timeout: Duration) -> Result<Vec<u8>, FfmpegError> {
    let mut command = Command::new(ffmpeg);
    command
        .args(["-nostdin", "-v", "error", "-ss", at, "-i"])
        .arg(path)
        .args(["-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-"]);
    let finished = run_with_timeout(command, timeout)?.ok_or(FfmpegError::TimedOut(timeout))?;
    if !finished.status.success() {
        let message = match finished.last_error_line.as_str() {
            "" => "unknown error".to_string(),
            line => line.to_string(),
        };
        return Err(FfmpegError::Failed(message));
    }
    Ok(finished.stdout)
}
