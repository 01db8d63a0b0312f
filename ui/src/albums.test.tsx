// @vitest-environment jsdom
// Smart albums: saved from the search, listed in the Library's sidebar with
// live counts, opened, renamed, pointed at another search and deleted (undoably).
import { describe, expect, it } from "vitest";
import type { AlbumCount, TileQuery } from "./bindings";
import { FakeBackend } from "./dev/fakeBackend";
import { $, $$, click, key, startApp, testid, tile, toastWith, typeInto, useAppHarness, waitFor, type App } from "./testApp";

useAppHarness();

const row = (name: string) => $(`[data-testid="album-row"][data-album-name="${name}"]`);
const countOf = (name: string) => row(name)?.querySelector<HTMLElement>('[data-testid="album-count"]')?.textContent ?? null;
const openButton = (name: string) => row(name)!.querySelector<HTMLElement>('[data-testid="album-open"]')!;
const searchText = () => (testid("search-input") as HTMLInputElement).value;
const sortValue = () => ($('select[aria-label="Sort"]') as HTMLSelectElement).value;
const names = () => $$('[data-testid="album-row"]').map((r) => r.dataset.albumName);

/** What the fake counts for `query`, as the grid lists it. */
const found = (app: App, query: string) => (app.backend.handle("tile_ids", { query, sort: "newest" }) as number[]).length;

/** Opens the row's "…" menu and picks one of its entries. */
async function fromMenu(name: string, entry: "album-rename" | "album-update" | "album-delete") {
  click(row(name)!.querySelector<HTMLElement>('[data-testid="album-more"]')!);
  click(await waitFor(() => row(name)!.querySelector<HTMLElement>(`[data-testid="${entry}"]`)));
}

async function startWithAlbums(albums: Array<[name: string, query: string, sort: string]>) {
  const app = await startApp({ prepare: (b) => albums.forEach(([name, query, sort]) => b.saveAlbum(name, query, sort)) });
  await waitFor(() => tile(1));
  await waitFor(() => names().length === albums.length && names());
  return app;
}

describe("saving an album", () => {
  it("saves the search from the filter bar under the name asked for, and the sidebar lists it with its count", async () => {
    const app = await startApp();
    await waitFor(() => tile(1));
    const sidebar = testid("sidebar")!;
    expect(sidebar.textContent).toContain("All items");
    await waitFor(() => testid("all-items-count")?.textContent === "60");
    // Nothing to save without a search.
    expect((testid("save-album") as HTMLButtonElement).disabled).toBe(true);

    typeInto(testid("search-input")!, "beach");
    await waitFor(() => !(testid("save-album") as HTMLButtonElement).disabled);
    click(testid("save-album")!);
    const input = await waitFor(() => testid("album-name-input") as HTMLInputElement | null);
    expect(document.activeElement).toBe(input);
    expect(testid("save-album-dialog")!.textContent).toContain("beach");
    typeInto(input, "Beaches");
    key(input, "Enter");

    await waitFor(() => row("Beaches"));
    expect(testid("save-album-dialog")).toBeNull();
    expect(app.calls.find((c) => c.cmd === "save_album")!.args).toEqual({ name: "Beaches", query: "beach", sort: "relevance" });
    expect(countOf("Beaches")).toBe(String(found(app, "beach")));
    expect(Number(countOf("Beaches"))).toBeGreaterThan(0);
    await waitFor(() => toastWith("Saved album “Beaches”"));
    // The search shown is the album's now.
    expect(openButton("Beaches").getAttribute("aria-current")).toBe("true");
  });

  it("cancels on Escape, and on Cancel, saving nothing", async () => {
    const app = await startApp();
    await waitFor(() => tile(1));
    typeInto(testid("search-input")!, "cat");
    await waitFor(() => !(testid("save-album") as HTMLButtonElement).disabled);
    click(testid("save-album")!);
    typeInto(await waitFor(() => testid("album-name-input")), "Cats");
    key(testid("album-name-input")!, "Escape");
    await waitFor(() => !testid("save-album-dialog"));
    expect(document.activeElement).toBe(testid("save-album"));
    click(testid("save-album")!);
    click(await waitFor(() => testid("album-save-cancel")));
    await waitFor(() => !testid("save-album-dialog"));
    expect(app.calls.some((c) => c.cmd === "save_album")).toBe(false);
    expect(names()).toEqual([]);
  });

  it("says plainly that a name in use points that album at this search, and does so", async () => {
    const app = await startWithAlbums([["Beaches", "beach", "relevance"]]);
    typeInto(testid("search-input")!, "sunset");
    await waitFor(() => !(testid("save-album") as HTMLButtonElement).disabled);
    click(testid("save-album")!);
    const input = await waitFor(() => testid("album-name-input"));
    typeInto(input, "beaches");
    const note = await waitFor(() => testid("album-name-exists"));
    expect(note.textContent).toBe("There is an album named “Beaches” already: saving points it at this search instead of its own.");
    click(testid("album-save-confirm")!);
    await waitFor(() => toastWith("Changed the search of album “Beaches”"));
    expect(names()).toEqual(["Beaches"]);
    expect(app.backend.albumList.map((a) => a.query)).toEqual(["sunset"]);
    await waitFor(() => countOf("Beaches") === String(found(app, "sunset")));
  });

  it("keeps the dialog open with the engine's words when the search does not run", async () => {
    await startApp();
    await waitFor(() => tile(1));
    typeInto(testid("search-input")!, "lens:canon");
    await waitFor(() => !(testid("save-album") as HTMLButtonElement).disabled);
    click(testid("save-album")!);
    typeInto(await waitFor(() => testid("album-name-input")), "Canon");
    click(testid("album-save-confirm")!);
    const error = await waitFor(() => testid("album-save-error"));
    expect(error.textContent).toBe("unknown filter `lens:` (at character 1)");
    expect(testid("save-album-dialog")).not.toBeNull();
    expect(names()).toEqual([]);
  });
});

