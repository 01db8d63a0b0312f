// The grid's rows: plain rows of tiles, or, for a date sort, the timeline's
// groups (a year, a month or a day) each under a header row. Computed from
// the engine's per-day counts alone, never from the tiles, so a library of
// 100,000 items lays out in a few hundred sections without loading any.
// Pure.
import type { TimelineDay } from "./bindings";
import type { TileRows } from "./keyboard";

export type Grouping = "none" | "year" | "month" | "day";

export const GROUPINGS: Array<{ value: Grouping; label: string }> = [
  { value: "year", label: "By year" },
  { value: "month", label: "By month" },
  { value: "day", label: "By day" },
  { value: "none", label: "Not grouped" },
];

export type GridRow =
  | { kind: "header"; key: string; label: string; count: number }
  | { kind: "tiles"; firstIndex: number; count: number };

/** One group of the timeline, or the whole list when not grouped. */
export type Section = {
  /** "2019", "2019-07" or "2019-07-14"; "" for the plain list. */
  key: string;
  label: string;
  count: number;
  firstIndex: number;
  /** Its header's row; -1 when it has none. */
  headerRow: number;
  /** The row of its first tiles. */
  firstRow: number;
  /** Counting rows of tiles only. */
  firstTileRow: number;
};

/** A month of the list, wherever the grouping puts it: what the scrubber marks. */
export type MonthMark = { month: string; label: string; firstIndex: number; count: number };

export type GridLayout = {
  columns: number;
  /** Items laid out. */
  total: number;
  /** Rows of the virtual list, headers included. */
  rowCount: number;
  row(i: number): GridRow;
  sections: Section[];
  /** In list order; empty when not grouped. */
  months: MonthMark[];
  /** The rows of tiles alone, for the keyboard. */
  tileRows: TileRows;
};

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** The group a day falls in: "2019", "2019-07" or the day itself. */
export function periodOf(day: string, grouping: Grouping): string {
  if (grouping === "year") return day.slice(0, 4);
  if (grouping === "month") return day.slice(0, 7);
  return day;
}

/** "2019", "July 2019", "Sunday 14 July 2019". Read from the digits: a day
 * is the item's own local date, no time zone applies. */
