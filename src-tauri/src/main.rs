//! Mahresources, the desktop app.

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use mahres_app::AppState;
use mahres_app::launch::{self, LaunchArgs};
use mahres_core::Library;
use tauri::{Manager, RunEvent};

fn main() -> ExitCode {
    let args = LaunchArgs::parse();
    init_tracing();
    let root = match Library::resolve_root(args.library) {
        Ok(root) => root,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    // A second launch on an open library finds it owned by the first (the
    // library's lock, so it processes nothing), hands its files over to that
    // window through the single-instance plugin, and exits.
    let instance_id = launch::instance_id("org.mahresources.app", &root);
    let files = match std::env::current_dir() {
        Ok(cwd) => launch::absolute_paths(args.files, &cwd),
        Err(_) => args.files,
    };
    let single_instance = tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_id)
        .callback(launch::on_second_launch)
        .build();
    let state = tauri::async_runtime::block_on(AppState::open(root));
    // The single-instance plugin first, so a second launch exits before
    // anything else starts.
    let builder = tauri::Builder::default()
        .plugin(single_instance)
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init());
    let app = match mahres_app::wire(builder, state)
        .menu(mahres_app::menu::build)
        .on_menu_event(mahres_app::menu::on_event)
        .build(tauri::generate_context!("../tauri.conf.json"))
    {
        Ok(app) => app,
        Err(err) => {
            eprintln!("error: the window could not be created: {err}");
            return ExitCode::FAILURE;
        }
    };
    // Still here, so no window had this library open (a second launch has
    // handed its files over and exited inside `build`).
    if let Some(err) = app.state::<AppState>().open_error() {
        // The window says it too; this is for whoever started us from a shell.
        eprintln!("error: {err}");
    }
    if let Ok(library) = app.state::<AppState>().library() {
        mahres_app::watch_live_in_background(library);
    }
    mahres_app::notify::start(app.handle().clone());
    launch::import_in_background(app.handle(), files);
    exit_gracefully_on_signals(app.handle().clone());
    app.run(|app, event| {
        if let RunEvent::Exit = event {
            // Running jobs get a moment to finish; the rest resume next start.
            tauri::async_runtime::block_on(app.state::<AppState>().close());
        }
    });
    ExitCode::SUCCESS
}

/// SIGTERM (a logout, a service manager) and Ctrl-C end the app like closing
/// its window: running jobs get their moment, the search index commits, and
/// the window's size and position are saved.
fn exit_gracefully_on_signals<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let Ok(mut terminate) = signal(SignalKind::terminate()) else {
                return;
            };
            tokio::select! {
                _ = terminate.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        #[cfg(not(unix))]
        if tokio::signal::ctrl_c().await.is_err() {
            return;
        }
        app.exit(0);
    });
}

fn init_tracing() {
    // RUST_LOG=mahres_core=debug follows one import's correlation id through
    // every handler.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        // nom-exif reports each damaged file at warn; the library records
        // that per file, so its own lines stay at error.
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,nom_exif=off"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
