// The grid's selection: which resources (by id) are selected, plus the focused
// index (where arrow keys move from) and the anchor index (where a Shift range
// starts). Indices refer to positions in the current result list.

export type Selection = {
  ids: number[];
  anchor: number | null;
  focus: number | null;
};

export const emptySelection: Selection = { ids: [], anchor: null, focus: null };

export type IdAt = (index: number) => number | undefined;

export function selectOnly(index: number, id: number | undefined): Selection {
  return { ids: id === undefined ? [] : [id], anchor: index, focus: index };
}

export function selectIds(ids: number[]): Selection {
  return { ids: [...new Set(ids)], anchor: null, focus: null };
}

/** Ids of the loaded items between two indices, inclusive, in list order. */
export function rangeIds(a: number, b: number, idAt: IdAt): number[] {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) {
    const id = idAt(i);
    if (id !== undefined) out.push(id);
  }
  return out;
}

function union(a: number[], b: number[]): number[] {
  const seen = new Set(a);
  return [...a, ...b.filter((id) => !seen.has(id))];
}

export type ClickModifiers = { shift: boolean; toggle: boolean };

/** A click on the item at `index`: plain selects it alone, Ctrl/Cmd toggles it,
 * Shift selects the range from the anchor (added to the selection with Ctrl/Cmd). */
export function clickSelect(
  sel: Selection,
  index: number,
  id: number,
  mods: ClickModifiers,
  idAt: IdAt,
): Selection {
  if (mods.shift && sel.anchor !== null) {
    const range = rangeIds(sel.anchor, index, idAt);
    return { ids: mods.toggle ? union(sel.ids, range) : range, anchor: sel.anchor, focus: index };
  }
  if (mods.toggle) {
    const has = sel.ids.includes(id);
    return {
      ids: has ? sel.ids.filter((x) => x !== id) : [...sel.ids, id],
      anchor: index,
      focus: index,
    };
  }
  return selectOnly(index, id);
}

/** Moves the focus to `index`; with `extend`, selects the range from the anchor. */
export function moveFocus(sel: Selection, index: number, extend: boolean, idAt: IdAt): Selection {
  if (extend) {
    const anchor = sel.anchor ?? sel.focus ?? index;
    return { ids: rangeIds(anchor, index, idAt), anchor, focus: index };
  }
  return selectOnly(index, idAt(index));
}

/** Drops ids that no longer exist (after a delete or merge). */
export function withoutIds(sel: Selection, gone: number[]): Selection {
  const drop = new Set(gone);
  return { ...sel, ids: sel.ids.filter((id) => !drop.has(id)) };
}

/** Selected ids that were loaded in a list before a refresh of that same
 * list and are not in it after: deleted or trashed elsewhere, perhaps (or
 * merely moved out of the loaded pages; the caller asks the engine). */
export function vanishedIds(selected: readonly number[], before: ReadonlySet<number>, after: ReadonlySet<number>): number[] {
  return selected.filter((id) => before.has(id) && !after.has(id));
}

/** Whether a resource still counts as selectable: it exists and is not in the Trash. */
export type Alive = (id: number) => Promise<boolean>;

/** The ids of `ids` that are gone (checked with `alive`, at most `limit` of them). */
export async function goneIds(ids: readonly number[], alive: Alive, limit = 200): Promise<number[]> {
  const checked = ids.slice(0, limit);
  const live = await Promise.all(checked.map((id) => alive(id).catch(() => false)));
  return checked.filter((_, i) => !live[i]);
}

/** What a drag from the tile `id` carries: the whole selection when the tile
 * is part of it (as a file manager does), the tile alone otherwise. */
export function dragIds(selected: number[], id: number): number[] {
  return selected.includes(id) ? selected : [id];
}
