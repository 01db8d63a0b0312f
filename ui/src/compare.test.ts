import { describe, expect, it } from "vitest";
import type { Resource, ResourceDetails } from "./bindings";
import {
  FIT,
  actualSize,
  centreOf,
  clampFirst,
  compareKey,
  differences,
  dragPan,
  firstToShow,
  isActualSize,
  isFit,
  pannable,
  paneView,
  pixelSize,
  shownRange,
  stepZoom,
  toggleZoom,
  valuesDiffer,
  wheelZoom,
  zoomText,
  type PaneGeometry,
} from "./compare";
import { MAX_ZOOM } from "./viewer";

const pane = { width: 500, height: 400 };
/** A large picture and a smaller copy of it, in the same proportions. */
const big: PaneGeometry = { image: { width: 4000, height: 3000 }, pane };
const small: PaneGeometry = { image: { width: 1000, height: 750 }, pane };
/** Smaller than its pane. */
const tiny: PaneGeometry = { image: { width: 200, height: 100 }, pane };

const close = (a: number, b: number, digits = 6) => expect(a).toBeCloseTo(b, digits);

describe("the shared zoom", () => {
  it("fits each picture to its pane, centred, never blowing a small one up", () => {
    const b = paneView(FIT, big);
    close(b.scale, 500 / 4000);
    close(b.x, 0);
    close(b.y, (400 - 3000 * b.scale) / 2);
    const s = paneView(FIT, small);
    close(s.scale, 0.5);
    const t = paneView(FIT, tiny);
    expect(t).toEqual({ scale: 1, x: 150, y: 150 });
    expect(isFit(FIT)).toBe(true);
    expect(zoomText(FIT, big)).toBe("Fit");
  });

  it("100 % shows each picture at its own pixel size, the same part of each in the middle", () => {
    const z = actualSize(FIT);
    expect(isActualSize(z)).toBe(true);
    expect(zoomText(z, big)).toBe("100 %");
    for (const g of [big, small]) {
      const v = paneView(z, g);
      expect(v.scale).toBe(1);
      expect(centreOf(v, g)).toEqual({ x: 0.5, y: 0.5 });
    }
  });

  it("a wheel in one pane keeps the point under the pointer there and zooms every pane by the same ratio", () => {
    const point = { x: 400, y: 100 };
    const before = paneView(FIT, big);
    const under = { x: (point.x - before.x) / before.scale, y: (point.y - before.y) / before.scale };
    const z = wheelZoom(FIT, big, point, 2);
    const after = paneView(z, big);
    close(after.scale, before.scale * 2);
    close(after.x + under.x * after.scale, point.x);
    close(after.y + under.y * after.scale, point.y);
    // The other pane: twice its own fit, showing the same part of its picture.
    const other = paneView(z, small);
    close(other.scale / paneView(FIT, small).scale, 2);
    expect(centreOf(other, small).x).toBeCloseTo(centreOf(after, big).x, 6);
    expect(centreOf(other, small).y).toBeCloseTo(centreOf(after, big).y, 6);
    expect(isFit(z)).toBe(false);
    expect(zoomText(z, big)).toBe("25 %");
  });

  it("zoom stays within the viewer's bounds", () => {
    let z = actualSize(FIT);
    for (let i = 0; i < 20; i++) z = wheelZoom(z, small, { x: 250, y: 200 }, 2);
    close(paneView(z, small).scale, MAX_ZOOM);
    z = FIT;
    for (let i = 0; i < 20; i++) z = wheelZoom(z, small, { x: 250, y: 200 }, 0.5);
    // Never smaller than fitted where 5 % would be larger than that.
    expect(paneView(z, small).scale).toBeGreaterThan(0);
  });

  it("a drag moves every picture by the same part of it, within its bounds", () => {
    const z = actualSize(FIT);
    expect(pannable(z, big)).toBe(true);
    expect(pannable(FIT, big)).toBe(false);
    const moved = dragPan(z, big, -400, 300);
    // 400 px right of centre in a 4000 px picture at 100 %: a tenth of it.
    close(moved.centre.x, 0.6);
    close(moved.centre.y, 0.5 - 300 / 3000);
    const other = paneView(moved, small);
    expect(centreOf(other, small)).toEqual(moved.centre);
    // Dragged past the edge: held at it.
    const far = dragPan(z, big, 100_000, 100_000);
    const v = paneView(far, big);
    expect(v.x).toBe(0);
    expect(v.y).toBe(0);
  });

  it("+ and − step the first pane through the viewer's steps, the others following", () => {
    const z = stepZoom(actualSize(FIT), big, 1);
    close(paneView(z, big).scale, 1.5);
    close(paneView(z, small).scale, 1.5);
    const out = stepZoom(FIT, big, -1);
    close(paneView(out, big).scale, 0.1);
    close(paneView(out, small).scale, 0.5 * (0.1 / 0.125));
  });

  it("double-click goes fit ↔ 100 % at the pointer", () => {
    const z = toggleZoom(FIT, big, { x: 0, y: 200 });
    expect(isActualSize(z)).toBe(true);
    expect(paneView(z, big).x).toBe(0);
    expect(toggleZoom(z, big)).toEqual(FIT);
    expect(isActualSize(toggleZoom(FIT, null))).toBe(true);
  });

  it("measures a picture in the item's own pixels, the shown picture's proportions", () => {
    expect(pixelSize({ width: 4000, height: 3000 }, null)).toEqual({ width: 4000, height: 3000 });
    expect(pixelSize({ width: 4000, height: 3000 }, { width: 1024, height: 768 })).toEqual({ width: 4000, height: 3000 });
    // Turned upright in its preview.
    expect(pixelSize({ width: 4000, height: 3000 }, { width: 768, height: 1024 })).toEqual({ width: 3000, height: 4000 });
    expect(pixelSize({ width: null, height: null }, { width: 300, height: 200 })).toEqual({ width: 300, height: 200 });
    expect(pixelSize({ width: null, height: null }, null)).toBeNull();
  });
});

