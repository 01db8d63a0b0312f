import { describe, expect, it, vi } from "vitest";
import type { Fact, Mark, Marks, ResourceDetails, Tile } from "./bindings";
import {
  MAX_ZOOM,
  MIN_ZOOM,
  VIEWER_KEYS,
  applyMark,
  canPan,
  clampPan,
  clampScale,
  expectedSize,
  fitScale,
  fitView,
  imageKinds,
  infoRows,
  panBy,
  positionText,
  sameMarks,
  shownMarks,
  toggleFullscreen,
  viewerKey,
  wheelFactor,
  zoomAt,
  zoomStep,
  zoomTo,
  type ViewerKeyState,
} from "./viewer";

const unmarked: Marks = { rating: 0, label: null, flag: null };

/** keyboard.ts's mapping, as the tests need it: 0–5 stars, 6–9 labels, P/X/U flags. */
function markForKey(key: string, _current?: Marks): Mark | null {
  if (/^[0-5]$/.test(key)) return { kind: "rating", stars: Number(key) };
  const labels = { "6": "red", "7": "yellow", "8": "green", "9": "blue" } as const;
  if (key in labels) return { kind: "label", label: labels[key as keyof typeof labels] };
  const k = key.toLowerCase();
  if (k === "p") return { kind: "flag", flag: "pick" };
  if (k === "x") return { kind: "flag", flag: "reject" };
  if (k === "u") return { kind: "flag", flag: null };
  return null;
}

const state = (over: Partial<ViewerKeyState> = {}): ViewerKeyState => ({
  index: 5,
  count: 10,
  marks: unmarked,
  helpOpen: false,
  canDelete: false,
  markForKey,
  ...over,
});
const press = (key: string, over: Partial<ViewerKeyState> = {}, mods: { ctrl?: boolean; alt?: boolean; repeat?: boolean } = {}) =>
  viewerKey({ key, ...mods }, state(over));

