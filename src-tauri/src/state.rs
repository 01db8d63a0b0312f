//! The shell's one piece of state: the open library (or why it is not).

use std::path::PathBuf;
use std::time::Duration;

use mahres_core::{Library, LibraryOptions};

use crate::error::{CommandError, CommandResult};

pub struct AppState {
    root: PathBuf,
    library: Result<Library, String>,
}

impl AppState {
    /// Opens the library at `root`. A failure (another process owns it, a
    /// broken database) is kept and shown by the page, not a crash.
    pub async fn open(root: PathBuf) -> Self {
        let library = Library::open(LibraryOptions::new(&root))
            .await
            .map_err(|err| {
                format!(
                    "The library at {} could not be opened: {err}",
                    root.display()
                )
            });
        Self { root, library }
    }

    pub fn root(&self) -> &std::path::Path {
        &self.root
    }

    pub fn open_error(&self) -> Option<&str> {
        self.library.as_ref().err().map(String::as_str)
    }

    pub fn library(&self) -> CommandResult<&Library> {
        self.library
            .as_ref()
            .map_err(|message| CommandError(message.clone()))
    }

    /// Stops watching and processing; pending work stays for the next start.
    pub async fn close(&self) {
        if let Ok(library) = &self.library {
            library.close(Duration::from_secs(3)).await;
        }
    }
}