describe("the sidebar's counts", () => {
  it("follow the library live: a rating here, another window's rating, a move to the Trash", async () => {
    const app = await startWithAlbums([["Best", "rating:>=4", "rating:desc"]]);
    expect(countOf("Best")).toBe("0");

    click(tile(2)!);
    key(document.body, "4");
    await waitFor(() => countOf("Best") === "1", 3000);

    // Rated elsewhere (another window, the command line): the progress snapshot says so.
    app.backend.setMark([5, 6], { kind: "rating", stars: 5 });
    await app.snapshot();
    await waitFor(() => countOf("Best") === "3", 3000);

    click(tile(2)!);
    key(document.body, "Delete");
    await waitFor(() => countOf("Best") === "2", 3000);
    // "All items" is the snapshot's count of what a person sees: the Trash left out.
    await app.snapshot();
    await waitFor(() => testid("all-items-count")?.textContent === "59");
  });

  it("warns, with the reason as its tooltip, when an album's search no longer runs", async () => {
    await startApp({
      prepare: (b) => b.albumList.push({ id: 99, name: "Old lenses", query: "lens:canon", sort: "relevance", created_at: 0, updated_at: 0 }),
    });
    const problem = await waitFor(() => row("Old lenses")?.querySelector<HTMLElement>('[data-testid="album-problem"]'));
    expect(problem.getAttribute("title")).toBe("unknown filter `lens:` (at character 1)");
    expect(row("Old lenses")!.querySelector('[data-testid="album-count"]')).toBeNull();
  });

  it("lists the albums by name, whatever their letter case", async () => {
    await startWithAlbums([
      ["trips", "trip", "relevance"],
      ["Beaches", "beach", "relevance"],
      ["cats", "cat", "relevance"],
    ]);
    expect(names()).toEqual(["Beaches", "cats", "trips"]);
  });
});

