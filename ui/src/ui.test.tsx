// @vitest-environment jsdom
// The whole UI against the fake backend: the test hooks the end-to-end tests
// rely on, and the main flows.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { clearMocks, mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import type { ExportProgress, ExportReport, TileQuery, VerifyReport } from "./bindings";
import { FakeBackend } from "./dev/fakeBackend";

beforeAll(() => {
  // jsdom has no layout: give every element a size so the virtual grid renders rows.
  const size = (w: number, h: number) => {
    Object.defineProperty(HTMLElement.prototype, "offsetWidth", { configurable: true, get: () => w });
    Object.defineProperty(HTMLElement.prototype, "offsetHeight", { configurable: true, get: () => h });
    Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => w });
    Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => h });
  };
  size(1000, 700);
  (globalThis as Record<string, unknown>).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  Element.prototype.scrollTo = function () {} as typeof Element.prototype.scrollTo;
});

let backend: FakeBackend;
let root: Root | null = null;
let calls: Array<{ cmd: string; args: Record<string, unknown> }>;
let emitEvent: (event: string, payload: unknown) => Promise<void>;

async function start(options: { count?: number; busy?: boolean; handle?: (cmd: string, args: Record<string, unknown>) => unknown } = {}) {
  backend = new FakeBackend(options.count ?? 60, { busy: options.busy });
  calls = [];
  mockWindows("main");
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      if (!cmd.startsWith("plugin:")) calls.push({ cmd, args: a });
      const custom = options.handle?.(cmd, a);
      if (custom !== undefined) return custom;
      return backend.handle(cmd, a);
    },
    { shouldMockEvents: true },
  );
  const internals = (window as unknown as { __TAURI_INTERNALS__: Record<string, unknown> }).__TAURI_INTERNALS__;
  internals.convertFileSrc = (path: string, protocol: string) => `${protocol}://localhost/${encodeURIComponent(path)}`;
  vi.resetModules();
  const { emit } = await import("@tauri-apps/api/event");
  emitEvent = (event, payload) => emit(event, payload);
  // The fake's own events (a check's progress), quickly.
  backend.emit = (event, payload) => void emitEvent(event, payload);
  backend.verifyStepMs = 10;
  backend.exportStepMs = 10;
  const { default: App } = await import("./App");
  const container = document.createElement("div");
  document.body.appendChild(container);
  root = createRoot(container);
  root.render(createElement(App));
}

async function waitFor<T>(fn: () => T | null | undefined | false, timeout = 2000): Promise<T> {
  const until = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out${last ? `: ${last}` : ""}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const $ = (sel: string) => document.querySelector<HTMLElement>(sel);
const $$ = (sel: string) => [...document.querySelectorAll<HTMLElement>(sel)];
const testid = (id: string) => $(`[data-testid="${id}"]`);

function typeInto(el: HTMLElement, value: string) {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, "value")!.set!.call(el, value);
  el.dispatchEvent(new Event("input", { bubbles: true }));
}
function key(target: EventTarget, k: string, init: KeyboardEventInit = {}) {
  target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...init }));
}
function click(el: HTMLElement, init: MouseEventInit = {}) {
  el.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, ...init }));
}
const tile = (id: number) => $(`[data-testid="tile"][data-id="${id}"]`);
function choose(select: HTMLElement, value: string) {
  (select as HTMLSelectElement).value = value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
}
const searchText = () => (testid("search-input") as HTMLInputElement).value;
/** The toast whose text has `text` in it. */
const toastWith = (text: string) => $$('[data-testid="toast"]').find((t) => t.textContent?.includes(text));
const listed = () => calls.filter((c) => c.cmd === "list_tiles").map((c) => (c.args.query as { query: string }).query);

/** Starts the app and waits for the grid's first tile, which most tests begin from. */
async function startWithGrid(options: Parameters<typeof start>[0] = {}) {
  await start(options);
  return waitFor(() => tile(1));
}

/** Starts the app with the first tile selected: what a dialog must keep the grid's keys away from. */
async function startWithTileSelected() {
  await start();
  click(await waitFor(() => tile(1)));
  await waitFor(() => tile(1)!.getAttribute("aria-selected") === "true");
}

/** Delete, which would move the selection to the Trash, and 4, which would
 * rate it, do nothing while a dialog has the keys; nor does Ctrl+Z. */
async function expectGridKeysIgnored() {
  key(document.activeElement!, "Delete");
  key(document.activeElement!, "4");
  key(document.activeElement!, "z", { ctrlKey: true });
  await new Promise((r) => setTimeout(r, 20));
  expect(calls.filter((c) => ["trash_items", "set_mark", "undo"].includes(c.cmd))).toEqual([]);
  expect(testid("confirm-yes")).toBeNull();
}

/** Tab from a dialog's last control goes round to its first, Shift+Tab back. */
function expectTabGoesRound(last: HTMLElement, first: HTMLElement) {
  last.focus();
  key(last, "Tab");
  expect(document.activeElement).toBe(first);
  key(document.activeElement!, "Tab", { shiftKey: true });
  expect(document.activeElement).toBe(last);
}

const progressValue = (dialog: HTMLElement) => dialog.querySelector('[role="progressbar"]')!.getAttribute("aria-valuenow");

/** A rule's declarations, read from a component's CSS file: jsdom lays nothing
 * out, and Vitest hands CSS imports over empty. */
async function cssRule(file: string, selector: string): Promise<string> {
  const fs = "node:fs";
  const { readFileSync } = (await import(/* @vite-ignore */ fs)) as { readFileSync: (path: string, encoding: "utf8") => string };
  const cwd = (globalThis as unknown as { process: { cwd(): string } }).process.cwd();
  const css = readFileSync(`${cwd}/src/components/${file}`, "utf8");
  return (
    css
      .split("}")
      .find((block) => block.trim().split("{")[0].trim().split("\n").at(-1) === selector)
      ?.split("{")[1] ?? ""
  );
}

/** A dialog within the window, 800×600 as 1600×1000: the shared frame never
 * taller than it, its buttons always shown, and its own width never wider. */
async function expectFitsTheWindow(dialog: HTMLElement, cssFile: string, widthSelector: string) {
  expect(dialog.classList.contains("dialog-fitted")).toBe(true);
  const fitted = await cssRule("Dialog.css", ".dialog-fitted");
  expect(fitted).toMatch(/max-height: calc\(100vh - 48px\)/);
  expect(fitted).toMatch(/overflow: hidden/);
  expect(fitted).toMatch(/min-height: 0/);
  expect(await cssRule("Dialog.css", ".dialog-fitted > .dialog-buttons")).toMatch(/flex: none/);
  const own = await cssRule(cssFile, widthSelector);
  expect(own).toMatch(/width: min\((\d+)px, calc\(100vw - 48px\)\)/);
  expect(Number(own.match(/width: min\((\d+)px/)![1])).toBeLessThanOrEqual(800 - 48);
}

beforeEach(() => {
  document.body.innerHTML = "";
  // The view, sort and tile size a test leaves are remembered: each test starts afresh.
  localStorage.clear();
});

afterEach(() => {
  root?.unmount();
  root = null;
  clearMocks();
});

describe("grid", () => {
  it("renders tiles with their test hooks and states", async () => {
    await start();
    const first = await waitFor(() => tile(1));
    expect(first.dataset.state).toBe("ready");
    expect(first.querySelector(".tile-name")?.textContent).toBe(backend.byId.get(1)!.name);
    expect(first.dataset.thumb).toBeUndefined();
    const img = first.querySelector("img")!;
    expect(img.getAttribute("src")).toBe("mahres://localhost/thumb%2F1?v=1");
    img.dispatchEvent(new Event("load"));
    await waitFor(() => tile(1)!.dataset.thumb === "loaded");

    const failed = tile(8)!;
    expect(failed.dataset.state).toBe("failed");
    expect(failed.querySelector('[title="failed"]')).not.toBeNull();
    const missing = tile(6)!;
    expect(missing.className).toContain("is-unavailable");
    expect(missing.querySelector('[title="missing"]')).not.toBeNull();

    // A file without a thumbnail shows its type instead of asking for one.
    const text = tile(7)!; // text/plain
    expect(text.querySelector("img")).toBeNull();
    expect(text.querySelector(".placeholder-type")?.textContent).toBe("TXT");
    expect(testid("result-count")?.textContent).toBe("60 items");
  });

  it("labels a tile without a picture by what its bytes are, not by its name", async () => {
    await startWithGrid();
    const byName = (name: string) => $$('[data-testid="tile"]').find((t) => t.querySelector(".tile-name")?.textContent === name)!;
    const label = (name: string) => byName(name).querySelector(".placeholder-type")?.textContent;
    await waitFor(() => byName("untitled.txt"));
    // A text file named .png is no PNG.
    expect(label("screenshot-0412.png")).toBe("TXT");
    expect(label("untitled.txt")).toBe("Empty");
    expect(label("camera-settings.dat")).toBe("File");
    expect(label("IMG_0107.CR3")).toBe("CR3");
    expect(label("expenses-2023.csv")).toBe("CSV");
    expect(label("rain-on-the-roof.flac")).toBe("FLAC");
    // Documents and sounds carry a quiet glyph; an unknown file does not.
    expect(byName("packing-list.txt").querySelector(".placeholder-glyph")?.getAttribute("data-glyph")).toBe("document");
    expect(byName("rain-on-the-roof.flac").querySelector(".placeholder-glyph")?.getAttribute("data-glyph")).toBe("sound");
    expect(byName("camera-settings.dat").querySelector(".placeholder-glyph")).toBeNull();
    // The new kinds the engine can picture ask for their thumbnail.
    for (const name of ["IMG_4821.HEIC", "sunrise-0042.dng", "Kyoto itinerary.pdf", "03 Harbour Lights.mp3"]) expect(byName(name).querySelector("img")).not.toBeNull();
  });

  it("marks a tile whose raw file is attached, and leaves the raw file out", async () => {
    await startWithGrid();
    const byName = (name: string) => $$('[data-testid="tile"]').find((t) => t.querySelector(".tile-name")?.textContent === name);
    const pair = await waitFor(() => byName("DSCF5120.JPG"));
    const mark = pair.querySelector<HTMLElement>('[data-testid="tile-companion"]')!;
    expect(mark.textContent).toBe("+RAF");
    expect(mark.title).toBe("Its raw file is attached: one shot, one item");
    // Only that tile: a lone raw file or a JPEG without one has no mark.
    expect($$('[data-testid="tile-companion"]')).toHaveLength(1);
    expect(byName("sunrise-0042.dng")!.querySelector('[data-testid="tile-companion"]')).toBeNull();
    expect(byName("DSCF5120.RAF")).toBeUndefined();
    expect(testid("result-count")?.textContent).toBe("60 items");
  });

  it("labels the mark by the attached file's format", async () => {
    await start({
      handle: (cmd, a) => {
        if (cmd !== "list_tiles") return undefined;
        const page = backend.listTiles(a.query as TileQuery);
        return { ...page, tiles: page.tiles.map((t) => (t.id === 1 ? { ...t, companion_type: "image/x-canon-cr2" } : t)) };
      },
    });
    const first = await waitFor(() => tile(1));
    expect(first.querySelector('[data-testid="tile-companion"]')!.textContent).toBe("+CR2");
  });

  it("asks for tiles in pages by offset and renders only what is in view", async () => {
    await startWithGrid({ count: 100_000 });
    const lists = calls.filter((c) => c.cmd === "list_tiles");
    expect(lists[0].args.query).toEqual({ query: "", sort: "relevance", offset: 0, limit: 200 });
    expect($$('[data-testid="tile"]').length).toBeLessThan(200);
    expect(testid("result-count")?.textContent).toBe("100,000 items");
  });

  it("refreshes the visible tiles when progress reports a change, without reloading", async () => {
    await start({ busy: true });
    await waitFor(() => tile(1)?.dataset.state === "processing");
    expect(tile(10)!.dataset.state).toBe("waiting");
    const before = listed().length;
    backend.tick(4);
    await emitEvent("progress", backend.progress());
    await waitFor(() => tile(1)?.dataset.state === "ready");
    expect(tile(5)!.dataset.state).toBe("processing");
    const after = calls.filter((c) => c.cmd === "list_tiles");
    expect(after.length).toBe(before + 1);
    expect(after[after.length - 1].args.query).toMatchObject({ offset: 0 });
    // Same snapshot again: nothing to refetch.
    await emitEvent("progress", backend.progress());
    await new Promise((r) => setTimeout(r, 300));
    expect(listed().length).toBe(before + 1);
  });
});

describe("search", () => {
  it("searches as you type and shows the count", async () => {
    await startWithGrid();
    typeInto(testid("search-input")!, "beach");
    await waitFor(() => testid("result-count")?.textContent?.endsWith("results"));
    const sent = calls.filter((c) => c.cmd === "list_tiles").map((c) => (c.args.query as { query: string }).query);
    expect(sent).toContain("beach");
    expect(sent).not.toContain("b"); // debounced
    const names = $$('[data-testid="tile"] .tile-name').map((e) => e.textContent);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n?.includes("beach"))).toBe(true);
  });

  it("offers the engine's sorts, facts' included, and lists its filters", async () => {
    const help = {
      filters: [{ name: "lens_model", about: "Lens: the lens's model", value: "a word" }],
      sorts: [
        { sort: "newest", label: "Newest first" },
        { sort: "shutter_count:desc", label: "Shutter count, highest first" },
      ],
    };
    await startWithGrid({ handle: (cmd) => (cmd === "library_info" ? { root: "/lib", open_error: null, resource_count: 60, search_help: help } : undefined) });
    const select = $('select[aria-label="Sort"]') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["Newest first", "Shutter count, highest first"]);
    select.value = "shutter_count:desc";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await waitFor(() => calls.some((c) => c.cmd === "list_tiles" && (c.args.query as { sort: string }).sort === "shutter_count:desc"));
    click($('[aria-label="Search help"]')!);
    const panel = await waitFor(() => testid("search-help"));
    expect(panel.textContent).toContain("lens_model:");
    expect(panel.textContent).toContain("Lens: the lens's model");
  });

  it("shows a malformed query's message under the box and keeps the last results", async () => {
    await startWithGrid();
    typeInto(testid("search-input")!, 'trip "old town');
    const error = await waitFor(() => testid("search-error"));
    expect(error.textContent).toBe("this quote is never closed (at character 6)");
    expect(tile(1)).not.toBeNull();
    typeInto(testid("search-input")!, 'trip "old town"');
    await waitFor(() => !testid("search-error"));
  });

  it("adds filter picks to the query", async () => {
    await startWithGrid();
    const type = $('select[aria-label="Type"]') as HTMLSelectElement;
    type.value = "video";
    type.dispatchEvent(new Event("change", { bubbles: true }));
    await waitFor(() => calls.some((c) => c.cmd === "list_tiles" && (c.args.query as { query: string }).query === "type:video"));
    await waitFor(() => $$('[data-testid="tile"]').every((t) => backend.byId.get(Number(t.dataset.id))!.type === "video/mp4"));
  });

  it("reads typed filters back into the filter bar, and writes its picks into the box", async () => {
    await startWithGrid();
    const type = $('select[aria-label="Type"]') as HTMLSelectElement;
    typeInto(testid("search-input")!, "beach type:image");
    await waitFor(() => type.value === "image");
    await waitFor(() => listed().includes("beach type:image"));
    choose(type, "video");
    await waitFor(() => searchText() === "beach type:video");
    await waitFor(() => listed().includes("beach type:video"));
    // A negated filter is the person's own words, not a menu value.
    typeInto(testid("search-input")!, "-type:image");
    await waitFor(() => type.value === "any");
    // A filter the menu has no entry for shows as itself.
    typeInto(testid("search-input")!, "type:audio");
    await waitFor(() => type.value === "type:audio");
    expect(type.selectedOptions[0].textContent).toBe("type:audio");
    choose(type, "any");
    await waitFor(() => searchText() === "");
  });

  it("filters by date taken and camera through the bar, in the engine's syntax", async () => {
    await startWithGrid();
    const from = $('input[aria-label="Taken from"]') as HTMLInputElement;
    const to = $('input[aria-label="Taken to"]') as HTMLInputElement;
    from.focus();
    typeInto(from, "2019-0"); // not a date yet: nothing goes out
    expect(searchText()).toBe("");
    expect(from.classList.contains("has-error")).toBe(true);
    typeInto(from, "2019-01");
    await waitFor(() => searchText() === "taken:>=2019-01");
    from.blur();
    to.focus();
    typeInto(to, "2019-06");
    await waitFor(() => searchText() === "taken:2019-01..2019-06");
    to.blur();
    const camera = $('input[aria-label="Camera"]') as HTMLInputElement;
    camera.focus();
    typeInto(camera, "eos 5d");
    await waitFor(() => searchText() === 'taken:2019-01..2019-06 camera:"eos 5d"');
    camera.blur();
    await waitFor(() => listed().includes('taken:2019-01..2019-06 camera:"eos 5d"'));
    await waitFor(() => /results?$/.test(testid("result-count")?.textContent ?? ""));
    // And back: the box's text sets the fields.
    typeInto(testid("search-input")!, "taken:2021-07 camera:fujifilm");
    await waitFor(() => from.value === "2021-07" && to.value === "2021-07" && camera.value === "fujifilm");
    await waitFor(() => listed().includes("taken:2021-07 camera:fujifilm"));
    await waitFor(() => testid("result-count")?.textContent !== "");
    expect(testid("search-error")).toBeNull();
  });

  it("credits GeoNames for the place names in the search help", async () => {
    await startWithGrid();
    click($('[aria-label="Search help"]')!);
    const credits = await waitFor(() => testid("credits"));
    expect(credits.textContent).toBe("Place names from GeoNames (geonames.org), CC BY 4.0, via the reverse_geocoder crate.");
  });

  it("focuses the search box on / and Ctrl+F", async () => {
    await startWithGrid();
    key(document.body, "/");
    await waitFor(() => document.activeElement === testid("search-input"));
    (document.activeElement as HTMLElement).blur();
    key(document.body, "f", { ctrlKey: true });
    await waitFor(() => document.activeElement === testid("search-input"));
  });
});

