//! Watched folders: files indexed where they are and kept in step with the
//! disk. `reconcile` compares a folder with the database and records every
//! difference as events, so changes made while nothing was watching are
//! caught at the next start.

mod live;
mod reconcile;
mod rules;

pub use live::{DEBOUNCE, LiveWatch, SETTLE};

pub use reconcile::ReconcileReport;
pub(crate) use reconcile::reconcile;
pub(crate) use rules::Matcher;
pub use rules::{DEFAULT_EXCLUDES, FolderRules};

/// Checks that every pattern of `rules` is a valid glob; the error names
/// the first that is not.
pub fn check_rules(rules: &FolderRules) -> crate::Result<()> {
    Matcher::new(rules).map(|_| ())
}
