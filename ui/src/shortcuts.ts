// Window-wide keys: "/" and Ctrl+F focus the search; in the Library the grid's
// keys (arrows, Enter, Delete, Escape, Ctrl+A) act on the selection.
import { useEffect } from "react";
import { deleteWithConfirm } from "./actions";
import { gridKey } from "./keyboard";
import { appStore, gridMetrics, patchApp, searchFocus, setSelection, tileCache } from "./state/app";
import * as api from "./api";
import { checkStore } from "./state/checkLibrary";
import { confirmStore } from "./state/confirm";
import { exportStore } from "./state/exportItems";
import { keyString } from "./state/tileCache";
import { emptySelection } from "./state/selection";

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !["checkbox", "radio", "button", "submit", "range", "color"].includes(target.type);
  }
  return false;
}

export function handleKey(e: KeyboardEvent) {
  if (e.defaultPrevented || e.isComposing) return;
  if (confirmStore.get() || checkStore.get() || exportStore.get()) return; // the dialog has the keys
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

  const state = appStore.get();
  if (state.view !== "library") {
    if (e.key === "Escape" && state.selection.ids.length) setSelection(emptySelection);
    return;
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
    case "selectAll": {
      // What is loaded at once, then everything the listing or search holds.
      const select = (ids: number[]) =>
        setSelection({ ids, anchor: ids.length ? 0 : null, focus: state.selection.focus ?? (ids.length ? 0 : null) });
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
      break;
    }
    case "open":
      patchApp({ detailsOpen: true });
      break;
    case "delete":
      deleteWithConfirm(state.selection.ids);
      break;
    case "escape":
      if (state.detailsOpen) patchApp({ detailsOpen: false });
      else setSelection(emptySelection);
      break;
  }
}

export function useShortcuts() {
  useEffect(() => {
    window.addEventListener("keydown", handleKey);
    return () => window.removeEventListener("keydown", handleKey);
  }, []);
}
