//! What a failed command hands the page: a sentence a person reads, a kind
//! the page can act on, and the technical detail behind a click.

use serde::Serialize;
use ts_rs::TS;

/// What sort of failure it was, for the page to act on (say, refresh a list
/// when something is `not_found`, or offer Retry when the library is
/// `locked`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The resource, group, note or folder is gone (maybe deleted elsewhere).
    NotFound,
    /// What was asked cannot be done as asked (a blank name, a bad glob).
    InvalidInput,
    /// Another process owns the library.
    Locked,
    /// The library is open read-only here, or search is unavailable.
    Unavailable,
    /// Anything else: a disk, a database or another program failed.
    Failed,
}

/// A command's failure as the page receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CommandError {
    pub kind: ErrorKind,
    /// One plain sentence, the headline.
    pub message: String,
    /// The technical detail (the underlying error), shown on request.
    pub detail: Option<String>,
}

impl CommandError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            detail: None,
        }
    }

    /// A plain `message`, with `detail` (what went wrong underneath) kept.
    pub fn failed(message: impl Into<String>, detail: impl ToString) -> Self {
        Self {
            detail: Some(detail.to_string()),
            ..Self::new(ErrorKind::Failed, message)
        }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<mahres_core::Error> for CommandError {
    fn from(err: mahres_core::Error) -> Self {
        use mahres_core::Error as E;
        let kind = match &err {
            E::NotFound { .. } | E::NoAlbum(_) => ErrorKind::NotFound,
            E::Empty { .. }
            | E::BadPattern { .. }
            | E::FolderRefused(_)
            | E::NotWatched { .. }
            | E::BadMerge(_)
            | E::BadMark(_)
            | E::AlbumExists(_)
            | E::CannotRestore(_) => ErrorKind::InvalidInput,
            E::SearchUnavailable | E::NotProcessing | E::NoLibrary { .. } => ErrorKind::Unavailable,
            E::LibraryLocked { .. } => ErrorKind::Locked,
            E::ReadOnly | E::Closed => ErrorKind::Unavailable,
            E::Search(mahres_core::search::SearchError::Query(_))
            | E::Search(mahres_core::search::SearchError::UnknownSort(..)) => {
                ErrorKind::InvalidInput
            }
            _ => ErrorKind::Failed,
        };
        Self::new(kind, err.to_string())
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
