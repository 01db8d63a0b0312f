import { describe, expect, it } from "vitest";
import type { ExportReport } from "./bindings";
import { allLabel, exportFraction, exportProgressText, exportSummary, failedLine, searchLabel, skippedLine } from "./exporting";

const report = (r: Partial<ExportReport>): ExportReport => ({ folder: "/x/Export", exported: 0, skipped: 0, failed: [], bytes: 0, ...r });
const failure = (n: number) => ({ resource_id: n, name: `f${n}.jpg`, error: "gone" });

describe("export in words", () => {
  it("says what will be exported", () => {
    expect(allLabel(1234)).toBe("All 1,234 items");
    expect(allLabel(1)).toBe("The one item");
    expect(allLabel(null)).toBe("All items");
    expect(searchLabel(12)).toBe("The 12 items this search finds");
    expect(searchLabel(1)).toBe("The 1 item this search finds");
    expect(searchLabel(null)).toBe("The items this search finds");
  });

  it("says how far it got", () => {
    expect(exportProgressText({ done: 1200, total: 3400 })).toBe("Exported 1,200 of 3,400");
    expect(exportProgressText(null)).toContain("Choose a folder");
    expect(exportFraction({ done: 1, total: 4 })).toBe(0.25);
    expect(exportFraction({ done: 0, total: 0 })).toBe(0);
    expect(exportFraction({ done: 9, total: 4 })).toBe(1);
    expect(exportFraction(null)).toBe(0);
  });

  it("sums up what it did", () => {
    expect(exportSummary(report({ exported: 58 }))).toBe("Exported 58 items to /x/Export.");
    expect(exportSummary(report({ exported: 1 }))).toBe("Exported 1 item to /x/Export.");
    expect(exportSummary(report({ skipped: 5 }))).toBe("Nothing new to export to /x/Export.");
    expect(exportSummary(report({ failed: [failure(1)] }))).toBe("Nothing was exported to /x/Export.");
    expect(exportSummary(report({}))).toBe("There was nothing to export to /x/Export.");
    expect(skippedLine(report({ skipped: 0 }))).toBeNull();
    expect(skippedLine(report({ skipped: 1 }))).toBe("1 was already there.");
    expect(skippedLine(report({ skipped: 1500 }))).toBe("1,500 were already there.");
    expect(failedLine(report({}))).toBeNull();
    expect(failedLine(report({ failed: [failure(1)] }))).toBe("1 item could not be exported:");
    expect(failedLine(report({ failed: [failure(1), failure(2)] }))).toBe("2 items could not be exported:");
  });
});
