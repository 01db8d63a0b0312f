import { describe, expect, it } from "vitest";
import type { HandlerStatus, Progress } from "../bindings";
import { FAILED_WORD, initialActivity, jobStateWord, namesList, reduceProgress, statusSummary, workCounts, workSummary, type Activity } from "./progress";

function handler(name: string, c: Partial<HandlerStatus> = {}): HandlerStatus {
  return {
    name,
    pending: 0,
    running: 0,
    failed: 0,
    dead: 0,
    done: 0,
    oldest_pending_at: null,
    per_second: 0,
    oldest_pending_ms: null,
    ...c,
  };
}

let clock = 1_000;
function snap(
  handlers: HandlerStatus[],
  extra: {
    undispatched?: number;
    paused?: boolean;
    last_event_id?: number;
    resource_count?: number;
    searchable_event_id?: number;
  } = {},
): Progress {
  const undispatched = extra.undispatched ?? 0;
  const outstanding = undispatched + handlers.reduce((n, h) => n + h.pending + h.running + h.failed, 0);
  const busy = outstanding > 0;
  clock += 250;
  return {
    status: {
      handlers,
      undispatched,
      outstanding,
      processing: true,
      paused: extra.paused ?? false,
      idle: !busy,
      reindexing: null,
      at: clock,
    },
    resource_count: extra.resource_count ?? 10,
    last_event_id: extra.last_event_id ?? 1,
    searchable_event_id: extra.searchable_event_id ?? 1,
    index_pending: false,
  };
}

const fold = (snaps: Progress[], start: Activity = initialActivity) => snaps.reduce(reduceProgress, start);

describe("reduceProgress", () => {
  it("sums handlers into totals", () => {
    const a = fold([
      snap(
        [
          handler("thumbnail", { pending: 10, running: 2, done: 30, failed: 1, dead: 2, per_second: 4 }),
          handler("hash", { pending: 5, running: 1, done: 40, per_second: 6 }),
        ],
        { undispatched: 3 },
      ),
    ]);
    expect(a.pending).toBe(15);
    expect(a.running).toBe(3);
    expect(a.undispatched).toBe(3);
    expect(a.outstanding).toBe(22); // 15 pending + 3 running + 3 undispatched + 1 failed waiting for its retry (the engine's count)
    expect(a.failed).toBe(3);
    expect(a.doneTotal).toBe(70);
    expect(a.rate).toBe(10);
    expect(a.handlers[0]).toEqual({ name: "thumbnail", pending: 10, running: 2, done: 30, failed: 3, perSecond: 4 });
  });

  it("computes the eta from the rate", () => {
    const a = fold([snap([handler("h", { pending: 98, running: 2, per_second: 20 })])]);
    expect(a.eta).toBe(5);
    expect(statusSummary(a)).toBe("Processing 100 items · 20/s · about 5 s left");
    const stalled = fold([snap([handler("h", { pending: 98, running: 2, per_second: 0 })])]);
    expect(stalled.eta).toBeNull();
    expect(statusSummary(stalled)).toBe("Processing 100 items");
    const paused = fold([snap([handler("h", { pending: 10, per_second: 5 })], { paused: true })]);
    expect(paused.eta).toBeNull();
    expect(statusSummary(paused)).toBe("Paused · 10 items waiting");
  });

  it("measures the batch from when work appeared", () => {
    // Idle with 500 jobs done long ago.
    let a = fold([snap([handler("h", { done: 500 })])]);
    expect(a.idle).toBe(true);
    expect(a.batch.fraction).toBe(1);
    // A new batch of 100.
    a = reduceProgress(a, snap([handler("h", { done: 500, pending: 100 })]));
    expect(a.batch).toEqual({ base: 500, done: 0, total: 100, fraction: 0 });
    a = reduceProgress(a, snap([handler("h", { done: 525, pending: 70, running: 5 })]));
    expect(a.batch.done).toBe(25);
    expect(a.batch.total).toBe(100);
    expect(a.batch.fraction).toBeCloseTo(0.25);
    // More work arriving in the same batch grows its total.
    a = reduceProgress(a, snap([handler("h", { done: 550, pending: 100 })]));
    expect(a.batch.base).toBe(500);
    expect(a.batch.total).toBe(150);
  });

  it("resets the batch when new work starts after idle", () => {
    let a = fold([
      snap([handler("h", { done: 0, pending: 10 })]),
      snap([handler("h", { done: 10 })]), // idle
    ]);
    expect(a.idle).toBe(true);
    expect(statusSummary(a)).toBe("All done · 10 items");
    a = reduceProgress(a, snap([handler("h", { done: 10, pending: 4 })]));
    expect(a.batch.base).toBe(10);
    expect(a.batch.done).toBe(0);
    expect(a.batch.total).toBe(4);
    a = reduceProgress(a, snap([handler("h", { done: 12, pending: 2 })]));
    expect(a.batch.fraction).toBeCloseTo(0.5);
  });

  it("counts undispatched events as work left", () => {
    const a = fold([snap([handler("h")], { undispatched: 7 })]);
    expect(a.idle).toBe(false);
    expect(a.outstanding).toBe(7);
  });

  it("flags a tile refresh when the event id or resource count changes", () => {
    let a = fold([snap([handler("h")], { last_event_id: 5, resource_count: 10 })]);
    const v = a.dataVersion;
    a = reduceProgress(a, snap([handler("h")], { last_event_id: 5, resource_count: 10 }));
    expect(a.dataVersion).toBe(v);
    a = reduceProgress(a, snap([handler("h")], { last_event_id: 6, resource_count: 10 }));
    expect(a.dataVersion).toBe(v + 1);
    a = reduceProgress(a, snap([handler("h")], { last_event_id: 6, resource_count: 11 }));
    expect(a.dataVersion).toBe(v + 2);
  });

  it("flags a tile refresh when a handler finishes work or the index commits", () => {
    let a = fold([snap([handler("h", { pending: 2 })], { last_event_id: 6, searchable_event_id: 5 })]);
    const v = a.dataVersion;
    // A thumbnail made: no new event, but the tile changed.
    a = reduceProgress(a, snap([handler("h", { pending: 1, done: 1 })], { last_event_id: 6, searchable_event_id: 5 }));
    expect(a.dataVersion).toBe(v + 1);
    // The index committed: a search may now find what changed.
    a = reduceProgress(a, snap([handler("h", { pending: 1, done: 1 })], { last_event_id: 6, searchable_event_id: 6 }));
    expect(a.dataVersion).toBe(v + 2);
  });

  it("flags a failures refetch when failed or dead counts change", () => {
    let a = fold([snap([handler("h", { failed: 1 })])]);
    const v = a.failuresVersion;
    a = reduceProgress(a, snap([handler("h", { failed: 1, pending: 3 })]));
    expect(a.failuresVersion).toBe(v);
    a = reduceProgress(a, snap([handler("h", { failed: 0, dead: 1 })]));
    expect(a.failuresVersion).toBe(v + 1); // moved from failed to dead
    a = reduceProgress(a, snap([handler("h", { failed: 0, dead: 0 })]));
    expect(a.failuresVersion).toBe(v + 2); // retried
  });

  it("ignores a snapshot older than the one it has", () => {
    const newer = snap([handler("h", { pending: 1 })]);
    const older = { ...newer, status: { ...newer.status, at: newer.status.at - 100, idle: true } };
    const a = fold([newer]);
    expect(reduceProgress(a, older)).toBe(a);
  });

  it("summarises failures in the status line", () => {
    const a = fold([snap([handler("h", { done: 3, dead: 2 })], { resource_count: 1234 })]);
    expect(statusSummary(a)).toBe("All done · 1,234 items · 2 failed");
    expect(statusSummary(initialActivity)).toBe("Connecting…");
  });
});

