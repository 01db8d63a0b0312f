// Human-readable numbers, sizes, durations, dates and facts. Pure functions.
import type { Fact } from "./bindings";

const numberFormat = new Intl.NumberFormat("en-US");

/** 1234 → "1,234". */
export function formatCount(n: number): string {
  return numberFormat.format(Math.round(n));
}

/** "1 file" / "12 files". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

const UNITS = ["KB", "MB", "GB", "TB", "PB"];

/** Decimal units, as the search language reads them (10MB = 10,000,000 bytes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = -1;
  do {
    value /= 1000;
    unit++;
  } while (value >= 999.5 && unit < UNITS.length - 1);
  const text = value < 9.95 ? value.toFixed(1) : String(Math.round(value));
  return `${text} ${UNITS[unit]}`;
}

/** Items per second: "0.4/s", "41/s". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return "0/s";
  if (perSecond < 9.95) return `${perSecond.toFixed(1)}/s`;
  return `${formatCount(perSecond)}/s`;
}

/** An estimate of time left: "about 8 s", "about 2 min", "about 1 h 5 min". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return "";
  if (seconds < 1) return "a moment";
  if (seconds < 59.5) return `about ${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours >= 24) return `about ${Math.round(hours / 24)} d`;
  return rest === 0 ? `about ${hours} h` : `about ${hours} h ${rest} min`;
}

/** How long ago, in words, from a duration in milliseconds. */
export function formatAge(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 45) return "just now";
  if (s < 90) return "1 min ago";
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return "yesterday";
  if (days < 45) return `${days} days ago`;
  const months = Math.round(days / 30.4);
  if (months < 12) return `${months} months ago`;
  const years = Math.round(days / 365);
  return years === 1 ? "a year ago" : `${years} years ago`;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Milliseconds since the epoch → "2024-03-05 14:07" in local time. */
export function formatDate(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "1920 × 1080", or "" when unknown. */
export function formatDimensions(width: number | null, height: number | null): string {
  if (!width || !height) return "";
  return `${width} × ${height}`;
}

const WEEKDAYS_SHORT = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "UTC+02:00", "UTC−05:30". */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "−" : "+";
  const m = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** When a photo was taken, on the clock where it was taken (not this
 * machine's): "Sun 14 Jul 2019, 18:42 (UTC+02:00)". Without an offset the
 * camera's time is a wall-clock time of unknown zone: shown as it is. */
export function formatTaken(utcMs: number, offsetMinutes: number | null): string {
  if (!Number.isFinite(utcMs)) return "—";
  const d = new Date(utcMs + (offsetMinutes ?? 0) * 60_000);
  const text = `${WEEKDAYS_SHORT[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS_SHORT[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return offsetMinutes === null ? text : `${text} (${formatOffset(offsetMinutes)})`;
}

/** "35.0116° N, 135.7681° E". */
export function formatCoordinates(latitude: number, longitude: number): string {
  const part = (v: number, pos: string, neg: string) => `${Math.abs(v).toFixed(4)}° ${v < 0 ? neg : pos}`;
  return `${part(latitude, "N", "S")}, ${part(longitude, "E", "W")}`;
}

/** "named .png, but …" → "Named .png, but …": the engine's phrases, as a sentence. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How long a one-line excerpt of a document may be, as the engine cuts it. */
const EXCERPT_CHARS = 200;

/** Text on one line: runs of spaces, tabs and line breaks become one space. */
export function oneLine(text: string, max = EXCERPT_CHARS): string {
  const flat = text.split(/\s+/).filter(Boolean).join(" ");
  return flat.length > max ? `${flat.slice(0, max).trimEnd()}…` : flat;
}

/** A fact's value as a row of facts shows it, with its unit. A document's
 * words (pages of them, line breaks kept) become a one-line excerpt: the
 * engine's own when it sent one. */
export function formatFact(fact: Fact): string {
  let text = fact.text;
  if (fact.value.kind === "document") {
    // The engine's excerpt is cut already (its "…" one past the limit).
    text = fact.text ? oneLine(fact.text, EXCERPT_CHARS + 1) : oneLine(fact.value.text);
  }
  return fact.unit ? `${text} ${fact.unit}` : text;
}