describe("selection and details", () => {
  it("opens the details pane on click and adds a tag on Enter", async () => {
    await start();
    await waitFor(() => tile(2));
    click(tile(2)!);
    const pane = await waitFor(() => testid("details-pane"));
    await waitFor(() => pane.querySelector(".details-name"));
    const input = testid("tag-input")!;
    typeInto(input, "favourite");
    key(input, "Enter");
    await waitFor(() => $$('[data-testid="tag-chip"]').some((c) => c.textContent?.includes("favourite")));
    expect(calls.find((c) => c.cmd === "add_tags")?.args).toEqual({ ids: [2], tags: ["favourite"] });
    expect(backend.byId.get(2)!.tags).toContain("favourite");
  });

  it("shows whatever facts a resource has, under their groups, with units", async () => {
    const facts = [
      { key: "shutter_count", label: "Shutter count", group: "Body", unit: null, value: { kind: "integer", integer: 4471 }, text: "4471", source: "x" },
      { key: "sensor_temp", label: "Sensor temperature", group: "Body", unit: "°C", value: { kind: "real", real: 41.5 }, text: "41.5", source: "x" },
      { key: "mood", label: "Mood", group: "Feeling", unit: null, value: { kind: "text", text: "calm" }, text: "calm", source: "y" },
    ];
    await start({ handle: (cmd, a) => (cmd === "resource" && a.id === 2 ? { ...backend.details(2), facts } : undefined) });
    await waitFor(() => tile(2));
    click(tile(2)!);
    const body = await waitFor(() => testid("facts-Body"));
    expect(body.closest("section")!.querySelector("h3")!.textContent).toBe("Body");
    expect([...body.querySelectorAll("dt")].map((e) => e.textContent)).toEqual(["Shutter count", "Sensor temperature"]);
    expect([...body.querySelectorAll("dd")].map((e) => e.textContent)).toEqual(["4471", "41.5 °C"]);
    expect(testid("facts-Feeling")!.textContent).toContain("calm");
  });

  it("lays out a photo's metadata like a photo app's info panel", async () => {
    const fact = (key: string, group: string, value: unknown, text: string, unit: string | null = null) => ({ key, label: key, group, unit, value, text, source: "metadata" });
    const facts = [
      fact("taken", "Time", { kind: "timestamp", utc_ms: Date.UTC(2019, 6, 14, 16, 42, 7), offset_minutes: 120 }, "2019-07-14 18:42:07 +02:00"),
      fact("camera", "Camera", { kind: "text", text: "Canon EOS 5D Mark II" }, "Canon EOS 5D Mark II"),
      fact("lens", "Camera", { kind: "text", text: "EF24-105mm f/4L IS USM" }, "EF24-105mm f/4L IS USM"),
      fact("focal_length", "Exposure", { kind: "real", real: 24 }, "24", "mm"),
      fact("focal_length_35", "Exposure", { kind: "real", real: 38 }, "38", "mm"),
      fact("aperture", "Exposure", { kind: "real", real: 4 }, "f/4"),
      fact("exposure", "Exposure", { kind: "real", real: 0.004 }, "1/250", "s"),
      fact("iso", "Exposure", { kind: "integer", integer: 800 }, "800"),
      fact("flash", "Exposure", { kind: "text", text: "Fired" }, "Fired"),
      fact("gps", "Place", { kind: "geo_point", latitude: 35.0116, longitude: 135.7681 }, "35.0116, 135.7681"),
      fact("altitude", "Place", { kind: "real", real: 52 }, "52", "m"),
      fact("place", "Place", { kind: "text", text: "Kyoto, Kyoto, Japan" }, "Kyoto, Kyoto, Japan"),
      fact("orientation", "Image", { kind: "text", text: "Rotated 90° clockwise" }, "Rotated 90° clockwise"),
      fact("keywords", "Description", { kind: "list", items: ["Places|Japan|Kyoto", "temple"] }, "Places|Japan|Kyoto, temple"),
      { ...fact("shutter_count", "Camera", { kind: "integer", integer: 4471 }, "4471"), label: "Shutter count" },
    ];
    await start({ handle: (cmd, a) => (cmd === "resource" && a.id === 2 ? { ...backend.details(2), facts } : undefined) });
    await waitFor(() => tile(2));
    click(tile(2)!);
    const info = await waitFor(() => testid("photo-info"));
    expect(info.querySelector("h3")!.textContent).toBe("Photo");
    expect(testid("photo-info-time")!.textContent).toBe("Sun 14 Jul 2019, 18:42 (UTC+02:00)");
    expect(testid("photo-info-time")!.title).toBe("2019-07-14 18:42:07 +02:00");
    const camera = testid("photo-info-camera")!;
    expect([...camera.children].map((e) => e.textContent)).toEqual(["Canon EOS 5D Mark II", "EF24-105mm f/4L IS USM"]);
    expect(testid("photo-info-exposure")!.textContent).toBe("ƒ/4 · 1/250 s · ISO 800 · 24 mm (35 mm: 38 mm) · flash fired");
    const place = testid("photo-info-place")!;
    expect(place.textContent).toContain("Kyoto, Kyoto, Japan");
    expect(place.textContent).toContain("35.0116° N, 135.7681° E · 52 m");
    const chips = [...testid("photo-info-keywords")!.querySelectorAll(".chip")];
    expect(chips.map((c) => c.textContent)).toEqual(["Places › Japan › Kyoto", "temple"]);
    // What the layout has no place for falls through to the generic list.
    expect(testid("facts-Image")!.textContent).toContain("Rotated 90° clockwise");
    expect(testid("facts-Camera")!.textContent).toBe("Shutter count4471");
    expect(testid("facts-Exposure")).toBeNull();
    expect(testid("facts-Place")).toBeNull();
  });

  it("shows the fake library's camera metadata, and none for a PNG without any", async () => {
    await startWithGrid();
    click(tile(1)!); // a JPEG from the Canon
    await waitFor(() => testid("photo-info-camera")?.textContent?.includes("Canon EOS 5D Mark II"));
    expect(testid("photo-info-time")!.textContent).toMatch(/^\w{3} \d{1,2} \w{3} 20\d\d, \d\d:\d\d \(UTC[+−]\d\d:\d\d\)$/);
    expect(testid("photo-info-exposure")!.textContent).toContain("ISO 100");
    click(tile(3)!); // a PNG screenshot
    await waitFor(() => testid("details-pane")?.querySelector(".details-name") && (testid("details-pane")!.querySelector(".details-name") as HTMLInputElement).value === backend.byId.get(3)!.name);
    expect(testid("photo-info")).toBeNull();
    // The camera looked at is suggested in the filter bar.
    expect([...document.querySelectorAll("#camera-suggestions option")].map((o) => (o as HTMLOptionElement).value)).toContain("Canon EOS 5D Mark II");
  });

  const idOf = (name: string) => backend.items.find((it) => it.name === name)!.id;
  const showDetails = async (name: string) => {
    await waitFor(() => tile(1));
    const id = idOf(name);
    click(await waitFor(() => tile(id)));
    await waitFor(() => (testid("details-pane")?.querySelector(".details-name") as HTMLInputElement | null)?.value === name);
  };

  it("says when a file's name lies about its type, next to the type", async () => {
    await start();
    await showDetails("screenshot-0412.png");
    const notice = testid("name-mismatch")!;
    expect(notice.textContent).toBe("Named .png, but it is a text file");
    expect(notice.closest("dd")!.previousElementSibling!.textContent).toBe("Type");
    expect(notice.closest("dd")!.textContent).toContain("text/plain");
    await showDetails("packing-list.txt");
    expect(testid("name-mismatch")).toBeNull();
  });

  it("previews a text file's words in place of a picture, and lists them nowhere else", async () => {
    await start();
    await showDetails("packing-list.txt");
    const preview = testid("text-preview")!;
    const body = preview.querySelector("pre")!;
    // Line breaks kept, in a fixed-width font for plain text.
    expect(body.textContent).toBe("Packing list\n\n- passport\n- rail pass\n- charger (type A)\n- rain jacket\n");
    expect(body.classList.contains("is-mono")).toBe(true);
    expect(testid("details-pane")!.querySelector(".details-preview")).toBeNull();
    expect(testid("facts-Document")).toBeNull();
    expect(testid("document-info")).toBeNull();
    expect(preview.querySelector(".text-preview-more")).toBeNull();

    await showDetails("README.md");
    expect(testid("text-preview")!.querySelector("pre")!.classList.contains("is-mono")).toBe(false);
    await showDetails("sync.log");
    expect(testid("text-preview")!.querySelector(".text-preview-more")!.textContent).toContain("Only the beginning");
  });

  it("shows a PDF's first page, with its title, author, pages and words below", async () => {
    await start();
    await showDetails("Kyoto itinerary.pdf");
    expect(testid("details-pane")!.querySelector(".details-preview img")).not.toBeNull();
    const info = testid("document-info")!;
    expect(info.textContent).toContain("Kyoto trip itinerary");
    expect(testid("document-byline")!.textContent).toBe("Sam Rivera · 3 pages");
    expect(info.querySelector('[data-testid="text-preview"] pre')!.textContent).toContain("Day 1 — Arrival\n\tLand at KIX 09:40");
    expect(testid("photo-info")).toBeNull();
    expect(testid("facts-Document")).toBeNull();
  });

  it("lays out a song as title, artist, album and length", async () => {
    await start();
    await showDetails("03 Harbour Lights.mp3");
    const info = testid("song-info")!;
    expect(info.querySelector("h3")!.textContent).toBe("Song");
    expect(testid("song-title")!.textContent).toBe("Harbour Lights");
    expect(testid("song-artist")!.textContent).toBe("The Low Tides");
    expect(testid("song-album")!.textContent).toBe("Salt & Static · 2019");
    expect(testid("song-details")!.textContent).toBe("3:42 · Indie");
    expect(testid("facts-Music")).toBeNull();
    expect(testid("facts-Media")).toBeNull();
    expect(testid("photo-info")).toBeNull();
  });

  it("says under the placeholder why a file has no picture", async () => {
    await start();
    await showDetails("rain-on-the-roof.flac");
    expect(testid("media-note")!.textContent).toBe("No thumbnail: the sound file has no cover art");
    expect(testid("song-info")!.querySelector("h3")!.textContent).toBe("Sound");
    expect(testid("song-details")!.textContent).toBe("12:05");
    expect(testid("details-pane")!.querySelector(".details-preview .placeholder-type")!.textContent).toBe("FLAC");
  });

  it("lists a photo's attached raw file with its type and size", async () => {
    await start();
    await showDetails("DSCF5120.JPG");
    const attached = testid("attached")!;
    expect(attached.querySelector("h3")!.textContent).toBe("Attached");
    const rows = [...attached.querySelectorAll('[data-testid="companion"]')];
    expect(rows.map((r) => [...r.children].map((e) => e.textContent))).toEqual([["DSCF5120.RAF", "RAF", "34 MB"]]);
    expect(attached.textContent).toContain("Shown as one item with this photo.");
    expect(testid("companion-of")).toBeNull();
    // A photo without a raw file has no such section.
    await showDetails("sunrise-0042.dng");
    expect(testid("attached")).toBeNull();
  });

  it("says quietly when a raw file shown on its own belongs to another photo", async () => {
    await start({ handle: (cmd, a) => (cmd === "resource" && a.id === 2 ? { ...backend.details(2), companion_of: 1 } : undefined) });
    await waitFor(() => tile(2));
    click(tile(2)!);
    const note = await waitFor(() => testid("companion-of"));
    expect(note.textContent).toBe("Raw file of another photo");
    expect(testid("attached")).toBeNull();
  });

  it("enlarges a raw file's preview, which the webview can show, not the raw file", async () => {
    await start();
    await showDetails("sunrise-0042.dng");
    const preview = testid("details-pane")!.querySelector<HTMLElement>(".details-preview")!;
    expect(preview.title).toBe("View larger");
    click(preview);
    const big = await waitFor(() => $(".lightbox img"));
    expect(big.getAttribute("src")).toContain("preview");
  });

  it("moves the selection with the arrow keys by columns", async () => {
    await startWithGrid();
    click(tile(1)!);
    await waitFor(() => tile(1)!.classList.contains("is-selected"));
    key(document.body, "ArrowRight");
    await waitFor(() => tile(2)!.classList.contains("is-selected"));
    expect(tile(1)!.classList.contains("is-selected")).toBe(false);
    const columns = Math.floor((1000 - 32 + 12) / (152 + 12));
    key(document.body, "ArrowDown");
    await waitFor(() => tile(2 + columns)!.classList.contains("is-selected"));
    key(document.body, "ArrowRight", { shiftKey: true });
    await waitFor(() => tile(3 + columns)!.classList.contains("is-selected"));
    expect(tile(2 + columns)!.classList.contains("is-selected")).toBe(true);
    await waitFor(() => testid("details-pane")?.textContent?.includes("2 items selected"));
    key(document.body, "Escape"); // closes the pane
    await waitFor(() => !testid("details-pane"));
    key(document.body, "Escape"); // clears the selection
    await waitFor(() => $$(".tile.is-selected").length === 0);
  });

  it("selects every item on Ctrl+A, loaded or not", async () => {
    await startWithGrid({ count: 5000 });
    key(document.body, "a", { ctrlKey: true });
    await waitFor(() => calls.some((c) => c.cmd === "tile_ids"));
    key(document.body, "Enter");
    await waitFor(() => testid("details-pane")?.textContent?.match(/5,?000 items selected/));
    expect(calls.find((c) => c.cmd === "tile_ids")?.args).toEqual({ query: "", sort: "relevance" });
  });

  it("moves the selection to the Trash on Delete without asking, saying so with an Undo", async () => {
    await start();
    await waitFor(() => tile(3));
    click(tile(3)!);
    click(tile(4)!, { ctrlKey: true });
    await waitFor(() => $$(".tile.is-selected").length === 2);
    key(document.body, "Delete");
    await waitFor(() => !tile(3) && !tile(4));
    expect(testid("confirm-yes")).toBeNull();
    expect(calls.find((c) => c.cmd === "trash_items")?.args).toEqual({ ids: [3, 4] });
    // Item 3 is a file of the watched folder, item 4 a copy in the library.
    const toast = await waitFor(() => toastWith("Moved 2 items to the Trash"));
    expect(toast.textContent).toContain("1 of them is a file in a watched folder: it stays there");
    expect(toast.querySelector('[data-testid="toast-action"]')!.textContent).toBe("Undo");
    expect(backend.byId.get(3)!.trashedAt).not.toBeNull();
    // Nothing is left selected that is gone.
    const { appStore } = await import("./state/app");
    expect(appStore.get().selection.ids).toEqual([]);
  });

  it("moves the open item to the Trash from the details pane's Delete", async () => {
    await startWithGrid();
    click(tile(6)!);
    click(await waitFor(() => testid("details-delete")));
    await waitFor(() => !tile(6));
    expect(calls.find((c) => c.cmd === "trash_items")?.args).toEqual({ ids: [6] });
    expect(testid("confirm-yes")).toBeNull();
    await waitFor(() => toastWith("Moved 1 item to the Trash — its file stays in its folder"));
  });
});

