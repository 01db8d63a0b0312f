//! Forwards the engine's progress to the page. The engine already coalesces
//! its status to a few snapshots a second, so the page gets one message per
//! snapshot, never one per file.

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::PROGRESS_EVENT;
use crate::state::AppState;

/// While the search index has changes waiting for its commit (every 250 ms),
/// look again this soon, so the page learns when they become searchable.
const INDEX_RECHECK: Duration = Duration::from_millis(300);

/// Starts forwarding for as long as the library processes its work.
pub fn start_forwarding<R: Runtime>(app: AppHandle<R>) {
    let Ok(library) = app.state::<AppState>().library().cloned() else {
        return;
    };
    let Some(mut updates) = library.subscribe() else {
        return;
    };
    tauri::async_runtime::spawn(async move {
        let mut last_sent = None;
        loop {
            let status = updates.borrow_and_update().clone();
            let mut index_pending = false;
            match library.progress_with(status).await {
                Ok(progress) if last_sent.as_ref() != Some(&progress) => {
                    index_pending = progress.index_pending;
                    if let Err(err) = app.emit(PROGRESS_EVENT, &progress) {
                        tracing::warn!(error = %err, "could not send progress to the window");
                    }
                    last_sent = Some(progress);
                }
                Ok(progress) => index_pending = progress.index_pending,
                Err(err) => tracing::warn!(error = %err, "could not read progress"),
            }
            if index_pending {
                if let Ok(Err(_)) = tokio::time::timeout(INDEX_RECHECK, updates.changed()).await {
                    break;
                }
            } else if updates.changed().await.is_err() {
                break;
            }
        }
    });
}
