import type { SortChoice } from "./bindings";

/** The built-in sorts, until the engine's list (with the facts' sorts) arrives. */
export const BUILT_IN_SORTS: SortChoice[] = [
  { sort: "relevance", label: "Best match" },
  { sort: "newest", label: "Date, newest first" },
  { sort: "oldest", label: "Date, oldest first" },
  { sort: "name", label: "Name" },
  { sort: "largest", label: "Largest first" },
  { sort: "smallest", label: "Smallest first" },
];

/** The sorts by the item's date, the ones the grid can lay out as a timeline. */
export function isDateSort(sort: string): boolean {
  return sort === "newest" || sort === "oldest";
}
