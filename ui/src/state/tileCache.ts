// The grid's data: pages of tiles fetched lazily by offset, cached per
// query+sort, refreshed in place when the library changes.
//
// - `setActive(key)` says which query+sort the person asked for. The grid keeps
//   showing the previous results (`shownKey`) until the first page of the new
//   ones arrives, and keeps them when the new query is rejected, so typing never
//   blanks the grid.
// - `setViewport(start, end)` tells which items are on screen; missing pages
//   there are fetched.
// - `invalidate()` marks every cached page stale and refetches the visible ones;
//   stale tiles stay on screen until their replacement arrives (no flicker).
import { Versioned } from "./versioned";
import { errorMessage } from "../api";
import type { SortOrder, Tile, TilePage, TileQuery } from "../bindings";

export const PAGE_SIZE = 200;

export type TileKey = { query: string; sort: SortOrder };

export function keyString(key: TileKey): string {
  return `${key.sort}\n${key.query}`;
}

/** Page numbers covering items start..end (inclusive), within `total` when known. */
export function pagesForRange(
  start: number,
  end: number,
  pageSize: number,
  total: number | null,
): number[] {
  let last = end;
  if (total !== null) last = Math.min(last, Math.max(0, total - 1));
  const first = Math.max(0, start);
  if (last < first) return [];
  const pages: number[] = [];
  for (let p = Math.floor(first / pageSize); p <= Math.floor(last / pageSize); p++) pages.push(p);
  return pages;
}

type Page = { tiles: Tile[]; gen: number };

type Entry = {
  key: TileKey;
  id: string;
  /** Bumped by invalidate(); pages of an older generation are stale. */
  gen: number;
  total: number | null;
  totalGen: number;
  pages: Map<number, Page>;
  /** Page → generation of the request in flight. */
  inflight: Map<number, number>;
  /** Page → generation whose request failed (not retried until the next generation). */
  failed: Map<number, number>;
  error: string | null;
};

export type FetchPage = (query: TileQuery) => Promise<TilePage>;

export type TileCacheOptions = { pageSize?: number; maxEntries?: number };

export class TileCache extends Versioned {
  readonly pageSize: number;
  private readonly maxEntries: number;
  private entries = new Map<string, Entry>();
  private active: Entry | null = null;
  private shown: Entry | null = null;
  private viewport: [number, number] = [0, -1];

  constructor(
    private fetchPage: FetchPage,
    options: TileCacheOptions = {},
  ) {
    super();
    this.pageSize = options.pageSize ?? PAGE_SIZE;
    this.maxEntries = options.maxEntries ?? 6;
  }

  // --- what is asked for and what is shown ---

  /** Makes `key` the query the person wants; returns whether it changed. */
  setActive(key: TileKey): boolean {
    const entry = this.entry(key);
    if (entry === this.active) return false;
    this.active = entry;
    if (entry.total !== null || !this.shown) this.show(entry);
    // A new query starts at the top.
    const span = Math.max(this.viewport[1] - this.viewport[0], this.pageSize - 1);
    this.ensure(entry, 0, span);
    this.emit();
    return true;
  }

  /** The key whose tiles the grid shows (may lag the active key while it loads). */
  shownKey(): TileKey | null {
    return this.shown?.key ?? null;
  }
  activeKey(): TileKey | null {
    return this.active?.key ?? null;
  }

  /** Items on screen of the shown results; fetches what is missing. */
  setViewport(start: number, end: number) {
    this.viewport = [start, end];
    if (this.shown) this.ensure(this.shown, start, end);
    if (this.active && this.active !== this.shown) this.ensure(this.active, 0, Math.max(end - start, 0));
  }

  /** Everything cached is stale: refetch what is on screen, keep showing the old tiles meanwhile. */
  invalidate() {
    for (const e of this.entries.values()) e.gen++;
    if (this.shown) this.ensure(this.shown, this.viewport[0], this.viewport[1]);
    if (this.active && this.active !== this.shown) this.ensure(this.active, 0, this.pageSize - 1);
    this.emit();
  }

  // --- reading ---

