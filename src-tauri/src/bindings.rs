//! The TypeScript declarations of every type that crosses IPC, generated
//! from the Rust types. `ui/src/bindings.ts` is this text, checked in; a test
//! fails when it is stale, so page and backend cannot drift apart.

use mahres_core::audit::{HistoryEntry, HistoryStep, ItemHistory, PendingWork};
use mahres_core::bus::{BusStatus, HandlerStatus};
use mahres_core::duplicates::{DuplicateGroup, DuplicateKind, DuplicatePage, Similar};
use mahres_core::export::{ExportFailure, ExportLayout, ExportProgress, ExportReport};
use mahres_core::model::{
    Availability, Companion, DateSource, Group, GroupEdit, GroupRef, HandlerJobState, JobState,
    Note, NoteEdit, NoteRef, Resource, ResourceDetails, ResourceEdit, Tag,
};
use mahres_core::verify::{ProblemKind, VerifyProblem, VerifyProgress, VerifyReport};
use mahres_core::watch::{FolderRules, ReconcileReport, WalkProgress};
use mahres_core::{
    Album, AlbumCount, AlbumEdit, EntityMatches, Fact, FactKind, FactValue, FailedJob, FilterHelp,
    Flag, ImportFailure, JobCounts, Label, LibrarySettings, Mark, Marks, Progress, ReindexProgress,
    RemovalFailure, RemovalReport, Reverted, SearchHelp, SidecarMode, SortChoice, SortOrder, Tile,
    TilePage, TileQuery, TileState, TimelineDay, UndoState, WatchedFolder,
};
use ts_rs::TS;

use crate::dto::{ImportSummary, LibraryInfo, PickKind, RulesChanged};
use crate::error::{CommandError, ErrorKind};

/// Where the page imports the declarations from, relative to the workspace.
pub const PATH: &str = "ui/src/bindings.ts";

/// The whole file.
pub fn typescript() -> String {
    let declarations = [
        SortOrder::decl(),
        SortChoice::decl(),
        FilterHelp::decl(),
        SearchHelp::decl(),
        FactKind::decl(),
        FactValue::decl(),
        Fact::decl(),
        TileState::decl(),
        Label::decl(),
        Flag::decl(),
        Mark::decl(),
        Marks::decl(),
        RemovalFailure::decl(),
        RemovalReport::decl(),
        Reverted::decl(),
        UndoState::decl(),
        Album::decl(),
        AlbumCount::decl(),
        AlbumEdit::decl(),
        PendingWork::decl(),
        HistoryEntry::decl(),
        HistoryStep::decl(),
        ItemHistory::decl(),
        Tile::decl(),
        TileQuery::decl(),
        TilePage::decl(),
        TimelineDay::decl(),
        LibrarySettings::decl(),
        DateSource::decl(),
        Availability::decl(),
        GroupRef::decl(),
        NoteRef::decl(),
        Resource::decl(),
        Companion::decl(),
        JobState::decl(),
        HandlerJobState::decl(),
        ResourceDetails::decl(),
        Group::decl(),
        Note::decl(),
        Tag::decl(),
        JobCounts::decl(),
        HandlerStatus::decl(),
        ReindexProgress::decl(),
        SidecarMode::decl(),
        ExportLayout::decl(),
        ExportFailure::decl(),
        ExportReport::decl(),
        ExportProgress::decl(),
        ProblemKind::decl(),
        VerifyProblem::decl(),
        VerifyReport::decl(),
        VerifyProgress::decl(),
        BusStatus::decl(),
        Progress::decl(),
        FailedJob::decl(),
        Similar::decl(),
        DuplicateKind::decl(),
        DuplicateGroup::decl(),
        DuplicatePage::decl(),
        FolderRules::decl(),
        WatchedFolder::decl(),
        ReconcileReport::decl(),
        WalkProgress::decl(),
        ImportFailure::decl(),
        ImportSummary::decl(),
        RulesChanged::decl(),
        ErrorKind::decl(),
        CommandError::decl(),
        LibraryInfo::decl(),
        ResourceEdit::decl(),
        GroupEdit::decl(),
        NoteEdit::decl(),
        EntityMatches::decl(),
        PickKind::decl(),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `src-tauri/src/bindings.rs`; do not edit.\n\
         // Regenerate: UPDATE_BINDINGS=1 cargo test -p mahres-app bindings\n\n",
    );
    for declaration in declarations {
        // Ids, sizes and times are JSON numbers on the wire, far below 2^53.
        let declaration = declaration.replace("bigint", "number");
        out.push_str("export ");
        out.push_str(&declaration);
        out.push('\n');
    }
    // The page shows a folder's own patterns apart from these.
    let defaults =
        serde_json::to_string(mahres_core::watch::DEFAULT_EXCLUDES).unwrap_or_else(|_| "[]".into());
    out.push_str(&format!(
        "/** Excluded in every watched folder unless turned off. */\nexport const DEFAULT_EXCLUDES: readonly string[] = {defaults};\n"
    ));
    out.push_str(&format!(
        "/** The similarity threshold a duplicates search starts at, and the loosest offered. */\nexport const DEFAULT_THRESHOLD = {};\nexport const MAX_THRESHOLD = {};\n",
        mahres_core::duplicates::DEFAULT_THRESHOLD,
        mahres_core::duplicates::MAX_THRESHOLD,
    ));
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn bindings_are_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(super::PATH);
        let expected = super::typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &expected).expect("write bindings");
            return;
        }
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            actual == expected,
            "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p mahres-app bindings` and commit it",
            super::PATH
        );
    }
}
