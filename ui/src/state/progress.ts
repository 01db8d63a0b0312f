// Folds Progress snapshots (from the "progress" event and the progress command)
// into what the Activity panel and the status bar show. Pure.
import type { BusStatus, Progress, ReindexProgress } from "../bindings";
import { formatCount, formatEta, formatRate } from "../format";

export type HandlerRow = {
  name: string;
  pending: number;
  running: number;
  done: number;
  /** failed (to be retried) + dead (given up). */
  failed: number;
  perSecond: number;
};

export type Activity = {
  /** Whether any snapshot has arrived yet. */
  known: boolean;
  handlers: HandlerRow[];
  pending: number;
  running: number;
  undispatched: number;
  /** Work still to do, as the engine counts it (BusStatus.outstanding). */
  outstanding: number;
  failed: number;
  /** All jobs ever done, summed over handlers. */
  doneTotal: number;
  /** Items per second, summed over handlers. */
  rate: number;
  /** Seconds left at the current rate; null when unknown or nothing is left. */
  eta: number | null;
  /** The current batch: work since the bus last went from idle to busy. */
  batch: { base: number; done: number; total: number; fraction: number };
  idle: boolean;
  paused: boolean;
  processing: boolean;
  reindexing: ReindexProgress | null;
  resourceCount: number;
  lastEventId: number;
  searchableEventId: number;
  at: number;
  /** Bumped when last_event_id or resource_count changed: the visible tiles need a refresh. */
  dataVersion: number;
  /** Bumped when a handler's failed or dead count changed: the failures list needs a refetch. */
  failuresVersion: number;
  /** Each handler's failed and dead counts, to notice a change. */
  failureKey: string;
};

export const initialActivity: Activity = {
  known: false,
  handlers: [],
  pending: 0,
  running: 0,
  undispatched: 0,
  outstanding: 0,
  failed: 0,
  doneTotal: 0,
  rate: 0,
  eta: null,
  batch: { base: 0, done: 0, total: 0, fraction: 1 },
  idle: true,
  paused: false,
  processing: false,
  reindexing: null,
  resourceCount: 0,
  lastEventId: 0,
  searchableEventId: 0,
  at: 0,
  dataVersion: 0,
  failuresVersion: 0,
  failureKey: "",
};

function failureSignature(status: BusStatus): string {
  return status.handlers.map((h) => `${h.name}:${h.failed}:${h.dead}`).join(",");
}

export function reduceProgress(prev: Activity, snapshot: Progress): Activity {
  const status = snapshot.status;
  // Snapshots can arrive out of order (event vs. command): keep the newest.
  if (prev.known && status.at < prev.at) return prev;

  const handlers: HandlerRow[] = status.handlers.map((h) => ({
    name: h.name,
    pending: h.pending,
    running: h.running,
    done: h.done,
    failed: h.failed + h.dead,
    perSecond: h.per_second,
  }));
  const sum = (f: (h: HandlerRow) => number) => handlers.reduce((n, h) => n + f(h), 0);
  const pending = sum((h) => h.pending);
  const running = sum((h) => h.running);
  const doneTotal = sum((h) => h.done);
  const failed = sum((h) => h.failed);
  const rate = sum((h) => (Number.isFinite(h.perSecond) && h.perSecond > 0 ? h.perSecond : 0));
  const undispatched = status.undispatched;
  // The engine's one definition (failed jobs waiting for a retry count too).
  const outstanding = status.outstanding;
  const idle = status.idle || outstanding === 0;

  // A batch starts when work appears after idle (or with the first snapshot);
  // its progress counts only what was done since.
  let base = prev.batch.base;
  const newBatch = !prev.known || (prev.idle && !idle);
  if (newBatch || doneTotal < base) base = doneTotal;
  const batchDone = Math.max(0, doneTotal - base);
  const batchTotal = batchDone + outstanding;
  const fraction = idle ? 1 : batchTotal > 0 ? batchDone / batchTotal : 0;

  const eta = !idle && !status.paused && rate > 0 ? outstanding / rate : null;

  // Handlers finishing work (a thumbnail made) change tiles without a new
  // event; the index committing makes changes findable by a search.
  const dataChanged =
    !prev.known ||
    snapshot.last_event_id !== prev.lastEventId ||
    snapshot.resource_count !== prev.resourceCount ||
    snapshot.searchable_event_id !== prev.searchableEventId ||
    doneTotal !== prev.doneTotal ||
    failed !== prev.failed;
  const failureKey = failureSignature(status);
  const failuresChanged = !prev.known || failureKey !== prev.failureKey;

  return {
    known: true,
    handlers,
    pending,
    running,
    undispatched,
    outstanding,
    failed,
    doneTotal,
    rate,
    eta,
    batch: { base, done: batchDone, total: batchTotal, fraction },
    idle,
    paused: status.paused,
    processing: status.processing,
    reindexing: status.reindexing,
    resourceCount: snapshot.resource_count,
    lastEventId: snapshot.last_event_id,
    searchableEventId: snapshot.searchable_event_id,
    at: status.at,
    dataVersion: prev.dataVersion + (dataChanged ? 1 : 0),
    failuresVersion: prev.failuresVersion + (failuresChanged ? 1 : 0),
    failureKey,
  };
}

