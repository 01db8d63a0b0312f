// "Export…" in words: what will be exported, how far it got and what it did.
// Pure functions over the counts and the engine's report.
import type { ExportLayout, ExportProgress, ExportReport } from "./bindings";
import { formatCount, plural } from "./format";

export type ExportScope = "search" | "all";

export const LAYOUTS: Array<{ layout: ExportLayout; label: string }> = [
  { layout: "flat", label: "In one folder" },
  { layout: "group", label: "A folder per group" },
  { layout: "date", label: "Folders by year and month" },
];

/** What is written, in plain words. */
export const WHAT_IS_WRITTEN =
  "Each file keeps its name and gets an .xmp sidecar with its tags and description; library.json lists every item, tag, group and note.";

/** "All 1,234 items" (the count unknown yet: "All items"). */
export function allLabel(total: number | null): string {
  if (total === null) return "All items";
  if (total === 1) return "The one item";
  return `All ${plural(total, "item")}`;
}

/** "The 12 items this search finds". */
export function searchLabel(total: number | null): string {
  if (total === null) return "The items this search finds";
  return `The ${plural(total, "item")} this search finds`;
}

/** "Exported 30 of 61"; before the first event, what the person is to do. */
export function exportProgressText(p: ExportProgress | null): string {
  if (!p) return "Choose a folder in the window that opened…";
  return `Exported ${formatCount(p.done)} of ${formatCount(p.total)}`;
}

export function exportFraction(p: ExportProgress | null): number {
  if (!p || p.total <= 0) return 0;
  return Math.min(1, Math.max(0, p.done / p.total));
}

/** "Exported 58 items to /home/me/Exports." */
export function exportSummary(r: ExportReport): string {
  if (r.exported > 0) return `Exported ${plural(r.exported, "item")} to ${r.folder}.`;
  if (r.skipped > 0) return `Nothing new to export to ${r.folder}.`;
  if (r.failed.length > 0) return `Nothing was exported to ${r.folder}.`;
  return `There was nothing to export to ${r.folder}.`;
}

/** "2 were already there." (a re-run into the same folder skips them); null when none. */
export function skippedLine(r: ExportReport): string | null {
  if (r.skipped <= 0) return null;
  return `${formatCount(r.skipped)} ${r.skipped === 1 ? "was" : "were"} already there.`;
}

/** "3 items could not be exported:" above their names; null when none. */
export function failedLine(r: ExportReport): string | null {
  const n = r.failed.length;
  if (n === 0) return null;
  return n === 1 ? "1 item could not be exported:" : `${plural(n, "item")} could not be exported:`;
}