describe("marks", () => {
  /** Selects tiles 2 and 3, as a person would: a click, then Ctrl+click. */
  async function selectTwo() {
    await startWithGrid();
    click(tile(2)!);
    click(tile(3)!, { ctrlKey: true });
    await waitFor(() => $$(".tile.is-selected").length === 2);
  }
  const marked = () => calls.filter((c) => c.cmd === "set_mark").map((c) => c.args);
  const starsOn = (id: number) => tile(id)?.querySelector('[data-testid="tile-stars"]')?.textContent;

  it("rates the whole selection on 4 in one command, the tiles showing the stars, and a rating search finds them", async () => {
    await selectTwo();
    expect(starsOn(2)).toBeUndefined();
    key(document.body, "4");
    await waitFor(() => starsOn(2) === "★★★★" && starsOn(3) === "★★★★");
    expect(marked()).toEqual([{ ids: [2, 3], mark: { kind: "rating", stars: 4 } }]);
    expect(tile(2)!.querySelector('[data-testid="tile-stars"]')!.getAttribute("aria-label")).toBe("Rated 4 stars");
    expect(tile(2)!.dataset.rating).toBe("4");
    await waitFor(() => toastWith("Rated 2 items ★★★★"));
    expect(starsOn(1)).toBeUndefined();

    typeInto(testid("search-input")!, "rating:>=4");
    await waitFor(() => testid("result-count")?.textContent === "2 results");
    expect($$('[data-testid="tile"]').map((t) => Number(t.dataset.id)).sort()).toEqual([2, 3]);
  });

  it("views one item filling the window on Enter: arrows page through the grid's order, 4 rates, Ctrl+Z undoes, Esc closes", async () => {
    await startWithGrid();
    click(tile(2)!);
    key(document.body, "Enter");
    const viewer = await waitFor(() => testid("viewer"));
    const first = viewer.getAttribute("aria-label");
    key(document.body, "ArrowRight");
    await waitFor(() => testid("viewer")!.getAttribute("aria-label") !== first);
    // The grid behind follows the viewer rather than moving on its own.
    const seen = Number($$(".tile.is-selected")[0]?.dataset.id);
    expect($$(".tile.is-selected").length).toBe(1);
    key(document.body, "4");
    await waitFor(() => marked().length === 1);
    expect(marked()[0]).toEqual({ ids: [seen], mark: { kind: "rating", stars: 4 } });
    await waitFor(() => backend.byId.get(seen)!.marks.rating === 4);
    key(document.body, "z", { ctrlKey: true });
    await waitFor(() => backend.byId.get(seen)!.marks.rating === 0);
    expect(testid("viewer")).not.toBeNull();
    key(document.body, "Escape");
    await waitFor(() => !testid("viewer"));
    expect(Number($$(".tile.is-selected")[0]?.dataset.id)).toBe(seen);
  });

  it("labels on 6–9, clearing on the same key again, and picks, rejects and unflags on P, X, U", async () => {
    await selectTwo();
    key(document.body, "6");
    await waitFor(() => tile(2)!.dataset.label === "red" && tile(3)!.dataset.label === "red");
    expect(tile(2)!.querySelector('[data-testid="tile-label"]')!.getAttribute("aria-label")).toBe("Red label");
    key(document.body, "6");
    await waitFor(() => tile(2)!.dataset.label === undefined && tile(3)!.dataset.label === undefined);
    key(document.body, "9");
    await waitFor(() => tile(3)!.dataset.label === "blue");
    key(document.body, "p");
    await waitFor(() => tile(2)!.dataset.flag === "pick");
    expect(tile(2)!.querySelector('[data-testid="tile-flag"]')!.getAttribute("aria-label")).toBe("Picked");
    key(document.body, "x");
    await waitFor(() => tile(2)!.classList.contains("is-rejected") && tile(3)!.classList.contains("is-rejected"));
    key(document.body, "u");
    await waitFor(() => !tile(2)!.classList.contains("is-rejected") && tile(2)!.dataset.flag === undefined);
    expect(marked().map((a) => a.mark)).toEqual([
      { kind: "label", label: "red" },
      { kind: "label", label: null },
      { kind: "label", label: "blue" },
      { kind: "flag", flag: "pick" },
      { kind: "flag", flag: "reject" },
      { kind: "flag", flag: null },
    ]);
    expect(marked().every((a) => JSON.stringify(a.ids) === "[2,3]")).toBe(true);
    expect(backend.byId.get(2)!.marks).toEqual({ rating: 0, label: "blue", flag: null });
  });

  it("leaves the mark keys to a text field, and to nothing without a selection", async () => {
    await startWithGrid();
    key(document.body, "4");
    click(tile(2)!);
    const input = await waitFor(() => testid("tag-input"));
    input.focus();
    key(input, "4");
    key(input, "p");
    await new Promise((r) => setTimeout(r, 30));
    expect(marked()).toEqual([]);
  });

  it("sets the rating from the details pane's stars, clearing it on the same star", async () => {
    await startWithGrid();
    click(tile(4)!);
    const pane = await waitFor(() => testid("details-pane"));
    const star = (n: number) => pane.querySelector<HTMLElement>(`[aria-label="Rate ${n === 1 ? "1 star" : `${n} stars`}"]`)!;
    await waitFor(() => star(3));
    click(star(3));
    await waitFor(() => star(3).getAttribute("aria-pressed") === "true");
    await waitFor(() => starsOn(4) === "★★★");
    expect(marked()).toEqual([{ ids: [4], mark: { kind: "rating", stars: 3 } }]);
    expect(backend.byId.get(4)!.marks.rating).toBe(3);
    // The marks have their own section, not a list of facts as well.
    expect(testid("facts-Your marks")).toBeNull();
    click(star(3));
    await waitFor(() => backend.byId.get(4)!.marks.rating === 0);
    expect(marked()[1]).toEqual({ ids: [4], mark: { kind: "rating", stars: 0 } });
    await waitFor(() => starsOn(4) === undefined);
    click(pane.querySelector<HTMLElement>('[aria-label="Pick"]')!);
    await waitFor(() => backend.byId.get(4)!.marks.flag === "pick");
  });

  it("sets a label on the whole selection from the pane, in one command", async () => {
    await selectTwo();
    key(document.body, "Enter");
    const pane = await waitFor(() => testid("details-pane")?.textContent?.includes("2 items selected") && testid("details-pane"));
    click(pane.querySelector<HTMLElement>('[aria-label="Label green"]')!);
    await waitFor(() => tile(2)!.dataset.label === "green" && tile(3)!.dataset.label === "green");
    expect(marked()).toEqual([{ ids: [2, 3], mark: { kind: "label", label: "green" } }]);
    await waitFor(() => pane.querySelector('[aria-label="Label green"]')!.getAttribute("aria-pressed") === "true");
  });

  it("filters by the fewest stars, a label and picks from the filter bar, in the engine's syntax", async () => {
    await startWithGrid();
    backend.setMark([5, 6], { kind: "rating", stars: 5 });
    backend.setMark([6], { kind: "label", label: "red" });
    choose($('select[aria-label="Rating"]')!, "4");
    await waitFor(() => searchText() === "rating:>=4");
    await waitFor(() => testid("result-count")?.textContent === "2 results");
    click(testid("filter-label-red")!);
    await waitFor(() => searchText() === "rating:>=4 label:red");
    expect(testid("filter-label-red")!.getAttribute("aria-pressed")).toBe("true");
    await waitFor(() => testid("result-count")?.textContent === "1 result");
    click(testid("filter-label-red")!);
    await waitFor(() => searchText() === "rating:>=4");
    click(testid("filter-flag-pick")!);
    await waitFor(() => searchText() === "rating:>=4 flag:pick");
    await waitFor(() => testid("result-count")?.textContent === "0 results");
    choose($('select[aria-label="Rating"]')!, "any");
    await waitFor(() => searchText() === "flag:pick");
    // Typed, it shows in the bar as well.
    typeInto(testid("search-input")!, "rating:5 flag:reject");
    await waitFor(() => ($('select[aria-label="Rating"]') as HTMLSelectElement).value === "5");
    expect(testid("filter-flag-reject")!.getAttribute("aria-pressed")).toBe("true");
  });

  it("offers the rating sort the engine lists", async () => {
    await startWithGrid();
    backend.setMark([9], { kind: "rating", stars: 2 });
    backend.setMark([12], { kind: "rating", stars: 5 });
    choose($('select[aria-label="Sort"]')!, "rating:desc");
    await waitFor(() => $$('[data-testid="tile"]')[0]?.dataset.id === "12");
    expect($$('[data-testid="tile"]')[1].dataset.id).toBe("9");
  });
});

describe("the Trash", () => {
  const rows = () => $$('[data-testid="trash-row"]');
  /** The button, once it can be pressed (the view has caught up with a selection). */
  const enabled = (id: string) => ((testid(id) as HTMLButtonElement | null)?.disabled === false ? testid(id) : null);
  const row = (id: number) => $(`[data-testid="trash-row"][data-id="${id}"]`);

  /** Moves items to the Trash through the grid's Delete and opens the Trash. */
  async function trashAndOpen(ids: number[]) {
    await startWithGrid();
    click(tile(ids[0])!);
    for (const id of ids.slice(1)) click(tile(id)!, { ctrlKey: true });
    await waitFor(() => $$(".tile.is-selected").length === ids.length);
    key(document.body, "Delete");
    await waitFor(() => ids.every((id) => !tile(id)));
    await waitFor(() => testid("trash-count")?.textContent === String(ids.length));
    click(testid("tab-trash")!);
    await waitFor(() => rows().length === ids.length);
  }

  it("lists what Delete moved there, with when and whether it is a watched file, and Restore puts it back", async () => {
    await trashAndOpen([2, 3]);
    expect(testid("trash-view")).not.toBeNull();
    expect(row(3)!.textContent).toContain(backend.byId.get(3)!.name);
    expect(row(3)!.textContent).toContain("Deleted just now");
    expect(row(3)!.textContent).toContain("goes for good in 30 days");
    expect(row(3)!.querySelector('[data-testid="trash-watched"]')).not.toBeNull();
    expect(row(2)!.querySelector('[data-testid="trash-watched"]')).toBeNull();
    await waitFor(() => testid("trash-policy")?.textContent === "Items are deleted for good after 30 days.");
    expect((testid("trash-restore") as HTMLButtonElement).disabled).toBe(true);

    click(row(3)!);
    await waitFor(() => row(3)!.getAttribute("aria-selected") === "true");
    click(testid("trash-restore")!);
    await waitFor(() => rows().length === 1);
    expect(calls.find((c) => c.cmd === "restore_items")?.args).toEqual({ ids: [3] });
    await waitFor(() => toastWith("Restored 1 item from the Trash"));
    await waitFor(() => testid("trash-count")?.textContent === "1");
    click(testid("tab-library")!);
    await waitFor(() => tile(3) && !tile(2));
  });

  it("selects with Ctrl and Shift clicks and Ctrl+A", async () => {
    await trashAndOpen([2, 4, 5, 7]);
    const selected = () => rows().filter((r) => r.getAttribute("aria-selected") === "true").map((r) => Number(r.dataset.id));
    // Most recently trashed first; all at once here, so by id, newest first.
    const order = rows().map((r) => Number(r.dataset.id));
    click(row(order[0])!);
    click(row(order[2])!, { shiftKey: true });
    await waitFor(() => selected().length === 3);
    click(row(order[1])!, { ctrlKey: true });
    await waitFor(() => selected().length === 2);
    key(document.body, "a", { ctrlKey: true });
    await waitFor(() => selected().length === 4);
    expect(testid("trash-selected")!.textContent).toBe("4 items selected");
    key(document.body, "Escape");
    await waitFor(() => selected().length === 0);
  });

  it("asks before deleting for good, saying how many and what happens to watched files, the focus on Cancel", async () => {
    await trashAndOpen([2, 3, 4]);
    key(document.body, "a", { ctrlKey: true });
    click(await waitFor(() => enabled("trash-delete")));
    const dialog = await waitFor(() => testid("confirm-dialog"));
    expect(document.getElementById("confirm-title")!.textContent).toBe("Delete 3 items for good?");
    expect(dialog.textContent).toContain("This cannot be undone. 1 of them is a file in a watched folder: it is moved to your desktop's Trash, not deleted.");
    await waitFor(() => document.activeElement === testid("confirm-cancel"));
    expect(testid("confirm-yes")!.textContent).toBe("Delete for good");
    // The keys behind it are not the dialog's: Delete would ask again, Ctrl+Z undo.
    const before = calls.length;
    for (const [k, init] of [["Delete", {}], ["a", { ctrlKey: true }], ["z", { ctrlKey: true }]] as const) key(document.activeElement!, k, init);
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.slice(before).map((c) => c.cmd)).toEqual([]);
    expect(document.activeElement).toBe(testid("confirm-cancel"));
    key(document.activeElement!, "Escape");
    await waitFor(() => !testid("confirm-dialog"));
    expect(calls.some((c) => c.cmd === "delete_permanently")).toBe(false);
    click(enabled("trash-delete")!);
    click(await waitFor(() => testid("confirm-yes")));
    await waitFor(() => rows().length === 0);
    expect(calls.find((c) => c.cmd === "delete_permanently")?.args).toEqual({ ids: expect.arrayContaining([2, 3, 4]) });
    await waitFor(() => toastWith("Deleted 3 items for good (1 file moved to your desktop's Trash)"));
    expect(backend.byId.has(3)).toBe(false);
    await waitFor(() => testid("trash-empty-state"));
    expect(testid("trash-count")).toBeNull();
  });

  it("empties the Trash once asked with the count, the focus on Cancel", async () => {
    await trashAndOpen([3, 6]);
    click(testid("trash-empty")!);
    await waitFor(() => testid("confirm-dialog"));
    expect(document.getElementById("confirm-title")!.textContent).toBe("Empty the Trash: delete 2 items for good?");
    expect(testid("confirm-dialog")!.textContent).toContain("They are files in watched folders: they are moved to your desktop's Trash, not deleted.");
    await waitFor(() => document.activeElement === testid("confirm-cancel"));
    // Cancel is the safe choice Enter would press; the buttons say what they do.
    expect(testid("confirm-cancel")!.textContent).toBe("Cancel");
    click(testid("confirm-cancel")!);
    await waitFor(() => !testid("confirm-dialog"));
    expect(rows().length).toBe(2);
    click(testid("trash-empty")!);
    click(await waitFor(() => testid("confirm-yes")));
    await waitFor(() => calls.some((c) => c.cmd === "empty_trash"));
    await waitFor(() => testid("trash-empty-state"));
  });

  it("says which items it could not delete for good, and why", async () => {
    await trashAndOpen([3, 4]);
    backend.byId.get(3)!.availability = "offline";
    click(testid("trash-empty")!);
    click(await waitFor(() => testid("confirm-yes")));
    const error = await waitFor(() => $$('[data-testid="toast"][role="alert"]')[0]);
    expect(error.textContent).toContain("1 item could not be deleted and stays in the Trash");
    expect(error.textContent).toContain(`${backend.byId.get(3)!.name}: its folder is offline`);
    await waitFor(() => rows().length === 1 && row(3));
  });

  it("reads the Trash again when progress says the library changed", async () => {
    await trashAndOpen([2]);
    backend.trash([5]);
    const { applyProgress } = await import("./state/app");
    applyProgress(backend.progress());
    await waitFor(() => rows().length === 2, 3000);
  });

  it("says the Trash's own rule, and changes it from the gear", async () => {
    await startWithGrid();
    click(testid("tab-trash")!);
    await waitFor(() => testid("trash-empty-state"));
    await waitFor(() => testid("trash-policy")?.textContent === "Items are deleted for good after 30 days.");
    click(testid("settings-button")!);
    const never = await waitFor(() => testid("setting-trash-days-0") as HTMLInputElement | null);
    expect((testid("setting-trash-days-30") as HTMLInputElement).checked).toBe(true);
    expect(testid("setting-trash-days")!.getAttribute("role")).toBe("radiogroup");
    click(never);
    await waitFor(() => backend.settings.trash_days === 0);
    expect(calls.filter((c) => c.cmd === "set_settings").at(-1)!.args).toEqual({
      settings: { keywords_as_tags: true, raw_jpeg_pairs: true, verify_copies: false, sidecars: "read", trash_days: 0 },
    });
    await waitFor(() => testid("trash-policy")?.textContent === "Items stay until you empty the Trash.");
  });
});

