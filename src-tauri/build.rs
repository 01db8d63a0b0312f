fn main() {
    // tauri.conf.json lives at the repository root (docs/ARCHITECTURE.md).
    // Declaring the app's commands makes each one a permission, so the
    // capability in capabilities/main.json grants exactly what the page uses.
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(manifest);
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}

// Kept in step with `mahres_app::COMMANDS` by a test.
const COMMANDS: &[&str] = &[
    "library_info",
    "list_tiles",
    "resource",
    "edit_resource",
    "add_tags",
    "remove_tags",
    "delete_resources",
    "tags",
    "similar",
    "duplicates",
    "merge",
    "groups",
    "create_group",
    "edit_group",
    "delete_group",
    "add_to_group",
    "remove_from_group",
    "notes",
    "create_note",
    "edit_note",
    "delete_note",
    "link_note",
    "search_entities",
    "progress",
    "failures",
    "retry",
    "pause",
    "resume",
    "pick_import",
    "watched_folders",
    "pick_watch_folder",
    "remove_watched_folder",
    "open_resource",
    "reveal_resource",
];