  total(key: TileKey | null = this.shownKey()): number | null {
    return key ? (this.peek(key)?.total ?? null) : null;
  }
  error(key: TileKey | null = this.activeKey()): string | null {
    return key ? (this.peek(key)?.error ?? null) : null;
  }
  /** Whether the active key's results are still on their way. */
  loading(): boolean {
    const a = this.active;
    return !!a && (a.total === null || a.inflight.size > 0) && a.error === null;
  }
  tileAt(index: number, key: TileKey | null = this.shownKey()): Tile | undefined {
    const e = key ? this.peek(key) : undefined;
    if (!e) return undefined;
    const page = e.pages.get(Math.floor(index / this.pageSize));
    return page?.tiles[index % this.pageSize];
  }
  /** Ids of every loaded tile of the shown results, in order. */
  loadedIds(): number[] {
    const e = this.shown;
    if (!e) return [];
    const pages = [...e.pages.keys()].sort((a, b) => a - b);
    return pages.flatMap((p) => e.pages.get(p)!.tiles.map((t) => t.id));
  }
  /** Where a loaded resource is in the shown results. */
  indexOf(id: number): number | undefined {
    const e = this.shown;
    if (!e) return undefined;
    for (const [p, page] of e.pages) {
      const i = page.tiles.findIndex((t) => t.id === id);
      if (i >= 0) return p * this.pageSize + i;
    }
    return undefined;
  }
  /** Pages of items start..end that are missing or stale and not already on their way. */
  neededPages(key: TileKey, start: number, end: number): number[] {
    const e = this.peek(key);
    if (!e) return pagesForRange(start, end, this.pageSize, null);
    return pagesForRange(start, end, this.pageSize, e.total).filter((p) => {
      const page = e.pages.get(p);
      if (page && page.gen >= e.gen) return false;
      const inflight = e.inflight.get(p);
      if (inflight !== undefined && inflight >= e.gen) return false;
      if (e.failed.get(p) === e.gen) return false;
      return true;
    });
  }

  /** Changes loaded tiles in place (e.g. after a rename), in every cached query. */
  patch(id: number, change: (tile: Tile) => Tile) {
    let changed = false;
    for (const e of this.entries.values())
      for (const page of e.pages.values()) {
        const i = page.tiles.findIndex((t) => t.id === id);
        if (i >= 0) {
          page.tiles = page.tiles.slice();
          page.tiles[i] = change(page.tiles[i]);
          changed = true;
        }
      }
    if (changed) this.emit();
  }

  // --- fetching ---

  private peek(key: TileKey): Entry | undefined {
    return this.entries.get(keyString(key));
  }

  private entry(key: TileKey): Entry {
    const id = keyString(key);
    let e = this.entries.get(id);
    if (e) {
      this.entries.delete(id);
    } else {
      e = {
        key: { query: key.query, sort: key.sort },
        id,
        gen: 0,
        total: null,
        totalGen: -1,
        pages: new Map(),
        inflight: new Map(),
        failed: new Map(),
        error: null,
      };
    }
    this.entries.set(id, e);
    for (const [oldId, old] of this.entries) {
      if (this.entries.size <= this.maxEntries) break;
      if (old !== e && old !== this.shown && old !== this.active) this.entries.delete(oldId);
    }
    return e;
  }

  private show(entry: Entry) {
    this.shown = entry;
  }

  private ensure(entry: Entry, start: number, end: number) {
    // An empty viewport (an empty library) still watches the first page.
    for (const p of this.neededPages(entry.key, start, Math.max(start, end))) this.request(entry, p);
  }

  private request(entry: Entry, page: number) {
    const gen = entry.gen;
    entry.inflight.set(page, gen);
    const query: TileQuery = {
      query: entry.key.query,
      sort: entry.key.sort,
      offset: page * this.pageSize,
      limit: this.pageSize,
    };
    this.fetchPage(query).then(
      (data) => this.receive(entry, page, gen, data),
      (err: unknown) => this.fail(entry, page, gen, errorMessage(err)),
    );
  }

  private receive(entry: Entry, page: number, gen: number, data: TilePage) {
    if (entry.inflight.get(page) === gen) entry.inflight.delete(page);
    const existing = entry.pages.get(page);
    if (!existing || existing.gen <= gen) entry.pages.set(page, { tiles: data.tiles, gen });
    if (gen >= entry.totalGen) {
      entry.total = data.total;
      entry.totalGen = gen;
      entry.error = null;
    }
    if (entry === this.active && this.shown !== entry) this.show(entry);
    this.emit();
  }

  private fail(entry: Entry, page: number, gen: number, message: string) {
    if (entry.inflight.get(page) === gen) entry.inflight.delete(page);
    entry.failed.set(page, gen);
    if (gen >= entry.totalGen) entry.error = message;
    // Nothing good to fall back on: show the failure itself.
    if (entry === this.active && !this.shown) this.show(entry);
    this.emit();
  }
}
