//! The window's menu bar: File, Edit, View, Help, with their accelerators.
//!
//! Each entry but Quit and About is the page's to carry out (it knows what
//! has the focus, what is selected and which view is shown), so a click or
//! an accelerator reaches the page as the `menu` event with the entry's id,
//! and the page runs what its own buttons and keys run. Undo, Select All and
//! Find apply to a focused text field there, as a desktop's Edit menu does.
//! No accelerator is a bare key: GTK takes accelerators before the page
//! sees the key, and a bare `?` would stop anyone typing one.

use tauri::menu::{AboutMetadataBuilder, Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Emitter, Runtime};

/// The page's event carrying the id of the menu entry chosen.
pub const MENU_EVENT: &str = "menu";

/// One entry the page carries out: its id (what the page receives), its
/// label, and its accelerator.
pub struct Entry {
    pub id: &'static str,
    pub label: &'static str,
    pub accelerator: Option<&'static str>,
}

const fn entry(id: &'static str, label: &'static str, accelerator: &'static str) -> Entry {
    Entry {
        id,
        label,
        accelerator: Some(accelerator),
    }
}

const fn plain(id: &'static str, label: &'static str) -> Entry {
    Entry {
        id,
        label,
        accelerator: None,
    }
}

/// What stands in a menu: an entry, or a line between groups of them.
pub enum Item {
    Entry(Entry),
    Separator,
}

use Item::{Entry as E, Separator as Line};

pub const FILE: &[Item] = &[
    E(entry("import-files", "Import Files…", "CmdOrCtrl+O")),
    E(entry(
        "import-folder",
        "Import Folder…",
        "CmdOrCtrl+Shift+O",
    )),
    E(plain("watch-folder", "Watch Folder…")),
    Line,
    E(entry("export", "Export…", "CmdOrCtrl+E")),
];

pub const EDIT: &[Item] = &[
    E(entry("undo", "Undo", "CmdOrCtrl+Z")),
    E(entry("redo", "Redo", "CmdOrCtrl+Shift+Z")),
    Line,
    E(entry("select-all", "Select All", "CmdOrCtrl+A")),
    E(entry("find", "Find", "CmdOrCtrl+F")),
];

pub const VIEW: &[Item] = &[
    E(entry("view-library", "Library", "CmdOrCtrl+1")),
    E(entry("view-duplicates", "Duplicates", "CmdOrCtrl+2")),
    E(entry("view-notes", "Notes", "CmdOrCtrl+3")),
    E(entry("view-groups", "Groups", "CmdOrCtrl+4")),
    E(entry("view-folders", "Folders", "CmdOrCtrl+5")),
    E(entry("view-trash", "Trash", "CmdOrCtrl+6")),
    E(entry("view-activity", "Activity", "CmdOrCtrl+7")),
    Line,
    E(entry("zoom-in", "Larger Thumbnails", "CmdOrCtrl+=")),
    E(entry("zoom-out", "Smaller Thumbnails", "CmdOrCtrl+-")),
    E(entry("zoom-reset", "Default Thumbnail Size", "CmdOrCtrl+0")),
];

pub const HELP: &[Item] = &[E(entry("shortcuts", "Keyboard Shortcuts", "CmdOrCtrl+/"))];

/// Every id the page may receive, for its handler and the tests.
pub fn page_ids() -> impl Iterator<Item = &'static str> {
    [FILE, EDIT, VIEW, HELP]
        .into_iter()
        .flatten()
        .filter_map(|item| match item {
            E(e) => Some(e.id),
            Line => None,
        })
}

/// The menu bar of the main window.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let info = app.package_info();
    let about = AboutMetadataBuilder::new()
        .name(Some(info.name.clone()))
        .version(Some(info.version.to_string()))
        .comments(Some("A local-first library for your photos and files"))
        .license(Some("MIT"))
        .build();

    let file = submenu(app, "&File", FILE)?;
    file.append(&PredefinedMenuItem::separator(app)?)?;
    file.append(&MenuItem::with_id(
        app,
        "quit",
        "Quit",
        true,
        Some("CmdOrCtrl+Q"),
    )?)?;
    let help = submenu(app, "&Help", HELP)?;
    help.append(&PredefinedMenuItem::separator(app)?)?;
    help.append(&PredefinedMenuItem::about(
        app,
        Some("About Mahresources"),
        Some(about),
    )?)?;
    Menu::with_items(
        app,
        &[
            &file,
            &submenu(app, "&Edit", EDIT)?,
            &submenu(app, "&View", VIEW)?,
            &help,
        ],
    )
}

fn submenu<R: Runtime>(
    app: &AppHandle<R>,
    label: &str,
    items: &[Item],
) -> tauri::Result<Submenu<R>> {
    let menu = Submenu::new(app, label, true)?;
    for item in items {
        match item {
            E(e) => menu.append(&MenuItem::with_id(app, e.id, e.label, true, e.accelerator)?)?,
            Line => menu.append(&PredefinedMenuItem::separator(app)?)?,
        }
    }
    Ok(menu)
}

/// Quit ends the app as closing its window does (the library closes on
/// `RunEvent::Exit`); everything else goes to the page.
pub fn on_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let id = event.id().as_ref();
    if id == "quit" {
        app.exit(0);
    } else if page_ids().any(|known| known == id)
        && let Err(err) = app.emit_to("main", MENU_EVENT, id)
    {
        tracing::warn!(error = %err, id, "could not pass a menu choice to the page");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_its_own_id_and_accelerator() {
        let ids: Vec<_> = page_ids().collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "ids repeat: {ids:?}");
        let accelerators: Vec<_> = [FILE, EDIT, VIEW, HELP]
            .into_iter()
            .flatten()
            .filter_map(|item| match item {
                E(e) => e.accelerator,
                Line => None,
            })
            .collect();
        let mut unique = accelerators.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), accelerators.len(), "accelerators repeat");
        // A bare key would be taken from the page's text fields.
        assert!(accelerators.iter().all(|a| a.starts_with("CmdOrCtrl+")));
    }

    #[test]
    fn the_page_knows_every_entry_it_is_sent() {
        let page = include_str!("../../ui/src/menu.ts");
        let start = page
            .find("export const MENU_IDS")
            .expect("menu.ts lists MENU_IDS");
        let end = start + page[start..].find("] as const").expect("the list ends");
        let listed: Vec<&str> = page[start..end].split('"').skip(1).step_by(2).collect();
        let mut sent: Vec<&str> = page_ids().collect();
        let mut listed_sorted = listed.clone();
        sent.sort();
        listed_sorted.sort();
        assert_eq!(
            listed_sorted, sent,
            "ui/src/menu.ts MENU_IDS against the menus"
        );
    }
}
