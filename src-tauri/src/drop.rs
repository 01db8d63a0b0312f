//! Files and folders dropped onto the window are imported here, in Rust: the
//! page only draws the overlay, and never handles a path.

use std::path::PathBuf;

use tauri::{AppHandle, DragDropEvent, Emitter, Manager, Runtime, Window, WindowEvent};

use crate::IMPORT_FINISHED_EVENT;
use crate::dto::ImportSummary;
use crate::error::CommandResult;
use crate::state::AppState;

pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
        let app = window.app_handle().clone();
        let paths = paths.clone();
        tauri::async_runtime::spawn(async move {
            if let Err(err) = import_dropped(&app, paths).await {
                tracing::warn!(error = %err, "a dropped import failed");
            }
        });
    }
}

/// Imports `paths` and tells the page how it went. The files show in the
/// grid as each batch is recorded, well before this returns.
pub async fn import_dropped<R: Runtime>(
    app: &AppHandle<R>,
    paths: Vec<PathBuf>,
) -> CommandResult<ImportSummary> {
    let state = app.state::<AppState>();
    let summary: ImportSummary = state.library()?.import(paths).await?.into();
    tracing::info!(
        imported = summary.imported,
        failed = summary.failed.len(),
        "drop imported"
    );
    if let Err(err) = app.emit(IMPORT_FINISHED_EVENT, &summary) {
        tracing::warn!(error = %err, "could not tell the window about the import");
    }
    Ok(summary)
}
