// @vitest-environment jsdom
// The desktop app's rough edges: the selection letting go of removed items,
// the view, sort and tile size remembered, the tile size keys, the top bar
// and the filter bar on every view, the checkerboard only where it means
// something, and the Activity panel speaking in items.
import { describe, expect, it } from "vitest";
import { anchoredScrollTop, keptIndex } from "./gridAnchor";
import { mayHaveAlpha } from "./fileTypes";
import { SHORTCUTS, tileSizeKey } from "./keyboard";
import { clampTileSize, knownSort, loadPrefs, nextTileSize, parsePrefs, PREFS_KEY, savePrefs, TILE_SIZE } from "./state/prefs";
import { goneIds, vanishedIds } from "./state/selection";
import { $, $$, click, key, startApp, testid, tile, useAppHarness, waitFor } from "./testApp";

useAppHarness();

const appState = async () => (await import("./state/app")).appStore;

describe("the selection lets go of removed items", () => {
  it("finds the selected items that left a list read again", () => {
    expect(vanishedIds([1, 2, 3, 9], new Set([1, 2, 3, 4]), new Set([1, 4]))).toEqual([2, 3]);
    // Never loaded before: nothing to say about it.
    expect(vanishedIds([9], new Set([1]), new Set([1]))).toEqual([]);
  });

  it("asks which are gone, a failed answer counting as gone", async () => {
    const alive = (id: number) => (id === 3 ? Promise.reject(new Error("resource 3 does not exist")) : Promise.resolve(id !== 2));
    expect(await goneIds([1, 2, 3], alive)).toEqual([2, 3]);
    expect(await goneIds([1, 2, 3], alive, 2)).toEqual([2]);
  });

  it("drops items moved to the Trash from the details pane", async () => {
    await startApp();
    await waitFor(() => tile(5));
    click(tile(5)!);
    const store = await appState();
    await waitFor(() => store.get().selection.ids.includes(5));
    click(await waitFor(() => testid("details-delete")));
    await waitFor(() => store.get().selection.ids.length === 0);
  });

  it("drops an item another window deleted once the grid reads its list again", async () => {
    const app = await startApp();
    await waitFor(() => tile(7));
    click(tile(7)!);
    click(tile(8)!, { ctrlKey: true });
    const store = await appState();
    await waitFor(() => store.get().selection.ids.length === 2);
    // Another window moves item 7 to the Trash; progress says the library changed.
    await app.backend.handle("trash_items", { ids: [7] });
    await app.snapshot();
    await waitFor(() => !tile(7));
    await waitFor(() => store.get().selection.ids.join() === "8");
  });

  it("drops items gone by the time an undo reads the library again", async () => {
    const app = await startApp();
    await waitFor(() => tile(3));
    click(tile(3)!);
    const store = await appState();
    await waitFor(() => store.get().selection.ids.includes(3));
    // Another window trashes item 3, then item 4; no progress arrives yet.
    await app.backend.handle("trash_items", { ids: [3] });
    await app.backend.handle("trash_items", { ids: [4] });
    // Ctrl+Z here undoes the newest (item 4 comes back); item 3 stays in the Trash and leaves the selection.
    key(document.body, "z", { ctrlKey: true });
    await waitFor(() => app.calls.some((c) => c.cmd === "undo"));
    await waitFor(() => store.get().selection.ids.length === 0, 3000);
  });
});

