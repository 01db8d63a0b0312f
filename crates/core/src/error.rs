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

    /// A name, title or tag given blank.
    #[error("{what} must not be empty")]
    Empty { what: String },

    /// An include or exclude pattern of a watched folder.
    #[error("the pattern `{pattern}` is not a valid glob: {reason}")]
    BadPattern { pattern: String, reason: String },

    /// A folder that cannot be watched: not a folder, already watched,
    /// inside or around a watched one. The text says which and what to do.
    #[error("{0}")]
    FolderRefused(String),

    /// A path given to a watched-folder command lies outside every one.
    #[error("{} is not inside a watched folder (see `mahres watch list`)", path.display())]
    NotWatched { path: PathBuf },

    /// A merge asked of the wrong resources (none, or one into itself).
    #[error("{0}")]
    BadMerge(String),

    /// A rating, label or flag that does not exist ("6 stars", "orange").
    #[error("{0}")]
    BadMark(String),

    #[error("there is no album named “{0}” (see `mahres album list`)")]
    NoAlbum(String),

    #[error("an album named “{0}” already exists")]
    AlbumExists(String),

    /// A handler declares facts the library cannot take (a key twice, one
    /// shadowing a filter, a sort on an unordered kind).
    #[error("{0}")]
    BadDeclaration(String),

    /// A file offered to restore a damaged or missing copy that is not the
    /// file that was imported, or a copy that cannot be restored that way.
    #[error("{0}")]
    CannotRestore(String),

    #[error("there is no library at {} (no library.db)", path.display())]
    NoLibrary { path: PathBuf },

    #[error("search is unavailable: the index could not be opened; run `mahres reindex`")]
    SearchUnavailable,

    #[error("this process is not processing the library's work, so waiting would never end")]
    NotProcessing,

    /// Stored data (an event, a fact) that could not be written or read as JSON.
    #[error("{what} could not be encoded or decoded: {source}")]
    Encoding {
        what: String,
        #[source]
        source: serde_json::Error,
    },

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
