import { describe, expect, it } from "vitest";
import type { TimelineDay } from "../bindings";
import { TimelineCache } from "./timelineCache";

type Call = { query: string; sort: string; resolve: (d: TimelineDay[]) => void; reject: (e: unknown) => void };

/** A backend whose answers the test releases by hand. */
function fakeBackend() {
  const calls: Call[] = [];
  const fetch = (query: string, sort: string) => new Promise<TimelineDay[]>((resolve, reject) => calls.push({ query, sort, resolve, reject }));
  return { calls, fetch };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const newest = { query: "", sort: "newest" };
const july = [{ day: "2019-07-14", count: 3 }];
const june = [{ day: "2019-06-30", count: 4 }];

describe("TimelineCache", () => {
  it("fetches the active key's counts once and answers from the cache after", async () => {
    const b = fakeBackend();
    const cache = new TimelineCache(b.fetch);
    cache.setActive(newest);
    cache.setActive(newest);
    expect(b.calls.map((c) => [c.query, c.sort])).toEqual([["", "newest"]]);
    expect(cache.days(newest)).toBeNull();
    b.calls[0].resolve(july);
    await flush();
    expect(cache.days(newest)).toEqual(july);
    cache.setActive({ query: "cat", sort: "oldest" });
    cache.setActive(newest);
    expect(b.calls.length).toBe(2);
  });

  it("asks for nothing when the grid shows no timeline", () => {
    const b = fakeBackend();
    const cache = new TimelineCache(b.fetch);
    cache.setActive(null);
    cache.invalidate();
    expect(b.calls).toEqual([]);
  });

  it("refetches on a change and keeps the old counts until the new ones arrive", async () => {
    const b = fakeBackend();
    const cache = new TimelineCache(b.fetch);
    let told = 0;
    cache.subscribe(() => told++);
    cache.setActive(newest);
    b.calls[0].resolve(july);
    await flush();
    cache.invalidate();
    expect(b.calls.length).toBe(2);
    expect(cache.days(newest)).toEqual(july);
    b.calls[1].resolve(june);
    await flush();
    expect(cache.days(newest)).toEqual(june);
    expect(told).toBe(2);
  });

  it("ignores an older answer arriving after a newer one", async () => {
    const b = fakeBackend();
    const cache = new TimelineCache(b.fetch);
    cache.setActive(newest);
    cache.invalidate();
    b.calls[1].resolve(june);
    await flush();
    b.calls[0].resolve(july);
    await flush();
    expect(cache.days(newest)).toEqual(june);
  });

  it("says why the counts failed and does not retry until the next change", async () => {
    const b = fakeBackend();
    const cache = new TimelineCache(b.fetch);
    cache.setActive(newest);
    b.calls[0].reject({ kind: "failed", message: "index is busy", detail: null });
    await flush();
    expect(cache.error(newest)).toBe("index is busy");
    cache.setActive(newest);
    expect(b.calls.length).toBe(1);
    cache.invalidate();
    expect(b.calls.length).toBe(2);
  });
});
