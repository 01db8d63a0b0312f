//! The desktop shell: Tauri commands, a progress forwarder, the `mahres://`
//! protocol and drag-and-drop, each a thin call into `mahres_core::Library`.
//! Everything is generic over the runtime so tests drive it through tauri's
//! mock runtime.

pub mod bindings;
pub mod commands;
pub mod drag_out;
pub mod drop;
pub mod dto;
pub mod error;
pub mod integrity;
pub mod launch;
pub mod menu;
pub mod notify;
pub mod progress;
pub mod protocol;
pub mod state;

pub use state::AppState;

use tauri::{Builder, Runtime};

/// The page's event carrying [`mahres_core::Progress`] snapshots.
pub const PROGRESS_EVENT: &str = "progress";
/// The page's event carrying an [`dto::ImportSummary`] after a drop.
pub const IMPORT_FINISHED_EVENT: &str = "import-finished";
/// The page's event carrying a [`mahres_core::watch::ReconcileReport`] when a
/// new watched folder's first walk ends.
pub const FOLDER_SCANNED_EVENT: &str = "folder-scanned";
/// The page's event carrying a [`mahres_core::watch::WalkProgress`] while a
/// new watched folder's first walk records its files (at most 4 a second).
pub const FOLDER_WALKING_EVENT: &str = "folder-walking";
/// The page's event carrying a [`mahres_core::verify::VerifyProgress`]
/// while "Check library…" reads the files (at most 4 a second).
pub const VERIFY_PROGRESS_EVENT: &str = "verify-progress";
/// The page's event carrying a [`mahres_core::export::ExportProgress`]
/// while an export copies (at most 4 a second).
pub const EXPORT_PROGRESS_EVENT: &str = "export-progress";

/// Starts what an open library runs while the app is up: progress
/// forwarding to the page and live watching of the watched folders. At
/// launch `wire` and `main` do this; after a successful `retry_open`, this.
pub fn start_library_tasks<R: Runtime>(app: &tauri::AppHandle<R>) {
    use tauri::Manager;
    progress::start_forwarding(app.clone());
    notify::start(app.clone());
    if let Ok(library) = app.state::<AppState>().library() {
        watch_live_in_background(library);
    }
}

/// Starts live watching of every watched folder without waiting for it.
pub fn watch_live_in_background(library: mahres_core::Library) {
    tauri::async_runtime::spawn(async move {
        match library.start_live_watching().await {
            Ok(warnings) => warnings.iter().for_each(|w| tracing::warn!("{w}")),
            Err(err) => tracing::warn!(error = %err, "watched folders are not watched live"),
        }
    });
}

/// Wires the commands, the protocol, drop handling and progress forwarding
/// onto a builder; `main` adds the plugins that need a real desktop.
pub fn wire<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        .register_asynchronous_uri_scheme_protocol(protocol::SCHEME, protocol::handle)
        .on_window_event(drop::on_window_event)
        .setup(|app| {
            progress::start_forwarding(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::library_info,
            commands::retry_open,
            commands::list_tiles,
            commands::tile_ids,
            commands::timeline,
            commands::settings,
            commands::set_settings,
            commands::resource,
            commands::edit_resource,
            commands::add_tags,
            commands::remove_tags,
            commands::trash_items,
            commands::restore_items,
            commands::trashed_items,
            commands::delete_permanently,
            commands::empty_trash,
            commands::set_mark,
            commands::undo,
            commands::redo,
            commands::undo_state,
            commands::albums,
            commands::save_album,
            commands::edit_album,
            commands::delete_album,
            commands::item_history,
            commands::tags,
            commands::similar,
            commands::duplicates,
            commands::merge,
            commands::groups,
            commands::create_group,
            commands::edit_group,
            commands::delete_group,
            commands::add_to_group,
            commands::remove_from_group,
            commands::notes,
            commands::create_note,
            commands::edit_note,
            commands::delete_note,
            commands::link_note,
            commands::search_entities,
            commands::progress,
            commands::failures,
            commands::retry,
            commands::pause,
            commands::resume,
            commands::pick_import,
            commands::watched_folders,
            commands::pick_watch_folder,
            commands::remove_watched_folder,
            commands::set_folder_rules,
            commands::watch_problems,
            commands::remove_missing,
            commands::open_resource,
            commands::reveal_resource,
            drag_out::start_drag,
            integrity::verify_library,
            integrity::restore_copy,
            integrity::mark_missing,
            integrity::export_items,
        ])
}

/// Every command the page may call; build.rs grants exactly these to the
/// main window's capability.
pub const COMMANDS: &[&str] = include!("command_names.rs");
