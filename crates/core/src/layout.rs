//! Where a library keeps its things on disk, and the lock that makes one
//! process its only writer. Nothing here reads or writes the files' contents.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The folders and files of one library. Everything lives under `root`, so a
/// library can be moved or backed up as one folder.
#[derive(Debug, Clone)]
pub struct LibraryLayout {
    root: PathBuf,
}

impl LibraryLayout {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The library used when neither `--library` nor `MAHRES_LIBRARY` names one.
    pub fn default_root() -> Result<PathBuf> {
        let dirs = directories::ProjectDirs::from("org", "Mahresources", "Mahresources")
            .ok_or(Error::NoDataDir)?;
        Ok(dirs.data_dir().join("library"))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn database(&self) -> PathBuf {
        self.root.join("library.db")
    }
    /// Copies of imported files, named by a random id so names never collide.
    pub fn files(&self) -> PathBuf {
        self.root.join("files")
    }
    /// Lists of the copies an import is making, until it commits them
    /// (see `durable.rs`).
    pub fn pending(&self) -> PathBuf {
        self.root.join("pending")
    }
    /// Items' files under their own names, for other apps (`handout.rs`).
    pub fn handed_out(&self) -> PathBuf {
        self.root.join("handed-out")
    }
    pub fn thumbnails(&self) -> PathBuf {
        self.root.join("thumbnails")
    }
    pub fn search_index(&self) -> PathBuf {
        self.root.join("index")
    }
    fn lock_file(&self) -> PathBuf {
        self.root.join("library.lock")
    }

    pub(crate) fn create_dirs(&self) -> Result<()> {
        for dir in [self.root.clone(), self.files(), self.thumbnails()] {
            std::fs::create_dir_all(&dir)
                .map_err(|e| Error::io("could not create the library folder", &dir, e))?;
        }
        Ok(())
    }

    /// Resolves a path stored in the database (relative to the root).
    pub fn resolve(&self, stored: &str) -> PathBuf {
        self.root.join(stored)
    }
}

/// Held for as long as a process owns a library. The OS releases the lock when
/// the process dies, however it dies, so a crash never leaves a library stuck.
#[derive(Debug)]
pub struct LibraryLock {
    _file: File,
}

impl LibraryLock {
    pub fn acquire(layout: &LibraryLayout) -> Result<Self> {
        let path = layout.lock_file();
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io("could not open the library lock", &path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(Error::LibraryLocked {
                    path: layout.root().to_path_buf(),
                    holder: text.trim().parse().ok(),
                });
            }
            Err(TryLockError::Error(e)) => {
                return Err(Error::io("could not lock the library", &path, e));
            }
        }
        let write_pid = |file: &mut File| -> std::io::Result<()> {
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            write!(file, "{}", std::process::id())?;
            file.flush()
        };
        write_pid(&mut file)
            .map_err(|e| Error::io("could not write the library lock", &path, e))?;
        Ok(Self { _file: file })
    }
}