describe("opening an album", () => {
  it("applies its query and its sort, marks it current, and a changed search no longer is", async () => {
    const app = await startWithAlbums([
      ["Beaches", "beach", "rating:desc"],
      ["Cats", "cat", "name"],
    ]);
    const all = testid("all-items")!;
    expect(all.getAttribute("aria-current")).toBe("true");

    click(openButton("Beaches"));
    await waitFor(() => searchText() === "beach" && sortValue() === "rating:desc");
    await waitFor(() => app.calls.some((c) => c.cmd === "list_tiles" && (c.args.query as TileQuery).query === "beach" && (c.args.query as TileQuery).sort === "rating:desc"));
    await waitFor(() => testid("result-count")?.textContent === `${found(app, "beach")} results`);
    expect(openButton("Beaches").getAttribute("aria-current")).toBe("true");
    expect(openButton("Cats").getAttribute("aria-current")).toBeNull();
    expect(all.getAttribute("aria-current")).toBeNull();

    typeInto(testid("search-input")!, "beach -sunset");
    await waitFor(() => openButton("Beaches").getAttribute("aria-current") === null);
    expect(row("Beaches")!.dataset.state).toBe("modified");
    // Emptying the box is the whole library again, not a change to the album.
    typeInto(testid("search-input")!, "");
    await waitFor(() => all.getAttribute("aria-current") === "true");
    expect(row("Beaches")!.dataset.state).toBeUndefined();
    click(openButton("Beaches"));
    await waitFor(() => searchText() === "beach");

    click(openButton("Cats"));
    await waitFor(() => searchText() === "cat" && sortValue() === "name");
    expect(openButton("Cats").getAttribute("aria-current")).toBe("true");
    expect(row("Beaches")!.dataset.state).toBeUndefined();

    click(all);
    await waitFor(() => searchText() === "");
    expect(all.getAttribute("aria-current")).toBe("true");
    expect(openButton("Cats").getAttribute("aria-current")).toBeNull();
  });

  it("points an album at the search shown now, from its menu", async () => {
    const app = await startWithAlbums([["Beaches", "beach", "relevance"]]);
    click(openButton("Beaches"));
    await waitFor(() => searchText() === "beach");
    typeInto(testid("search-input")!, "beach -sunset");
    await waitFor(() => row("Beaches")!.dataset.state === "modified");
    await fromMenu("Beaches", "album-update");
    await waitFor(() => toastWith("Changed the search of album “Beaches”"));
    expect(app.backend.albumList[0].query).toBe("beach -sunset");
    await waitFor(() => openButton("Beaches").getAttribute("aria-current") === "true");
    await waitFor(() => countOf("Beaches") === String(found(app, "beach -sunset")));
  });
});

