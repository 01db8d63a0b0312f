//! How the app is started: its arguments, the files given to it (from a
//! shell, or "Open with" in a file manager), and a second launch on the same
//! library handing its files to the window already open.
//!
//! One window per library: the single-instance lock is named after the
//! library's folder, so two libraries can still be open side by side, while
//! a second launch on one that is open brings its window forward instead of
//! opening the same database twice.

use std::path::{Path, PathBuf};

use clap::Parser;
use md5::{Digest, Md5};
use tauri::{AppHandle, Manager, Runtime};

/// Opens a Mahresources library in a window.
#[derive(Debug, Parser)]
#[command(name = "mahresources", version)]
pub struct LaunchArgs {
    /// The library folder (default: the platform's data folder).
    #[arg(long, env = "MAHRES_LIBRARY", value_name = "DIR")]
    pub library: Option<PathBuf>,
    /// Files or folders to import, as if dropped onto the window. With the
    /// library already open in a window, they go to that window.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// The D-Bus name (before the plugin's `.SingleInstance`) that one library's
/// window holds. Built from the app's identifier and a digest of the
/// library's folder: each element starts with a letter and holds only
/// letters, digits and `_`, as D-Bus requires.
pub fn instance_id(identifier: &str, library_root: &Path) -> String {
    let digest = Md5::digest(library_root.as_os_str().as_encoded_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{identifier}.library_{hex}")
}

/// `files` as absolute paths, the relative ones taken from `cwd` (the
/// directory the launch was started in, not ours).
pub fn absolute_paths(files: Vec<PathBuf>, cwd: &Path) -> Vec<PathBuf> {
    files
        .into_iter()
        .map(|f| if f.is_absolute() { f } else { cwd.join(f) })
        .collect()
}

/// Imports `files` without holding up the caller; the page hears how it
/// went as after a drop.
pub fn import_in_background<R: Runtime>(app: &AppHandle<R>, files: Vec<PathBuf>) {
    if files.is_empty() {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Err(err) = crate::drop::import_dropped(&app, files).await {
            tracing::warn!(error = %err, "the files the app was opened with were not imported");
        }
    });
}

/// A second launch on this library handed over its command line: the window
/// comes forward, and the files it names are imported.
pub fn on_second_launch<R: Runtime>(app: &AppHandle<R>, argv: Vec<String>, cwd: String) {
    if let Some(window) = app.get_webview_window("main") {
        // Each is best effort: a window manager may refuse focus.
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    match LaunchArgs::try_parse_from(argv) {
        Ok(args) => import_in_background(app, absolute_paths(args.files, Path::new(&cwd))),
        Err(err) => tracing::warn!(error = %err, "a second launch's arguments were not understood"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_library_has_its_own_valid_instance_name() {
        let one = instance_id("org.mahresources.app", Path::new("/home/a/Library"));
        let again = instance_id("org.mahresources.app", Path::new("/home/a/Library"));
        let other = instance_id("org.mahresources.app", Path::new("/home/a/Other"));
        assert_eq!(one, again);
        assert_ne!(one, other);
        for element in one.split('.') {
            assert!(
                element.starts_with(|c: char| c.is_ascii_alphabetic()),
                "{one}"
            );
            assert!(
                element
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{one}"
            );
        }
        assert!(one.len() < 200, "D-Bus names are at most 255 bytes");
    }

    #[test]
    fn files_on_a_command_line_are_taken_from_where_it_ran() {
        let args = LaunchArgs::try_parse_from([
            "mahresources",
            "--library",
            "/lib",
            "photo.jpg",
            "/abs/other.png",
        ])
        .unwrap();
        assert_eq!(args.library, Some(PathBuf::from("/lib")));
        assert_eq!(
            absolute_paths(args.files, Path::new("/home/a/Pictures")),
            [
                PathBuf::from("/home/a/Pictures/photo.jpg"),
                PathBuf::from("/abs/other.png")
            ]
        );
    }
}
