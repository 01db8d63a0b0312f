// A person's marks on an item (Lightroom's rating, colour label and flag):
// how they read, and how one mark changes them. Pure.
import type { Flag, Label, Mark, Marks } from "./bindings";

export const NO_MARKS: Marks = { rating: 0, label: null, flag: null };

/** Lightroom's labels, in its order; the keys 6–9 set the first four (purple has none). */
export const LABELS: Label[] = ["red", "yellow", "green", "blue", "purple"];
export const FLAGS: Flag[] = ["pick", "reject"];

/** "Red", for buttons and menus. */
export const labelName = (label: Label) => label.charAt(0).toUpperCase() + label.slice(1);

/** "★★★★", or "" when unrated. */
export const stars = (n: number) => "★".repeat(Math.max(0, Math.min(5, n)));

/** "1 star", "4 stars". */
export const starsWord = (n: number) => (n === 1 ? "1 star" : `${n} stars`);

/** The marks after `mark` is set. */
export function withMark(marks: Marks, mark: Mark): Marks {
  if (mark.kind === "rating") return { ...marks, rating: mark.stars };
  if (mark.kind === "label") return { ...marks, label: mark.label };
  return { ...marks, flag: mark.flag };
}

/** What several items have in common: a rating, label or flag they all share,
 * else none (0, null). Nothing in common for no items. */
export function commonMarks(all: Marks[]): Marks {
  if (all.length === 0) return NO_MARKS;
  const same = <K extends keyof Marks>(k: K, none: Marks[K]): Marks[K] => (all.every((m) => m[k] === all[0][k]) ? all[0][k] : none);
  return { rating: same("rating", 0), label: same("label", null), flag: same("flag", null) };
}

/** "1 item", "3 items": as the engine counts in its history's labels (no thousands separator). */
export const itemsWord = (n: number) => (n === 1 ? "1 item" : `${n} items`);

/** The action in the engine's words, as the undo history names it: "Rated 3 items ★★★★". */
export function describeMark(mark: Mark, count: number): string {
  const items = itemsWord(count);
  if (mark.kind === "rating") return mark.stars === 0 ? `Cleared the rating of ${items}` : `Rated ${items} ${stars(mark.stars)}`;
  if (mark.kind === "label") return mark.label ? `Labelled ${items} ${mark.label}` : `Cleared the label of ${items}`;
  if (mark.flag === "pick") return `Picked ${items}`;
  return mark.flag === "reject" ? `Rejected ${items}` : `Unflagged ${items}`;
}
