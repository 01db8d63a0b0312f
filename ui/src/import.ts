// What an import's summary says to the person.
import type { ImportSummary } from "./bindings";
import { plural } from "./format";

const MAX_LISTED = 5;

export function importMessage(summary: ImportSummary): { text: string; details: string[]; ok: boolean } {
  const failed = summary.failed.length;
  let text = `Imported ${plural(summary.imported, "file")}`;
  if (failed > 0) text += `, ${plural(failed, "file")} failed`;
  const details = summary.failed.slice(0, MAX_LISTED).map((f) => `${f.path}: ${f.error}`);
  if (failed > MAX_LISTED) details.push(`…and ${failed - MAX_LISTED} more`);
  return { text, details, ok: failed === 0 };
}
