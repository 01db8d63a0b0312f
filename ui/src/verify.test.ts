import { describe, expect, it } from "vitest";
import type { VerifyProblem, VerifyReport } from "./bindings";
import {
  detailSentence,
  isWatchedProblem,
  problemActions,
  progressFraction,
  progressText,
  rateText,
  repairPlan,
  repairText,
  reportNotes,
  strayLine,
  summaryLine,
} from "./verify";

const problem = (over: Partial<VerifyProblem> = {}): VerifyProblem => ({
  resource_id: 1,
  name: "a.jpg",
  kind: "damaged",
  path: "files/ab/abcdef.jpg",
  detail: "the library's copy no longer has the bytes it was imported with",
  original_path: "/card/DCIM/a.jpg",
  repairable: true,
  repaired: false,
  ...over,
});

const report = (over: Partial<VerifyReport> = {}): VerifyReport => ({
  checked: 1234,
  bytes: 0,
  seconds: 1,
  not_yet_hashed: 0,
  offline: 0,
  problems: [],
  stray_copies: [],
  stray_bytes: 0,
  strays_removed: false,
  ...over,
});

describe("check library words", () => {
  it("sums up a clean library and one with problems", () => {
    expect(summaryLine(report())).toBe("All 1,234 files are as they were imported.");
    expect(summaryLine(report({ checked: 1 }))).toBe("The one file is as it was imported.");
    expect(summaryLine(report({ checked: 0 }))).toBe("No files were checked.");
    const three = [problem(), problem({ resource_id: 2 }), problem({ resource_id: 3 })];
    expect(summaryLine(report({ problems: three }))).toBe("3 problems in 1,234 files.");
    expect(summaryLine(report({ checked: 1, problems: [problem()] }))).toBe("1 problem in 1 file.");
    expect(summaryLine(report({ problems: [problem({ repaired: true }), problem()] }))).toBe("2 problems in 1,234 files, 1 repaired.");
    expect(summaryLine(report({ problems: [problem({ repaired: true })] }))).toBe("1 problem in 1,234 files, repaired.");
  });

  it("notes what it could not check", () => {
    expect(reportNotes(report())).toEqual([]);
    const [hashed, offline] = reportNotes(report({ not_yet_hashed: 12, offline: 5 }));
    expect(hashed).toMatch(/^12 files have not been read yet/);
    expect(offline).toBe("5 files are in folders that are offline and were not checked.");
    expect(reportNotes(report({ not_yet_hashed: 1, offline: 1 }))).toEqual([
      "1 file has not been read yet, so there is nothing to compare it with.",
      "1 file is in a folder that is offline and was not checked.",
    ]);
  });

  it("says what Repair would do, and nothing when it has nothing to do", () => {
    const strays = { stray_copies: ["files/aa/1", "files/aa/2", "files/aa/3"], stray_bytes: 12_300_000 };
    const plan = repairPlan(report({ problems: [problem(), problem({ resource_id: 2 }), problem({ resource_id: 3, repairable: false })], ...strays }))!;
    expect(repairText(plan)).toBe("Restore 2 from their originals and remove 3 stray copies (12 MB)");
    expect(repairText(repairPlan(report({ problems: [problem()] }))!)).toBe("Restore 1 from its original");
    expect(repairText(repairPlan(report({ stray_copies: ["x"], stray_bytes: 2_480_133 }))!)).toBe("Remove 1 stray copy (2.5 MB)");
    expect(repairPlan(report({ problems: [problem({ repaired: true })], ...strays, strays_removed: true }))).toBeNull();
    // What the person restored or removed from its row is not repaired again.
    expect(repairPlan(report({ problems: [problem()] }), () => true)).toBeNull();
  });

  it("counts the stray copies in one line", () => {
    expect(strayLine(report())).toBeNull();
    expect(strayLine(report({ stray_copies: ["a", "b"], stray_bytes: 3_000_000 }))).toBe("2 copies in the library's folder belong to no item (3.0 MB).");
    expect(strayLine(report({ stray_copies: ["a"], stray_bytes: 1_000, strays_removed: true }))).toBe("Removed 1 copy in the library's folder that belonged to no item (1.0 KB).");
  });

  it("offers restoring only the library's own copies, and only removing a changed file", () => {
    expect(problemActions(problem())).toEqual(["restore", "mark_missing", "remove"]);
    expect(problemActions(problem({ kind: "unreadable", repairable: false }))).toEqual(["restore", "mark_missing", "remove"]);
    expect(problemActions(problem({ kind: "changed", path: "/home/me/Pictures/a.jpg" }))).toEqual(["remove"]);
    const watchedMissing = problem({ kind: "missing", path: "/home/me/Pictures/a.jpg", repairable: false });
    expect(isWatchedProblem(watchedMissing)).toBe(true);
    expect(problemActions(watchedMissing)).toEqual(["mark_missing", "remove"]);
    expect(isWatchedProblem(problem({ kind: "missing", path: "C:\\Users\\me\\a.jpg" }))).toBe(true);
    expect(isWatchedProblem(problem({ kind: "missing" }))).toBe(false);
  });

  it("words progress, its fraction by bytes, and the reading speed", () => {
    const p = { checked: 310, total: 1234, bytes: 250_000_000, total_bytes: 1_000_000_000 };
    expect(progressText(p)).toBe("Checked 310 of 1,234 files");
    expect(progressFraction(p)).toBe(0.25);
    expect(progressFraction({ checked: 1, total: 4, bytes: 0, total_bytes: 0 })).toBe(0.25);
    expect(progressFraction(null)).toBe(0);
    expect(rateText(170_000_000, 2)).toBe("85 MB/s");
    expect(rateText(0, 2)).toBe("");
    expect(rateText(5, 0)).toBe("");
    expect(detailSentence("the file cannot be read: permission denied")).toBe("The file cannot be read: permission denied.");
    expect(detailSentence("Already a sentence.")).toBe("Already a sentence.");
  });
});
