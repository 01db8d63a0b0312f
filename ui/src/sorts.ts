import type { SortChoice } from "./bindings";

/** The built-in sorts, until the engine's list (with the facts' sorts) arrives. */
export const BUILT_IN_SORTS: SortChoice[] = [
  { sort: "relevance", label: "Best match" },
  { sort: "newest", label: "Newest first" },
  { sort: "oldest", label: "Oldest first" },
  { sort: "name", label: "Name" },
  { sort: "largest", label: "Largest first" },
  { sort: "smallest", label: "Smallest first" },
];
