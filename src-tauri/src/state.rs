//! The shell's one piece of state: the open library (or why it is not).

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use mahres_core::watch::LiveWatch;
use mahres_core::{Library, LibraryOptions, WatchedFolder};

use crate::error::{CommandError, CommandResult};

pub struct AppState {
    root: PathBuf,
    library: Result<Library, String>,
    /// Live watching of the watched folders; replaced when the set changes.
    live: Mutex<Option<LiveWatch>>,
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
        Self {
            root,
            library,
            live: Mutex::new(None),
        }
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

    /// (Re)starts live watching of every watched folder.
    pub async fn restart_watching(&self) -> CommandResult<Vec<String>> {
        let library = self.library()?;
        let live = library.watch_live().await?;
        let warnings = live.problems();
        if let Ok(mut slot) = self.live.lock() {
            *slot = Some(live);
        }
        Ok(warnings)
    }

    /// Adds a just-recorded folder to live watching, leaving the other
    /// folders' watchers alone; returns once its watcher is in place.
    pub async fn watch_live_folder(&self, folder: &WatchedFolder) -> CommandResult<Vec<String>> {
        let started = match self.live.lock() {
            Ok(slot) => slot.as_ref().map(|live| live.watch(folder)),
            Err(_) => None,
        };
        match started {
            Some(started) => Ok(started.await),
            // Not watching yet (it failed at start): start with every folder.
            None => self.restart_watching().await,
        }
    }

    /// What is wrong with live watching now (e.g. folders polled at the
    /// inotify limit), one line each; empty when all is well.
    pub fn watch_problems(&self) -> Vec<String> {
        match self.live.lock() {
            Ok(slot) => slot.as_ref().map(LiveWatch::problems).unwrap_or_default(),
            Err(_) => Vec::new(),
        }
    }

    /// Takes a folder out of live watching.
    pub fn unwatch_live_folder(&self, id: i64) {
        if let Ok(slot) = self.live.lock()
            && let Some(live) = slot.as_ref()
        {
            live.unwatch(id);
        }
    }

    /// Stops watching and processing; pending work stays for the next start.
    pub async fn close(&self) {
        if let Ok(mut slot) = self.live.lock() {
            slot.take();
        }
        if let Ok(library) = &self.library {
            library.close(Duration::from_secs(3)).await;
        }
    }
}
