//! The engine's error type. Every variant says what went wrong and, where the
//! user can do something about it, what to do.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("library database error: {0}")]
    Database(#[from] rusqlite::Error),

    #[error("could not upgrade the library database schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "the library at {path} is open in another process{}; close it there or use another --library",
        holder.map(|pid| format!(" (pid {pid})")).unwrap_or_default()
    )]
    LibraryLocked { path: PathBuf, holder: Option<u32> },

    #[error("no platform data directory could be found; pass --library DIR or set MAHRES_LIBRARY")]
    NoDataDir,

    #[error("{kind} {id} does not exist")]
    NotFound { kind: &'static str, id: i64 },

    #[error("{0}")]
    InvalidInput(String),

    #[error("the library is open read-only here; changes must be made by the process that owns it")]
    ReadOnly,

    #[error("{0}")]
    Search(#[from] crate::search::SearchError),

    #[error("the library has been closed")]
    Closed,

    #[error("background task failed: {0}")]
    Task(String),
}

impl Error {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

impl From<tokio::task::JoinError> for Error {
    fn from(err: tokio::task::JoinError) -> Self {
        Error::Task(err.to_string())
    }
}