describe("viewerKey", () => {
  it("pages with the arrows, stopping at the ends", () => {
    expect(press("ArrowRight")).toEqual({ type: "go", index: 6 });
    expect(press("ArrowLeft")).toEqual({ type: "go", index: 4 });
    expect(press("ArrowRight", { index: 9 })).toEqual({ type: "stop" });
    expect(press("ArrowLeft", { index: 0 })).toEqual({ type: "stop" });
    // Held down: keeps going.
    expect(press("ArrowRight", {}, { repeat: true })).toEqual({ type: "go", index: 6 });
  });

  it("goes to the first and last with Home and End", () => {
    expect(press("Home")).toEqual({ type: "go", index: 0 });
    expect(press("End")).toEqual({ type: "go", index: 9 });
    expect(press("Home", { index: 0 })).toEqual({ type: "stop" });
    expect(press("End", { index: 9 })).toEqual({ type: "stop" });
  });

  it("moves nowhere in an empty list, but still closes", () => {
    for (const key of ["ArrowRight", "ArrowLeft", "Home", "End"]) expect(press(key, { index: 0, count: 0, marks: null })).toEqual({ type: "stop" });
    expect(press("Escape", { index: 0, count: 0, marks: null })).toEqual({ type: "close" });
  });

  it("closes with Escape, or closes the help first", () => {
    expect(press("Escape")).toEqual({ type: "close" });
    expect(press("Escape", { helpOpen: true })).toEqual({ type: "closeHelp" });
  });

  it("toggles full screen, information and help, once per press", () => {
    for (const key of ["f", "F", "F11"]) expect(press(key)).toEqual({ type: "fullscreen" });
    for (const key of ["i", "I"]) expect(press(key)).toEqual({ type: "info" });
    expect(press("?")).toEqual({ type: "help" });
    for (const key of ["f", "i", "?", "z", " "]) expect(press(key, {}, { repeat: true })).toEqual({ type: "stop" });
  });

  it("toggles fit and 100 % with Z and Space; steps the zoom with + and -", () => {
    for (const key of ["z", "Z", " "]) expect(press(key)).toEqual({ type: "toggleZoom" });
    for (const key of ["+", "="]) expect(press(key)).toEqual({ type: "zoom", dir: 1 });
    for (const key of ["-", "_"]) expect(press(key)).toEqual({ type: "zoom", dir: -1 });
    expect(press("=", {}, { ctrl: true })).toEqual({ type: "zoom", dir: 1 });
    expect(press("-", {}, { ctrl: true })).toEqual({ type: "zoom", dir: -1 });
    expect(press("0", {}, { ctrl: true })).toEqual({ type: "fit" });
  });

  it("sends the digits and P, X, U through markForKey", () => {
    for (let n = 0; n <= 5; n++) expect(press(String(n))).toEqual({ type: "mark", mark: { kind: "rating", stars: n } });
    expect(press("1")).toEqual({ type: "mark", mark: { kind: "rating", stars: 1 } });
    expect(press("6")).toEqual({ type: "mark", mark: { kind: "label", label: "red" } });
    expect(press("9")).toEqual({ type: "mark", mark: { kind: "label", label: "blue" } });
    expect(press("p")).toEqual({ type: "mark", mark: { kind: "flag", flag: "pick" } });
    expect(press("X")).toEqual({ type: "mark", mark: { kind: "flag", flag: "reject" } });
    expect(press("u")).toEqual({ type: "mark", mark: { kind: "flag", flag: null } });
  });

  it("gives markForKey the marks shown", () => {
    const spy = vi.fn(markForKey);
    const marks: Marks = { rating: 3, label: "green", flag: "pick" };
    viewerKey({ key: "p" }, state({ marks, markForKey: spy }));
    expect(spy).toHaveBeenCalledWith("p", marks);
  });

  it("marks nothing while the tile is not loaded, or on a held key", () => {
    expect(press("4", { marks: null })).toEqual({ type: "stop" });
    expect(press("4", {}, { repeat: true })).toEqual({ type: "stop" });
  });

  it("deletes only when it may", () => {
    expect(press("Delete")).toEqual({ type: "stop" });
    expect(press("Delete", { canDelete: true })).toEqual({ type: "delete" });
    expect(press("Backspace", { canDelete: true })).toEqual({ type: "delete" });
    expect(press("Delete", { canDelete: true, marks: null })).toEqual({ type: "stop" });
  });

  it("keeps every other plain key from the grid, and lets Tab and most shortcuts through", () => {
    for (const key of ["ArrowUp", "ArrowDown", "PageUp", "PageDown", "Enter", "a", "/", "F5"]) expect(press(key)).toEqual({ type: "stop" });
    expect(press("Tab")).toEqual({ type: "pass" });
    expect(press("z", {}, { ctrl: true })).toEqual({ type: "pass" });
    expect(press("c", {}, { ctrl: true })).toEqual({ type: "pass" });
    expect(press("ArrowLeft", {}, { alt: true })).toEqual({ type: "pass" });
    // These would act on the hidden grid and search.
    for (const key of ["a", "A", "f", "Backspace", "Delete"]) expect(press(key, {}, { ctrl: true })).toEqual({ type: "stop" });
    // A digit with Ctrl is not a rating.
    expect(press("4", {}, { ctrl: true })).toEqual({ type: "pass" });
  });

  it("lists its keys for the help", () => {
    const all = VIEWER_KEYS.flatMap((k) => k.keys);
    for (const key of ["←", "→", "Esc", "F", "I", "Z", "Space", "?", "0–5", "6–9"]) expect(all).toContain(key);
  });
});