/** The word for a job that stopped retrying, the same everywhere (the
 * tiles' badge, the Activity panel, an item's history). */
export const FAILED_WORD = "Failed";

/** A job's state in the words the app uses everywhere: "Failed" only for
 * one that stopped retrying; one that failed and is tried again "Will retry". */
export function jobStateWord(state: string): string {
  switch (state) {
    case "pending":
      return "Waiting";
    case "running":
      return "Running";
    case "failed":
      return "Will retry";
    case "dead":
      return FAILED_WORD;
  }
  return state;
}

/** What the work is about, in items rather than handlers' jobs. */
export type Work = { waiting: number; processing: number; failed: number };

/** Every handler takes each item once, so the longest queue is the number
 * of items waiting, and the most jobs running the items being processed
 * (summing over handlers would count an item once per handler). Failed
 * counts the failed jobs (an item's failures are listed by name). */
export function workCounts(a: Pick<Activity, "handlers" | "failed">): Work {
  const most = (f: (h: HandlerRow) => number) => a.handlers.reduce((n, h) => Math.max(n, f(h)), 0);
  return { waiting: most((h) => h.pending), processing: most((h) => h.running), failed: a.failed };
}

const items = (n: number) => `${formatCount(n)} ${n === 1 ? "item" : "items"}`;

/** "broken.png", "a.png and b.png", "a.png, b.png and 3 more". */
export function namesList(names: readonly string[], shown = 2): string {
  const unique = [...new Set(names)];
  if (unique.length <= shown) return unique.length === 2 ? `${unique[0]} and ${unique[1]}` : (unique[0] ?? "");
  return `${unique.slice(0, shown).join(", ")} and ${formatCount(unique.length - shown)} more`;
}

/** The panel's first line: "63 items waiting · 2 being processed · 1 failed: broken.png". */
export function workSummary(w: Work, failedNames: readonly string[] = []): string {
  const parts: string[] = [];
  if (w.waiting > 0) parts.push(`${items(w.waiting)} waiting`);
  if (w.processing > 0) parts.push(`${formatCount(w.processing)} being processed`);
  if (w.failed > 0) {
    const named = namesList(failedNames);
    parts.push(`${formatCount(w.failed)} failed${named ? `: ${named}` : ""}`);
  }
  return parts.length > 0 ? parts.join(" · ") : "Nothing waiting";
}

/** The one line the status bar always shows. */
export function statusSummary(a: Activity): string {
  if (!a.known) return "Connecting…";
  const failed = a.failed > 0 ? ` · ${formatCount(a.failed)} failed` : "";
  if (a.reindexing) {
    const { done, total } = a.reindexing;
    return `Rebuilding search index ${formatCount(done)} / ${formatCount(total)}`;
  }
  if (a.outstanding > 0) {
    const work = workCounts(a);
    const left = work.waiting + work.processing;
    if (a.paused) return `Paused${work.waiting > 0 ? ` · ${items(work.waiting)} waiting` : ""}${failed}`;
    const parts = [left > 0 ? `Processing ${items(left)}` : "Processing"];
    if (a.rate > 0) parts.push(formatRate(a.rate));
    const eta = formatEta(a.eta);
    if (eta) parts.push(`${eta} left`);
    return parts.join(" · ") + failed;
  }
  return `All done · ${items(a.resourceCount)}${failed}`;
}
