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

/** The toast after an import. The card may be taken out only when the engine
 * says every file is on disk and nothing failed. */
export function importMessage(summary: ImportSummary): { text: string; details: string[]; ok: boolean } {
  const failed = summary.failed.length;
  const one = summary.imported === 1;
  let text = `Imported ${plural(summary.imported, "file")}`;
  if (failed > 0) {
    text += `, ${plural(failed, "file")} failed`;
    if (summary.verified) text += one ? "; the copy made was verified" : "; every copy made was verified";
  } else {
    if (summary.verified) text += one ? ", its copy verified" : ", every copy verified";
    if (summary.safe_to_remove) text += " — the card or drive can be removed";
  }
  const details = summary.failed.slice(0, MAX_LISTED).map((f) => `${f.path}: ${f.error}`);
  if (failed > MAX_LISTED) details.push(`…and ${failed - MAX_LISTED} more`);
  return { text, details, ok: failed === 0 };
}
