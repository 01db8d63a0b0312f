// Maps a key press in the grid, with the grid's geometry, to what should happen.
// Pure: the caller applies the result.
import { moveFocus, type IdAt, type Selection } from "./state/selection";

export type GridGeometry = {
  /** Items in the result list. */
  count: number;
  /** Items per row. */
  columns: number;
  /** Rows that fit in the viewport (for Page Up/Down). */
  pageRows: number;
};

export type KeyInput = { key: string; shift: boolean; ctrl: boolean };

export type GridKeyResult =
  | { type: "select"; selection: Selection }
  | { type: "selectAll" }
  | { type: "open" }
  | { type: "delete" }
  | { type: "escape" };

/** Where the focus goes for a navigation key, or null for other keys. */
export function targetIndex(key: string, focus: number | null, geo: GridGeometry): number | null {
  const { count } = geo;
  if (count <= 0) return null;
  const columns = Math.max(1, geo.columns);
  const last = count - 1;
  const nav = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"];
  if (!nav.includes(key)) return null;
  // Nothing focused yet: any navigation key starts at an end.
  if (focus === null || focus < 0 || focus > last) return key === "End" ? last : 0;
  const page = Math.max(1, geo.pageRows) * columns;
  switch (key) {
    case "ArrowLeft":
      return Math.max(0, focus - 1);
    case "ArrowRight":
      return Math.min(last, focus + 1);
    case "ArrowUp":
      return focus - columns >= 0 ? focus - columns : focus;
    case "ArrowDown": {
      if (focus + columns <= last) return focus + columns;
      // A shorter last row: go to its last item if there is a row below at all.
      const row = Math.floor(focus / columns);
      const lastRow = Math.floor(last / columns);
      return row < lastRow ? last : focus;
    }
    case "Home":
      return 0;
    case "End":
      return last;
    case "PageUp":
      return focus - page >= 0 ? focus - page : focus % columns;
    case "PageDown": {
      if (focus + page <= last) return focus + page;
      const column = focus % columns;
      const lastRowStart = Math.floor(last / columns) * columns;
      return Math.min(last, lastRowStart + column);
    }
  }
  return null;
}

export function gridKey(
  input: KeyInput,
  sel: Selection,
  geo: GridGeometry,
  idAt: IdAt,
): GridKeyResult | null {
  const { key } = input;
  if (input.ctrl && (key === "a" || key === "A")) return { type: "selectAll" };
  // Delete, Backspace and Cmd/Ctrl+Backspace (the macOS habit) delete.
  if (key === "Delete" || key === "Backspace") return sel.ids.length > 0 ? { type: "delete" } : null;
  if (input.ctrl) return null;
  if (key === "Escape") return { type: "escape" };
  if (key === "Enter") return sel.ids.length > 0 ? { type: "open" } : null;
  const target = targetIndex(key, sel.focus, geo);
  if (target === null) return null;
  return { type: "select", selection: moveFocus(sel, target, input.shift, idAt) };
}
