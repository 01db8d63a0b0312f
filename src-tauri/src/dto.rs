//! Types only the shell sends or takes; the engine's own types cross the
//! IPC boundary as they are.

use mahres_core::watch::ReconcileReport;
use mahres_core::{ImportFailure, ImportReport, SearchHelp, WatchedFolder};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LibraryInfo {
    pub root: String,
    /// Why the library could not be opened (the page shows it instead of
    /// the library); `None` when it is open.
    pub open_error: Option<crate::error::CommandError>,
    pub resource_count: u64,
    /// The filters and sorts of the search language, the facts' included.
    pub search_help: SearchHelp,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportSummary {
    pub imported: u64,
    pub failed: Vec<ImportFailure>,
    /// Every copy was read back and matched its original.
    pub verified: bool,
    /// The files came from removable media (a camera card) and every one
    /// is on disk in the library: the page says the card may be removed.
    pub safe_to_remove: bool,
}

impl From<ImportReport> for ImportSummary {
    fn from(report: ImportReport) -> Self {
        Self {
            imported: report.imported.len() as u64,
            verified: report.verified && !report.imported.is_empty(),
            safe_to_remove: report.from_removable_media && report.originals_safe_to_remove(),
            failed: report.failed,
        }
    }
}

/// What the native import picker offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PickKind {
    Files,
    Folder,
}

/// What new rules for a watched folder did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RulesChanged {
    pub folder: WatchedFolder,
    /// Resources whose files the new rules no longer take; they left the
    /// library, the files are still on disk.
    pub left: u64,
    /// The pass over the folder under the new rules (files now taken).
    pub report: ReconcileReport,
}