describe("which items show", () => {
  it("shows all of two to four, four at a time of more", () => {
    expect(shownRange(0, 3)).toEqual([0, 1, 2]);
    expect(shownRange(2, 3)).toEqual([0, 1, 2]);
    expect(shownRange(0, 6)).toEqual([0, 1, 2, 3]);
    expect(shownRange(5, 6)).toEqual([2, 3, 4, 5]);
    expect(clampFirst(-1, 6)).toBe(0);
  });

  it("moves the row as little as it can to show a chosen item", () => {
    expect(firstToShow(5, 0, 6)).toBe(2);
    expect(firstToShow(1, 2, 6)).toBe(1);
    expect(firstToShow(3, 1, 6)).toBe(1);
  });
});

describe("keys", () => {
  it("maps Compare's keys", () => {
    expect(compareKey({ key: "Escape" }, false)).toEqual({ type: "close" });
    expect(compareKey({ key: "0" }, false)).toEqual({ type: "fit" });
    expect(compareKey({ key: "f" }, false)).toEqual({ type: "fit" });
    expect(compareKey({ key: "0", ctrl: true }, false)).toEqual({ type: "fit" });
    expect(compareKey({ key: "1" }, false)).toEqual({ type: "actual" });
    expect(compareKey({ key: "+" }, false)).toEqual({ type: "zoom", dir: 1 });
    expect(compareKey({ key: "-" }, false)).toEqual({ type: "zoom", dir: -1 });
    expect(compareKey({ key: "ArrowRight" }, true)).toEqual({ type: "shift", dir: 1 });
    expect(compareKey({ key: "ArrowLeft" }, true)).toEqual({ type: "shift", dir: -1 });
    expect(compareKey({ key: "ArrowRight" }, false)).toEqual({ type: "pass" });
    expect(compareKey({ key: "z", ctrl: true }, false)).toEqual({ type: "pass" });
    expect(compareKey({ key: "Tab" }, false)).toEqual({ type: "pass" });
  });
});

describe("the differences", () => {
  const resource = (over: Partial<Resource>): Resource =>
    ({
      id: 1,
      name: "a.jpg",
      original_name: "a.jpg",
      original_path: "/p/a.jpg",
      content_type: "image/jpeg",
      size: 2_000_000,
      width: 4000,
      height: 3000,
      ...over,
    }) as Resource;
  const details = (rating: number, utc: number | null): ResourceDetails =>
    ({
      content_type: "image/jpeg",
      marks: { rating, label: null, flag: null },
      facts:
        utc === null
          ? []
          : [{ key: "taken", label: "Date taken", group: "Time", unit: null, value: { kind: "timestamp", utc_ms: utc, offset_minutes: 60 }, text: "2019-07-14 18:42:07 +01:00", iso8601: null, source: "metadata" }],
    }) as unknown as ResourceDetails;

  it("lists each fact per item and marks those that differ", () => {
    const rows = differences([
      { resource: resource({ id: 1 }), details: details(3, Date.UTC(2019, 6, 14, 17, 42)) },
      { resource: resource({ id: 2, name: "b.jpg", size: 1_000_000, width: 1000, height: 750 }), details: details(3, Date.UTC(2019, 6, 14, 17, 42)) },
    ]);
    const row = (key: string) => rows.find((r) => r.key === key)!;
    expect(rows.map((r) => r.label)).toEqual(["File size", "Dimensions", "Type", "Date taken", "Name", "Rating", "Original location"]);
    expect(row("size").cells.map((c) => c.text)).toEqual(["2.0 MB", "1.0 MB"]);
    expect(row("size").differs).toBe(true);
    expect(row("dimensions").cells.map((c) => c.text)).toEqual(["4000 × 3000", "1000 × 750"]);
    expect(row("dimensions").differs).toBe(true);
    expect(row("name").differs).toBe(true);
    expect(row("type").differs).toBe(false);
    expect(row("taken").differs).toBe(false);
    expect(row("taken").cells[0].text).toBe("Sun 14 Jul 2019, 18:42 (UTC+01:00)");
    expect(row("rating").cells[0].text).toBe("★★★");
    expect(row("rating").differs).toBe(false);
  });

  it("compares sizes to the byte, and says nothing of facts still loading", () => {
    const rows = differences([
      { resource: resource({ id: 1, size: 2_000_000 }), details: null },
      { resource: resource({ id: 2, size: 2_000_001 }), details: details(0, null) },
    ]);
    const row = (key: string) => rows.find((r) => r.key === key)!;
    expect(row("size").cells.map((c) => c.text)).toEqual(["2.0 MB", "2.0 MB"]);
    expect(row("size").differs).toBe(true);
    expect(row("rating").cells[0].text).toBe("…");
    expect(row("rating").differs).toBe(false);
    expect(valuesDiffer([1, null])).toBe(false);
    expect(valuesDiffer(["", ""])).toBe(false);
    expect(valuesDiffer(["a"])).toBe(false);
  });
});