describe("zoom and pan", () => {
  const window = { width: 1600, height: 1000 };

  it("fits a wide image to the width and a tall one to the height", () => {
    expect(fitScale({ width: 4000, height: 1000 }, window)).toBeCloseTo(0.4);
    expect(fitScale({ width: 1000, height: 4000 }, window)).toBeCloseTo(0.25);
    expect(fitScale({ width: 3200, height: 2000 }, { width: 800, height: 600 })).toBeCloseTo(0.25);
  });

  it("does not blow a small original up, but may a preview", () => {
    expect(fitScale({ width: 400, height: 300 }, window)).toBe(1);
    expect(fitScale({ width: 1024, height: 768 }, window, Infinity)).toBeCloseTo(1000 / 768);
  });

  it("is 1 for unknown sizes", () => {
    expect(fitScale({ width: 0, height: 0 }, window)).toBe(1);
    expect(fitScale({ width: 100, height: 100 }, { width: 0, height: 0 })).toBe(1);
  });

  it("centres the fitted image", () => {
    const v = fitView({ width: 4000, height: 1000 }, window);
    expect(v.scale).toBeCloseTo(0.4);
    expect(v.x).toBeCloseTo(0);
    expect(v.y).toBeCloseTo((1000 - 400) / 2);
    const tall = fitView({ width: 1000, height: 4000 }, window);
    expect(tall.x).toBeCloseTo((1600 - 250) / 2);
    expect(tall.y).toBeCloseTo(0);
  });

  it("keeps the point under the pointer fixed when zooming", () => {
    const image = { width: 6000, height: 4000 };
    const start = fitView(image, window);
    const point = { x: 500, y: 300 };
    const before = { x: (point.x - start.x) / start.scale, y: (point.y - start.y) / start.scale };
    const after = zoomAt(start, point, 3, image, window);
    expect(after.scale).toBeCloseTo(start.scale * 3);
    expect((point.x - after.x) / after.scale).toBeCloseTo(before.x);
    expect((point.y - after.y) / after.scale).toBeCloseTo(before.y);
    // And again from there, to 100 %.
    const full = zoomTo(after, { x: 1200, y: 700 }, 1, image, window);
    expect(full.scale).toBe(1);
    expect((1200 - full.x) / full.scale).toBeCloseTo((1200 - after.x) / after.scale);
  });

  it("bounds the zoom to 5 %–1600 %", () => {
    const image = { width: 2000, height: 1000 };
    expect(zoomAt({ scale: 10, x: 0, y: 0 }, { x: 0, y: 0 }, 4, image, window).scale).toBe(MAX_ZOOM);
    // An image that fits at 80 % cannot go below 5 %.
    expect(zoomAt({ scale: 0.1, x: 0, y: 0 }, { x: 0, y: 0 }, 0.1, image, window).scale).toBe(MIN_ZOOM);
    // A huge one may go down to its fit.
    expect(clampScale(0.001, 0.01)).toBe(0.01);
    expect(clampScale(100)).toBe(MAX_ZOOM);
  });

  it("keeps a large image covering the window and a small one centred", () => {
    const image = { width: 4000, height: 3000 };
    // Dragged too far right and down: its left and top edges stay at the window's.
    expect(clampPan({ scale: 1, x: 500, y: 200 }, image, window)).toEqual({ scale: 1, x: 0, y: 0 });
    // Too far left and up: its right and bottom edges stay at the window's.
    expect(clampPan({ scale: 1, x: -9000, y: -9000 }, image, window)).toEqual({ scale: 1, x: 1600 - 4000, y: 1000 - 3000 });
    // Within bounds: untouched.
    expect(clampPan({ scale: 1, x: -100, y: -50 }, image, window)).toEqual({ scale: 1, x: -100, y: -50 });
    // Smaller than the window on one side: centred on that side.
    expect(clampPan({ scale: 0.3, x: -300, y: -300 }, image, window)).toEqual({ scale: 0.3, x: (1600 - 1200) / 2, y: (1000 - 900) / 2 });
    const wide = { width: 4000, height: 1000 };
    expect(clampPan({ scale: 0.5, x: -300, y: -300 }, wide, window)).toEqual({ scale: 0.5, x: -300, y: (1000 - 500) / 2 });
    expect(panBy({ scale: 1, x: 0, y: 0 }, 100, -100, image, window)).toEqual({ scale: 1, x: 0, y: -100 });
  });

  it("pans only an image larger than the window", () => {
    const image = { width: 1200, height: 800 };
    expect(canPan({ scale: 1, x: 200, y: 100 }, image, window)).toBe(false);
    expect(canPan({ scale: 2, x: 0, y: 0 }, image, window)).toBe(true);
  });

  it("steps through the zoom levels", () => {
    expect(zoomStep(0.42, 1)).toBe(0.5);
    expect(zoomStep(0.5, 1)).toBe(0.67);
    expect(zoomStep(1, -1)).toBe(0.67);
    expect(zoomStep(16, 1)).toBe(MAX_ZOOM);
    expect(zoomStep(0.05, -1)).toBe(MIN_ZOOM);
  });

  it("turns the wheel into a factor, up to zoom in", () => {
    expect(wheelFactor(-100)).toBeGreaterThan(1);
    expect(wheelFactor(100)).toBeLessThan(1);
    expect(wheelFactor(-100) * wheelFactor(100)).toBeCloseTo(1);
    expect(wheelFactor(-3, 1)).toBeCloseTo(wheelFactor(-48));
    expect(wheelFactor(-10000)).toBe(2);
    expect(wheelFactor(-10, 0, true)).toBeGreaterThan(wheelFactor(-10, 0, false));
  });
});