describe("remembered settings", () => {
  it("reads back only what makes sense", () => {
    expect(parsePrefs(null)).toEqual({});
    expect(parsePrefs("not json")).toEqual({});
    expect(parsePrefs("[1,2]")).toEqual({});
    expect(parsePrefs('"library"')).toEqual({});
    expect(parsePrefs(JSON.stringify({ view: "notes", sort: "newest", grouping: "day", tileSize: 200 }))).toEqual({ view: "notes", sort: "newest", grouping: "day", tileSize: 200 });
    expect(parsePrefs(JSON.stringify({ view: "settings", sort: 7, grouping: "week", tileSize: "big" }))).toEqual({});
    expect(parsePrefs(JSON.stringify({ sort: "x".repeat(200), tileSize: 5000 }))).toEqual({ tileSize: TILE_SIZE.max });
    expect(parsePrefs(JSON.stringify({ sort: "fact:taken" }))).toEqual({ sort: "fact:taken" });
  });

  it("keeps a sort only while the engine offers it", () => {
    const offered = [{ sort: "relevance" }, { sort: "newest" }];
    expect(knownSort("newest", offered)).toBe("newest");
    expect(knownSort("gone", offered)).toBe("relevance");
    expect(knownSort("anything", [])).toBe("anything");
  });

  it("survives a storage that refuses", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("full");
      },
    };
    expect(loadPrefs(broken)).toEqual({});
    expect(() => savePrefs({ view: "library", sort: "name", grouping: "month", tileSize: 152 }, broken)).not.toThrow();
    expect(loadPrefs(null)).toEqual({});
  });

  it("remembers the view, sort, grouping and tile size as they change", async () => {
    await startApp();
    await waitFor(() => tile(1));
    const store = await appState();
    store.set((s) => ({ ...s, sort: "newest", grouping: "year", tileSize: 200 }));
    click(testid("tab-notes")!);
    expect(JSON.parse(localStorage.getItem(PREFS_KEY)!)).toEqual({ view: "notes", sort: "newest", grouping: "year", tileSize: 200 });
  });

  it("starts on what was remembered", async () => {
    localStorage.setItem(PREFS_KEY, JSON.stringify({ view: "notes", sort: "newest", grouping: "year", tileSize: 200 }));
    await startApp();
    await waitFor(() => testid("tab-notes")?.getAttribute("aria-selected") === "true");
    expect((await appState()).get()).toMatchObject({ view: "notes", sort: "newest", grouping: "year", tileSize: 200 });
    click(testid("tab-library")!);
    await waitFor(() => ($('select[aria-label="Sort"]') as HTMLSelectElement | null)?.value === "newest");
    expect(($('[data-testid="timeline-grouping"]') as HTMLSelectElement).value).toBe("year");
  });

  it("starts with the defaults when what was stored is broken", async () => {
    localStorage.setItem(PREFS_KEY, "{oops");
    await startApp();
    await waitFor(() => tile(1));
    expect((await appState()).get()).toMatchObject({ view: "library", sort: "relevance", grouping: "month", tileSize: TILE_SIZE.default });
  });
});

describe("tile size", () => {
  it("maps Ctrl +, Ctrl −, Ctrl 0 and steps within the range", () => {
    expect(tileSizeKey({ key: "+", ctrl: true, shift: true })).toBe("bigger");
    expect(tileSizeKey({ key: "=", ctrl: true, shift: false })).toBe("bigger");
    expect(tileSizeKey({ key: "-", ctrl: true, shift: false })).toBe("smaller");
    expect(tileSizeKey({ key: "0", ctrl: true, shift: false })).toBe("reset");
    expect(tileSizeKey({ key: "0", ctrl: false, shift: false })).toBeNull(); // the rating key
    expect(tileSizeKey({ key: "+", ctrl: true, shift: false, alt: true })).toBeNull();
    expect(nextTileSize(152, "bigger")).toBe(176);
    expect(nextTileSize(152, "smaller")).toBe(128);
    expect(nextTileSize(TILE_SIZE.max, "bigger")).toBe(TILE_SIZE.max);
    expect(nextTileSize(TILE_SIZE.min, "smaller")).toBe(TILE_SIZE.min);
    expect(nextTileSize(300, "reset")).toBe(TILE_SIZE.default);
    expect(clampTileSize(Number.NaN)).toBe(TILE_SIZE.default);
    // The help lists the keys.
    expect(SHORTCUTS.some((s) => s.keys.includes("Ctrl +"))).toBe(true);
    expect(SHORTCUTS.some((s) => s.keys === "Ctrl 0")).toBe(true);
  });

  it("changes the grid's columns from the keys and the slider, and remembers it", async () => {
    await startApp();
    await waitFor(() => tile(1));
    const grid = () => $('[role="grid"]')!;
    const columns = () => Number(grid().dataset.columns);
    // 1000 px wide in the tests: 968 px inside the padding.
    expect(columns()).toBe(5);
    key(document.body, "=", { ctrlKey: true });
    key(document.body, "=", { ctrlKey: true });
    await waitFor(() => columns() === 4);
    expect(JSON.parse(localStorage.getItem(PREFS_KEY)!).tileSize).toBe(200);
    key(document.body, "0", { ctrlKey: true });
    await waitFor(() => columns() === 5);
    const slider = testid("tile-size") as HTMLInputElement;
    expect(slider.value).toBe(String(TILE_SIZE.default));
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(slider, "96");
    slider.dispatchEvent(new Event("input", { bubbles: true }));
    await waitFor(() => columns() === 9);
    // Not while a dialog or another view has the keys.
    click(testid("tab-notes")!);
    key(document.body, "=", { ctrlKey: true });
    expect((await appState()).get().tileSize).toBe(96);
  });
});

