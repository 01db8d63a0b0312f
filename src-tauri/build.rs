fn main() {
    // tauri.conf.json lives at the repository root (docs/ARCHITECTURE.md).
    // Declaring the app's commands makes each one a permission, so the
    // capability in capabilities/main.json grants exactly what the page uses.
    println!("cargo:rerun-if-changed=src/command_names.rs");
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(manifest);
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}

const COMMANDS: &[&str] = include!("src/command_names.rs");