describe("renaming and deleting an album", () => {
  it("renames in place on Enter, refusing another album's name in the engine's words", async () => {
    const app = await startWithAlbums([
      ["Beaches", "beach", "relevance"],
      ["Cats", "cat", "relevance"],
    ]);
    await fromMenu("Beaches", "album-rename");
    const input = await waitFor(() => testid("album-rename-input") as HTMLInputElement | null);
    expect(input.value).toBe("Beaches");
    typeInto(input, "cats");
    key(input, "Enter");
    await waitFor(() => toastWith("an album named “Cats” already exists"));
    expect(testid("album-rename-input")).toBe(input);

    typeInto(input, "Seaside");
    key(input, "Enter");
    await waitFor(() => row("Seaside") && !testid("album-rename-input"));
    expect(names()).toEqual(["Cats", "Seaside"]);
    await waitFor(() => toastWith("Renamed album “Beaches” to “Seaside”"));
    expect(app.calls.filter((c) => c.cmd === "edit_album").at(-1)!.args).toEqual({ id: 1, edit: { name: "Seaside", query: null, sort: null } });

    // Escape keeps the name.
    // Back on the renamed row.
    expect(document.activeElement).toBe(openButton("Seaside"));
    await fromMenu("Cats", "album-rename");
    key(await waitFor(() => testid("album-rename-input")), "Escape");
    await waitFor(() => !testid("album-rename-input"));
    expect(names()).toEqual(["Cats", "Seaside"]);
  });

  it("deletes an album without asking, and the toast's Undo brings it back", async () => {
    const app = await startWithAlbums([
      ["Beaches", "beach", "relevance"],
      ["Cats", "cat", "relevance"],
    ]);
    click(openButton("Beaches"));
    await waitFor(() => searchText() === "beach");
    await fromMenu("Beaches", "album-delete");
    await waitFor(() => !row("Beaches"));
    expect(names()).toEqual(["Cats"]);
    // Its items stay where they are.
    expect(found(app, "beach")).toBeGreaterThan(0);
    const toast = await waitFor(() => toastWith("Deleted album “Beaches”"));
    click(toast.querySelector<HTMLElement>('[data-testid="toast-action"]')!);
    await waitFor(() => toastWith("Undid: Deleted album “Beaches”"));
    await waitFor(() => row("Beaches"));
    expect(names()).toEqual(["Beaches", "Cats"]);
    expect(countOf("Beaches")).toBe(String(found(app, "beach")));

    // Ctrl+Z and Ctrl+Shift+Z too: the undo history is the library's.
    key(document.body, "Z", { ctrlKey: true, shiftKey: true });
    await waitFor(() => !row("Beaches"));
    key(document.body, "z", { ctrlKey: true });
    await waitFor(() => row("Beaches"));
  });

  it("is keyboard-complete: the menu opens from its button, the arrow keys move in it, Escape closes it", async () => {
    await startWithAlbums([["Beaches", "beach", "relevance"]]);
    const more = row("Beaches")!.querySelector<HTMLElement>('[data-testid="album-more"]')!;
    expect(more.getAttribute("aria-label")).toBe("More for album Beaches");
    more.focus();
    // A keyboard's press is a click with no pointer (detail 0): the focus goes into the menu.
    click(more, { detail: 0 });
    const rename = await waitFor(() => testid("album-rename"));
    await waitFor(() => document.activeElement === rename);
    key(rename, "ArrowDown");
    expect(document.activeElement).toBe(testid("album-update"));
    key(document.activeElement!, "ArrowDown");
    expect(document.activeElement).toBe(testid("album-delete"));
    key(document.activeElement!, "ArrowDown");
    expect(document.activeElement).toBe(rename);
    key(document.activeElement!, "Escape");
    await waitFor(() => !testid("album-rename"));
    expect(document.activeElement).toBe(more);
  });
});

describe("the album menu", () => {
  it("opens on a right click on the row too, and deletes from there", async () => {
    await startWithAlbums([["Beaches", "beach", "relevance"]]);
    row("Beaches")!.dispatchEvent(new MouseEvent("contextmenu", { bubbles: true, cancelable: true, clientX: 60, clientY: 120 }));
    const menu = await waitFor(() => row("Beaches")!.querySelector<HTMLElement>('[role="menu"]'));
    expect(menu.style.left).toBe("60px");
    expect(menu.style.top).toBe("120px");
    click(testid("album-delete")!);
    await waitFor(() => !row("Beaches"));
  });
});

describe("fake backend albums", () => {
  it("counts with its own search, follows the Trash, and undoes each change as one step", () => {
    const b = new FakeBackend(60);
    const list = () => b.handle("albums", {}) as AlbumCount[];
    const saved = b.saveAlbum("Beaches", "beach", "newest");
    expect(list()[0].count).toBe((b.handle("tile_ids", { query: "beach", sort: "newest" }) as number[]).length);
    const first = (b.handle("tile_ids", { query: "beach", sort: "newest" }) as number[])[0];
    const before = list()[0].count!;
    b.trash([first]);
    expect(list()[0].count).toBe(before - 1);

    expect(() => b.editAlbum(saved.id, { name: "Beaches", query: "foo:bar", sort: null })).toThrow();
    b.saveAlbum("Cats", "cat", "relevance");
    try {
      b.handle("edit_album", { id: saved.id, edit: { name: "CATS", query: null, sort: null } });
      expect.unreachable();
    } catch (e) {
      expect(e).toEqual({ kind: "invalid_input", message: "an album named “Cats” already exists", detail: null });
    }
    b.deleteAlbum(saved.id);
    expect(list().map((a) => a.album.name)).toEqual(["Cats"]);
    expect(b.undoState().undo).toBe("Deleted album “Beaches”");
    b.revert(true);
    expect(list().map((a) => a.album.name)).toEqual(["Beaches", "Cats"]);
    b.revert(true); // the Cats album's save
    expect(list().map((a) => a.album.name)).toEqual(["Beaches"]);
  });
});