describe("the help", () => {
  it("opens with ? from any view, lists every place's keys, and closes with ? or Esc", async () => {
    await startApp();
    await waitFor(() => tile(1));
    click(testid("tab-notes")!);
    key(document.body, "?");
    const overlay = await waitFor(() => testid("shortcuts-overlay"));
    const keys = overlay.querySelector('[data-testid="shortcut-list"]')!.textContent!;
    expect(keys).toContain("Ctrl +");
    expect(keys).toContain("Ctrl 0");
    // Every place's keys: the grid's, the menus', the viewer's, Compare's.
    for (const section of ["Library", "Menus", "Viewer", "Compare"]) expect(keys).toContain(section);
    expect(keys).toContain("Ctrl O");
    expect(document.activeElement).toBe(testid("shortcuts-close"));
    // "?" again closes it, and so does Esc; the notes view stays.
    key(document.body, "?");
    await waitFor(() => !testid("shortcuts-overlay"));
    expect(testid("tab-notes")!.getAttribute("aria-selected")).toBe("true");
    key(document.body, "?");
    await waitFor(() => testid("shortcuts-overlay"));
    key(document.body, "Escape");
    await waitFor(() => !testid("shortcuts-overlay"));
  });
});

describe("the grid keeps the selected tile in place when it reflows", () => {
  it("keeps the focused item, else the anchor, else the first loaded selected one", () => {
    expect(keptIndex({ ids: [4], anchor: 2, focus: 3 }, () => 9)).toBe(3);
    expect(keptIndex({ ids: [4], anchor: 2, focus: null }, () => 9)).toBe(2);
    expect(keptIndex({ ids: [4, 5], anchor: null, focus: null }, (id) => (id === 5 ? 11 : undefined))).toBe(11);
    expect(keptIndex({ ids: [], anchor: null, focus: null }, () => 0)).toBeNull();
  });

  it("scrolls so the row stays where it showed, whole", () => {
    // Row at 600 with the view at 400 (200 px down a 500 px view): 7 → 5 columns moves it to 840.
    expect(anchoredScrollTop(600, 840, 400, 500, 190, 230)).toBe(640);
    // Half out at the bottom before: brought whole into view.
    expect(anchoredScrollTop(850, 1100, 400, 500, 190, 230)).toBe(1100 - 270);
    // Out of view before: no jump.
    expect(anchoredScrollTop(2000, 2600, 400, 500, 190, 230)).toBeNull();
    expect(anchoredScrollTop(0, 0, 400, 500, 190, 230)).toBeNull();
  });
});

describe("the top bar and the filter bar", () => {
  it("shows the search and the sort on the Library only, Import and the settings everywhere", async () => {
    await startApp();
    await waitFor(() => tile(1));
    expect(testid("search-input")).not.toBeNull();
    expect($('select[aria-label="Sort"]')).not.toBeNull();
    for (const view of ["notes", "groups", "folders", "trash", "duplicates"]) {
      click(testid(`tab-${view}`)!);
      await waitFor(() => testid(`tab-${view}`)?.getAttribute("aria-selected") === "true");
      expect(testid("search-input")).toBeNull();
      expect($('select[aria-label="Sort"]')).toBeNull();
      expect($(".topbar-actions [data-testid='import-button']")).not.toBeNull();
      expect($(".topbar-actions [data-testid='settings-button']")).not.toBeNull();
    }
    click(testid("tab-library")!);
    await waitFor(() => testid("search-input"));
    // "/" from another view goes back to the search.
    click(testid("tab-notes")!);
    key(document.body, "/");
    await waitFor(() => testid("search-input"));
  });

  it("gives each tab an icon and a name the narrow window can fold away", async () => {
    await startApp();
    const library = await waitFor(() => testid("tab-library"));
    expect(library.querySelector(".tab-icon")).not.toBeNull();
    expect(library.querySelector(".tab-label")?.textContent).toBe("Library");
    expect(library.getAttribute("aria-label")).toBe("Library");
    expect(library.title).toBe("Library");
  });

  it("shows empty days as From and To, not as today's date", async () => {
    await startApp();
    const from = await waitFor(() => $('input[aria-label="Added from"]') as HTMLInputElement);
    expect(from.type).toBe("text");
    expect(from.placeholder).toBe("From");
    expect(from.value).toBe("");
    expect(from.classList.contains("is-empty")).toBe(true);
    expect(($('input[aria-label="Added to"]') as HTMLInputElement).placeholder).toBe("To");
    expect(($('input[aria-label="Taken from"]') as HTMLInputElement).placeholder).toBe("From");
    // Focused, it is the date field with its picker; a day set stays one.
    from.focus();
    await waitFor(() => from.type === "date");
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(from, "2024-03-09");
    from.dispatchEvent(new Event("input", { bubbles: true }));
    await waitFor(() => (testid("search-input") as HTMLInputElement).value.includes("2024-03-09"));
    from.blur();
    await waitFor(() => from.type === "date" && !from.classList.contains("is-empty"));
  });
});

