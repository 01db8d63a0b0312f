import { describe, expect, it } from "vitest";
import { gridKey, historyKey, markForKey, targetIndex, uniformRows, type GridGeometry } from "./keyboard";
import { clickSelect, emptySelection, rangeIds, selectIds, selectOnly, withoutIds } from "./state/selection";
import { timelineLayout } from "./timeline";

// 10 items in rows of 4:  0 1 2 3 / 4 5 6 7 / 8 9
const geo: GridGeometry = { count: 10, columns: 4, pageRows: 2 };
const idAt = (i: number) => (i >= 0 && i < 10 ? 100 + i : undefined);
const key = (k: string, shift = false, ctrl = false) => ({ key: k, shift, ctrl });

describe("targetIndex", () => {
  it("moves left and right within bounds", () => {
    expect(targetIndex("ArrowRight", 2, geo)).toBe(3);
    expect(targetIndex("ArrowRight", 3, geo)).toBe(4); // wraps to the next row
    expect(targetIndex("ArrowRight", 9, geo)).toBe(9);
    expect(targetIndex("ArrowLeft", 0, geo)).toBe(0);
    expect(targetIndex("ArrowLeft", 4, geo)).toBe(3);
  });

  it("moves by whole rows up and down", () => {
    expect(targetIndex("ArrowDown", 1, geo)).toBe(5);
    expect(targetIndex("ArrowUp", 5, geo)).toBe(1);
    expect(targetIndex("ArrowUp", 2, geo)).toBe(2);
  });

  it("goes to the last item when the row below is shorter", () => {
    expect(targetIndex("ArrowDown", 7, geo)).toBe(9);
    expect(targetIndex("ArrowDown", 5, geo)).toBe(9);
    expect(targetIndex("ArrowDown", 4, geo)).toBe(8);
    expect(targetIndex("ArrowDown", 9, geo)).toBe(9);
  });

  it("pages and jumps to the ends", () => {
    expect(targetIndex("PageDown", 1, geo)).toBe(9);
    expect(targetIndex("PageDown", 0, { ...geo, count: 30 })).toBe(8);
    expect(targetIndex("PageUp", 9, geo)).toBe(1);
    expect(targetIndex("Home", 7, geo)).toBe(0);
    expect(targetIndex("End", 2, geo)).toBe(9);
  });

  it("starts at the first item when nothing is focused", () => {
    expect(targetIndex("ArrowDown", null, geo)).toBe(0);
    expect(targetIndex("End", null, geo)).toBe(9);
    expect(targetIndex("ArrowDown", null, { ...geo, count: 0 })).toBeNull();
    expect(targetIndex("x", 3, geo)).toBeNull();
  });

  it("follows the column count", () => {
    expect(targetIndex("ArrowDown", 1, { ...geo, columns: 2 })).toBe(3);
    expect(targetIndex("ArrowDown", 1, { ...geo, columns: 1 })).toBe(2);
  });
});

describe("targetIndex in the timeline", () => {
  // Rows of 4, a day per group:  0 1 2 3 / 4 | 5 6 | 7 8 9
  const days = [
    { day: "2019-07-14", count: 5 },
    { day: "2019-07-13", count: 2 },
    { day: "2019-06-30", count: 3 },
  ];
  const grouped: GridGeometry = { count: 10, columns: 4, pageRows: 2, rows: timelineLayout(days, "day", 4).tileRows };

  it("moves up and down across headers, keeping the column where the row is long enough", () => {
    expect(targetIndex("ArrowDown", 2, grouped)).toBe(4);
    expect(targetIndex("ArrowDown", 4, grouped)).toBe(5);
    expect(targetIndex("ArrowDown", 6, grouped)).toBe(8);
    expect(targetIndex("ArrowDown", 8, grouped)).toBe(8);
    expect(targetIndex("ArrowUp", 9, grouped)).toBe(6);
    expect(targetIndex("ArrowUp", 5, grouped)).toBe(4);
    expect(targetIndex("ArrowUp", 4, grouped)).toBe(0);
  });

  it("moves left and right through the list as if there were no headers", () => {
    expect(targetIndex("ArrowRight", 4, grouped)).toBe(5);
    expect(targetIndex("ArrowLeft", 7, grouped)).toBe(6);
  });

  it("pages by rows of tiles", () => {
    expect(targetIndex("PageDown", 1, grouped)).toBe(6);
    expect(targetIndex("PageDown", 5, grouped)).toBe(7);
    expect(targetIndex("PageUp", 9, grouped)).toBe(4);
    expect(targetIndex("End", 0, grouped)).toBe(9);
  });

  it("reads uniform rows like the plain grid", () => {
    const rows = uniformRows(10, 4);
    expect(rows.count).toBe(3);
    expect(rows.row(2)).toEqual({ firstIndex: 8, count: 2 });
    expect(targetIndex("ArrowDown", 5, { ...geo, rows })).toBe(9);
  });
});

