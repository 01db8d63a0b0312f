// Keeps the selected tile where it was when the grid reflows (the details
// pane opening, the window or the tiles resized): the item the person just
// clicked never slides away under the pointer. Pure.
import type { Selection } from "./state/selection";

/** The item to keep in place: the focused one, else the anchor, else the
 * first selected item that is loaded. */
export function keptIndex(sel: Selection, indexOf: (id: number) => number | undefined): number | null {
  if (sel.focus !== null) return sel.focus;
  if (sel.anchor !== null) return sel.anchor;
  for (const id of sel.ids) {
    const i = indexOf(id);
    if (i !== undefined) return i;
  }
  return null;
}

/**
 * Where to scroll after a reflow so the kept row shows where it showed:
 * `oldTop`/`newTop` are its row's top before and after, `rowHeight` its
 * new height. Null when it was out of view before (nothing to keep). The
 * row stays whole in the viewport.
 */
export function anchoredScrollTop(oldTop: number, newTop: number, scrollTop: number, viewport: number, oldRowHeight: number, rowHeight: number): number | null {
  const offset = oldTop - scrollTop;
  // Out of view before (not even partly): the reflow is no reason to jump to it.
  if (offset + oldRowHeight <= 0 || offset >= viewport) return null;
  const room = Math.max(0, viewport - rowHeight);
  const kept = Math.min(Math.max(offset, 0), room);
  return Math.max(0, newTop - kept);
}
