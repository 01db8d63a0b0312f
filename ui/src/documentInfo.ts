// A document's facts (a PDF's or a text file's), laid out as a reader
// expects: its title and author, how many pages, and the beginning of its
// words to read. The rest is left for the other layouts and the generic
// list. Pure.
import type { Fact } from "./bindings";
import { plural } from "./format";

export type DocumentInfo = {
  title: string | null;
  author: string | null;
  /** "12 pages". */
  pages: string | null;
  /** The beginning of its words, line breaks kept. */
  text: string | null;
  /** Whether `text` stops where the engine cut it, not where the words end. */
  textIsCut: boolean;
};

/** How much of a document's words the engine sends a page (EXCERPT_BYTES). */
const EXCERPT_BYTES = 4096;

type Kind = Fact["value"]["kind"];

const KNOWN: Record<string, Kind> = {
  title: "text",
  author: "text",
  pages: "integer",
  text: "document",
};

const utf8 = new TextEncoder();

/** Splits a document's facts into what the document layout shows and the rest. */
export function readDocumentInfo(facts: Fact[]): { info: DocumentInfo | null; rest: Fact[] } {
  const known = new Map<string, Fact>();
  const rest: Fact[] = [];
  for (const f of facts) {
    if (KNOWN[f.key] === f.value.kind && !known.has(f.key)) known.set(f.key, f);
    else rest.push(f);
  }
  const words = (key: string) => known.get(key)?.text.trim() || null;
  const textFact = known.get("text");
  const text = textFact?.value.kind === "document" && textFact.value.text.trim() ? textFact.value.text : null;
  const pagesFact = known.get("pages");
  const pages = pagesFact?.value.kind === "integer" && pagesFact.value.integer > 0 ? plural(pagesFact.value.integer, "page") : null;
  // A character cut in two at the limit is dropped, so "cut" is within one of it.
  const textIsCut = text !== null && utf8.encode(text).length > EXCERPT_BYTES - 4;
  const info: DocumentInfo = { title: words("title"), author: words("author"), pages, text, textIsCut };
  return { info: info.title || info.author || info.pages || info.text ? info : null, rest };
}
