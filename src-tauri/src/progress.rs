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

/// A callback that tells the page `event` with each value it is given, at
/// most every 250 ms — and always the value `is_last` says is final, so a
/// bar ends full. For the engine's per-file progress callbacks (a walk, a
/// check, an export), which may fire thousands of times a second.
pub fn throttled<R: Runtime, T: serde::Serialize + Clone + 'static>(
    app: &AppHandle<R>,
    event: &'static str,
    is_last: fn(&T) -> bool,
) -> impl Fn(T) + Send + Sync + 'static {
    let app = app.clone();
    let last = std::sync::Mutex::new(None::<std::time::Instant>);
    move |value: T| {
        let mut last = last.lock().unwrap_or_else(|p| p.into_inner());
        let recent = last.is_some_and(|at| at.elapsed() < std::time::Duration::from_millis(250));
        if recent && !is_last(&value) {
            return;
        }
        *last = Some(std::time::Instant::now());
        if let Err(err) = app.emit(event, value) {
            tracing::warn!(error = %err, event, "could not tell the window how the work goes");
        }
    }
}
