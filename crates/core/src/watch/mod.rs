//! Watched folders: files indexed where they are and kept in step with the
//! disk. `reconcile` compares a folder with the database and records every
//! difference as events, so changes made while nothing was watching are
//! caught at the next start.

mod compare;
mod live;
mod reconcile;
mod rules;
mod walk;

pub use live::{DEBOUNCE, LiveWatch, SETTLE};

pub use reconcile::ReconcileReport;

/// How far a folder's first walk has got.
#[derive(Debug, Clone, Copy, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WalkProgress {
    pub folder_id: i64,
    /// Files recorded so far; each batch is in the library (and queued for
    /// processing) when this is told.
    pub recorded: usize,
}

/// Told each time a first walk records a batch of files.
pub type WalkProgressFn = dyn Fn(WalkProgress) + Send + Sync;
pub(crate) use reconcile::{Scope, reconcile};
pub(crate) use rules::Matcher;
pub use rules::{DEFAULT_EXCLUDES, FolderRules};

/// Checks that every pattern of `rules` is a valid glob; the error names
/// the first that is not.
pub fn check_rules(rules: &FolderRules) -> crate::Result<()> {
    Matcher::new(rules).map(|_| ())
}