describe("undo and redo", () => {
  it("brings back what Ctrl+Z undoes, saying what it undid, and Ctrl+Shift+Z and Ctrl+Y redo it", async () => {
    await startWithGrid();
    click(tile(2)!);
    key(document.body, "Delete");
    await waitFor(() => !tile(2));
    key(document.body, "z", { ctrlKey: true });
    await waitFor(() => toastWith("Undid: Moved 1 item to the Trash"));
    await waitFor(() => tile(2));
    expect(calls.filter((c) => c.cmd === "undo")).toHaveLength(1);
    expect(backend.byId.get(2)!.trashedAt).toBeNull();

    key(document.body, "Z", { ctrlKey: true, shiftKey: true });
    await waitFor(() => toastWith("Redid: Moved 1 item to the Trash"));
    await waitFor(() => !tile(2));
    key(document.body, "z", { ctrlKey: true });
    await waitFor(() => tile(2));
    key(document.body, "y", { ctrlKey: true });
    await waitFor(() => !tile(2));
    expect(calls.filter((c) => c.cmd === "redo")).toHaveLength(2);
  });

  it("undoes marks and tags the same way, one step each", async () => {
    await startWithGrid();
    click(tile(2)!);
    key(document.body, "3");
    await waitFor(() => tile(2)!.dataset.rating === "3");
    const input = await waitFor(() => testid("tag-input") as HTMLInputElement);
    typeInto(input, "keeper");
    key(input, "Enter");
    await waitFor(() => backend.byId.get(2)!.tags.includes("keeper"));
    input.blur();
    key(document.body, "z", { ctrlKey: true });
    await waitFor(() => toastWith("Undid: Tagged 1 item “keeper”"));
    await waitFor(() => !backend.byId.get(2)!.tags.includes("keeper"));
    // The pane shows it gone.
    await waitFor(() => !$$('[data-testid="tag-chip"]').some((c) => c.textContent?.includes("keeper")));
    key(document.body, "z", { ctrlKey: true });
    await waitFor(() => toastWith("Undid: Rated 1 item ★★★"));
    await waitFor(() => tile(2)!.dataset.rating === undefined);
  });

  it("says when there is nothing to undo", async () => {
    await startWithGrid();
    key(document.body, "z", { ctrlKey: true });
    await waitFor(() => toastWith("Nothing to undo"));
    key(document.body, "y", { ctrlKey: true });
    await waitFor(() => toastWith("Nothing to redo"));
  });

  it("leaves Ctrl+Z to the search box while typing in it", async () => {
    await startWithGrid();
    const box = testid("search-input")!;
    box.focus();
    typeInto(box, "beach");
    key(box, "z", { ctrlKey: true });
    key(box, "Z", { ctrlKey: true, shiftKey: true });
    key(box, "y", { ctrlKey: true });
    await new Promise((r) => setTimeout(r, 30));
    expect(calls.filter((c) => c.cmd === "undo" || c.cmd === "redo")).toEqual([]);
  });

  it("undoes from the toast's Undo, only while that is still the last change", async () => {
    await startWithGrid();
    click(tile(2)!);
    key(document.body, "Delete");
    const moved = await waitFor(() => toastWith("Moved 1 item to the Trash"));
    click(tile(4)!);
    key(document.body, "5");
    await waitFor(() => backend.byId.get(4)!.marks.rating === 5);
    click(moved.querySelector<HTMLElement>('[data-testid="toast-action"]')!);
    await waitFor(() => toastWith("That is no longer the last change: Ctrl+Z undoes “Rated 1 item ★★★★★” first"));
    expect(calls.some((c) => c.cmd === "undo")).toBe(false);
    const rated = toastWith("Rated 1 item ★★★★★")!;
    click(rated.querySelector<HTMLElement>('[data-testid="toast-action"]')!);
    await waitFor(() => toastWith("Undid: Rated 1 item ★★★★★"));
    expect(backend.byId.get(4)!.marks.rating).toBe(0);
  });

  it("says how many items could not be put back, having been deleted for good since", async () => {
    await startWithGrid();
    click(tile(2)!);
    click(tile(3)!, { ctrlKey: true });
    key(document.body, "2");
    await waitFor(() => backend.byId.get(3)!.marks.rating === 2);
    // Deleted for good elsewhere (another window, the command line).
    backend.deletePermanently([3]);
    key(document.body, "z", { ctrlKey: true });
    await waitFor(() => toastWith("Undid: Rated 2 items ★★ — 1 item could not be put back: deleted for good"));
  });

  it("asks before merging a group of three or more, then Ctrl+Z undoes the merge", async () => {
    await startWithGrid();
    click(testid("tab-duplicates")!);
    const near = await waitFor(() => $('[data-testid="dup-group"][data-kind="near"]'));
    const ids = backend.duplicates(10).find((g) => g.kind === "near")!.resources.map((r) => r.id);
    const kept = backend.byId.get(ids[0])!.name;
    click(near.querySelector<HTMLElement>('[data-testid="merge-button"]')!);
    await waitFor(() => testid("confirm-dialog"));
    expect(document.getElementById("confirm-title")!.textContent).toBe(`Merge 3 items into “${kept}”?`);
    expect(testid("confirm-dialog")!.textContent).toContain("The other 2 go to the Trash; Ctrl+Z undoes the merge.");
    await waitFor(() => document.activeElement === testid("confirm-cancel"));
    click(testid("confirm-cancel")!);
    await waitFor(() => !testid("confirm-dialog"));
    expect(calls.some((c) => c.cmd === "merge")).toBe(false);

    click(near.querySelector<HTMLElement>('[data-testid="merge-button"]')!);
    click(await waitFor(() => testid("confirm-yes")));
    await waitFor(() => toastWith(`Merged 2 items into “${kept}”`));
    expect(calls.find((c) => c.cmd === "merge")!.args).toEqual({ keep: ids[0], others: ids.slice(1) });
    // The list is asked again: the merged ones are in none of its groups now.
    const members = () => $$('[data-testid="dup-group"] input[type="radio"]').map((r) => r.getAttribute("aria-label"));
    const merged = `Keep ${backend.byId.get(ids[1])!.name}`;
    await waitFor(() => !members().includes(merged));
    await waitFor(() => testid("trash-count")?.textContent === "2");
    key(document.body, "z", { ctrlKey: true });
    await waitFor(() => toastWith(`Undid: Merged 2 items into “${kept}”`));
    await waitFor(() => members().includes(merged));
    await waitFor(() => testid("trash-count") === null);
  });
});

describe("fake backend marks and Trash", () => {
  it("leaves trashed items out of every listing but in:trash and the Trash, and keeps their raw files with them", () => {
    const fake = new FakeBackend(60);
    const ids = (query: string) => fake.handle("tile_ids", { query, sort: "relevance" }) as number[];
    const before = ids("").length;
    const jpeg = fake.items.find((it) => it.specimen?.companion)!;
    expect(fake.handle("trash_items", { ids: [2, jpeg.id] })).toBe(2);
    expect(ids("")).not.toContain(2);
    expect(ids("").length).toBe(before - 2);
    expect(ids("in:trash").sort((a, b) => a - b)).toEqual([2, jpeg.id]);
    const raw = fake.companions.find((c) => c.companionOf === jpeg.id)!;
    expect(raw.trashedAt).not.toBeNull();
    const timeline = fake.handle("timeline", { query: "", sort: "newest" }) as Array<{ count: number }>;
    expect(timeline.reduce((n, d) => n + d.count, 0)).toBe(before - 2);
    const trash = fake.handle("trashed_items", {}) as Array<{ id: number; trashed_at: number | null }>;
    expect(trash.map((t) => t.id).sort((a, b) => a - b)).toEqual([2, jpeg.id]);
    expect(trash.every((t) => t.trashed_at !== null)).toBe(true);
    expect((fake.handle("duplicates", { threshold: 10, limit: 100 }) as { groups: Array<{ resources: Array<{ id: number }> }> }).groups.flatMap((g) => g.resources.map((r) => r.id))).not.toContain(2);
    fake.handle("restore_items", { ids: [2] });
    expect(ids("")).toContain(2);
    expect(raw.trashedAt).not.toBeNull();
  });

  it("finds marks by rating ranges, label and flag", () => {
    const fake = new FakeBackend(30);
    const ids = (query: string) => (fake.handle("tile_ids", { query, sort: "relevance" }) as number[]).sort((a, b) => a - b);
    fake.handle("set_mark", { ids: [1, 2], mark: { kind: "rating", stars: 3 } });
    fake.handle("set_mark", { ids: [3], mark: { kind: "rating", stars: 5 } });
    fake.handle("set_mark", { ids: [2], mark: { kind: "label", label: "red" } });
    fake.handle("set_mark", { ids: [3], mark: { kind: "flag", flag: "pick" } });
    expect(ids("rating:>=4")).toEqual([3]);
    expect(ids("rating:3")).toEqual([1, 2]);
    expect(ids("rating:3..5")).toEqual([1, 2, 3]);
    expect(ids("rating:<4")).toEqual([1, 2]);
    expect(ids("label:red")).toEqual([2]);
    expect(ids("flag:pick")).toEqual([3]);
    expect(ids("-flag:pick rating:>=3")).toEqual([1, 2]);
    // Setting what is already set changes nothing.
    expect(fake.handle("set_mark", { ids: [1, 2], mark: { kind: "rating", stars: 3 } })).toBe(0);
    expect(() => fake.handle("tile_ids", { query: "rating:lots", sort: "relevance" })).toThrow();
    expect(() => fake.handle("tile_ids", { query: "in:library", sort: "relevance" })).toThrow();
  });

  it("undoes and redoes its actions in order, and a new action drops what was undone", () => {
    const fake = new FakeBackend(30);
    const name = fake.byId.get(1)!.name;
    fake.handle("set_mark", { ids: [1], mark: { kind: "rating", stars: 2 } });
    fake.handle("add_tags", { ids: [1], tags: ["x"] });
    fake.handle("edit_resource", { id: 1, edit: { name: "renamed.jpg", description: null } });
    expect(fake.handle("undo_state", {})).toEqual({ undo: `Renamed “${name}” to “renamed.jpg”`, redo: null });
    expect(fake.handle("undo", {})).toEqual({ label: `Renamed “${name}” to “renamed.jpg”`, skipped: 0 });
    expect(fake.byId.get(1)!.name).toBe(name);
    expect(fake.handle("undo", {})).toEqual({ label: "Tagged 1 item “x”", skipped: 0 });
    expect(fake.byId.get(1)!.tags).not.toContain("x");
    expect(fake.handle("redo", {})).toEqual({ label: "Tagged 1 item “x”", skipped: 0 });
    expect(fake.byId.get(1)!.tags).toContain("x");
    fake.handle("set_mark", { ids: [1], mark: { kind: "flag", flag: "reject" } });
    expect(fake.handle("redo", {})).toBeNull();
    expect(fake.handle("undo_state", {})).toEqual({ undo: "Rejected 1 item", redo: null });
    fake.handle("undo", {});
    fake.handle("undo", {});
    expect(fake.handle("undo", {})).toEqual({ label: "Rated 1 item ★★", skipped: 0 });
    expect(fake.byId.get(1)!.marks.rating).toBe(0);
    expect(fake.handle("undo", {})).toBeNull();
  });
});