const tile = (over: Partial<Tile> = {}): Tile => ({
  id: 7,
  name: "IMG_0007.jpg",
  content_type: "image/jpeg",
  availability: "present",
  state: "ready",
  has_thumbnail: true,
  transparent: false,
  content_rev: 1,
  width: 6000,
  height: 4000,
  companion_type: null,
  marks: unmarked,
  in_watched_folder: false,
  trashed_at: null,
  ...over,
});

describe("the picture", () => {
  it("shows the original where the webview can, else the preview", () => {
    expect(imageKinds(tile())).toEqual(["original", "preview", "thumb"]);
    expect(imageKinds(tile({ content_type: "image/png", has_thumbnail: false }))).toEqual(["original"]);
    expect(imageKinds(tile({ content_type: "image/heic" }))).toEqual(["preview", "thumb"]);
    expect(imageKinds(tile({ content_type: "image/x-nikon-nef" }))).toEqual(["preview", "thumb"]);
    expect(imageKinds(tile({ availability: "offline" }))).toEqual(["preview", "thumb"]);
    expect(imageKinds(tile({ content_type: "text/plain", has_thumbnail: false }))).toEqual([]);
  });

  it("expects the preview at 1024 px on its long side", () => {
    expect(expectedSize(tile(), "original")).toEqual({ width: 6000, height: 4000 });
    const p = expectedSize(tile(), "preview")!;
    expect(p.width).toBeCloseTo(1024);
    expect(p.height).toBeCloseTo(4000 * (1024 / 6000));
    expect(expectedSize(tile({ width: 800, height: 600 }), "preview")).toEqual({ width: 800, height: 600 });
    expect(expectedSize(tile({ width: null }), "original")).toBeNull();
  });
});

describe("marks", () => {
  it("applies a mark", () => {
    expect(applyMark(unmarked, { kind: "rating", stars: 4 })).toEqual({ rating: 4, label: null, flag: null });
    expect(applyMark(unmarked, { kind: "label", label: "red" })).toEqual({ rating: 0, label: "red", flag: null });
    expect(applyMark({ rating: 2, label: "red", flag: "pick" }, { kind: "flag", flag: null })).toEqual({ rating: 2, label: "red", flag: null });
  });

  it("shows the local change until the tile changes", () => {
    const override = { base: unmarked, marks: { ...unmarked, rating: 4 } };
    expect(shownMarks(unmarked, override)).toEqual({ ...unmarked, rating: 4 });
    expect(shownMarks({ ...unmarked, rating: 4 }, override)).toEqual({ ...unmarked, rating: 4 });
    // The tile changed some other way since: it wins.
    expect(shownMarks({ ...unmarked, flag: "reject" }, override)).toEqual({ ...unmarked, flag: "reject" });
    expect(shownMarks(unmarked, undefined)).toBe(unmarked);
    expect(sameMarks(unmarked, { rating: 0, label: null, flag: null })).toBe(true);
  });

  it("says where in the list it is", () => {
    expect(positionText(2, 120)).toBe("3 of 120");
    expect(positionText(1233, 5000)).toBe("1,234 of 5,000");
    expect(positionText(0, 0)).toBe("Nothing to show");
  });
});

