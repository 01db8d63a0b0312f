// The window's menu bar (src-tauri/src/menu.rs) sends each choice here as
// the `menu` event with the entry's id; this runs what the page's own
// buttons and keys run. The shell registers the accelerators, so Ctrl+Z,
// Ctrl+A and Ctrl+F arrive here too, even from a text field: there they act
// on the field, as a desktop's Edit menu does.
import { importWithPicker, redoLast, undoLast, watchFolderWithPicker } from "./actions";
import { shortcutsOpenStore } from "./state/shortcutsHelp";
import { dialogOpen, isEditable, selectAllTiles } from "./shortcuts";
import { appStore, patchApp, searchFocus, type View } from "./state/app";
import { openExport } from "./state/exportItems";
import { nextTileSize } from "./state/prefs";

/** The page's event carrying the menu entry chosen. */
export const MENU_EVENT = "menu";

/** Every entry src-tauri/src/menu.rs hands to the page (a test there checks
 * this list against its menus). */
export const MENU_IDS = [
  "import-files",
  "import-folder",
  "watch-folder",
  "export",
  "undo",
  "redo",
  "select-all",
  "find",
  "view-library",
  "view-duplicates",
  "view-notes",
  "view-groups",
  "view-folders",
  "view-trash",
  "view-activity",
  "zoom-in",
  "zoom-out",
  "zoom-reset",
  "shortcuts",
] as const;

/** The menus' accelerators, for the shortcuts overlay (as menu.rs sets them). */
export const MENU_SHORTCUTS: ReadonlyArray<{ keys: string; what: string }> = [
  { keys: "Ctrl O", what: "Import files…" },
  { keys: "Ctrl Shift O", what: "Import a folder…" },
  { keys: "Ctrl E", what: "Export…" },
  { keys: "Ctrl 1 … Ctrl 6", what: "Library, Duplicates, Notes, Groups, Folders, Trash" },
  { keys: "Ctrl 7", what: "Show or hide the activity" },
  { keys: "Ctrl /", what: "These keys" },
  { keys: "Ctrl Q", what: "Quit" },
];

const VIEWS: Record<string, View> = {
  "view-library": "library",
  "view-duplicates": "duplicates",
  "view-notes": "notes",
  "view-groups": "groups",
  "view-folders": "folders",
  "view-trash": "trash",
};

/** The text field with the focus, if one has it. */
function focusedField(): HTMLElement | null {
  const active = document.activeElement;
  return active instanceof HTMLElement && isEditable(active) ? active : null;
}

/** Carries out the menu entry `id`; false for an id it does not know. */
export function runMenuCommand(id: string): boolean {
  const field = focusedField();
  const view = VIEWS[id];
  if (view) {
    patchApp({ view });
    return true;
  }
  switch (id) {
    case "import-files":
      void importWithPicker("files");
      return true;
    case "import-folder":
      void importWithPicker("folder");
      return true;
    case "watch-folder":
      void watchFolderWithPicker();
      return true;
    case "export":
      if (!dialogOpen()) openExport(field);
      return true;
    case "undo":
    case "redo":
      if (field) {
        // The field's own typing history, as its Ctrl+Z would.
        document.execCommand(id);
      } else if (!dialogOpen() || appStore.get().viewerIndex !== null) {
        void (id === "undo" ? undoLast() : redoLast());
      }
      return true;
    case "select-all":
      if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) field.select();
      else if (field) document.execCommand("selectAll");
      else if (!dialogOpen() && appStore.get().view === "library") selectAllTiles();
      return true;
    case "find":
      if (dialogOpen()) return true;
      if (appStore.get().view !== "library") patchApp({ view: "library" });
      // The box may mount with the view.
      requestAnimationFrame(() => searchFocus.focus());
      return true;
    case "view-activity":
      patchApp({ activityOpen: !appStore.get().activityOpen });
      return true;
    case "zoom-in":
    case "zoom-out":
    case "zoom-reset": {
      const change = id === "zoom-in" ? "bigger" : id === "zoom-out" ? "smaller" : "reset";
      patchApp({ view: "library", tileSize: nextTileSize(appStore.get().tileSize, change) });
      return true;
    }
    case "shortcuts":
      shortcutsOpenStore.set(true);
      return true;
  }
  return false;
}