describe("timeline", () => {
  const newest = () => choose($('select[aria-label="Sort"]')!, "newest");
  const headers = () => $$('[data-testid="timeline-header"]').map((h) => h.textContent);
  const idsInOrder = () => backend.handle("tile_ids", { query: "", sort: "newest" }) as number[];

  it("groups a date sort under headers, by month unless asked otherwise", async () => {
    await startWithGrid();
    expect(testid("timeline-grouping")).toBeNull(); // not for "Best match"
    expect(headers()).toEqual([]);
    newest();
    await waitFor(() => headers().length > 0);
    expect(calls.find((c) => c.cmd === "timeline")?.args).toEqual({ query: "", sort: "newest" });
    expect((testid("timeline-grouping") as HTMLSelectElement).value).toBe("month");
    const days = backend.timeline("", "newest");
    expect(days.reduce((n, d) => n + d.count, 0)).toBe(60);
    expect(headers()[0]).toBe(`November 2023${days.filter((d) => d.day.startsWith("2023-11")).reduce((n, d) => n + d.count, 0)} items`);
    // The first tile under the first header is the first of the sorted list.
    const firstRow = $('[data-testid="timeline-header"] + .grid-row, .grid-row')!;
    expect(Number(firstRow.querySelector<HTMLElement>('[data-testid="tile"]')!.dataset.id)).toBe(idsInOrder()[0]);

    choose(testid("timeline-grouping")!, "year");
    await waitFor(() => headers()[0]?.startsWith("2023"));
    expect(headers().every((h) => /^20\d\d\d+ items?$/.test(h ?? ""))).toBe(true);
    choose(testid("timeline-grouping")!, "day");
    await waitFor(() => /^\w+day \d+ \w+ 2023/.test(headers()[0] ?? ""));
    choose(testid("timeline-grouping")!, "none");
    await waitFor(() => headers().length === 0);
    expect(testid("timeline-scrubber")).toBeNull();
    // Not grouped, the timeline is not asked for again.
    const asked = calls.filter((c) => c.cmd === "timeline").length;
    typeInto(testid("search-input")!, "beach");
    await waitFor(() => listed().includes("beach"));
    expect(calls.filter((c) => c.cmd === "timeline").length).toBe(asked);
  });

  it("asks again when the query changes and when the library does", async () => {
    await startWithGrid({ busy: true });
    newest();
    await waitFor(() => headers().length > 0);
    typeInto(testid("search-input")!, "type:image");
    await waitFor(() => calls.some((c) => c.cmd === "timeline" && c.args.query === "type:image"));
    const before = calls.filter((c) => c.cmd === "timeline").length;
    backend.tick(4);
    await emitEvent("progress", backend.progress());
    await waitFor(() => calls.filter((c) => c.cmd === "timeline").length === before + 1);
    expect(calls.filter((c) => c.cmd === "timeline").at(-1)?.args).toEqual({ query: "type:image", sort: "newest" });
  });

  it("moves the keyboard focus across group headers by rows", async () => {
    // Two days: 7 items (rows of 5: 0-4, 5-6), then 53.
    const timeline = [
      { day: "2023-11-14", count: 7 },
      { day: "2023-11-13", count: 53 },
    ];
    await startWithGrid({ handle: (cmd) => (cmd === "timeline" ? timeline : undefined) });
    newest();
    choose(await waitFor(() => testid("timeline-grouping")), "day");
    await waitFor(() => headers()[0] === "Tuesday 14 November 2023" + "7 items");
    expect(headers()[1]).toBe("Monday 13 November 2023" + "53 items");
    const ids = idsInOrder();
    const selectedIndex = () => ids.indexOf(Number($(".tile.is-selected")?.dataset.id));
    click(tile(ids[1])!);
    await waitFor(() => selectedIndex() === 1);
    key(document.body, "ArrowDown"); // the short row of the first day
    await waitFor(() => selectedIndex() === 6);
    key(document.body, "ArrowDown"); // across the header, same column
    await waitFor(() => selectedIndex() === 8);
    key(document.body, "ArrowUp");
    await waitFor(() => selectedIndex() === 6);
    key(document.body, "ArrowRight");
    await waitFor(() => selectedIndex() === 7);
  });

  it("has a scrubber that names the month under the pointer and scrolls there", async () => {
    const timeline = [
      { day: "2023-11-14", count: 20 },
      { day: "2023-10-02", count: 20 },
      { day: "2022-05-01", count: 20 },
    ];
    await startWithGrid({ handle: (cmd) => (cmd === "timeline" ? timeline : undefined) });
    newest();
    const scrubber = await waitFor(() => testid("timeline-scrubber"));
    expect($$('[data-testid="timeline-scrubber-year"]').map((y) => y.textContent)).toEqual(["2023", "2022"]);
    const scrolls: number[] = [];
    const scrollTo = Element.prototype.scrollTo;
    Element.prototype.scrollTo = function (options?: ScrollToOptions | number) {
      if (typeof options === "object" && options.top !== undefined) scrolls.push(options.top);
    } as typeof Element.prototype.scrollTo;
    try {
      // 700 px high (as jsdom is told); the list is three months of four rows each.
      scrubber.dispatchEvent(new PointerEvent("pointermove", { clientY: 600, bubbles: true }));
      await waitFor(() => testid("timeline-scrubber-label")?.textContent === "May 2022");
      scrubber.dispatchEvent(new PointerEvent("pointermove", { clientY: 4, bubbles: true }));
      await waitFor(() => testid("timeline-scrubber-label")?.textContent === "November 2023");
      expect(scrolls).toEqual([]); // hovering alone does not scroll
      scrubber.dispatchEvent(new PointerEvent("pointerdown", { clientY: 500, bubbles: true, button: 0 }));
      await waitFor(() => scrolls.length === 1);
      expect(scrolls[0]).toBeGreaterThan(1800);
      // Dragging to the top lands on the first month's start.
      scrubber.dispatchEvent(new PointerEvent("pointermove", { clientY: 3, bubbles: true }));
      scrubber.dispatchEvent(new PointerEvent("pointerup", { clientY: 3, bubbles: true }));
      await waitFor(() => scrolls.length === 2);
      expect(scrolls[1]).toBe(0);
      scrubber.dispatchEvent(new PointerEvent("pointermove", { clientY: 400, bubbles: true }));
      await new Promise((r) => setTimeout(r, 20));
      expect(scrolls.length).toBe(2);
    } finally {
      Element.prototype.scrollTo = scrollTo;
    }
  });

  it("answers in the fake backend in the order of its own listing", async () => {
    backend = new FakeBackend(300);
    for (const sort of ["newest", "oldest"]) {
      const ids = backend.handle("tile_ids", { query: "", sort }) as number[];
      const dayOf = (id: number) => {
        const d = backend.details(id);
        const taken = d.facts.find((f) => f.key === "taken");
        const ms = taken && taken.value.kind === "timestamp" ? taken.value.utc_ms + (taken.value.offset_minutes ?? 0) * 60_000 : d.created_at;
        return new Date(ms).toISOString().slice(0, 10);
      };
      const expanded = backend.timeline("", sort).flatMap((d) => Array<string>(d.count).fill(d.day));
      expect(expanded).toEqual(ids.map(dayOf));
      const sorted = [...expanded].sort();
      expect(expanded).toEqual(sort === "oldest" ? sorted : sorted.reverse());
    }
  });
});

describe("activity", () => {
  it("shows counts, failures with retry, and pauses", async () => {
    await startWithGrid({ busy: true });
    await waitFor(() => testid("activity-toggle")?.textContent?.includes("Processing"));
    click(testid("activity-toggle")!);
    const panel = await waitFor(() => testid("activity-panel"));
    expect(testid("activity-pending")!.textContent).toBe("40");
    const row = await waitFor(() => testid("failure-row"));
    // Plain words on top; the technical detail behind a disclosure.
    expect(row.querySelector(".failure-detail summary")?.textContent).toBe("Details");
    expect(row.textContent).toContain(backend.byId.get(8)!.name);
    expect(row.textContent).toContain("thumbnail");
    expect(row.textContent).toContain("unsupported JPEG marker");
    click(row.querySelector<HTMLElement>('[data-testid="retry-button"]')!);
    await waitFor(() => !testid("failure-row"));
    expect(calls.find((c) => c.cmd === "retry")?.args).toEqual({ job_ids: [1000] });

    const pause = testid("pause-button")!;
    expect(pause.textContent).toBe("Pause");
    click(pause);
    await waitFor(() => testid("pause-button")!.textContent === "Resume");
    expect(panel.isConnected).toBe(true);
    click(testid("pause-button")!);
    await waitFor(() => testid("pause-button")!.textContent === "Pause");
  });

  it("says All done when idle", async () => {
    await start();
    await waitFor(() => testid("activity-toggle")?.textContent?.includes("All done · 60 items"));
  });
});

describe("drag and drop", () => {
  it("shows the overlay while dragging and a toast when the import finishes", async () => {
    await startWithGrid();
    expect(testid("drop-overlay")).toBeNull();
    await emitEvent("tauri://drag-enter", { paths: ["/tmp/a.jpg"], position: { x: 1, y: 1 } });
    await waitFor(() => testid("drop-overlay"));
    await emitEvent("tauri://drag-leave", null);
    await waitFor(() => !testid("drop-overlay"));
    await emitEvent("tauri://drag-enter", { paths: ["/tmp/a.jpg"], position: { x: 1, y: 1 } });
    await waitFor(() => testid("drop-overlay"));
    await emitEvent("tauri://drag-drop", { paths: ["/tmp/a.jpg"], position: { x: 1, y: 1 } });
    await waitFor(() => !testid("drop-overlay"));
    await emitEvent("import-finished", { imported: 12, failed: [{ path: "/tmp/x.heic", error: "unreadable" }], verified: false, safe_to_remove: false });
    const toast = await waitFor(() => testid("toast"));
    expect(toast.textContent).toContain("Imported 12 files, 1 file failed");
    expect(toast.textContent).toContain("/tmp/x.heic: unreadable");
  });

  it("says when the card may be removed", async () => {
    await startWithGrid();
    await emitEvent("import-finished", { imported: 40, failed: [], verified: true, safe_to_remove: true });
    const toast = await waitFor(() => testid("toast"));
    expect(toast.textContent).toContain("Imported 40 files, every copy verified — the card or drive can be removed");
  });
});

describe("views", () => {
  it("merges duplicates keeping the chosen one", async () => {
    await startWithGrid();
    click(testid("tab-duplicates")!);
    await waitFor(() => testid("duplicates-view"));
    const groups = await waitFor(() => ($$('[data-testid="dup-group"]').length === 2 ? $$('[data-testid="dup-group"]') : null));
    expect(groups[0].textContent).toContain("Exact");
    expect(groups[1].textContent).toContain("Near");
    click(groups[0].querySelector<HTMLElement>('[data-testid="merge-button"]')!);
    await waitFor(() => calls.some((c) => c.cmd === "merge"));
    // A pair merges at once.
    expect(testid("confirm-yes")).toBeNull();
    const merge = calls.find((c) => c.cmd === "merge")!.args as { keep: number; others: number[] };
    expect(merge.others).toHaveLength(1);
    expect(merge.others).not.toContain(merge.keep);
    const kept = backend.byId.get(merge.keep)!.name;
    const toast = await waitFor(() => toastWith(`Merged 1 item into “${kept}”`));
    // The other one went to the Trash, which Undo (the toast's) brings back.
    expect(backend.byId.get(merge.others[0])!.trashedAt).not.toBeNull();
    click(toast.querySelector<HTMLElement>('[data-testid="toast-action"]')!);
    await waitFor(() => toastWith(`Undid: Merged 1 item into “${kept}”`));
    expect(backend.byId.get(merge.others[0])!.trashedAt).toBeNull();
  });

  it("drops merged items from the selection, so nothing offers to act on them", async () => {
    await startWithGrid();
    // The page's own store (modules are fresh in each test, so after start).
    const { appStore } = await import("./state/app");
    key(document.body, "a", { ctrlKey: true });
    await waitFor(() => appStore.get().selection.ids.length > 2);
    const before = appStore.get().selection.ids.length;
    click(testid("tab-duplicates")!);
    const group = await waitFor(() => $('[data-testid="dup-group"]'));
    click(group.querySelector<HTMLElement>('[data-testid="merge-button"]')!);
    await waitFor(() => calls.some((c) => c.cmd === "merge"));
    const merge = calls.find((c) => c.cmd === "merge")!.args as { keep: number; others: number[] };
    await waitFor(() => appStore.get().selection.ids.length === before - merge.others.length);
    const selected = appStore.get().selection.ids;
    expect(selected).toContain(merge.keep);
    for (const gone of merge.others) expect(selected).not.toContain(gone);
  });

  it("adds a folder with the person's own patterns on top of the defaults", async () => {
    await startWithGrid();
    click(testid("tab-folders")!);
    const exclude = await waitFor(() => testid("folder-exclude") as HTMLInputElement);
    typeInto(exclude, "*.xmp, cache");
    click(testid("add-folder")!);
    await waitFor(() => calls.some((c) => c.cmd === "pick_watch_folder"));
    expect(calls.find((c) => c.cmd === "pick_watch_folder")?.args).toEqual({ include: [], exclude: ["*.xmp", "cache"] });
  });

  it("counts a new folder's files while its first walk records them", async () => {
    await startWithGrid();
    click(testid("tab-folders")!);
    click(await waitFor(() => testid("add-folder")));
    await waitFor(() => calls.some((c) => c.cmd === "pick_watch_folder"));
    await waitFor(() => testid("folder-walking"));
    await emitEvent("folder-walking", { folder_id: 2, recorded: 12500 });
    await waitFor(() => testid("folder-walking")?.textContent?.includes("12,500 files recorded so far"));
    await emitEvent("folder-scanned", {
      folder_id: 2,
      path: "/media/usb/Photos 2",
      online: true,
      added: 20000,
      changed: 0,
      moved: 0,
      missing: 0,
      restored: 0,
      unsettled: 0,
      scanned: 20000,
      failed: [],
    });
    await waitFor(() => $$('[data-testid="toast"]').some((t) => t.textContent?.includes("20,000 files added")));
    expect(testid("folder-walking")?.textContent ?? "").not.toContain("recorded so far");
  });

  it("changes a folder's rules after confirming, showing only its own patterns", async () => {
    await startWithGrid();
    click(testid("tab-folders")!);
    const rules = await waitFor(() => testid("folder-rules"));
    expect(rules.textContent).toBe("Every file; skips *.xmp (and hidden, partial and system files)");
    click(testid("edit-rules")!);
    const exclude = (await waitFor(() => testid("rules-exclude"))) as HTMLInputElement;
    expect(exclude.value).toBe("*.xmp");
    typeInto(exclude, "*.xmp raw");
    typeInto(testid("rules-include") as HTMLInputElement, "*.jpg");
    click(testid("rules-save")!);
    click(await waitFor(() => testid("confirm-yes")));
    await waitFor(() => calls.some((c) => c.cmd === "set_folder_rules"));
    expect(calls.find((c) => c.cmd === "set_folder_rules")?.args).toEqual({ id: 1, include: ["*.jpg"], exclude: ["*.xmp", "raw"] });
    await waitFor(() => $$('[data-testid="toast"]').some((t) => t.textContent?.includes("3 items no longer matched")));
    await waitFor(() => !testid("rules-editor"));
    await waitFor(() => testid("folder-rules")?.textContent === "Only *.jpg; skips *.xmp, raw (and hidden, partial and system files)");
  });

  it("says what is wrong with watching, e.g. a folder polled at the inotify limit", async () => {
    await start();
    backend.watchProblems = [
      "/home/me/Pictures/Camera: the system's limit on watched folders is reached (raise it with `sysctl fs.inotify.max_user_watches=524288`); watching by polling every 2s instead",
    ];
    await waitFor(() => tile(1));
    click(testid("tab-folders")!);
    const problems = await waitFor(() => testid("folder-problems"));
    expect(problems.textContent).toContain("sysctl fs.inotify.max_user_watches");
    expect(problems.getAttribute("role")).toBe("alert");
  });

  it("removes a folder's missing items after confirming", async () => {
    await startWithGrid();
    click(testid("tab-folders")!);
    const prune = await waitFor(() => testid("prune-missing"));
    expect(prune.textContent).toBe("Remove 2 missing");
    click(prune);
    click(await waitFor(() => testid("confirm-yes")));
    await waitFor(() => !testid("prune-missing"));
    expect(calls.find((c) => c.cmd === "remove_missing")?.args).toEqual({ folder_id: 1 });
  });

  it("lists watched folders and removes one after confirming", async () => {
    await startWithGrid();
    click(testid("tab-folders")!);
    await waitFor(() => testid("folder-row"));
    expect(testid("folders-view")!.textContent).toContain("/home/me/Pictures/Camera");
    click($$(".folder-row .btn").find((b) => b.textContent === "Remove")!);
    click(await waitFor(() => testid("confirm-yes")));
    await waitFor(() => !testid("folder-row"));
    expect(calls.find((c) => c.cmd === "remove_watched_folder")?.args).toEqual({ id: 1 });
  });

  it("shows the library's open error full-window", async () => {
    const error = { kind: "failed", message: "database is from a newer version", detail: "schema 9 > 8" };
    await start({
      handle: (cmd) => (cmd === "library_info" ? { root: "/lib", open_error: error, resource_count: 0, search_help: { filters: [], sorts: [] } } : undefined),
    });
    await waitFor(() => document.body.textContent?.includes("database is from a newer version"));
    expect(testid("tab-library")).toBeNull();
    expect(testid("retry-open")).toBeNull();
    expect($(".error-detail")!.textContent).toContain("schema 9 > 8");
  });

  it("offers Retry when another process owns the library, and opens it once that one let go", async () => {
    let owned = true;
    const locked = { kind: "locked", message: "open in another process (pid 42); close it there", detail: null };
    const info = () => ({ root: "/lib", open_error: owned ? locked : null, resource_count: 60, search_help: { filters: [], sorts: [] } });
    await start({ handle: (cmd) => (cmd === "library_info" || cmd === "retry_open" ? info() : undefined) });
    const retry = await waitFor(() => testid("retry-open"));
    expect(document.body.textContent).toContain("close it there");
    owned = false;
    click(retry);
    await waitFor(() => testid("tab-library"));
    expect(calls.some((c) => c.cmd === "retry_open")).toBe(true);
  });
});

