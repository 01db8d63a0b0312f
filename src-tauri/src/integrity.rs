//! "Check library…": the engine's verify, and what the page can do about
//! each problem it lists — restore a copy from a file the person picks,
//! mark items missing. (Removing them is `delete_resources`.)

use std::sync::Arc;

use mahres_core::model::{Resource, ResourceId};
use mahres_core::verify::{VerifyOptions, VerifyProgress, VerifyReport};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tokio::sync::oneshot;

use crate::VERIFY_PROGRESS_EVENT;
use crate::error::CommandResult;
use crate::state::AppState;

/// Re-reads every file of the library against its record; with `repair`,
/// restores what the originals can restore and removes stray copies.
/// Progress reaches the page as `verify-progress`, at most 4 times a second.
#[tauri::command(rename_all = "snake_case")]
pub async fn verify_library<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    repair: bool,
) -> CommandResult<VerifyReport> {
    let progress = Arc::new(crate::progress::throttled(
        &app,
        VERIFY_PROGRESS_EVENT,
        |p: &VerifyProgress| p.checked == p.total,
    ));
    let options = VerifyOptions {
        repair,
        progress: Some(progress),
    };
    Ok(state.library()?.verify(options).await?)
}

/// Asks the person for the file to restore item `id`'s copy from (a
/// backup, the card), then restores it if it is the same file. `None` when
/// they cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: ResourceId,
) -> CommandResult<Option<Resource>> {
    let library = state.library()?;
    let name = library.resource(id).await?.resource.name;
    let (tx, rx) = oneshot::channel();
    app.dialog()
        .file()
        .set_title(format!("Restore {name} from…"))
        .set_directory(crate::commands::start_folder(&app))
        .pick_file(move |path| {
            let _ = tx.send(path);
        });
    let Some(path) = rx.await.ok().flatten().and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    Ok(Some(library.restore_copy(id, path).await?))
}

/// Marks items whose files are gone as missing. Returns how many changed.
#[tauri::command(rename_all = "snake_case")]
pub async fn mark_missing(state: State<'_, AppState>, ids: Vec<ResourceId>) -> CommandResult<u32> {
    Ok(state.library()?.mark_missing(ids).await?)
}

/// Asks the person for a folder, then exports what `query` finds there
/// (everything when blank) in `layout`. Progress reaches the page as
/// `export-progress`. `None` when they cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_items<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    query: String,
    layout: mahres_core::export::ExportLayout,
) -> CommandResult<Option<mahres_core::export::ExportReport>> {
    let library = state.library()?;
    let (tx, rx) = oneshot::channel();
    app.dialog()
        .file()
        .set_title("Export to…")
        .set_directory(crate::commands::start_folder(&app))
        .pick_folder(move |path| {
            let _ = tx.send(path);
        });
    let Some(folder) = rx.await.ok().flatten().and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    let progress = Arc::new(crate::progress::throttled(
        &app,
        crate::EXPORT_PROGRESS_EVENT,
        |p: &mahres_core::export::ExportProgress| p.done == p.total,
    ));
    let options = mahres_core::export::ExportOptions {
        layout,
        progress: Some(progress),
    };
    Ok(Some(library.export(folder, query, options).await?))
}
