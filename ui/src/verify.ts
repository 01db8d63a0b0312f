// "Check library…" in words: what a check found and what can be done about
// each problem. Pure functions over the engine's report.
import type { ProblemKind, VerifyProblem, VerifyProgress, VerifyReport } from "./bindings";
import { formatBytes, formatCount, plural, sentence } from "./format";

export const KIND_LABELS: Record<ProblemKind, string> = {
  damaged: "Damaged copy",
  missing: "Missing",
  changed: "Changed on disk",
  unreadable: "Can't be read",
};

/** What a person can do about one problem, in the order the row offers it. */
export type ProblemAction = "restore" | "mark_missing" | "remove";

/** A watched file lives in its folder (the engine records its absolute
 * path); a copy in the library's store is recorded relative to the library. */
export function isWatchedProblem(p: VerifyProblem): boolean {
  return p.kind === "changed" || /^(\/|\\\\|[A-Za-z]:[\\/])/.test(p.path);
}

export function problemActions(p: VerifyProblem): ProblemAction[] {
  // Edited outside the library, or damaged: the library cannot tell, so it
  // offers to forget the old record and read the file again.
  if (p.kind === "changed") return ["remove"];
  // A watched file is put back in its folder, not restored into the library.
  if (isWatchedProblem(p)) return ["mark_missing", "remove"];
  return ["restore", "mark_missing", "remove"];
}

/** The engine's phrase as a sentence: capitalised, with a full stop. */
export function detailSentence(detail: string): string {
  const text = sentence(detail.trim());
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/** One line saying how the library is: "All 1,234 files are as they were
 * imported." or "3 problems in 1,234 files." */
export function summaryLine(report: VerifyReport): string {
  const n = report.problems.length;
  const files = plural(report.checked, "file");
  if (n === 0) {
    if (report.checked === 0) return "No files were checked.";
    if (report.checked === 1) return "The one file is as it was imported.";
    return `All ${files} are as they were imported.`;
  }
  const repaired = report.problems.filter((p) => p.repaired).length;
  const tail = repaired === 0 ? "" : repaired === n ? (n === 1 ? ", repaired" : ", all repaired") : `, ${formatCount(repaired)} repaired`;
  return `${plural(n, "problem")} in ${files}${tail}.`;
}

/** What the check could not look at, one line each. */
export function reportNotes(report: VerifyReport): string[] {
  const notes: string[] = [];
  if (report.not_yet_hashed > 0) {
    const n = report.not_yet_hashed;
    notes.push(`${plural(n, "file")} ${n === 1 ? "has" : "have"} not been read yet, so there is nothing to compare ${n === 1 ? "it" : "them"} with.`);
  }
  if (report.offline > 0) {
    const n = report.offline;
    notes.push(`${plural(n, "file")} ${n === 1 ? "is in a folder that is" : "are in folders that are"} offline and ${n === 1 ? "was" : "were"} not checked.`);
  }
  return notes;
}

/** The stray copies, in one line; null when there are none. */
export function strayLine(report: VerifyReport): string | null {
  const m = report.stray_copies.length;
  if (m === 0) return null;
  const size = formatBytes(report.stray_bytes);
  if (report.strays_removed) return `Removed ${plural(m, "copy", "copies")} in the library's folder that belonged to no item (${size}).`;
  return `${plural(m, "copy", "copies")} in the library's folder ${m === 1 ? "belongs" : "belong"} to no item (${size}).`;
}

export type RepairPlan = { restore: number; strays: number; strayBytes: number };

/** What Repair would do, or null when it would do nothing. Problems the
 * person dealt with already (`settled`) are left out. */
export function repairPlan(report: VerifyReport, settled: (p: VerifyProblem) => boolean = () => false): RepairPlan | null {
  const restore = report.problems.filter((p) => p.repairable && !p.repaired && !settled(p)).length;
  const strays = report.strays_removed ? 0 : report.stray_copies.length;
  if (restore === 0 && strays === 0) return null;
  return { restore, strays, strayBytes: strays ? report.stray_bytes : 0 };
}

/** "Restore 2 from their originals and remove 1 stray copy (2.5 MB)". */
export function repairText(plan: RepairPlan): string {
  const parts: string[] = [];
  if (plan.restore > 0) parts.push(`restore ${formatCount(plan.restore)} from ${plan.restore === 1 ? "its original" : "their originals"}`);
  if (plan.strays > 0) parts.push(`remove ${plural(plan.strays, "stray copy", "stray copies")} (${formatBytes(plan.strayBytes)})`);
  return sentence(parts.join(" and "));
}

/** "Checked 310 of 1,234 files". */
export function progressText(p: VerifyProgress): string {
  return `Checked ${formatCount(p.checked)} of ${plural(p.total, "file")}`;
}

/** How far, 0–1: by bytes, which is what takes the time, else by files. */
export function progressFraction(p: VerifyProgress | null): number {
  if (!p) return 0;
  const f = p.total_bytes > 0 ? p.bytes / p.total_bytes : p.total > 0 ? p.checked / p.total : 0;
  return Math.min(1, Math.max(0, f));
}

/** Reading speed, "85 MB/s"; "" until there is something to measure. */
export function rateText(bytes: number, seconds: number): string {
  if (!(seconds > 0) || !(bytes > 0)) return "";
  return `${formatBytes(bytes / seconds)}/s`;
}