describe("gridKey", () => {
  it("selects the target alone", () => {
    const r = gridKey(key("ArrowRight"), selectOnly(2, 102), geo, idAt);
    expect(r).toEqual({ type: "select", selection: { ids: [103], anchor: 3, focus: 3 } });
  });

  it("extends the selection with Shift from the anchor", () => {
    let sel = selectOnly(1, 101);
    let r = gridKey(key("ArrowDown", true), sel, geo, idAt);
    expect(r?.type).toBe("select");
    if (r?.type !== "select") throw new Error();
    sel = r.selection;
    expect(sel).toEqual({ ids: [101, 102, 103, 104, 105], anchor: 1, focus: 5 });
    r = gridKey(key("ArrowLeft", true), sel, geo, idAt);
    if (r?.type !== "select") throw new Error();
    expect(r.selection.ids).toEqual([101, 102, 103, 104]);
    expect(r.selection.anchor).toBe(1);
  });

  it("maps the command keys", () => {
    const sel = selectOnly(0, 100);
    // One item: Enter and Space view it; several: Enter opens the details.
    expect(gridKey(key("Enter"), sel, geo, idAt)).toEqual({ type: "view" });
    expect(gridKey(key(" "), sel, geo, idAt)).toEqual({ type: "view" });
    expect(gridKey(key("Enter"), selectIds([100, 101]), geo, idAt)).toEqual({ type: "open" });
    expect(gridKey(key(" "), emptySelection, geo, idAt)).toBeNull();
    expect(gridKey(key("Delete"), sel, geo, idAt)).toEqual({ type: "delete" });
    expect(gridKey(key("Backspace", false, true), sel, geo, idAt)).toEqual({ type: "delete" });
    expect(gridKey(key("Escape"), sel, geo, idAt)).toEqual({ type: "escape" });
    expect(gridKey(key("a", false, true), sel, geo, idAt)).toEqual({ type: "selectAll" });
    expect(gridKey(key("Enter"), emptySelection, geo, idAt)).toBeNull();
    expect(gridKey(key("Delete"), emptySelection, geo, idAt)).toBeNull();
    expect(gridKey(key("ArrowRight", false, true), sel, geo, idAt)).toBeNull();
  });
});

