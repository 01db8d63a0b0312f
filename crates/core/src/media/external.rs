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

/// What an external program may use.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Killed after this long (the run then gives `Ok(None)`).
    pub timeout: Duration,
    /// Bytes of standard output kept; the rest is read and dropped, so the
    /// program is never blocked on a full pipe.
    pub max_output: usize,
    /// Address space it may map (`RLIMIT_AS`): a hostile document makes it
    /// fail an allocation instead of taking the machine's memory.
    pub max_memory: Option<u64>,
}

impl Limits {
    pub fn timeout(timeout: Duration) -> Self {
        Self {
            timeout,
            max_output: usize::MAX,
            max_memory: None,
        }
    }
}

/// Runs `command` to its end, or kills it after `timeout` (`Ok(None)`).
/// Output is read on a second thread so a chatty program cannot block on a
/// full pipe.
pub fn run_with_timeout(command: Command, timeout: Duration) -> std::io::Result<Option<Finished>> {
    run_limited(command, Limits::timeout(timeout))
}

/// Runs `command` within `limits`; `Ok(None)` when it ran out of time.
pub fn run_limited(mut command: Command, limits: Limits) -> std::io::Result<Option<Finished>> {
    #[cfg(unix)]
    if let Some(bytes) = limits.max_memory {
        use std::os::unix::process::CommandExt;
        // SAFETY: between fork and exec only setrlimit runs, which is
        // async-signal-safe and allocates nothing.
        unsafe {
            command.pre_exec(move || {
                let limit = libc::rlimit {
                    rlim_cur: bytes as libc::rlim_t,
                    rlim_max: bytes as libc::rlim_t,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let timeout = limits.timeout;
    let max_output = limits.max_output;
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
        (&mut stdout)
            .take(max_output as u64)
            .read_to_end(&mut bytes)?;
        // Past the limit: keep reading so the program can finish, keep nothing.
        std::io::copy(&mut stdout, &mut std::io::sink())?;
        Ok::<_, std::io::Error>(bytes)
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