export function periodLabel(period: string): string {
  const [y, m, d] = period.split("-").map(Number);
  if (m === undefined) return String(y);
  if (d === undefined) return `${MONTHS[m - 1]} ${y}`;
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${weekday} ${d} ${MONTHS[m - 1]} ${y}`;
}

/** Makes the counts add up to the grid's total while one of them is fresher
 * than the other (a refresh on its way): extra items join the last day,
 * missing ones come off the end. */
export function fitDays(days: TimelineDay[], total: number): TimelineDay[] {
  const sum = days.reduce((n, d) => n + d.count, 0);
  if (sum === total) return days;
  const out: TimelineDay[] = [];
  let left = total;
  for (const d of days) {
    if (left <= 0) break;
    const count = Math.min(d.count, left);
    out.push({ day: d.day, count });
    left -= count;
  }
  if (left > 0 && out.length > 0) out[out.length - 1] = { ...out[out.length - 1], count: out[out.length - 1].count + left };
  return out;
}

/** Rows of `columns` tiles, no headers. */
export function plainLayout(total: number, columns: number): GridLayout {
  const cols = Math.max(1, columns);
  const rowCount = Math.ceil(total / cols);
  const row = (i: number) => ({ kind: "tiles" as const, firstIndex: i * cols, count: Math.min(cols, total - i * cols) });
  const section: Section = { key: "", label: "", count: total, firstIndex: 0, headerRow: -1, firstRow: 0, firstTileRow: 0 };
  return {
    columns: cols,
    total,
    rowCount,
    row,
    sections: total > 0 ? [section] : [],
    months: [],
    tileRows: { count: rowCount, rowOf: (index) => Math.floor(index / cols), row },
  };
}

/** The timeline: each group's header, then its tiles in rows of `columns`. */
export function timelineLayout(days: TimelineDay[], grouping: Exclude<Grouping, "none">, columns: number): GridLayout & { rows: GridRow[] } {
  const cols = Math.max(1, columns);
  const sections: Section[] = [];
  const months: MonthMark[] = [];
  let index = 0;
  for (const { day, count } of days) {
    if (count <= 0) continue;
    const key = periodOf(day, grouping);
    const last = sections[sections.length - 1];
    if (last && last.key === key) last.count += count;
    else sections.push({ key, label: periodLabel(key), count, firstIndex: index, headerRow: 0, firstRow: 0, firstTileRow: 0 });
    const month = day.slice(0, 7);
    const lastMonth = months[months.length - 1];
    if (lastMonth && lastMonth.month === month) lastMonth.count += count;
    else months.push({ month, label: periodLabel(month), firstIndex: index, count });
    index += count;
  }
  const rows: GridRow[] = [];
  let tileRow = 0;
  for (const s of sections) {
    s.headerRow = rows.length;
    s.firstRow = rows.length + 1;
    s.firstTileRow = tileRow;
    rows.push({ kind: "header", key: s.key, label: s.label, count: s.count });
    for (let first = s.firstIndex; first < s.firstIndex + s.count; first += cols) {
      rows.push({ kind: "tiles", firstIndex: first, count: Math.min(cols, s.firstIndex + s.count - first) });
      tileRow++;
    }
  }
  const sectionAt = (tr: number) => sections[lastAtMost(sections, tr, (s) => s.firstTileRow)];
  const tileRows: TileRows = {
    count: tileRow,
    rowOf(i) {
      const s = sectionOfIndex({ sections }, i);
      return s ? s.firstTileRow + Math.floor((i - s.firstIndex) / cols) : 0;
    },
    row(tr) {
      const s = sectionAt(tr);
      const first = s.firstIndex + (tr - s.firstTileRow) * cols;
      return { firstIndex: first, count: Math.min(cols, s.firstIndex + s.count - first) };
    },
  };
  return { columns: cols, total: index, rowCount: rows.length, row: (i) => rows[i], rows, sections, months, tileRows };
}

/** The position of the last element whose `key` is at most `value` (0 when none is). */
function lastAtMost<T>(list: T[], value: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (key(list[mid]) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function sectionOfIndex(layout: Pick<GridLayout, "sections">, index: number): Section | undefined {
  const { sections } = layout;
  return sections.length ? sections[lastAtMost(sections, index, (s) => s.firstIndex)] : undefined;
}

/** The row holding the tile at `index` (to scroll it into view). */
export function rowOfIndex(layout: GridLayout, index: number): number {
  const s = sectionOfIndex(layout, index);
  return s ? s.firstRow + Math.floor((index - s.firstIndex) / layout.columns) : 0;
}

/** Where a month starts: its group's header when the month opens the group,
 * else the row of its first tile; null when the list has no such month. */
export function rowOfMonth(layout: GridLayout, month: string): number | null {
  const m = layout.months.find((x) => x.month === month);
  if (!m) return null;
  const s = sectionOfIndex(layout, m.firstIndex);
  if (s && s.firstIndex === m.firstIndex && s.headerRow >= 0) return s.headerRow;
  return rowOfIndex(layout, m.firstIndex);
}

/** The header just above `row` when `row` is its group's first row of tiles. */
export function headerAbove(layout: GridLayout, row: number): number | null {
  const s = layout.sections[lastAtMost(layout.sections, row, (x) => x.firstRow)];
  return s && s.firstRow === row && s.headerRow >= 0 ? s.headerRow : null;
}

export type RowSizes = { header: number; tiles: number; padding: number };

/** The pixel offset of a row's top, as the virtual list places it. */
export function rowTop(layout: GridLayout, row: number, sizes: RowSizes): number {
  const { sections } = layout;
  if (sections.length === 0) return sizes.padding;
  const at = lastAtMost(sections, row, (s) => (s.headerRow >= 0 ? s.headerRow : s.firstRow));
  const s = sections[at];
  const headers = sections[0].headerRow >= 0 ? at : 0;
  if (row === s.headerRow) return sizes.padding + headers * sizes.header + s.firstTileRow * sizes.tiles;
  const headed = s.headerRow >= 0 ? headers + 1 : 0;
  return sizes.padding + headed * sizes.header + (s.firstTileRow + row - s.firstRow) * sizes.tiles;
}

/** The height of the whole list. */
export function layoutHeight(layout: GridLayout, sizes: RowSizes): number {
  const headers = layout.sections.filter((s) => s.headerRow >= 0).length;
  return sizes.padding * 2 + headers * sizes.header + layout.tileRows.count * sizes.tiles;
}

/** The months along the list, each with where it starts as a fraction of the list's height. */
export function monthPositions(layout: GridLayout, sizes: RowSizes): Array<MonthMark & { row: number; position: number }> {
  const height = layoutHeight(layout, sizes);
  return layout.months.map((m) => {
    const row = rowOfMonth(layout, m.month) ?? 0;
    return { ...m, row, position: height > 0 ? rowTop(layout, row, sizes) / height : 0 };
  });
}
