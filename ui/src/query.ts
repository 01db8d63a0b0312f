// The search box's text is the query, filters included; the filter bar reads
// its menus back from that text and writes a pick into it. One source of
// truth: typing `type:image` sets the Type menu, picking "Videos" edits the
// text. Pure; the grammar is the core's (words, "phrases", -negation,
// name:value filters with quoted values, ranges `a..b`, `>=a`, `<=b`).

export type Token = {
  /** Where the token is in the query, its `-` included. */
  start: number;
  end: number;
  negated: boolean;
  /** The filter's name, lowercased; null for a word or "a phrase". */
  name: string | null;
  /** The filter's value or the word, without its quotes. */
  value: string;
};

const FILTER_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Splits a query as the engine does. Lenient: an unclosed quote runs to the
 * end (the engine says what is wrong; the bar just reads what it can). */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const closing = (from: number) => {
    const at = query.indexOf('"', from);
    return at < 0 ? query.length : at + 1;
  };
  let i = 0;
  while (i < query.length) {
    if (/\s/.test(query[i])) {
      i++;
      continue;
    }
    const start = i;
    const negated = query[i] === "-" && i + 1 < query.length && !/\s/.test(query[i + 1]);
    if (negated) i++;
    if (query[i] === '"') {
      const end = closing(i + 1);
      tokens.push({ start, end, negated, name: null, value: query.slice(i + 1, end).replace(/"$/, "") });
      i = end;
      continue;
    }
    let end = i;
    while (end < query.length && !/\s/.test(query[end])) end = query[end] === '"' ? closing(end + 1) : end + 1;
    const text = query.slice(i, end);
    const colon = text.indexOf(":");
    const name = colon > 0 ? text.slice(0, colon) : "";
    if (FILTER_NAME.test(name)) {
      tokens.push({ start, end, negated, name: name.toLowerCase(), value: text.slice(colon + 1).replace(/^"+|"+$/g, "") });
    } else {
      tokens.push({ start, end, negated, name: null, value: text });
    }
    i = end;
  }
  return tokens;
}

/** The words and phrases of a query, its filters left out (for matching notes and groups). */
export function queryWords(query: string): string {
  return tokenize(query)
    .filter((t) => t.name === null)
    .map((t) => query.slice(t.start, t.end))
    .join(" ");
}

// --- what the filter bar shows ---

export type TypeFilter = "any" | "image" | "video" | "other";
export type SizeFilter = "any" | "lt100kb" | "100kb-1mb" | "1mb-10mb" | "gt10mb" | "gt100mb";

/**
 * The filter bar's controls, read from the query. A menu whose filter is
 * typed in a way it has no entry for (`type:audio`, two `tag:`s) holds that
 * text itself, and the menu shows it as an extra entry.
 */
export type Filters = {
  type: TypeFilter | string;
  /** A tag name, or "" for any. */
  tag: string;
  /** Added between: "YYYY-MM-DD" or "". */
  from: string;
  to: string;
  size: SizeFilter | string;
  /** Taken between: "YYYY", "YYYY-MM", "YYYY-MM-DD" or "". */
  takenFrom: string;
  takenTo: string;
  /** Words of the camera's name, or "". */
  camera: string;
  /** The fewest stars, "1" to "5" (`rating:>=N`), or "any". */
  rating: string;
  /** A colour label (`label:red`), or "". */
  label: string;
  /** "pick" or "reject" (`flag:pick`), or "". */
  flag: string;
};

export const emptyFilters: Filters = { type: "any", tag: "", from: "", to: "", size: "any", takenFrom: "", takenTo: "", camera: "", rating: "any", label: "", flag: "" };

const MARK_LABELS = ["red", "yellow", "green", "blue", "purple"];
const MARK_FLAGS = ["pick", "reject"];

export const SIZE_OPTIONS: Array<{ value: SizeFilter; label: string; query: string }> = [
  { value: "any", label: "Any size", query: "" },
  { value: "lt100kb", label: "Under 100 KB", query: "size:<100kb" },
  { value: "100kb-1mb", label: "100 KB – 1 MB", query: "size:100kb..1mb" },
  { value: "1mb-10mb", label: "1 – 10 MB", query: "size:1mb..10mb" },
  { value: "gt10mb", label: "Over 10 MB", query: "size:>10mb" },
  { value: "gt100mb", label: "Over 100 MB", query: "size:>100mb" },
];

// --- periods: a year, a month or a day, as the engine's dates read ---

const PERIOD = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "2019", "2019-07" or "2019-07-14", when it is a real date. */
export function isPeriod(text: string): boolean {
  const m = PERIOD.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), m[2] ? Number(m[2]) : 1, m[3] ? Number(m[3]) : 1];
  return year >= 1970 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** The first and last day a period covers. */
export function periodDays(period: string): [string, string] {
  const [y, m, d] = period.split("-");
  if (d) return [period, period];
  if (m) return [`${y}-${m}-01`, `${y}-${m}-${pad(daysIn(Number(y), Number(m)))}`];
  return [`${y}-01-01`, `${y}-12-31`];
}

/** The period next to this one, of the same length (`step` 1 or -1). */
function shiftPeriod(period: string, step: 1 | -1): string {
  const [y, m, d] = period.split("-").map(Number);
  if (d !== undefined) {
    const t = new Date(Date.UTC(y, m - 1, d + step));
    return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  }
  if (m !== undefined) {
    const months = y * 12 + (m - 1) + step;
    return `${Math.floor(months / 12)}-${pad((months % 12) + 1)}`;
  }
  return String(y + step);
}

export type DateRange = { from: string; to: string };

/** A range value (`a..b`, `a..`, `>=a`, `>a`, `<=b`, `<b`, or one period) as
 * the periods it starts and ends with; null when it is not one. */
export function parseDateRange(value: string): DateRange | null {
  const ok = (p: string) => p === "" || isPeriod(p);
  const dots = value.indexOf("..");
  if (dots >= 0) {
    const [from, to] = [value.slice(0, dots), value.slice(dots + 2)];
    return ok(from) && ok(to) && (from || to) ? { from, to } : null;
  }
  for (const [prefix, read] of [
    [">=", (p: string) => ({ from: p, to: "" })],
    ["<=", (p: string) => ({ from: "", to: p })],
    // Exclusive bounds are the next or previous period, inclusive.
    [">", (p: string) => ({ from: shiftPeriod(p, 1), to: "" })],
    ["<", (p: string) => ({ from: "", to: shiftPeriod(p, -1) })],
  ] as const) {
    if (value.startsWith(prefix)) {
      const p = value.slice(prefix.length);
      return isPeriod(p) ? read(p) : null;
    }
  }
  return isPeriod(value) ? { from: value, to: value } : null;
}

/** Several ranges all apply: the latest start and the earliest end. */
function intersect(ranges: DateRange[]): DateRange {
  let from = "";
  let to = "";
  for (const r of ranges) {
    if (r.from && (!from || periodDays(r.from)[0] > periodDays(from)[0])) from = r.from;
    if (r.to && (!to || periodDays(r.to)[1] < periodDays(to)[1])) to = r.to;
  }
  return { from, to };
}

/** A taken range the way a person writes it: one period alone, `>=a`, `<=b`,
 * or `a..b` (swapped when given backwards); "" when open on both sides. */
export function periodRange(name: string, fromText: string, toText: string): string {
  let from = isPeriod(fromText) ? fromText : "";
  let to = isPeriod(toText) ? toText : "";
  if (!from && !to) return "";
  if (from && to && periodDays(from)[0] > periodDays(to)[1]) [from, to] = [to, from];
  if (from === to) return `${name}:${from}`;
  if (!to) return `${name}:>=${from}`;
  if (!from) return `${name}:<=${to}`;
  return `${name}:${from}..${to}`;
}

/** `created:FROM..TO` for the Added day pickers, open on either side; swapped when given backwards. */
export function dateFilter(from: string, to: string): string {
  let a = DAY.test(from) ? from : "";
  let b = DAY.test(to) ? to : "";
  if (!a && !b) return "";
  if (a && b && a > b) [a, b] = [b, a];
  return `created:${a}..${b}`;
}

// --- the filters a control writes ---

/** `tag:"summer trip"`. The language has no escape for a quote inside a value. */
export function tagFilter(name: string): string {
  const cleaned = name.replace(/"/g, "").trim();
  return cleaned ? `tag:"${cleaned}"` : "";
}

export function typeFilter(type: string): string {
  switch (type) {
    case "image":
      return "type:image";
    case "video":
      return "type:video";
    case "other":
      // "Other" in the picker means neither image nor video.
      return "-type:image -type:video";
    default:
      return "";
  }
}

export function sizeFilter(size: string): string {
  return SIZE_OPTIONS.find((o) => o.value === size)?.query ?? "";
}

/** `camera:canon`, `camera:"eos 5d"`: words of the camera's name. */
export function cameraFilter(words: string): string {
  const cleaned = words.replace(/"/g, "").trim().replace(/\s+/g, " ");
  if (!cleaned) return "";
  return cleaned.includes(" ") ? `camera:"${cleaned}"` : `camera:${cleaned}`;
}

/** `rating:>=4` for "4 stars or more"; "" for any. */
export function ratingFilter(min: string): string {
  return /^[1-5]$/.test(min) ? `rating:>=${min}` : "";
}

/** `label:red`, `flag:pick`: one of the values the language knows, else nothing. */
const oneOf = (name: string, known: string[]) => (value: string) => (known.includes(value) ? `${name}:${value}` : "");

// --- each control: the tokens it owns, what it reads from them, what it writes ---

type Control = {
  fields: Array<keyof Filters>;
  owns(tokens: Token[]): Token[];
  read(owned: Token[], query: string): Partial<Filters>;
  write(f: Filters): string;
};

const raw = (owned: Token[], query: string) => owned.map((t) => query.slice(t.start, t.end)).join(" ");
const positive = (...names: string[]) => (tokens: Token[]) => tokens.filter((t) => !t.negated && t.name !== null && names.includes(t.name));

const CONTROLS: Control[] = [
  {
    fields: ["type"],
    owns(tokens) {
      // "Other" is the pair `-type:image -type:video`; one of them alone is the person's own.
      const not = (v: string) => tokens.filter((t) => t.negated && t.name === "type" && t.value.toLowerCase() === v);
      const pair = not("image").length > 0 && not("video").length > 0 ? [...not("image"), ...not("video")] : [];
      return [...positive("type")(tokens), ...pair].sort((a, b) => a.start - b.start);
    },
    read(owned, query) {
      const plus = owned.filter((t) => !t.negated);
      if (plus.length === 0) return { type: owned.length > 0 ? "other" : "any" };
      const value = plus[0].value.toLowerCase();
      return { type: plus.length === 1 && (value === "image" || value === "video") ? value : raw(plus, query) };
    },
    write: (f) => typeFilter(f.type),
  },
  {
    fields: ["tag"],
    owns: positive("tag"),
    read: (owned, query) => ({ tag: owned.length === 0 ? "" : owned.length === 1 ? owned[0].value : raw(owned, query) }),
    write: (f) => tagFilter(f.tag),
  },
  {
    fields: ["from", "to"],
    owns: positive("created", "date"),
    read(owned) {
      // The day pickers show whole days: `created:2024-05` is May 1st to 31st.
      const r = intersect(owned.map((t) => parseDateRange(t.value)).filter((x) => x !== null));
      return { from: r.from ? periodDays(r.from)[0] : "", to: r.to ? periodDays(r.to)[1] : "" };
    },
    write: (f) => dateFilter(f.from, f.to),
  },
  {
    fields: ["size"],
    owns: positive("size"),
    read(owned, query) {
      if (owned.length === 0) return { size: "any" };
      const text = raw(owned, query).toLowerCase();
      return { size: SIZE_OPTIONS.find((o) => o.query && o.query === text)?.value ?? raw(owned, query) };
    },
    write: (f) => sizeFilter(f.size),
  },
  {
    fields: ["takenFrom", "takenTo"],
    owns: positive("taken"),
    read(owned) {
      const r = intersect(owned.map((t) => parseDateRange(t.value)).filter((x) => x !== null));
      return { takenFrom: r.from, takenTo: r.to };
    },
    write: (f) => periodRange("taken", f.takenFrom, f.takenTo),
  },
  {
    fields: ["camera"],
    owns: positive("camera"),
    read: (owned) => ({ camera: owned.map((t) => t.value).join(" ") }),
    write: (f) => cameraFilter(f.camera),
  },
  {
    fields: ["rating"],
    owns: positive("rating"),
    read(owned, query) {
      if (owned.length === 0) return { rating: "any" };
      // `rating:5` is the top of the menu too: nothing rates above 5.
      const min = owned.length === 1 ? /^(?:>=)?([1-5])$/.exec(owned[0].value) : null;
      return { rating: min && (owned[0].value.startsWith(">=") || min[1] === "5") ? min[1] : raw(owned, query) };
    },
    write: (f) => ratingFilter(f.rating),
  },
  {
    fields: ["label"],
    owns: positive("label"),
    read: (owned, query) => ({ label: owned.length === 0 ? "" : owned.length === 1 && MARK_LABELS.includes(owned[0].value.toLowerCase()) ? owned[0].value.toLowerCase() : raw(owned, query) }),
    write: (f) => oneOf("label", MARK_LABELS)(f.label),
  },
  {
    fields: ["flag"],
    owns: positive("flag"),
    read: (owned, query) => ({ flag: owned.length === 0 ? "" : owned.length === 1 && MARK_FLAGS.includes(owned[0].value.toLowerCase()) ? owned[0].value.toLowerCase() : raw(owned, query) }),
    write: (f) => oneOf("flag", MARK_FLAGS)(f.flag),
  },
];

/** What the filter bar shows for this query. */
export function readFilters(query: string): Filters {
  const tokens = tokenize(query);
  const filters = { ...emptyFilters };
  for (const c of CONTROLS) Object.assign(filters, c.read(c.owns(tokens), query));
  return filters;
}

/** The query with some controls set: their tokens are replaced where the
 * first of them stood (so the text does not jump), or added at the end. */
export function withFilters(query: string, patch: Partial<Filters>): string {
  let text = query;
  for (const c of CONTROLS) {
    if (!c.fields.some((f) => f in patch)) continue;
    const tokens = tokenize(text);
    const owned = c.owns(tokens);
    const next = c.write({ ...emptyFilters, ...c.read(owned, text), ...pick(patch, c.fields) });
    text = replaceTokens(text, owned, next);
  }
  return text;
}

function pick(patch: Partial<Filters>, fields: Array<keyof Filters>): Partial<Filters> {
  const out: Partial<Filters> = {};
  for (const f of fields) if (f in patch) out[f] = patch[f];
  return out;
}

function replaceTokens(query: string, owned: Token[], replacement: string): string {
  if (owned.length === 0) {
    if (!replacement) return query;
    const base = query.trimEnd();
    return base ? `${base} ${replacement}` : replacement;
  }
  let text = query;
  // From the back, so earlier positions stay valid.
  for (let i = owned.length - 1; i >= 0; i--) {
    const t = owned[i];
    if (i === 0 && replacement) {
      text = text.slice(0, t.start) + replacement + text.slice(t.end);
    } else {
      // Take the space after the token too (before it, at the very end).
      let { start, end } = t;
      while (end < text.length && /\s/.test(text[end])) end++;
      if (end === text.length) while (start > 0 && /\s/.test(text[start - 1])) start--;
      text = text.slice(0, start) + text.slice(end);
    }
  }
  return text;
}
