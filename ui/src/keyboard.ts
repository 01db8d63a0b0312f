// Maps a key press in the grid, with the grid's geometry, to what should happen.
// Pure: the caller applies the result.
import type { Label, Mark, Marks } from "./bindings";
import { moveFocus, type IdAt, type Selection } from "./state/selection";

/** The grid's rows of tiles, headers left out: full rows of `columns`, or
 * the timeline's groups, each ending in a shorter row. */
export type TileRows = {
  count: number;
  /** The row holding the item at `index`. */
  rowOf(index: number): number;
  row(r: number): { firstIndex: number; count: number };
};

export type GridGeometry = {
  /** Items in the result list. */
  count: number;
  /** Items per row. */
  columns: number;
  /** Rows that fit in the viewport (for Page Up/Down). */
  pageRows: number;
  /** How the items break into rows; full rows of `columns` when absent. */
  rows?: TileRows;
};

export type KeyInput = { key: string; shift: boolean; ctrl: boolean };

export type GridKeyResult =
  | { type: "select"; selection: Selection }
  | { type: "selectAll" }
  | { type: "open" }
  | { type: "view" }
  | { type: "delete" }
  | { type: "escape" };

export function uniformRows(count: number, columns: number): TileRows {
  const cols = Math.max(1, columns);
  return {
    count: Math.ceil(count / cols),
    rowOf: (index) => Math.floor(index / cols),
    row: (r) => ({ firstIndex: r * cols, count: Math.min(cols, count - r * cols) }),
  };
}

/** Where the focus goes for a navigation key, or null for other keys. Up and
 * down keep the column, or go to the end of a shorter row. */
export function targetIndex(key: string, focus: number | null, geo: GridGeometry): number | null {
  const { count } = geo;
  if (count <= 0) return null;
  const last = count - 1;
  const nav = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"];
  if (!nav.includes(key)) return null;
  // Nothing focused yet: any navigation key starts at an end.
  if (focus === null || focus < 0 || focus > last) return key === "End" ? last : 0;
  const rows = geo.rows ?? uniformRows(count, geo.columns);
  const here = rows.rowOf(focus);
  const column = focus - rows.row(here).firstIndex;
  const inRow = (r: number) => {
    const row = rows.row(Math.max(0, Math.min(rows.count - 1, r)));
    return Math.min(last, row.firstIndex + Math.min(column, row.count - 1));
  };
  const page = Math.max(1, geo.pageRows);
  switch (key) {
    case "ArrowLeft":
      return Math.max(0, focus - 1);
    case "ArrowRight":
      return Math.min(last, focus + 1);
    case "ArrowUp":
      return here > 0 ? inRow(here - 1) : focus;
    case "ArrowDown":
      return here < rows.count - 1 ? inRow(here + 1) : focus;
    case "Home":
      return 0;
    case "End":
      return last;
    case "PageUp":
      return inRow(here - page);
    case "PageDown":
      return inRow(here + page);
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
  // Enter shows one item in the viewer, several in the details pane (where
  // a selection is tagged and grouped); Space always views the focused one.
  if (key === "Enter") return sel.ids.length === 1 ? { type: "view" } : sel.ids.length > 0 ? { type: "open" } : null;
  if (key === " ") return sel.focus !== null ? { type: "view" } : null;
  const target = targetIndex(key, sel.focus, geo);
  if (target === null) return null;
  return { type: "select", selection: moveFocus(sel, target, input.shift, idAt) };
}

/** Lightroom's keys 6–9: red, yellow, green, blue (purple has no key). */
const LABEL_KEYS: Record<string, Label> = { "6": "red", "7": "yellow", "8": "green", "9": "blue" };

/**
 * The mark a key sets, as in Lightroom: 0–5 rate (0 clears the rating),
 * 6–9 label red, yellow, green or blue, P picks, X rejects, U unflags.
 * The same label key again clears the label when `current` (what the
 * items share) has it already, as Lightroom toggles. Null for other keys;
 * the caller leaves out presses with Ctrl, Alt or Cmd.
 */
export function markForKey(key: string, current?: Marks): Mark | null {
  if (/^[0-5]$/.test(key)) return { kind: "rating", stars: Number(key) };
  const label = LABEL_KEYS[key];
  if (label) return { kind: "label", label: current?.label === label ? null : label };
  switch (key.toLowerCase()) {
    case "p":
      return { kind: "flag", flag: "pick" };
    case "x":
      return { kind: "flag", flag: "reject" };
    case "u":
      return { kind: "flag", flag: null };
  }
  return null;
}

/** Ctrl+Z undoes; Ctrl+Shift+Z and Ctrl+Y redo (Cmd on a Mac, `ctrl` either). */
export function historyKey(input: KeyInput & { alt?: boolean }): "undo" | "redo" | null {
  if (!input.ctrl || input.alt) return null;
  const key = input.key.toLowerCase();
  if (key === "z") return input.shift ? "redo" : "undo";
  if (key === "y" && !input.shift) return "redo";
  return null;
}

/** Ctrl + (or Ctrl =, the same key unshifted) makes the grid's tiles bigger,
 * Ctrl − smaller, Ctrl 0 the default size (Cmd on a Mac, `ctrl` either). */
export function tileSizeKey(input: KeyInput & { alt?: boolean }): "bigger" | "smaller" | "reset" | null {
  if (!input.ctrl || input.alt) return null;
  switch (input.key) {
    case "+":
    case "=":
      return "bigger";
    case "-":
    case "_":
    case "−":
      return "smaller";
    case "0":
      return input.shift ? null : "reset";
  }
  return null;
}

/** The keys, as the help lists them. */
export const SHORTCUTS: ReadonlyArray<{ keys: string; what: string }> = [
  { keys: "?", what: "These keys" },
  { keys: "/  Ctrl F", what: "Search" },
  { keys: "Arrows", what: "Move in the grid; with Shift, select as you go" },
  { keys: "Ctrl A", what: "Select everything shown" },
  { keys: "Enter  Space", what: "View the item; Enter on several opens their details" },
  { keys: "Delete", what: "Move the selection to the Trash" },
  { keys: "0–5  6–9", what: "Rate; colour label" },
  { keys: "P  X  U", what: "Pick, reject, unflag" },
  { keys: "Ctrl +  Ctrl −", what: "Bigger or smaller tiles" },
  { keys: "Ctrl 0", what: "Tiles back to their usual size" },
  { keys: "Ctrl Z", what: "Undo" },
  { keys: "Ctrl Shift Z  Ctrl Y", what: "Redo" },
  { keys: "Escape", what: "Close the details, then clear the selection" },
];