describe("information", () => {
  const fact = (key: string, label: string, value: Fact["value"], text: string, unit: string | null = null): Fact => ({
    key,
    label,
    group: "Photo",
    unit,
    value,
    text,
    iso8601: null,
    source: "metadata",
  });

  it("lists the tile's facts until the details come", () => {
    expect(infoRows(tile(), null)).toEqual([
      { label: "Type", value: "JPEG" },
      { label: "Dimensions", value: "6000 × 4000" },
    ]);
  });

  it("adds size, date, camera and exposure from the details", () => {
    const details = {
      ...tile(),
      size: 8_400_000,
      tags: ["Kyoto"],
      facts: [
        fact("taken", "Taken", { kind: "timestamp", utc_ms: Date.UTC(2019, 6, 14, 16, 42), offset_minutes: 120 }, "2019-07-14 18:42"),
        fact("camera", "Camera", { kind: "text", text: "X100V" }, "FUJIFILM X100V"),
        fact("lens", "Lens", { kind: "text", text: "23mm" }, "23 mm f/2"),
        fact("aperture", "Aperture", { kind: "real", real: 4 }, "f/4"),
        fact("exposure", "Exposure", { kind: "real", real: 0.004 }, "1/250", "s"),
        fact("iso", "ISO", { kind: "integer", integer: 800 }, "800"),
      ],
    } as unknown as ResourceDetails;
    const rows = Object.fromEntries(infoRows(tile(), details).map((r) => [r.label, r.value]));
    expect(rows.Size).toBe("8.4 MB");
    expect(rows.Taken).toBe("Sun 14 Jul 2019, 18:42 (UTC+02:00)");
    expect(rows.Camera).toBe("FUJIFILM X100V");
    expect(rows.Lens).toBe("23 mm f/2");
    expect(rows.Exposure).toBe("ƒ/4 · 1/250 s · ISO 800");
    expect(rows.Tags).toBe("Kyoto");
  });
});

describe("full screen", () => {
  it("asks the page for full screen, and leaves it", async () => {
    const requestFullscreen = vi.fn(() => Promise.resolve());
    const exitFullscreen = vi.fn(() => Promise.resolve());
    toggleFullscreen({ fullscreenElement: null, exitFullscreen, documentElement: { requestFullscreen } });
    expect(requestFullscreen).toHaveBeenCalledOnce();
    toggleFullscreen({ fullscreenElement: {} as Element, exitFullscreen, documentElement: { requestFullscreen } });
    expect(exitFullscreen).toHaveBeenCalledOnce();
  });

  it("uses the window's own full screen when given, and never throws", () => {
    const requestFullscreen = vi.fn(() => Promise.reject(new Error("denied")));
    const toggle = vi.fn();
    toggleFullscreen({ fullscreenElement: null, documentElement: { requestFullscreen } }, toggle);
    expect(toggle).toHaveBeenCalledOnce();
    expect(requestFullscreen).not.toHaveBeenCalled();
    expect(() => toggleFullscreen({ fullscreenElement: null, documentElement: { requestFullscreen } })).not.toThrow();
    expect(() => toggleFullscreen({ fullscreenElement: null, documentElement: {} })).not.toThrow();
  });
});
