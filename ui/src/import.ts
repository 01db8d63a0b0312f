// What an import's summary says to the person.
import type { ImportSummary, ReconcileReport } from "./bindings";
import { plural } from "./format";

const MAX_LISTED = 5;

/** The toast after a new watched folder's first walk. */
export function scanMessage(report: ReconcileReport): { text: string; details: string[]; ok: boolean } {
  const failed = report.failed.length;
  let text = `${report.path}: ${plural(report.added, "file")} added`;
  if (failed > 0) text += `, ${plural(failed, "place")} could not be read`;
  const details = report.failed.slice(0, MAX_LISTED).map((f) => `${f.path}: ${f.error}`);
  if (failed > MAX_LISTED) details.push(`…and ${failed - MAX_LISTED} more`);
  return { text, details, ok: failed === 0 };
}

export function importMessage(summary: ImportSummary): { text: string; details: string[]; ok: boolean } {
  const failed = summary.failed.length;
  let text = `Imported ${plural(summary.imported, "file")}`;
  if (failed > 0) text += `, ${plural(failed, "file")} failed`;
  const details = summary.failed.slice(0, MAX_LISTED).map((f) => `${f.path}: ${f.error}`);
  if (failed > MAX_LISTED) details.push(`…and ${failed - MAX_LISTED} more`);
  return { text, details, ok: failed === 0 };
}
