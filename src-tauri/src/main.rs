//! Mahresources, the desktop app.

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use mahres_app::AppState;
use mahres_core::Library;
use tauri::{Manager, RunEvent};

/// Opens a Mahresources library in a window.
#[derive(Debug, Parser)]
#[command(name = "mahresources", version)]
struct Args {
    /// The library folder (default: the platform's data folder).
    #[arg(long, env = "MAHRES_LIBRARY", value_name = "DIR")]
    library: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    init_tracing();
    let root = match Library::resolve_root(args.library) {
        Ok(root) => root,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let state = tauri::async_runtime::block_on(AppState::open(root));
    if let Some(err) = state.open_error() {
        // The window says it too; this is for whoever started us from a shell.
        eprintln!("error: {err}");
    }
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init());
    let app = match mahres_app::wire(builder, state)
        .build(tauri::generate_context!("../tauri.conf.json"))
    {
        Ok(app) => app,
        Err(err) => {
            eprintln!("error: the window could not be created: {err}");
            return ExitCode::FAILURE;
        }
    };
    if let Ok(library) = app.state::<AppState>().library() {
        mahres_app::watch_live_in_background(library);
    }
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
