import { describe, expect, it } from "vitest";
import {
  fitDays,
  headerAbove,
  layoutHeight,
  monthPositions,
  periodLabel,
  plainLayout,
  rowOfIndex,
  rowOfMonth,
  rowTop,
  timelineLayout,
} from "./timeline";

// Newest first, as the engine sends it for "newest".
const days = [
  { day: "2019-07-14", count: 5 },
  { day: "2019-07-02", count: 2 },
  { day: "2019-06-30", count: 3 },
  { day: "2018-12-25", count: 1 },
];
const sizes = { header: 40, tiles: 200, padding: 16 };

describe("periodLabel", () => {
  it("names years, months and days from their digits", () => {
    expect(periodLabel("2019")).toBe("2019");
    expect(periodLabel("2019-07")).toBe("July 2019");
    expect(periodLabel("2019-07-14")).toBe("Sunday 14 July 2019");
    expect(periodLabel("2018-12-25")).toBe("Tuesday 25 December 2018");
  });
});

describe("timelineLayout", () => {
  it("puts a header with its count above each month's rows of tiles", () => {
    const layout = timelineLayout(days, "month", 4);
    expect(layout.rows).toEqual([
      { kind: "header", key: "2019-07", label: "July 2019", count: 7 },
      { kind: "tiles", firstIndex: 0, count: 4 },
      { kind: "tiles", firstIndex: 4, count: 3 },
      { kind: "header", key: "2019-06", label: "June 2019", count: 3 },
      { kind: "tiles", firstIndex: 7, count: 3 },
      { kind: "header", key: "2018-12", label: "December 2018", count: 1 },
      { kind: "tiles", firstIndex: 10, count: 1 },
    ]);
    expect(layout.rowCount).toBe(7);
    expect(layout.total).toBe(11);
    expect(layout.tileRows.count).toBe(4);
  });

  it("groups by year and by day", () => {
    const years = timelineLayout(days, "year", 4).rows.filter((r) => r.kind === "header");
    expect(years).toEqual([
      { kind: "header", key: "2019", label: "2019", count: 10 },
      { kind: "header", key: "2018", label: "2018", count: 1 },
    ]);
    const byDay = timelineLayout(days, "day", 4);
    expect(byDay.sections.map((s) => s.label)).toEqual(["Sunday 14 July 2019", "Tuesday 2 July 2019", "Sunday 30 June 2019", "Tuesday 25 December 2018"]);
    expect(byDay.rowCount).toBe(4 + 5);
  });

  it("finds the row of any tile, for scrolling it into view", () => {
    const layout = timelineLayout(days, "month", 4);
    expect([0, 3, 4, 6, 7, 9, 10].map((i) => rowOfIndex(layout, i))).toEqual([1, 1, 2, 2, 4, 4, 6]);
    expect(layout.tileRows.rowOf(7)).toBe(2);
    expect(layout.tileRows.row(1)).toEqual({ firstIndex: 4, count: 3 });
  });

  it("finds where a month starts, for the scrubber", () => {
    const month = timelineLayout(days, "month", 4);
    expect(rowOfMonth(month, "2019-06")).toBe(3);
    expect(rowOfMonth(month, "2020-01")).toBeNull();
    // By year, June starts inside 2019's rows: at the row of its first tile.
    const year = timelineLayout(days, "year", 4);
    expect(rowOfMonth(year, "2019-07")).toBe(0);
    expect(rowOfMonth(year, "2019-06")).toBe(2);
    expect(rowOfMonth(year, "2018-12")).toBe(4);
    expect(year.months.map((m) => [m.label, m.count])).toEqual([
      ["July 2019", 7],
      ["June 2019", 3],
      ["December 2018", 1],
    ]);
  });

  it("knows the header above a group's first row", () => {
    const layout = timelineLayout(days, "month", 4);
    expect(headerAbove(layout, 1)).toBe(0);
    expect(headerAbove(layout, 2)).toBeNull();
    expect(headerAbove(layout, 4)).toBe(3);
    expect(headerAbove(plainLayout(10, 4), 0)).toBeNull();
  });

  it("places rows as the virtual list does", () => {
    const layout = timelineLayout(days, "month", 4);
    const tops = Array.from({ length: layout.rowCount }, (_, i) => rowTop(layout, i, sizes));
    let y = sizes.padding;
    const expected = layout.rows.map((r) => {
      const top = y;
      y += r.kind === "header" ? sizes.header : sizes.tiles;
      return top;
    });
    expect(tops).toEqual(expected);
    expect(layoutHeight(layout, sizes)).toBe(y + sizes.padding);
    const marks = monthPositions(layout, sizes);
    expect(marks.map((m) => m.row)).toEqual([0, 3, 5]);
    expect(marks[0].position).toBeCloseTo(16 / (y + 16));
    expect(marks[2].position).toBeLessThan(1);
  });

  it("lays out 100,000 items over ten years quickly", () => {
    const many = [];
    for (let d = 0; d < 3650; d++) {
      const t = new Date(Date.UTC(2024, 0, 1) - d * 86400_000);
      many.push({ day: t.toISOString().slice(0, 10), count: d % 10 === 0 ? 4 : 27 });
    }
    const started = performance.now();
    const layout = timelineLayout(many, "day", 6);
    expect(performance.now() - started).toBeLessThan(200);
    expect(layout.sections.length).toBe(3650);
    const last = layout.total - 1;
    expect(layout.row(rowOfIndex(layout, last))).toMatchObject({ kind: "tiles" });
    // 2024-01-01 back to 2014-01-04: 121 months, eleven years.
    expect(timelineLayout(many, "month", 6).sections.length).toBe(121);
    expect(timelineLayout(many, "year", 6).sections.length).toBe(11);
  });
});

describe("plainLayout", () => {
  it("is rows of tiles without headers", () => {
    const layout = plainLayout(10, 4);
    expect(layout.rowCount).toBe(3);
    expect(layout.row(2)).toEqual({ kind: "tiles", firstIndex: 8, count: 2 });
    expect(rowOfIndex(layout, 9)).toBe(2);
    expect(rowTop(layout, 2, sizes)).toBe(16 + 400);
    expect(layout.months).toEqual([]);
  });
});

describe("fitDays", () => {
  it("makes the counts add up to the grid's total while a refresh is on its way", () => {
    expect(fitDays(days, 11)).toBe(days);
    expect(fitDays(days, 6)).toEqual([
      { day: "2019-07-14", count: 5 },
      { day: "2019-07-02", count: 1 },
    ]);
    expect(fitDays(days, 13).at(-1)).toEqual({ day: "2018-12-25", count: 3 });
    expect(fitDays(days, 0)).toEqual([]);
  });
});
