// An item's history in words: when each step happened and the work still
// waiting on it (or failed: stopped retrying). Pure.
import type { PendingWork } from "./bindings";
import { formatAge, formatDate } from "./format";

/** A handler's unfinished job: "waiting: metadata", "running: thumbnail",
 * "thumbnail: failed — the JPEG file is damaged". */
export function workLine(w: PendingWork): string {
  // "Failed" is a job that stopped retrying, and only that (as everywhere in the app).
  if (w.state === "dead") return `${w.handler}: failed${w.last_error ? ` — ${w.last_error}` : ""}`;
  if (w.state === "running") return `running: ${w.handler}`;
  // Failed before and waiting for its retry: what went wrong the last time.
  if (w.last_error) return `waiting: ${w.handler} (to be tried again — ${w.last_error})`;
  return `waiting: ${w.handler}`;
}

/** When a step happened: how long ago within the day, else the local date and time. */
export function stepWhen(at: number, now: number): string {
  return now - at < 86_400_000 ? formatAge(now - at) : formatDate(at);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An entry's local time of day, to the second: "14:07:31". */
export function entryTime(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A correlation id's first 8 characters: enough to find the step among what
 * `mahres events ID` prints in the terminal, which gives it in full. */
export function shortId(correlationId: string): string {
  return correlationId.slice(0, 8);
}