describe("library settings", () => {
  const byName = (name: string) => $$('[data-testid="tile"]').find((t) => t.querySelector(".tile-name")?.textContent === name);
  const check = (id: string) => testid(id) as HTMLInputElement;
  const sentSettings = () => calls.filter((c) => c.cmd === "set_settings").map((c) => c.args);

  async function openSettings() {
    click(testid("settings-button")!);
    await waitFor(() => testid("setting-raw-jpeg-pairs"));
    return testid("settings-panel")!;
  }

  /** The settings open against an engine that refuses every change. */
  async function openSettingsRefusingChanges() {
    await startWithGrid({
      handle: (cmd) => {
        if (cmd === "set_settings") throw { kind: "failed", message: "the library is read-only", detail: null };
        return undefined;
      },
    });
    await openSettings();
  }

  it("opens from the gear showing the engine's values, and Escape closes it back onto the gear", async () => {
    await startWithGrid();
    backend.settings = { keywords_as_tags: false, raw_jpeg_pairs: true, verify_copies: false, sidecars: "read", trash_days: 30 };
    expect(testid("settings-panel")).toBeNull();
    const panel = await openSettings();
    expect(calls.some((c) => c.cmd === "settings")).toBe(true);
    expect(testid("settings-button")!.getAttribute("aria-expanded")).toBe("true");
    expect(panel.getAttribute("role")).toBe("dialog");
    expect(check("setting-keywords-as-tags").checked).toBe(false);
    expect(check("setting-raw-jpeg-pairs").checked).toBe(true);
    // Each setting is labelled in plain words, its checkbox inside the label.
    const labels = [...panel.querySelectorAll("label")].map((l) => l.querySelector(".setting-label")!.textContent);
    expect(labels).toEqual([
      "Turn keywords in files into tags",
      "Show RAW+JPEG as one item",
      "Verify copies when importing",
      "Off",
      "Read",
      "Read and write",
      "After 7 days",
      "After 30 days",
      "After 90 days",
      "Never",
    ]);
    expect(check("setting-keywords-as-tags").closest("label")!.textContent).toContain("When files arrive");
    expect(check("setting-raw-jpeg-pairs").closest("label")!.textContent).toContain("the JPEG of the same shot");
    expect(check("setting-verify-copies").checked).toBe(false);
    expect(check("setting-verify-copies").closest("label")!.textContent).toContain("compared with its original");
    await waitFor(() => document.activeElement === check("setting-keywords-as-tags"));

    key(document.activeElement!, "Escape");
    await waitFor(() => testid("settings-panel") === null);
    expect(document.activeElement).toBe(testid("settings-button"));
    expect(testid("settings-button")!.getAttribute("aria-expanded")).toBe("false");
  });

  it("closes on a click outside, and reads the values afresh when opened again", async () => {
    await startWithGrid();
    await openSettings();
    document.body.dispatchEvent(new MouseEvent("mousedown", { bubbles: true }));
    await waitFor(() => testid("settings-panel") === null);
    // Changed elsewhere (the command line) meanwhile.
    backend.settings = { keywords_as_tags: false, raw_jpeg_pairs: true, verify_copies: false, sidecars: "read", trash_days: 30 };
    await openSettings();
    await waitFor(() => !check("setting-keywords-as-tags").checked);
    expect(calls.filter((c) => c.cmd === "settings")).toHaveLength(2);
  });

  it("applies a change at once, sending both settings", async () => {
    await startWithGrid();
    await openSettings();
    click(check("setting-keywords-as-tags"));
    // Shown before the engine answers.
    expect(check("setting-keywords-as-tags").checked).toBe(false);
    await waitFor(() => sentSettings().length === 1);
    expect(sentSettings()[0]).toEqual({ settings: { keywords_as_tags: false, raw_jpeg_pairs: true, verify_copies: false, sidecars: "read", trash_days: 30 } });
    await waitFor(() => backend.settings.keywords_as_tags === false);
    expect(backend.settings.raw_jpeg_pairs).toBe(true);
    // Files already in the library are left as they are: nothing to show anew.
    await new Promise((r) => setTimeout(r, 50));
    expect(check("setting-keywords-as-tags").checked).toBe(false);
  });

  it("turns on verifying copies, sending it with the other settings, and leaves the grid alone", async () => {
    await startWithGrid();
    await openSettings();
    const listedBefore = listed().length;
    click(check("setting-verify-copies"));
    expect(check("setting-verify-copies").checked).toBe(true);
    await waitFor(() => sentSettings().length === 1);
    expect(sentSettings()[0]).toEqual({ settings: { keywords_as_tags: true, raw_jpeg_pairs: true, verify_copies: true, sidecars: "read", trash_days: 30 } });
    await waitFor(() => backend.settings.verify_copies === true);
    expect(check("setting-verify-copies").checked).toBe(true);
    // How files are copied changes nothing already shown.
    await new Promise((r) => setTimeout(r, 50));
    expect(listed().length).toBe(listedBefore);

    click(check("setting-verify-copies"));
    await waitFor(() => backend.settings.verify_copies === false);
    expect(sentSettings().at(-1)).toEqual({ settings: { keywords_as_tags: true, raw_jpeg_pairs: true, verify_copies: false, sidecars: "read", trash_days: 30 } });
  });

  it("offers sidecars off, read, or read and write as one labelled group, showing the engine's choice", async () => {
    await startWithGrid();
    backend.settings = { ...backend.settings, sidecars: "off" };
    await openSettings();
    const group = testid("setting-sidecars")!;
    expect(group.getAttribute("role")).toBe("radiogroup");
    const name = document.getElementById(group.getAttribute("aria-labelledby")!)!;
    expect(name.textContent).toBe("XMP sidecars");
    const radios = [...group.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((r) => r.value)).toEqual(["off", "read", "read-write"]);
    // One group: the arrow keys move between them, Tab stops once.
    expect(new Set(radios.map((r) => r.name)).size).toBe(1);
    await waitFor(() => check("setting-sidecars-off").checked);
    expect(radios.filter((r) => r.checked)).toHaveLength(1);
    expect(check("setting-sidecars-off").closest("label")!.textContent).toContain("Ignore sidecars");
    expect(check("setting-sidecars-read").closest("label")!.textContent).toContain("Read keywords, ratings and descriptions from sidecars");
    expect(check("setting-sidecars-read-write").closest("label")!.textContent).toContain(
      "Also write tags and descriptions of watched files to their sidecars, for Lightroom, digiKam and darktable",
    );
  });

  it("sends every setting with sidecars read-write when that is chosen, and leaves the grid alone", async () => {
    await startWithGrid();
    await openSettings();
    await waitFor(() => check("setting-sidecars-read").checked);
    const listedBefore = listed().length;
    click(check("setting-sidecars-read-write"));
    // Shown before the engine answers.
    expect(check("setting-sidecars-read-write").checked).toBe(true);
    expect(check("setting-sidecars-read").checked).toBe(false);
    await waitFor(() => sentSettings().length === 1);
    expect(sentSettings()[0]).toEqual({
      settings: { keywords_as_tags: true, raw_jpeg_pairs: true, verify_copies: false, sidecars: "read-write", trash_days: 30 },
    });
    await waitFor(() => backend.settings.sidecars === "read-write");
    expect(check("setting-sidecars-read-write").checked).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(listed().length).toBe(listedBefore);
    // The panel stays open for the next change.
    click(check("setting-sidecars-off"));
    await waitFor(() => backend.settings.sidecars === "off");
    expect(sentSettings().at(-1)).toEqual({ settings: { keywords_as_tags: true, raw_jpeg_pairs: true, verify_copies: false, sidecars: "off", trash_days: 30 } });
  });

  it("puts a refused sidecar choice back", async () => {
    await openSettingsRefusingChanges();
    click(check("setting-sidecars-read-write"));
    await waitFor(() => testid("toast"));
    await waitFor(() => check("setting-sidecars-read").checked);
    expect(check("setting-sidecars-read-write").checked).toBe(false);
  });

  it("lists the raw file of a pair as its own item once pairs are off, and attaches it again", async () => {
    await start();
    await waitFor(() => byName("DSCF5120.JPG"));
    expect(byName("DSCF5120.RAF")).toBeUndefined();
    await openSettings();

    click(check("setting-raw-jpeg-pairs"));
    await waitFor(() => byName("DSCF5120.RAF"));
    expect(sentSettings()).toEqual([{ settings: { keywords_as_tags: true, raw_jpeg_pairs: false, verify_copies: false, sidecars: "read", trash_days: 30 } }]);
    expect(check("setting-raw-jpeg-pairs").checked).toBe(false);
    await waitFor(() => testid("result-count")?.textContent === "61 items");
    // The panel stays open for the next change.
    expect(testid("settings-panel")).not.toBeNull();

    click(check("setting-raw-jpeg-pairs"));
    await waitFor(() => byName("DSCF5120.RAF") === undefined);
    await waitFor(() => testid("result-count")?.textContent === "60 items");
    expect(sentSettings().at(-1)).toEqual({ settings: { keywords_as_tags: true, raw_jpeg_pairs: true, verify_copies: false, sidecars: "read", trash_days: 30 } });
  });

  it("asks for the timeline again when pairs change", async () => {
    await startWithGrid();
    choose($('select[aria-label="Sort"]')!, "newest");
    await waitFor(() => $$('[data-testid="timeline-header"]').length > 0);
    await openSettings();
    const before = calls.length;
    click(check("setting-raw-jpeg-pairs"));
    await waitFor(() => calls.slice(before).some((c) => c.cmd === "timeline"));
    const after = calls.slice(before).map((c) => c.cmd);
    // Asked once the engine has the change, not before.
    expect(after.indexOf("set_settings")).toBeLessThan(after.indexOf("timeline"));
    const days = backend.timeline("", "newest");
    expect(days.reduce((n, d) => n + d.count, 0)).toBe(61);
  });

  it("shows the duplicates anew when pairs change while they are open", async () => {
    await startWithGrid();
    click(testid("tab-duplicates")!);
    await waitFor(() => $$('[data-testid="dup-group"]').length === 2);
    const asked = () => calls.filter((c) => c.cmd === "duplicates").length;
    const before = asked();
    await openSettings();
    click(check("setting-raw-jpeg-pairs"));
    await waitFor(() => asked() > before);
  });

  it("puts a refused change back and says why", async () => {
    await openSettingsRefusingChanges();
    const listedBefore = listed().length;
    click(check("setting-raw-jpeg-pairs"));
    expect(check("setting-raw-jpeg-pairs").checked).toBe(false);
    const toast = await waitFor(() => testid("toast"));
    expect(toast.textContent).toContain("the library is read-only");
    await waitFor(() => check("setting-raw-jpeg-pairs").checked);
    // Nothing changed in the engine: the grid is not asked again.
    expect(listed().length).toBe(listedBefore);
    expect(byName("DSCF5120.RAF")).toBeUndefined();
  });
});

describe("fake backend settings", () => {
  it("answers the settings and lists paired raw files while pairs are off", () => {
    const fake = new FakeBackend(60);
    expect(fake.handle("settings", {})).toEqual({ keywords_as_tags: true, raw_jpeg_pairs: true, verify_copies: false, sidecars: "read", trash_days: 30 });
    const names = () => (fake.handle("tile_ids", { query: "dscf5120", sort: "relevance" }) as number[]).map((id) => fake.byId.get(id)!.name);
    expect(names()).toEqual(["DSCF5120.JPG"]);
    expect(fake.handle("set_settings", { settings: { keywords_as_tags: true, raw_jpeg_pairs: false, verify_copies: false, sidecars: "read", trash_days: 30 } })).toEqual({ keywords_as_tags: true, raw_jpeg_pairs: false, verify_copies: false, sidecars: "read", trash_days: 30 });
    expect(fake.handle("settings", {})).toEqual({ keywords_as_tags: true, raw_jpeg_pairs: false, verify_copies: false, sidecars: "read", trash_days: 30 });
    expect(names()).toEqual(["DSCF5120.JPG", "DSCF5120.RAF"]);
    expect(fake.listTiles({ query: "", sort: "relevance", offset: 0, limit: 200 }).total).toBe(61);
  });

  it("reads sidecars by default and keeps the sidecar choice it is sent", () => {
    const fake = new FakeBackend(60);
    expect((fake.handle("settings", {}) as { sidecars: string }).sidecars).toBe("read");
    const next = { keywords_as_tags: true, raw_jpeg_pairs: true, verify_copies: false, sidecars: "read-write", trash_days: 30 };
    expect(fake.handle("set_settings", { settings: next })).toEqual(next);
    expect(fake.handle("settings", {})).toEqual(next);
  });

  it("says its copies were verified only while asked to verify them", () => {
    const fake = new FakeBackend(60);
    expect(fake.importFiles(3)).toMatchObject({ imported: 3, verified: false, safe_to_remove: false });
    fake.handle("set_settings", { settings: { keywords_as_tags: true, raw_jpeg_pairs: true, verify_copies: true, sidecars: "read", trash_days: 30 } });
    expect(fake.handle("settings", {})).toEqual({ keywords_as_tags: true, raw_jpeg_pairs: true, verify_copies: true, sidecars: "read", trash_days: 30 });
    expect(fake.importFiles(3)).toMatchObject({ imported: 3, verified: true, safe_to_remove: false });
  });

  it("turns a new file's keywords into tags only while asked to", () => {
    const withKeywords = (fake: FakeBackend) => {
      const before = fake.items.length;
      fake.importFiles(12);
      return fake.items.slice(before).filter((it) => it.tags.includes("temple")).length;
    };
    expect(withKeywords(new FakeBackend(60))).toBeGreaterThan(0);
    const off = new FakeBackend(60);
    off.handle("set_settings", { settings: { keywords_as_tags: false, raw_jpeg_pairs: true, verify_copies: false, sidecars: "read", trash_days: 30 } });
    expect(withKeywords(off)).toBe(0);
  });
});

