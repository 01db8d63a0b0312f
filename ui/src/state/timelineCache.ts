// The timeline's counts per day for a date-sorted listing or search, cached
// per query+sort like the tiles and refreshed the same way: `invalidate()`
// when the library changes refetches the active key's counts, and the old
// counts stay on screen until the new ones arrive.
import { Versioned } from "./versioned";
import { errorMessage } from "../api";
import type { SortOrder, TimelineDay } from "../bindings";
import { keyString, type TileKey } from "./tileCache";

type Entry = {
  key: TileKey;
  days: TimelineDay[] | null;
  /** Bumped by invalidate(); days of an older generation are stale. */
  gen: number;
  daysGen: number;
  inflight: number | null;
  failedGen: number | null;
  error: string | null;
};

export type FetchTimeline = (query: string, sort: SortOrder) => Promise<TimelineDay[]>;

export class TimelineCache extends Versioned {
  private entries = new Map<string, Entry>();
  private active: Entry | null = null;

  constructor(
    private fetchDays: FetchTimeline,
    private readonly maxEntries = 4,
  ) {
    super();
  }

  /** The query+sort the grid is about to show, or null when it shows no timeline. */
  setActive(key: TileKey | null) {
    this.active = key ? this.entry(key) : null;
    if (this.active) this.ensure(this.active);
  }

  /** The library changed: refetch the active counts, keep the old ones meanwhile. */
  invalidate() {
    for (const e of this.entries.values()) e.gen++;
    if (this.active) this.ensure(this.active);
  }

  /** The counts for `key` (possibly stale), or null before the first arrive. */
  days(key: TileKey | null): TimelineDay[] | null {
    return key ? (this.entries.get(keyString(key))?.days ?? null) : null;
  }

  error(key: TileKey | null): string | null {
    return key ? (this.entries.get(keyString(key))?.error ?? null) : null;
  }

  private entry(key: TileKey): Entry {
    const id = keyString(key);
    let e = this.entries.get(id);
    if (e) this.entries.delete(id);
    else e = { key: { ...key }, days: null, gen: 0, daysGen: -1, inflight: null, failedGen: null, error: null };
    this.entries.set(id, e);
    for (const oldId of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      if (oldId !== id) this.entries.delete(oldId);
    }
    return e;
  }

  private ensure(e: Entry) {
    if (e.daysGen >= e.gen || e.inflight === e.gen || e.failedGen === e.gen) return;
    const gen = e.gen;
    e.inflight = gen;
    this.fetchDays(e.key.query, e.key.sort).then(
      (days) => {
        if (e.inflight === gen) e.inflight = null;
        // An answer to an older request must not replace a newer one.
        if (gen < e.daysGen) return;
        e.days = days;
        e.daysGen = gen;
        e.error = null;
        this.emit();
      },
      (err: unknown) => {
        if (e.inflight === gen) e.inflight = null;
        e.failedGen = gen;
        if (gen < e.daysGen) return;
        e.error = errorMessage(err);
        this.emit();
      },
    );
  }
}