describe("selection", () => {
  it("selects one on a plain click", () => {
    const sel = clickSelect(selectOnly(0, 100), 3, 103, { shift: false, toggle: false }, idAt);
    expect(sel).toEqual({ ids: [103], anchor: 3, focus: 3 });
  });

  it("toggles with Ctrl/Cmd", () => {
    let sel = clickSelect(selectOnly(0, 100), 3, 103, { shift: false, toggle: true }, idAt);
    expect(sel.ids).toEqual([100, 103]);
    sel = clickSelect(sel, 0, 100, { shift: false, toggle: true }, idAt);
    expect(sel.ids).toEqual([103]);
  });

  it("selects a range with Shift, added to the selection with Ctrl too", () => {
    const start = selectOnly(6, 106);
    expect(clickSelect(start, 3, 103, { shift: true, toggle: false }, idAt).ids).toEqual([103, 104, 105, 106]);
    const mixed = { ids: [100, 106], anchor: 6, focus: 6 };
    expect(clickSelect(mixed, 8, 108, { shift: true, toggle: true }, idAt).ids).toEqual([100, 106, 107, 108]);
  });

  it("skips items not loaded in a range", () => {
    const sparse = (i: number) => (i % 2 === 0 ? i : undefined);
    expect(rangeIds(5, 1, sparse)).toEqual([2, 4]);
  });

  it("drops deleted ids", () => {
    expect(withoutIds({ ids: [1, 2, 3], anchor: 0, focus: 2 }, [2]).ids).toEqual([1, 3]);
  });
});

describe("markForKey", () => {
  it("rates 0 to 5 stars on the digit keys, 0 clearing", () => {
    for (const n of [0, 1, 2, 3, 4, 5]) expect(markForKey(String(n))).toEqual({ kind: "rating", stars: n });
  });

  it("labels red, yellow, green and blue on 6 to 9", () => {
    expect(markForKey("6")).toEqual({ kind: "label", label: "red" });
    expect(markForKey("7")).toEqual({ kind: "label", label: "yellow" });
    expect(markForKey("8")).toEqual({ kind: "label", label: "green" });
    expect(markForKey("9")).toEqual({ kind: "label", label: "blue" });
  });

  it("clears a label when its key is pressed again, as Lightroom toggles", () => {
    const red = { rating: 2, label: "red" as const, flag: null };
    expect(markForKey("6", red)).toEqual({ kind: "label", label: null });
    // Another label's key sets that one.
    expect(markForKey("8", red)).toEqual({ kind: "label", label: "green" });
    expect(markForKey("6", { rating: 0, label: null, flag: null })).toEqual({ kind: "label", label: "red" });
    // Ratings and flags do not toggle: 0 and U clear them.
    expect(markForKey("2", red)).toEqual({ kind: "rating", stars: 2 });
  });

  it("picks on P, rejects on X and unflags on U, either case", () => {
    expect(markForKey("p")).toEqual({ kind: "flag", flag: "pick" });
    expect(markForKey("P")).toEqual({ kind: "flag", flag: "pick" });
    expect(markForKey("x")).toEqual({ kind: "flag", flag: "reject" });
    expect(markForKey("X")).toEqual({ kind: "flag", flag: "reject" });
    expect(markForKey("u")).toEqual({ kind: "flag", flag: null });
    expect(markForKey("U", { rating: 0, label: null, flag: "pick" })).toEqual({ kind: "flag", flag: null });
  });

  it("has nothing for other keys", () => {
    for (const k of ["a", "z", "Enter", "Delete", " ", "10", "-", "ArrowLeft", "F5"]) expect(markForKey(k)).toBeNull();
  });
});

describe("historyKey", () => {
  const press = (key: string, mods: { ctrl?: boolean; shift?: boolean; alt?: boolean } = {}) =>
    historyKey({ key, ctrl: mods.ctrl ?? false, shift: mods.shift ?? false, alt: mods.alt });

  it("undoes on Ctrl+Z and redoes on Ctrl+Shift+Z and Ctrl+Y", () => {
    expect(press("z", { ctrl: true })).toBe("undo");
    expect(press("Z", { ctrl: true, shift: true })).toBe("redo");
    expect(press("z", { ctrl: true, shift: true })).toBe("redo");
    expect(press("y", { ctrl: true })).toBe("redo");
  });

  it("leaves the keys alone without Ctrl, with Alt, and for Ctrl+Shift+Y", () => {
    expect(press("z")).toBeNull();
    expect(press("y")).toBeNull();
    expect(press("z", { ctrl: true, alt: true })).toBeNull();
    expect(press("Y", { ctrl: true, shift: true })).toBeNull();
    expect(press("x", { ctrl: true })).toBeNull();
  });
});
