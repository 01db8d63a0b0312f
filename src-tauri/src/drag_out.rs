//! Dragging tiles out of the window: the files go to whatever takes them (a
//! file manager, an e-mail, a chat) as `text/uri-list`, under the items' own
//! names (`Library::file_for_apps`), never the store's.
//!
//! The page starts it from its `dragstart` (and cancels its own HTML drag);
//! here a GTK drag begins on the window while the button is still held. This
//! is the approach of CrabNebula's `drag` crate, written out because that
//! crate puts paths into URIs unescaped (`file:///a b.jpg`), which receivers
//! refuse, and item names have spaces.

use std::path::PathBuf;

use mahres_core::model::ResourceId;
use tauri::{AppHandle, Manager, Runtime, State};

use crate::error::{CommandError, CommandResult, ErrorKind};
use crate::state::AppState;

/// Most items one drag hands over.
const MAX_ITEMS: usize = 500;

/// `file://` URIs for `paths`, escaped as RFC 8089 asks.
pub fn uris(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .filter_map(|p| url::Url::from_file_path(p).ok())
        .map(String::from)
        .collect()
}

#[tauri::command(rename_all = "snake_case")]
pub async fn start_drag<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    ids: Vec<ResourceId>,
) -> CommandResult<()> {
    if ids.is_empty() || ids.len() > MAX_ITEMS {
        return Err(CommandError::new(
            ErrorKind::InvalidInput,
            format!("Drag between 1 and {MAX_ITEMS} items at a time."),
        ));
    }
    let library = state.library()?;
    let mut paths = Vec::with_capacity(ids.len());
    for id in ids {
        paths.push(library.file_for_apps(id).await?.path);
    }
    let uris = uris(&paths);
    let window = app
        .get_webview_window("main")
        .ok_or_else(|| CommandError::new(ErrorKind::Unavailable, "The window is gone."))?;
    begin_on_main_thread(&app, window, uris)
}

#[cfg(target_os = "linux")]
fn begin_on_main_thread<R: Runtime>(
    app: &AppHandle<R>,
    window: tauri::WebviewWindow<R>,
    uris: Vec<String>,
) -> CommandResult<()> {
    app.run_on_main_thread(move || {
        if let Err(err) = gtk_drag::begin(&window, uris) {
            tracing::warn!(error = %err, "could not start dragging files out");
        }
    })
    .map_err(|err| CommandError::failed("Couldn't start the drag.", err))
}

#[cfg(not(target_os = "linux"))]
fn begin_on_main_thread<R: Runtime>(
    _app: &AppHandle<R>,
    _window: tauri::WebviewWindow<R>,
    _uris: Vec<String>,
) -> CommandResult<()> {
    Err(CommandError::new(
        ErrorKind::Unavailable,
        "Dragging files out works on Linux only, so far.",
    ))
}

#[cfg(target_os = "linux")]
mod gtk_drag {
    use std::cell::RefCell;
    use std::rc::Rc;

    use gtk::gdk;
    use gtk::glib::SignalHandlerId;
    use gtk::prelude::*;

    /// Begins a GTK drag of `uris` from the window's GTK window; the
    /// handlers go again when the drag ends, however it ends.
    pub fn begin<R: tauri::Runtime>(
        window: &tauri::WebviewWindow<R>,
        uris: Vec<String>,
    ) -> Result<(), String> {
        let gtk_window = window.gtk_window().map_err(|e| e.to_string())?;
        let widget: gtk::Widget = gtk_window.upcast();
        widget.drag_source_set(gdk::ModifierType::BUTTON1_MASK, &[], gdk::DragAction::COPY);
        widget.drag_source_add_uri_targets();
        let handlers: Rc<RefCell<Vec<SignalHandlerId>>> = Rc::default();
        handlers
            .borrow_mut()
            .push(widget.connect_drag_data_get(move |_, _, data, _, _| {
                let uris: Vec<&str> = uris.iter().map(String::as_str).collect();
                data.set_uris(&uris);
            }));
        let ended = handlers.clone();
        let handle = widget.connect_drag_end(move |widget, _| {
            for id in ended.borrow_mut().drain(..) {
                widget.disconnect(id);
            }
            widget.drag_source_unset();
        });
        handlers.borrow_mut().push(handle);
        let targets = widget
            .drag_source_get_target_list()
            .ok_or("the window offers no drag targets")?;
        widget
            .drag_begin_with_coordinates(&targets, gdk::DragAction::COPY, 1, None, -1, -1)
            .ok_or("GTK did not begin the drag")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_spaces_and_accents_become_escaped_uris() {
        assert_eq!(
            uris(&[PathBuf::from("/home/a/Beach day #2 é.jpg")]),
            ["file:///home/a/Beach%20day%20%232%20%C3%A9.jpg"]
        );
    }
}
