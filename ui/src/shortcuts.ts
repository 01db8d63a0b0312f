// Window-wide keys: "/" and Ctrl+F focus the search; Ctrl+Z undoes, Ctrl+Shift+Z
// and Ctrl+Y redo; in the Library Ctrl +, Ctrl − and Ctrl 0 size the tiles, and the grid's keys (arrows, Enter, Delete,
// Escape, Ctrl+A, and Lightroom's 0–9, P, X, U marks) act on the selection.
import { useEffect } from "react";
import { markItems, redoLast, trashItems, undoLast } from "./actions";
import { gridKey, historyKey, markForKey, tileSizeKey } from "./keyboard";
import { commonMarks } from "./marks";
import { appStore, gridMetrics, loadedTiles, patchApp, searchFocus, setSelection, tileCache } from "./state/app";
import * as api from "./api";
import { checkStore } from "./state/checkLibrary";
import { confirmStore } from "./state/confirm";
import { exportStore } from "./state/exportItems";
import { keyString } from "./state/tileCache";
import { emptySelection } from "./state/selection";
import { nextTileSize } from "./state/prefs";
import { shortcutsOpenStore } from "./state/shortcutsHelp";

/** A field that types text: its own keys (and its own Ctrl+Z) are its. */
export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !["checkbox", "radio", "button", "submit", "range", "color"].includes(target.type);
  }
  return false;
}

/** A dialog has the keys: the app's own (a confirmation, the check, the
 * export) or any other modal one (a picture enlarged, Compare). */
export function dialogOpen(): boolean {
  return !!(confirmStore.get() || checkStore.get() || exportStore.get() || document.querySelector('[aria-modal="true"]'));
}

/** Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y; true when the key was one of them. */
function undoOrRedo(e: KeyboardEvent): boolean {
  const history = historyKey({ key: e.key, shift: e.shiftKey, ctrl: e.ctrlKey || e.metaKey, alt: e.altKey });
  if (!history) return false;
  e.preventDefault();
  if (history === "undo") undoLast();
  else redoLast();
  return true;
}

/** Only the viewer is open: it has every key but undo and redo. */
function viewerOnly(): boolean {
  return (
    appStore.get().viewerIndex !== null &&
    !(confirmStore.get() || checkStore.get() || exportStore.get()) &&
    document.querySelectorAll('[aria-modal="true"]').length === 1
  );
}

export function handleKey(e: KeyboardEvent) {
  if (e.defaultPrevented || e.isComposing) return;
  if (viewerOnly()) {
    undoOrRedo(e);
    return;
  }
  if (dialogOpen()) return; // the dialog has the keys
  const ctrl = e.ctrlKey || e.metaKey;
  const editable = isEditable(e.target);

  if ((e.key === "/" && !editable && !ctrl) || (ctrl && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "f")) {
    e.preventDefault();
    if (appStore.get().view !== "library") patchApp({ view: "library" });
    // The box may mount with the view.
    requestAnimationFrame(() => searchFocus.focus());
    return;
  }
  if (editable) return;

  // "?": every key the app knows (the overlay closes itself on "?" again).
  if (e.key === "?" && !ctrl && !e.altKey) {
    e.preventDefault();
    shortcutsOpenStore.set(true);
    return;
  }

  if (undoOrRedo(e)) return;

  const state = appStore.get();
  // Ctrl +, Ctrl − and Ctrl 0: the grid's tile size (the Library's only).
  const size = state.view === "library" ? tileSizeKey({ key: e.key, shift: e.shiftKey, ctrl, alt: e.altKey }) : null;
  if (size) {
    e.preventDefault();
    patchApp({ tileSize: nextTileSize(state.tileSize, size) });
    return;
  }
  if (state.view !== "library") {
    if (e.key === "Escape" && state.selection.ids.length) setSelection(emptySelection);
    return;
  }

  if (!ctrl && !e.altKey && state.selection.ids.length > 0) {
    // The label keys toggle: again on items that all have that label clears it.
    const mark = markForKey(e.key, commonMarks(loadedTiles(state.selection.ids).map((t) => t.marks)));
    if (mark) {
      e.preventDefault();
      // Held down, a key would send the same mark again and again.
      if (!e.repeat) markItems(state.selection.ids, mark, { toast: true });
      return;
    }
  }

  const result = gridKey(
    { key: e.key, shift: e.shiftKey, ctrl },
    state.selection,
    { count: tileCache.total() ?? 0, columns: gridMetrics.columns, pageRows: gridMetrics.pageRows, rows: gridMetrics.rows },
    (i) => tileCache.tileAt(i)?.id,
  );
  if (!result) return;
  e.preventDefault();
  switch (result.type) {
    case "select":
      setSelection(result.selection);
      break;
    case "selectAll":
      selectAllTiles();
      break;
    case "open":
      patchApp({ detailsOpen: true });
      break;
    case "view": {
      const index = state.selection.focus ?? state.selection.anchor;
      if (index !== null) patchApp({ viewerIndex: index });
      break;
    }
    case "delete":
      // Undoable, so nothing asks first: the toast offers Undo.
      trashItems(state.selection.ids);
      break;
    case "escape":
      if (state.detailsOpen) patchApp({ detailsOpen: false });
      else setSelection(emptySelection);
      break;
  }
}

/** Selects every item the grid shows: what is loaded at once, then
 * everything the listing or search holds. */
export function selectAllTiles() {
  const focus = appStore.get().selection.focus;
  const select = (ids: number[]) => setSelection({ ids, anchor: ids.length ? 0 : null, focus: focus ?? (ids.length ? 0 : null) });
  select(tileCache.loadedIds());
  const key = tileCache.shownKey();
  if (key) {
    api
      .tileIds(key.query, key.sort)
      .then((ids) => {
        if (keyString(tileCache.shownKey() ?? key) === keyString(key)) select(ids);
      })
      .catch(() => {});
  }
}

export function useShortcuts() {
  useEffect(() => {
    window.addEventListener("keydown", handleKey);
    return () => window.removeEventListener("keydown", handleKey);
  }, []);
}