describe("the work in items, not handlers' jobs", () => {
  it("counts 63 items going through three steps as 63, not 189", () => {
    const a = fold([
      snap([
        handler("thumbnail", { pending: 61, running: 2, done: 0 }),
        handler("metadata", { pending: 63, done: 0 }),
        handler("index", { pending: 63, done: 124 }),
      ]),
    ]);
    expect(workCounts(a)).toEqual({ waiting: 63, processing: 2, failed: 0 });
    expect(workSummary(workCounts(a))).toBe("63 items waiting · 2 being processed");
    expect(statusSummary(a)).toBe("Processing 65 items");
  });

  it("names what failed, the same word everywhere", () => {
    expect(workSummary({ waiting: 0, processing: 0, failed: 1 }, ["broken.png"])).toBe("1 failed: broken.png");
    expect(workSummary({ waiting: 1, processing: 0, failed: 2 }, ["a.png", "b.png", "a.png"])).toBe("1 item waiting · 2 failed: a.png and b.png");
    expect(workSummary({ waiting: 0, processing: 0, failed: 4 }, ["a", "b", "c", "d"])).toBe("4 failed: a, b and 2 more");
    expect(workSummary({ waiting: 0, processing: 0, failed: 0 })).toBe("Nothing waiting");
    expect(namesList([])).toBe("");
    expect(FAILED_WORD).toBe("Failed");
    expect(jobStateWord("dead")).toBe("Failed");
    expect(jobStateWord("failed")).toBe("Will retry");
    expect(jobStateWord("pending")).toBe("Waiting");
    expect(jobStateWord("running")).toBe("Running");
  });
});
