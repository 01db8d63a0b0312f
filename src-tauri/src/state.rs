//! The shell's one piece of state: the open library (or why it is not).

use std::path::PathBuf;
use std::sync::RwLock;
use std::time::Duration;

use mahres_core::{Library, LibraryOptions};

use crate::error::{CommandError, CommandResult};

pub struct AppState {
    root: PathBuf,
    /// The open library, or why it is not; replaced by a successful retry.
    library: RwLock<Result<Library, CommandError>>,
}

impl AppState {
    /// Opens the library at `root`. A failure (another process owns it, a
    /// broken database) is kept and shown by the page, not a crash.
    pub async fn open(root: PathBuf) -> Self {
        let library = open_library(&root).await;
        Self {
            root,
            library: RwLock::new(library),
        }
    }

    /// Tries again to open a library that could not be opened (say, once
    /// the other process that owned it has quit). Returns whether it is
    /// open now for the first time; an error says why it still is not.
    pub async fn reopen(&self) -> CommandResult<bool> {
        if self.library().is_ok() {
            return Ok(false);
        }
        let opened = open_library(&self.root).await;
        let result = opened.as_ref().map(|_| true).map_err(Clone::clone);
        *self.library.write().unwrap_or_else(|p| p.into_inner()) = opened;
        result
    }

    pub fn root(&self) -> &std::path::Path {
        &self.root
    }

    /// Why the library could not be opened, with its kind (`locked` when
    /// another process owns it).
    pub fn open_error(&self) -> Option<CommandError> {
        self.library().err()
    }

    /// The open library (a cheap handle), or why there is none.
    pub fn library(&self) -> CommandResult<Library> {
        self.library
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Stops watching and processing; pending work stays for the next start.
    pub async fn close(&self) {
        if let Ok(library) = self.library() {
            library.close(Duration::from_secs(3)).await;
        }
    }
}

async fn open_library(root: &std::path::Path) -> Result<Library, CommandError> {
    Library::open(LibraryOptions::new(root))
        .await
        .map_err(|err| {
            let mut error = CommandError::from(err);
            error.message = format!(
                "The library at {} could not be opened: {}",
                root.display(),
                error.message
            );
            error
        })
}
