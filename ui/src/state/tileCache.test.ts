import { describe, expect, it } from "vitest";
import type { Tile, TilePage, TileQuery } from "../bindings";
import { TileCache, pagesForRange } from "./tileCache";

function tile(id: number, name = `file-${id}`): Tile {
  return {
    id,
    name,
    content_type: "image/jpeg",
    availability: "present",
    state: "ready",
    has_thumbnail: true,
    transparent: false,
    content_rev: 1,
    width: 10,
    height: 10,
    companion_type: null,
    marks: { rating: 0, label: null, flag: null },
    in_watched_folder: false,
    trashed_at: null,
  };
}

type Call = { query: TileQuery; resolve: (p: TilePage) => void; reject: (e: unknown) => void };

/** A backend whose answers the test releases by hand. */
function fakeBackend() {
  const calls: Call[] = [];
  const fetch = (query: TileQuery) =>
    new Promise<TilePage>((resolve, reject) => calls.push({ query, resolve, reject }));
  return { calls, fetch };
}

/** A page of `total` items named by `prefix`, as the backend would answer `q`. */
function answer(q: TileQuery, total: number, prefix = "file"): TilePage {
  const tiles: Tile[] = [];
  for (let i = q.offset; i < Math.min(total, q.offset + q.limit); i++) tiles.push(tile(i + 1, `${prefix}-${i + 1}`));
  return { total, tiles };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const all = { query: "", sort: "newest" as const };

describe("pagesForRange", () => {
  it("covers the visible range with whole pages", () => {
    expect(pagesForRange(0, 99, 200, null)).toEqual([0]);
    expect(pagesForRange(150, 450, 200, null)).toEqual([0, 1, 2]);
    expect(pagesForRange(400, 599, 200, null)).toEqual([2]);
  });

  it("stops at the total", () => {
    expect(pagesForRange(0, 999, 200, 250)).toEqual([0, 1]);
    expect(pagesForRange(300, 999, 200, 250)).toEqual([]);
    expect(pagesForRange(0, 50, 200, 0)).toEqual([0]);
  });

  it("handles an empty range", () => {
    expect(pagesForRange(5, 4, 200, null)).toEqual([]);
  });
});

describe("TileCache", () => {
  it("fetches only the pages in view, once", async () => {
    const b = fakeBackend();
    const cache = new TileCache(b.fetch, { pageSize: 100 });
    cache.setViewport(0, 59);
    cache.setActive(all);
    expect(b.calls.map((c) => c.query.offset)).toEqual([0]);
    expect(b.calls[0].query).toEqual({ query: "", sort: "newest", offset: 0, limit: 100 });
    b.calls[0].resolve(answer(b.calls[0].query, 100_000));
    await flush();
    expect(cache.total()).toBe(100_000);
    expect(cache.tileAt(5)?.id).toBe(6);

    // Scrolling far down asks for just the pages there.
    cache.setViewport(50_050, 50_180);
    expect(b.calls.slice(1).map((c) => c.query.offset)).toEqual([50_000, 50_100]);
    // Asking again while they are on their way sends nothing new.
    cache.setViewport(50_060, 50_190);
    expect(b.calls).toHaveLength(3);
    expect(cache.neededPages(all, 50_000, 50_199)).toEqual([]);
  });

  it("keeps stale tiles visible after invalidation until the refetch arrives", async () => {
    const b = fakeBackend();
    const cache = new TileCache(b.fetch, { pageSize: 100 });
    cache.setViewport(0, 59);
    cache.setActive(all);
    b.calls[0].resolve(answer(b.calls[0].query, 150, "old"));
    await flush();
    expect(cache.tileAt(0)?.name).toBe("old-1");

    cache.invalidate(); // last_event_id changed
    expect(b.calls).toHaveLength(2);
    expect(b.calls[1].query.offset).toBe(0);
    // Still the old tile, no blank gap.
    expect(cache.tileAt(0)?.name).toBe("old-1");
    expect(cache.total()).toBe(150);

    b.calls[1].resolve(answer(b.calls[1].query, 151, "new"));
    await flush();
    expect(cache.tileAt(0)?.name).toBe("new-1");
    expect(cache.total()).toBe(151);
  });

  it("refetches pages out of view only when they come back into view", async () => {
    const b = fakeBackend();
    const cache = new TileCache(b.fetch, { pageSize: 100 });
    cache.setViewport(0, 59);
    cache.setActive(all);
    b.calls[0].resolve(answer(b.calls[0].query, 1000));
    await flush();
    cache.setViewport(500, 560);
    b.calls[1].resolve(answer(b.calls[1].query, 1000));
    await flush();
    expect(b.calls).toHaveLength(2);

    cache.invalidate();
    expect(b.calls.map((c) => c.query.offset)).toEqual([0, 500, 500]);
    expect(cache.neededPages(all, 0, 59)).toEqual([0]); // stale, not yet asked
    cache.setViewport(0, 59);
    expect(b.calls.map((c) => c.query.offset)).toEqual([0, 500, 500, 0]);
  });

  it("ignores an older answer that arrives after a newer one", async () => {
    const b = fakeBackend();
    const cache = new TileCache(b.fetch, { pageSize: 100 });
    cache.setViewport(0, 10);
    cache.setActive(all);
    cache.invalidate(); // a second request for page 0 while the first is out
    expect(b.calls).toHaveLength(2);
    b.calls[1].resolve(answer(b.calls[1].query, 5, "new"));
    await flush();
    b.calls[0].resolve(answer(b.calls[0].query, 4, "old"));
    await flush();
    expect(cache.tileAt(0)?.name).toBe("new-1");
    expect(cache.total()).toBe(5);
  });

  it("keeps showing the previous results while a new query loads, and when it is rejected", async () => {
    const b = fakeBackend();
    const cache = new TileCache(b.fetch, { pageSize: 100 });
    cache.setViewport(0, 59);
    cache.setActive(all);
    b.calls[0].resolve(answer(b.calls[0].query, 50, "all"));
    await flush();

    const bad = { query: '"beach', sort: "relevance" as const };
    cache.setActive(bad);
    expect(cache.shownKey()).toEqual(all);
    expect(cache.tileAt(0)?.name).toBe("all-1");
    b.calls[1].reject("this quote is never closed (at character 1)");
    await flush();
    expect(cache.error()).toBe("this quote is never closed (at character 1)");
    expect(cache.shownKey()).toEqual(all);

    const good = { query: "beach", sort: "relevance" as const };
    cache.setActive(good);
    expect(cache.error()).toBeNull();
    expect(cache.shownKey()).toEqual(all);
    b.calls[2].resolve(answer(b.calls[2].query, 3, "beach"));
    await flush();
    expect(cache.shownKey()).toEqual(good);
    expect(cache.total()).toBe(3);
    expect(cache.tileAt(0)?.name).toBe("beach-1");
  });

  it("does not retry a failed page until the next invalidation", async () => {
    const b = fakeBackend();
    const cache = new TileCache(b.fetch, { pageSize: 100 });
    cache.setViewport(0, 10);
    cache.setActive(all);
    b.calls[0].reject("database is locked");
    await flush();
    cache.setViewport(0, 12);
    expect(b.calls).toHaveLength(1);
    cache.invalidate();
    expect(b.calls).toHaveLength(2);
  });

  it("returns to a cached query at once, refreshing it if stale", async () => {
    const b = fakeBackend();
    const cache = new TileCache(b.fetch, { pageSize: 100 });
    cache.setViewport(0, 10);
    cache.setActive(all);
    b.calls[0].resolve(answer(b.calls[0].query, 20, "all"));
    await flush();
    const q = { query: "cat", sort: "relevance" as const };
    cache.setActive(q);
    b.calls[1].resolve(answer(b.calls[1].query, 2, "cat"));
    await flush();
    cache.invalidate();
    const before = b.calls.length;
    cache.setActive(all);
    expect(cache.shownKey()).toEqual(all);
    expect(cache.tileAt(0)?.name).toBe("all-1");
    expect(b.calls.length).toBe(before + 1);
    expect(b.calls[before].query.query).toBe("");
  });

  it("lists loaded ids and finds indices; patches tiles in place", async () => {
    const b = fakeBackend();
    const cache = new TileCache(b.fetch, { pageSize: 100 });
    cache.setViewport(0, 10);
    cache.setActive(all);
    b.calls[0].resolve(answer(b.calls[0].query, 3));
    await flush();
    expect(cache.loadedIds()).toEqual([1, 2, 3]);
    expect(cache.indexOf(3)).toBe(2);
    expect(cache.indexOf(99)).toBeUndefined();
    const v = cache.getVersion();
    cache.patch(2, (t) => ({ ...t, name: "renamed" }));
    expect(cache.tileAt(1)?.name).toBe("renamed");
    expect(cache.getVersion()).toBeGreaterThan(v);
  });
});

describe("TileCache on an empty library", () => {
  it("still refetches the first page when the library changes", async () => {
    const b = fakeBackend();
    const cache = new TileCache(b.fetch, { pageSize: 100 });
    cache.setActive(all);
    b.calls[0].resolve({ total: 0, tiles: [] });
    await flush();
    cache.setViewport(0, -1); // no rows on screen
    expect(b.calls).toHaveLength(1);
    cache.invalidate(); // something was imported
    expect(b.calls).toHaveLength(2);
    b.calls[1].resolve(answer(b.calls[1].query, 2));
    await flush();
    expect(cache.total()).toBe(2);
  });
});
