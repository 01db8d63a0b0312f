//! Running the external programs some formats need (ffmpeg, ffprobe): found
//! on PATH, started without a shell, given no input, and stopped when they
//! take longer than they may.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The program's path when it is on PATH.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// What a finished program left.
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    /// The last line it wrote to stderr, for an error message.
    pub last_error_line: String,
}

/// Runs `command` to its end, or kills it after `timeout` (`Ok(None)`).
/// Output is read on a second thread so a chatty program cannot block on a
/// full pipe.
pub fn run_with_timeout(
    mut command: Command,
    timeout: Duration,
) -> std::io::Result<Option<Finished>> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdout = child
        .stdout
        .take()
        .ok_or_else(|| std::io::Error::other("no stdout"))?;
    let mut stderr = child
        .stderr
        .take()
        .ok_or_else(|| std::io::Error::other("no stderr"))?;
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stdout = reader
        .join()
        .map_err(|_| std::io::Error::other("reading its output failed"))??;
    let last_error_line = errors
        .join()
        .unwrap_or_default()
        .trim()
        .lines()
        .last()
        .unwrap_or("")
        .to_string();
    Ok(Some(Finished {
        status,
        stdout,
        last_error_line,
    }))
}
