// Builds the search string the backend understands from the search box and the
// filter controls. Pure; the grammar is the core's (words, "phrases", -negation,
// tag: type: size: created: …).

export type TypeFilter = "any" | "image" | "video" | "other";
export type SizeFilter = "any" | "lt100kb" | "100kb-1mb" | "1mb-10mb" | "gt10mb" | "gt100mb";

export type Filters = {
  /** What the person typed. */
  text: string;
  type: TypeFilter;
  /** A tag name, or "" for any. */
  tag: string;
  /** "YYYY-MM-DD" or "". */
  from: string;
  to: string;
  size: SizeFilter;
};

export const emptyFilters: Filters = { text: "", type: "any", tag: "", from: "", to: "", size: "any" };

export const SIZE_OPTIONS: Array<{ value: SizeFilter; label: string; query: string }> = [
  { value: "any", label: "Any size", query: "" },
  { value: "lt100kb", label: "Under 100 KB", query: "size:<100kb" },
  { value: "100kb-1mb", label: "100 KB – 1 MB", query: "size:100kb..1mb" },
  { value: "1mb-10mb", label: "1 – 10 MB", query: "size:1mb..10mb" },
  { value: "gt10mb", label: "Over 10 MB", query: "size:>10mb" },
  { value: "gt100mb", label: "Over 100 MB", query: "size:>100mb" },
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `tag:"summer trip"`. The language has no escape for a quote inside a value. */
export function tagFilter(name: string): string {
  const cleaned = name.replace(/"/g, "").trim();
  return cleaned ? `tag:"${cleaned}"` : "";
}

export function typeFilter(type: TypeFilter): string {
  switch (type) {
    case "image":
      return "type:image";
    case "video":
      return "type:video";
    case "other":
      // "Other" in the picker means neither image nor video.
      return "-type:image -type:video";
    default:
      return "";
  }
}

/** `created:FROM..TO`, open on either side; swapped when given backwards. */
export function dateFilter(from: string, to: string): string {
  let a = DATE.test(from) ? from : "";
  let b = DATE.test(to) ? to : "";
  if (!a && !b) return "";
  if (a && b && a > b) [a, b] = [b, a];
  return `created:${a}..${b}`;
}

export function sizeFilter(size: SizeFilter): string {
  return SIZE_OPTIONS.find((o) => o.value === size)?.query ?? "";
}

export function buildQuery(f: Filters): string {
  return [
    f.text.trim(),
    typeFilter(f.type),
    f.tag ? tagFilter(f.tag) : "",
    dateFilter(f.from, f.to),
    sizeFilter(f.size),
  ]
    .filter((part) => part !== "")
    .join(" ");
}

/** Whether any filter control (not the typed text) narrows the results. */
export function hasFilters(f: Filters): boolean {
  return buildQuery({ ...f, text: "" }) !== "";
}