describe("pictures", () => {
  it("knows which formats can be transparent", () => {
    for (const t of ["image/png", "image/webp", "image/gif", "image/svg+xml", "image/avif", "image/heic", "IMAGE/PNG; q=1"]) expect(mayHaveAlpha(t)).toBe(true);
    for (const t of ["image/jpeg", "image/x-nikon-nef", "video/mp4", "application/pdf", ""]) expect(mayHaveAlpha(t)).toBe(false);
  });

  it("puts the checkerboard behind a see-through PNG only, not an opaque one nor a JPEG, and the name's tooltip on the name", async () => {
    const app = await startApp();
    await waitFor(() => tile(1));
    const tiles = $$('[data-testid="tile"]');
    const of = (type: string, seeThrough: boolean) =>
      tiles.find((t) => {
        const it = app.backend.tile(app.backend.byId.get(Number(t.dataset.id))!);
        return it.content_type === type && it.transparent === seeThrough && t.querySelector("img");
      });
    const png = of("image/png", true)!;
    const opaquePng = of("image/png", false)!;
    const jpeg = of("image/jpeg", false)!;
    expect(png.querySelector(".tile-thumb")!.classList.contains("has-alpha")).toBe(true);
    expect(opaquePng.querySelector(".tile-thumb")!.classList.contains("has-alpha")).toBe(false);
    expect(jpeg.querySelector(".tile-thumb")!.classList.contains("has-alpha")).toBe(false);
    // No tooltip over the picture: the name under it has it.
    expect(jpeg.hasAttribute("title")).toBe(false);
    expect(jpeg.querySelector(".tile-name")!.getAttribute("title")).toBe(jpeg.querySelector(".tile-name")!.textContent);
    click(jpeg);
    const preview = await waitFor(() => $(".details-preview"));
    expect(preview.classList.contains("has-alpha")).toBe(false);
    click(opaquePng);
    const shows = (el: HTMLElement) => new RegExp(`(/|%2F)${el.dataset.id}\\?`, "i").test($(".details-preview img")?.getAttribute("src") ?? "");
    await waitFor(() => shows(opaquePng));
    expect($(".details-preview")!.classList.contains("has-alpha")).toBe(false);
    click(png);
    await waitFor(() => $(".details-preview.has-alpha"));
  });
});

describe("the Activity panel", () => {
  it("leads with items and names what failed; the steps' counts are behind a disclosure", async () => {
    await startApp({ busy: true });
    click(await waitFor(() => testid("activity-toggle")));
    const panel = await waitFor(() => testid("activity-panel"));
    const work = await waitFor(() => testid("activity-work"));
    await waitFor(() => testid("failure-row"));
    await waitFor(() => /failed: \S/.test(work.textContent ?? ""));
    expect(work.textContent).toMatch(/items? waiting|being processed|failed/);
    expect(work.textContent).not.toMatch(/thumbnail|metadata|index/);
    const details = testid("handler-details") as HTMLDetailsElement;
    expect(details.tagName).toBe("DETAILS");
    expect(details.open).toBe(false);
    expect(details.querySelector('[data-testid="handler-row"]')).not.toBeNull();
    // One word for a job that stopped retrying, none of "gave up" or "dead".
    expect(panel.textContent).not.toMatch(/gave up|dead/i);
    for (const pill of $$('[data-testid="failure-state"]')) expect(["Failed", "Will retry"]).toContain(pill.textContent);
  });
});