describe("check library", () => {
  const dialog = () => testid("check-library-dialog");
  const summary = () => testid("check-summary")?.textContent ?? "";
  const problems = () => $$('[data-testid="check-problem"]');
  const problem = (id: number) => $(`[data-testid="check-problem"][data-id="${id}"]`);
  const sent = (cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
  const within = (el: HTMLElement, id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function openCheck() {
    click(testid("settings-button")!);
    const entry = await waitFor(() => testid("check-library"));
    expect(entry.textContent).toBe("Check library…");
    click(entry);
    return waitFor(() => dialog());
  }

  async function checked() {
    await openCheck();
    await waitFor(() => dialog()!.dataset.phase === "done");
  }

  it("opens from the gear, shows how far it got and how fast, then what it found", async () => {
    let finish: (r: VerifyReport) => void = () => {};
    await startWithGrid({ handle: (cmd) => (cmd === "verify_library" ? new Promise<VerifyReport>((r) => (finish = r)) : undefined) });
    const d = await openCheck();
    // The gear's panel makes way for the dialog; the safe choice has the focus.
    expect(testid("settings-panel")).toBeNull();
    expect(d.getAttribute("role")).toBe("dialog");
    expect(d.getAttribute("aria-modal")).toBe("true");
    await waitFor(() => document.activeElement === testid("check-close"));
    expect(sent("verify_library")).toEqual([{ repair: false }]);
    expect(testid("check-progress-text")!.textContent).toBe("Starting…");

    await new Promise((r) => setTimeout(r, 30));
    await emitEvent("verify-progress", { checked: 30, total: 61, bytes: 150_000_000, total_bytes: 300_000_000 });
    await waitFor(() => testid("check-progress-text")!.textContent === "Checked 30 of 61 files");
    expect(progressValue(d)).toBe("50");
    expect(d.querySelector(".check-progress-line")!.textContent).toMatch(/ · [\d.]+ [KMGT]B\/s/);
    expect(d.textContent).toContain("150 MB of 300 MB");
    expect(testid("check-summary")).toBeNull();

    finish(backend.verifyReport(false));
    await waitFor(() => summary() === "2 problems in 61 files.");
    expect(testid("check-progress")).toBeNull();
    expect(testid("check-strays")!.textContent).toContain("1 copy in the library's folder belongs to no item (2.5 MB)");
    // A progress event after the end changes nothing.
    await emitEvent("verify-progress", { checked: 61, total: 61, bytes: 300_000_000, total_bytes: 300_000_000 });
    expect(testid("check-progress")).toBeNull();
  });

  it("says in plain words when every file is as imported, and what it could not check", async () => {
    const clean: VerifyReport = { checked: 1234, bytes: 5e9, seconds: 12, not_yet_hashed: 12, offline: 5, problems: [], stray_copies: [], stray_bytes: 0, strays_removed: false };
    await startWithGrid({ handle: (cmd) => (cmd === "verify_library" ? clean : undefined) });
    await checked();
    expect(summary()).toBe("✓ All 1,234 files are as they were imported.");
    const notes = $$('[data-testid="check-note"]').map((n) => n.textContent);
    expect(notes[0]).toContain("12 files have not been read yet");
    expect(notes[1]).toContain("5 files are in folders that are offline and were not checked");
    expect(testid("check-repair")).toBeNull();
    expect(problems()).toHaveLength(0);
  });

  it("lists a damaged copy with its kind, what is wrong and its actions, the paths under Details", async () => {
    await startWithGrid();
    await checked();
    expect(problems().map((p) => p.dataset.kind)).toEqual(["damaged", "changed"]);
    const row = problem(2)!;
    expect(row.querySelector(".check-problem-name")!.textContent).toBe(backend.byId.get(2)!.name);
    expect(row.querySelector(".check-kind")!.textContent).toBe("Damaged copy");
    expect(row.textContent).toContain("The library's copy no longer has the bytes it was imported with.");
    const buttons = [...row.querySelectorAll(".check-actions button")].map((b) => b.textContent);
    expect(buttons).toEqual(["Restore from file…", "Mark missing", "Remove from library"]);
    const details = row.querySelector("details")!;
    expect(details.open).toBe(false);
    expect(details.querySelector("summary")!.textContent).toBe("Details");
    expect(details.textContent).toContain("Looked at: ab/cd/2");
    expect(details.textContent).toContain(`Original: /home/me/Pictures/Camera/${backend.byId.get(2)!.name}`);

    // A watched file edited outside the library: only removing it, which reads it again.
    const changed = problem(9)!;
    expect(changed.querySelector(".check-kind")!.textContent).toBe("Changed on disk");
    expect([...changed.querySelectorAll(".check-actions button")].map((b) => b.textContent)).toEqual(["Remove from library"]);
    expect(changed.textContent).toContain("read again");
  });

  it("repairs from the originals and removes the stray copies, then shows the repaired state", async () => {
    await startWithGrid();
    await checked();
    const repair = testid("check-repair")!;
    expect(repair.textContent).toBe("Repair");
    expect(document.getElementById(repair.getAttribute("aria-describedby")!)!.textContent).toBe("Restore 1 from its original and remove 1 stray copy (2.5 MB).");
    const listedBefore = listed().length;
    click(repair);
    await waitFor(() => dialog()!.dataset.phase === "checking");
    await waitFor(() => dialog()!.dataset.phase === "done");
    expect(sent("verify_library")).toEqual([{ repair: false }, { repair: true }]);
    expect(problem(2)!.dataset.state).toBe("repaired");
    expect(problem(2)!.textContent).toContain("Restored from its original.");
    expect(within(problem(2)!, "check-restore")).toBeNull();
    expect(summary()).toBe("2 problems in 61 files, 1 repaired.");
    expect(testid("check-strays")!.textContent).toContain("Removed 1 copy in the library's folder that belonged to no item (2.5 MB).");
    // The changed file cannot be repaired: nothing left for Repair to do.
    expect(testid("check-repair")).toBeNull();
    await waitFor(() => listed().length > listedBefore);

    // Checked again, the copy is as imported.
    click(testid("check-again")!);
    await waitFor(() => dialog()!.dataset.phase === "done" && problems().length === 1);
    expect(summary()).toBe("1 problem in 61 files.");
    expect(testid("check-strays")).toBeNull();
  });

  it("restores a copy from the file the person picks, and says why a wrong file is refused", async () => {
    await startWithGrid();
    await checked();
    backend.restorePick = "another file";
    click(within(problem(2)!, "check-restore")!);
    const error = await waitFor(() => within(problem(2)!, "check-problem-error"));
    expect(error.textContent).toBe(`/media/backup/Pictures/${backend.byId.get(2)!.name} is not the file that was imported as ${backend.byId.get(2)!.name}: its bytes differ`);
    expect(problem(2)!.dataset.state).toBe("error");

    backend.restorePick = "nothing";
    click(within(problem(2)!, "check-restore")!);
    await waitFor(() => sent("restore_copy").length === 2);
    await waitFor(() => !(within(problem(2)!, "check-restore") as HTMLButtonElement).disabled);
    expect(problem(2)!.dataset.state).toBe("open");

    backend.restorePick = "the same file";
    const listedBefore = listed().length;
    click(within(problem(2)!, "check-restore")!);
    await waitFor(() => problem(2)!.dataset.state === "restored");
    expect(sent("restore_copy")).toEqual([{ id: 2 }, { id: 2 }, { id: 2 }]);
    expect(within(problem(2)!, "check-outcome")!.textContent).toContain("Restored from the file you picked.");
    expect(within(problem(2)!, "check-problem-error")).toBeNull();
    // Nothing left for Repair to restore; the stray copy is still there.
    expect(document.getElementById(testid("check-repair")!.getAttribute("aria-describedby")!)!.textContent).toBe("Remove 1 stray copy (2.5 MB).");
    await waitFor(() => listed().length > listedBefore);
    await waitFor(() => dialog()!.contains(document.activeElement));
  });

  it("marks an item missing, which the grid then shows", async () => {
    await start();
    await waitFor(() => tile(2));
    await checked();
    click(within(problem(2)!, "check-mark-missing")!);
    await waitFor(() => problem(2)!.dataset.state === "marked_missing");
    expect(sent("mark_missing")).toEqual([{ ids: [2] }]);
    expect(backend.byId.get(2)!.availability).toBe("missing");
    await waitFor(() => tile(2)?.className.includes("is-unavailable"));
  });

  it("removes an item from the library only once the person agrees, in plain words", async () => {
    await start();
    await waitFor(() => tile(9));
    await checked();
    click(within(problem(9)!, "check-remove")!);
    const yes = await waitFor(() => testid("confirm-yes"));
    const confirm = $('[role="alertdialog"]')!;
    expect(confirm.textContent).toContain(`Remove “${backend.byId.get(9)!.name}” from the library?`);
    expect(confirm.textContent).toContain("goes to the Trash with its tags and notes; Restore in the Trash puts it back");
    expect(confirm.textContent).toContain("The file on disk stays in its watched folder");
    expect(yes.textContent).toBe("Remove");
    // Escape answers the confirmation, not the dialog under it.
    key(document.activeElement!, "Escape");
    await waitFor(() => testid("confirm-yes") === null);
    expect(dialog()).not.toBeNull();
    expect(sent("trash_items")).toEqual([]);
    await waitFor(() => document.activeElement === within(problem(9)!, "check-remove"));

    click(within(problem(9)!, "check-remove")!);
    click(await waitFor(() => testid("confirm-yes")));
    await waitFor(() => problem(9)!.dataset.state === "removed");
    expect(sent("trash_items")).toEqual([{ ids: [9] }]);
    expect(backend.byId.get(9)!.trashedAt).not.toBeNull();
    await waitFor(() => tile(9) === null);
    await waitFor(() => document.activeElement === problem(9));
  });

  it("closes on Escape and on Close, back onto the gear, ignoring a check still running", async () => {
    await startWithTileSelected();
    backend.verifyStepMs = 60;
    await openCheck();
    await waitFor(() => document.activeElement === testid("check-close"));
    // The grid's keys are not the dialog's: Delete here deletes nothing.
    await expectGridKeysIgnored();
    key(document.activeElement!, "Escape");
    await waitFor(() => dialog() === null);
    expect(document.activeElement).toBe(testid("settings-button"));
    // The check's answer, when it comes, shows nowhere.
    await waitFor(() => sent("verify_library").length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(dialog()).toBeNull();

    backend.verifyStepMs = 10;
    await checked();
    click(testid("check-close")!);
    await waitFor(() => dialog() === null);
    expect(document.activeElement).toBe(testid("settings-button"));
  });

  it("fits the window, 800×600 as 1600×1000: never wider or taller than it, its problems scrolling", async () => {
    await startWithGrid();
    await checked();
    await expectFitsTheWindow(dialog()!, "CheckLibraryDialog.css", ".check-dialog");
    for (const part of [".check-status", ".check-problems"]) {
      const rule = await cssRule("CheckLibraryDialog.css", part);
      expect(rule).toMatch(/overflow: auto/);
      expect(rule).toMatch(/min-height: (0|96px)/);
    }
  });

  it("keeps Tab within the dialog", async () => {
    await startWithGrid();
    await checked();
    // From the last control round to the first.
    expectTabGoesRound(testid("check-close")!, testid("check-repair")!);
  });

  it("says when the check could not run, and tries again", async () => {
    let fail = true;
    await startWithGrid({
      handle: (cmd) => {
        if (cmd === "verify_library" && fail) throw { kind: "failed", message: "the library's folder cannot be read", detail: "EACCES" };
        return undefined;
      },
    });
    await openCheck();
    await waitFor(() => summary().includes("the library's folder cannot be read"));
    expect(summary()).toBe("The check could not run: the library's folder cannot be read");
    fail = false;
    click(testid("check-again")!);
    await waitFor(() => summary() === "2 problems in 61 files.");
  });
});

describe("fake backend check", () => {
  it("finds a damaged copy, an edited watched file and a stray copy, and repairs what it can", () => {
    const fake = new FakeBackend(60);
    const found = fake.verifyReport(false);
    expect(found.problems.map((p) => [p.resource_id, p.kind, p.repairable])).toEqual([
      [2, "damaged", true],
      [9, "changed", false],
    ]);
    expect(found.stray_copies).toHaveLength(1);
    expect(found.checked).toBe(61);
    const repaired = fake.verifyReport(true);
    expect(repaired.problems[0].repaired).toBe(true);
    expect(repaired.strays_removed).toBe(true);
    expect(fake.verifyReport(false).problems.map((p) => p.kind)).toEqual(["changed"]);
  });

  it("reports progress as it checks, ending at every file", async () => {
    const fake = new FakeBackend(20);
    fake.verifyStepMs = 1;
    const heard: Array<{ checked: number; total: number }> = [];
    fake.emit = (event, payload) => event === "verify-progress" && heard.push(payload as { checked: number; total: number });
    const report = (await fake.handle("verify_library", { repair: false })) as VerifyReport;
    expect(report.problems).toHaveLength(2);
    expect(heard.length).toBe(4);
    expect(heard.at(-1)).toEqual(expect.objectContaining({ checked: 20, total: 20 }));
  });

  it("restores a copy, refuses a watched file, and marks items missing", () => {
    const fake = new FakeBackend(60);
    expect(fake.handle("restore_copy", { id: 2 })).toMatchObject({ id: 2, availability: "present" });
    expect(fake.verifyReport(false).problems.map((p) => p.resource_id)).toEqual([9]);
    expect(() => fake.handle("restore_copy", { id: 9 })).toThrow();
    fake.restorePick = "nothing";
    expect(fake.handle("restore_copy", { id: 4 })).toBeNull();
    expect(fake.handle("mark_missing", { ids: [4, 4, 6] })).toBe(1);
    expect(fake.byId.get(4)!.availability).toBe("missing");
  });
});

describe("export", () => {
  const dialog = () => testid("export-dialog");
  const summary = () => testid("export-summary")?.textContent ?? "";
  const sent = () => calls.filter((c) => c.cmd === "export_items").map((c) => c.args);
  const layoutRadio = (layout: string) => testid("export-layout")!.querySelector<HTMLInputElement>(`input[value="${layout}"]`)!;
  const radio = (id: string) => testid(id) as HTMLInputElement;

  async function openExport() {
    click(testid("import-button")!);
    const entry = await waitFor(() => testid("import-menu-export"));
    expect(entry.textContent).toBe("Export…");
    expect(entry.getAttribute("role")).toBe("menuitem");
    // Below a separator, after the ways in.
    expect(entry.previousElementSibling?.getAttribute("role")).toBe("separator");
    click(entry);
    return waitFor(() => dialog());
  }

  async function search(text: string) {
    typeInto(testid("search-input")!, text);
    await waitFor(() => testid("result-count")?.textContent?.endsWith("results"));
    return Number(testid("result-count")!.textContent!.split(" ")[0].replace(/,/g, ""));
  }

  it("opens from the Import menu saying what it exports and how, the start button focused", async () => {
    await startWithGrid();
    const d = await openExport();
    expect(testid("import-menu-export")).toBeNull(); // the menu made way for the dialog
    expect(d.getAttribute("role")).toBe("dialog");
    expect(d.getAttribute("aria-modal")).toBe("true");
    expect(d.dataset.phase).toBe("choose");
    // No search: every item, no choice to make.
    expect(testid("export-scope-all")!.textContent).toBe("All 60 items");
    expect(testid("export-scope-search")).toBeNull();
    expect([...testid("export-layout")!.querySelectorAll("label")].map((l) => l.textContent)).toEqual(["In one folder", "A folder per group", "Folders by year and month"]);
    expect(layoutRadio("flat").checked).toBe(true);
    expect(d.textContent).toContain(
      "Each file keeps its name and gets an .xmp sidecar with its tags and description; library.json lists every item, tag, group and note.",
    );
    expect(testid("export-start")!.textContent).toBe("Choose folder and export…");
    await waitFor(() => document.activeElement === testid("export-start"));
    expect(sent()).toEqual([]);
  });

  it("with a search on, exports what the search finds unless told all items", async () => {
    await startWithGrid();
    const n = await search("beach");
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(60);
    await openExport();
    expect(radio("export-scope-search").checked).toBe(true);
    expect(radio("export-scope-search").closest("label")!.textContent).toBe(`The ${n} items this search finds` + "beach");
    await waitFor(() => radio("export-scope-all").closest("label")!.textContent === "All 60 items");
    click(testid("export-start")!);
    await waitFor(() => dialog()!.dataset.phase === "done");
    expect(sent()).toEqual([{ query: "beach", layout: "flat" }]);
    click(testid("export-close")!);
    await waitFor(() => dialog() === null);

    // "All items" sends the empty query, with the layout chosen.
    await openExport();
    radio("export-scope-all").click();
    expect(radio("export-scope-all").checked).toBe(true);
    layoutRadio("date").click();
    expect(layoutRadio("date").checked).toBe(true);
    click(testid("export-start")!);
    await waitFor(() => dialog()!.dataset.phase === "done");
    expect(sent()[1]).toEqual({ query: "", layout: "date" });
    click(testid("export-close")!);

    // The layout chosen is offered again; the scope is the search's again.
    await openExport();
    expect(layoutRadio("date").checked).toBe(true);
    expect(radio("export-scope-search").checked).toBe(true);
    layoutRadio("group").click();
    click(testid("export-start")!);
    await waitFor(() => sent().length === 3);
    expect(sent()[2]).toEqual({ query: "beach", layout: "group" });
  });

  it("shows how far it got, then what it did: counts, the folder, the failures by name", async () => {
    let finish: (r: ExportReport | null) => void = () => {};
    await startWithGrid({ handle: (cmd) => (cmd === "export_items" ? new Promise<ExportReport | null>((r) => (finish = r)) : undefined) });
    const d = await openExport();
    click(testid("export-start")!);
    await waitFor(() => d.dataset.phase === "exporting");
    expect(testid("export-progress")).not.toBeNull();
    expect(testid("export-start")).toBeNull();
    await waitFor(() => document.activeElement === testid("export-close"));
    await new Promise((r) => setTimeout(r, 30));
    await emitEvent("export-progress", { done: 15, total: 61 } satisfies ExportProgress);
    await waitFor(() => testid("export-progress-text")!.textContent === "Exported 15 of 61");
    expect(progressValue(d)).toBe("25");
    expect(testid("export-summary")).toBeNull();

    finish({
      folder: "/media/usb/Backup",
      exported: 57,
      skipped: 2,
      failed: [
        { resource_id: 6, name: "beach-0005.jpg", error: "its file is missing" },
        { resource_id: 9, name: "party-0008.mp4", error: "permission denied (os error 13)" },
      ],
      bytes: 123_400_000,
    });
    await waitFor(() => d.dataset.phase === "done");
    expect(testid("export-progress")).toBeNull();
    expect(summary()).toContain("Exported 57 items to /media/usb/Backup. 2 were already there.");
    expect(summary()).toContain("Copied 123 MB.");
    expect(testid("export-failed-line")!.textContent).toBe("2 items could not be exported:");
    const failures = $$('[data-testid="export-failure"]');
    expect(failures.map((f) => f.querySelector(".export-failure-name")!.textContent)).toEqual(["beach-0005.jpg", "party-0008.mp4"]);
    expect(failures[0].textContent).toContain("Its file is missing.");
    expect(failures[1].querySelector(".export-failure-error")!.className).toContain("muted");
    await waitFor(() => document.activeElement === testid("export-close"));
    expect(testid("export-close")!.textContent).toBe("Close");
    // A progress event after the end changes nothing.
    await emitEvent("export-progress", { done: 61, total: 61 });
    expect(testid("export-progress")).toBeNull();
    click(testid("export-close")!);
    await waitFor(() => dialog() === null);
    expect(document.activeElement).toBe(testid("import-button"));
  });

  it("against the fake: a missing file is named, and a re-run into the folder skips what is there", async () => {
    await startWithGrid();
    await openExport();
    click(testid("export-start")!);
    await waitFor(() => dialog()!.dataset.phase === "done");
    // 60 items and the raw file of a pair, one of them missing.
    expect(summary()).toContain("Exported 60 items to /home/me/Exports.");
    expect(summary()).not.toContain("already there");
    expect(testid("export-failed-line")!.textContent).toBe("1 item could not be exported:");
    expect($$('[data-testid="export-failure"]').map((f) => f.dataset.id)).toEqual(["6"]);
    expect($('[data-testid="export-failure"] .export-failure-name')!.textContent).toBe(backend.byId.get(6)!.name);
    click(testid("export-close")!);

    await openExport();
    click(testid("export-start")!);
    await waitFor(() => dialog()!.dataset.phase === "done");
    expect(summary()).toContain("Nothing new to export to /home/me/Exports. 60 were already there.");
  });

  it("goes back to the choices, as they were, when the folder picker is cancelled", async () => {
    await startWithGrid();
    await search("beach");
    await openExport();
    backend.exportPick = null;
    radio("export-scope-all").click();
    layoutRadio("group").click();
    click(testid("export-start")!);
    await waitFor(() => sent().length === 1);
    await waitFor(() => dialog()!.dataset.phase === "choose");
    expect(sent()).toEqual([{ query: "", layout: "group" }]);
    expect(testid("export-summary")).toBeNull();
    expect(dialog()!.querySelector('[role="alert"], .error-text')).toBeNull();
    expect(radio("export-scope-all").checked).toBe(true);
    expect(layoutRadio("group").checked).toBe(true);
    await waitFor(() => document.activeElement === testid("export-start"));

    backend.exportPick = "/home/me/Exports";
    click(testid("export-start")!);
    await waitFor(() => dialog()!.dataset.phase === "done");
  });

  it("says when the export could not run, and goes back to the choices", async () => {
    await startWithGrid({
      handle: (cmd) => {
        if (cmd === "export_items") throw { kind: "failed", message: "the folder cannot be written to", detail: "EACCES" };
        return undefined;
      },
    });
    await openExport();
    click(testid("export-start")!);
    await waitFor(() => dialog()!.dataset.phase === "failed");
    expect(summary()).toBe("The export could not run: the folder cannot be written to");
    expect(dialog()!.querySelector("details")!.textContent).toContain("EACCES");
    click(testid("export-back")!);
    await waitFor(() => dialog()!.dataset.phase === "choose");
  });

  it("closes on Escape, back onto the Import button, ignoring an export still running", async () => {
    await startWithTileSelected();
    await openExport();
    await waitFor(() => document.activeElement === testid("export-start"));
    // The grid's keys are not the dialog's: Delete here deletes nothing.
    await expectGridKeysIgnored();
    key(document.activeElement!, "Escape");
    await waitFor(() => dialog() === null);
    expect(document.activeElement).toBe(testid("import-button"));
    expect(tile(1)!.getAttribute("aria-selected")).toBe("true"); // Escape went to the dialog only

    backend.exportStepMs = 60;
    await openExport();
    click(testid("export-start")!);
    await waitFor(() => dialog()!.dataset.phase === "exporting");
    key(document.activeElement!, "Escape");
    await waitFor(() => dialog() === null);
    // The export's answer, when it comes, shows nowhere.
    await new Promise((r) => setTimeout(r, 300));
    expect(dialog()).toBeNull();
  });

  it("is keyboard-complete: the menu's arrow keys, the choices, Tab kept within the dialog", async () => {
    await startWithGrid();
    await search("beach");
    const button = testid("import-button")!;
    button.focus();
    key(button, "ArrowDown");
    await waitFor(() => document.activeElement === testid("import-files"));
    key(document.activeElement!, "ArrowUp");
    expect(document.activeElement).toBe(testid("import-menu-export"));
    key(document.activeElement!, "Escape");
    await waitFor(() => testid("import-menu-export") === null);
    expect(document.activeElement).toBe(button);
    key(button, "ArrowDown");
    await waitFor(() => document.activeElement === testid("import-files"));
    key(document.activeElement!, "End");
    click(document.activeElement as HTMLElement);
    await waitFor(() => dialog());

    const start_ = await waitFor(() => document.activeElement === testid("export-start") && testid("export-start"));
    // From the last control round to the first: the chosen scope.
    expectTabGoesRound(start_, testid("export-scope-search")!);
  });

  it("fits the window, 800×600 as 1600×1000: never wider or taller than it, its body scrolling", async () => {
    await startWithGrid();
    await expectFitsTheWindow(await openExport(), "ExportDialog.css", ".export-dialog");
    const body = await cssRule("ExportDialog.css", ".export-body");
    expect(body).toMatch(/overflow: auto/);
    expect(body).toMatch(/min-height: 0/);
  });
});

describe("modal frame", () => {
  const backdropOf = (el: HTMLElement) => el.closest<HTMLElement>(".modal-backdrop")!;
  const press = (el: HTMLElement) => el.dispatchEvent(new MouseEvent("mousedown", { bubbles: true, cancelable: true }));

  it("cancels a confirmation on a press on its backdrop, not on one inside it, and keeps Tab on its buttons", async () => {
    await startWithTileSelected();
    key(document.body, "Delete");
    await waitFor(() => backend.byId.get(1)!.trashedAt !== null);
    click(testid("tab-trash")!);
    click(await waitFor(() => (testid("trash-empty") as HTMLButtonElement | null)?.disabled === false && testid("trash-empty")));
    const yes = await waitFor(() => testid("confirm-yes"));
    const confirm = $('[role="alertdialog"]')!;
    expect(confirm.getAttribute("aria-modal")).toBe("true");
    expect(document.getElementById(confirm.getAttribute("aria-labelledby")!)!.textContent).toBe("Empty the Trash: delete 1 item for good?");
    // The safe choice has the focus; Tab goes between the two buttons, never behind.
    await waitFor(() => document.activeElement === testid("confirm-cancel"));
    expectTabGoesRound(yes, testid("confirm-cancel")!);
    press(confirm);
    expect(testid("confirm-yes")).not.toBeNull();
    press(backdropOf(confirm));
    await waitFor(() => testid("confirm-yes") === null);
    expect(calls.some((c) => c.cmd === "empty_trash")).toBe(false);
  });

  it("keeps the check and the export open on a press on their backdrop", async () => {
    await startWithGrid();
    click(testid("settings-button")!);
    click(await waitFor(() => testid("check-library")));
    const check = await waitFor(() => testid("check-library-dialog"));
    press(backdropOf(check));
    await new Promise((r) => setTimeout(r, 20));
    expect(testid("check-library-dialog")).not.toBeNull();
    click(testid("check-close")!);

    click(testid("import-button")!);
    click(await waitFor(() => testid("import-menu-export")));
    const exporting = await waitFor(() => testid("export-dialog"));
    press(backdropOf(exporting));
    await new Promise((r) => setTimeout(r, 20));
    expect(testid("export-dialog")).not.toBeNull();
  });
});

describe("top bar popups", () => {
  const popups = [
    { name: "the Import menu", button: "import-button", popup: () => $('[role="menu"]') },
    { name: "the gear's panel", button: "settings-button", popup: () => testid("settings-panel") },
  ];

  for (const { name, button, popup } of popups) {
    it(`closes ${name} on a press outside it and on Tab out of it, not on a press inside`, async () => {
      await startWithGrid();
      click(testid(button)!);
      const shown = await waitFor(() => popup());
      shown.dispatchEvent(new MouseEvent("mousedown", { bubbles: true }));
      expect(popup()).not.toBeNull();
      document.body.dispatchEvent(new MouseEvent("mousedown", { bubbles: true }));
      await waitFor(() => popup() === null);
      expect(testid(button)!.getAttribute("aria-expanded")).toBe("false");

      click(testid(button)!);
      const again = await waitFor(() => popup());
      const inside = again.querySelector<HTMLElement>("button, input")!;
      inside.focus();
      // Onto the search box, outside the popup: as Tab out of it would.
      testid("search-input")!.focus();
      await waitFor(() => popup() === null);
    });

    it(`closes ${name} on Escape, back onto its button only when the focus was in it`, async () => {
      await startWithGrid();
      click(testid(button)!);
      const shown = await waitFor(() => popup());
      shown.querySelector<HTMLElement>("button, input")!.focus();
      key(document.activeElement!, "Escape");
      await waitFor(() => popup() === null);
      expect(document.activeElement).toBe(testid(button));

      click(testid(button)!);
      await waitFor(() => popup());
      (document.activeElement as HTMLElement | null)?.blur();
      key(document.body, "Escape");
      await waitFor(() => popup() === null);
      expect(document.activeElement).toBe(document.body);
    });
  }
});

describe("fake backend export", () => {
  it("exports what a query finds with its raw files, reports progress, skips on a re-run, and cancels", async () => {
    const fake = new FakeBackend(60);
    fake.exportStepMs = 1;
    const heard: ExportProgress[] = [];
    fake.emit = (event, payload) => event === "export-progress" && heard.push(payload as ExportProgress);
    const report = (await fake.handle("export_items", { query: "", layout: "flat" })) as ExportReport;
    expect(report).toMatchObject({ folder: "/home/me/Exports", exported: 60, skipped: 0 });
    expect(report.failed.map((f) => f.resource_id)).toEqual([6]);
    expect(report.bytes).toBeGreaterThan(0);
    expect(heard).toHaveLength(4);
    expect(heard.at(-1)).toEqual({ done: 61, total: 61 });
    const again = (await fake.handle("export_items", { query: "", layout: "date" })) as ExportReport;
    expect(again).toMatchObject({ exported: 0, skipped: 60, bytes: 0 });
    const some = (await fake.handle("export_items", { query: "beach", layout: "group" })) as ExportReport;
    expect(some.exported).toBe(0);
    expect(some.skipped).toBeGreaterThan(0);
    expect(some.skipped).toBeLessThan(60);
    fake.exportPick = null;
    expect(await fake.handle("export_items", { query: "", layout: "flat" })).toBeNull();
    await expect(fake.handle("export_items", { query: "", layout: "sideways" })).rejects.toMatchObject({ kind: "invalid_input" });
  });
});
