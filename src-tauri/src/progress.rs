//! Forwards the engine's progress to the page. The engine coalesces it (a
//! few snapshots a second, one more the moment the search index commits),
//! so the page gets one message per snapshot, never one per file.

use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::PROGRESS_EVENT;
use crate::state::AppState;

/// Starts forwarding for as long as the library processes its work.
pub fn start_forwarding<R: Runtime>(app: AppHandle<R>) {
    let Ok(library) = app.state::<AppState>().library() else {
        return;
    };
    // On the async runtime: the engine's progress task is spawned there.
    tauri::async_runtime::spawn(async move {
        let Some(mut progress) = library.subscribe_progress() else {
            return;
        };
        drop(library);
        while progress.changed().await.is_ok() {
            let snapshot = progress.borrow_and_update().clone();
            if let Err(err) = app.emit(PROGRESS_EVENT, &snapshot) {
                tracing::warn!(error = %err, "could not send progress to the window");
            }
        }
    });
}
