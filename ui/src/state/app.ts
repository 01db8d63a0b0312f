// The app's shared state: one small store plus the tile cache and the lists of
// tags, groups and notes that several views use.
import * as api from "../api";
import type { Group, Note, SearchHelp, SortOrder, Tag, Tile } from "../bindings";
import type { Grouping } from "../timeline";
import { initialActivity, reduceProgress, type Activity } from "./progress";
import { emptySelection, goneIds, vanishedIds, withoutIds, type Alive, type Selection } from "./selection";
import { loadPrefs, savePrefs, serializePrefs, TILE_SIZE } from "./prefs";
import { createStore } from "./store";
import { TileCache } from "./tileCache";
import { TimelineCache } from "./timelineCache";
import type { Progress, WalkProgress } from "../bindings";
import type { TileRows } from "../keyboard";

export type View = "library" | "duplicates" | "notes" | "groups" | "folders" | "trash";

export type AppState = {
  view: View;
  /** What is in the search box: the whole query, the filter bar's picks
   * included (the bar reads its menus back from it and writes into it). */
  searchText: string;
  sort: SortOrder;
  /** How the grid groups a date sort into a timeline. */
  grouping: Grouping;
  /** The smallest width of a grid tile, px (Ctrl +/−, the slider). */
  tileSize: number;
  /** Every filter and sort the engine offers, its handlers' facts included. */
  searchHelp: SearchHelp;
  /** The query string the grid shows (the filters, debounced). */
  query: string;
  /** The words of `query`, its filters left out (for matching notes and groups). */
  queryText: string;
  selection: Selection;
  detailsOpen: boolean;
  activityOpen: boolean;
  dropping: boolean;
  /** Asks the Notes/Groups view to open one of its items. */
  openNoteId: number | null;
  openGroupId: number | null;
  /** The item the full-window viewer shows, as its place in the grid's
   * order; null while it is closed. */
  viewerIndex: number | null;
};

/** The view, sort, grouping and tile size of the last run. */
const remembered = loadPrefs();

export const appStore = createStore<AppState>({
  view: remembered.view ?? "library",
  searchText: "",
  sort: remembered.sort ?? "relevance",
  grouping: remembered.grouping ?? "month",
  tileSize: remembered.tileSize ?? TILE_SIZE.default,
  searchHelp: { filters: [], sorts: [] },
  query: "",
  queryText: "",
  selection: emptySelection,
  detailsOpen: false,
  activityOpen: false,
  dropping: false,
  openNoteId: null,
  openGroupId: null,
  viewerIndex: null,
});

// Remembered for the next run as they change.
let saved = serializePrefs(appStore.get());
appStore.subscribe(() => {
  const s = appStore.get();
  const next = serializePrefs(s);
  if (next === saved) return;
  saved = next;
  savePrefs(s);
});

export function patchApp(patch: Partial<AppState>) {
  appStore.set((s) => ({ ...s, ...patch }));
}

export function setSelection(selection: Selection, openDetails?: boolean) {
  appStore.set((s) => ({
    ...s,
    selection,
    detailsOpen: selection.ids.length === 0 ? false : (openDetails ?? s.detailsOpen),
  }));
}

/** Takes ids that no longer exist (deleted, merged away, in the Trash) out
 * of the selection: nothing may act on them as selected any more. */
export function dropFromSelection(gone: readonly number[]) {
  const sel = appStore.get().selection;
  const drop = new Set(gone);
  if (!sel.ids.some((id) => drop.has(id))) return;
  setSelection(withoutIds(sel, [...drop]));
}

/** An item is still selectable while the engine has it outside the Trash. */
const resourceAlive: Alive = (id) => api.resource(id).then((r) => r.trashed_at === null);

/** Asks the engine which selected items are gone (after an undo, a folder
 * removed, a change made elsewhere) and drops them from the selection. */
export async function pruneSelection(ids: readonly number[] = appStore.get().selection.ids, alive: Alive = resourceAlive) {
  if (ids.length === 0) return;
  const gone = await goneIds(ids, alive);
  if (gone.length > 0) dropFromSelection(gone);
}

export const tileCache = new TileCache(api.listTiles);

/** Watches the shown list: a selected item that was in it and is not after
 * it was read again (same query, same sort) may have been deleted by
 * another window; the engine says whether it was. Returns the unsubscribe. */
export function watchVanishing(alive: Alive = resourceAlive): () => void {
  let key = "";
  let loaded = new Set<number>();
  return tileCache.subscribe(() => {
    const shown = tileCache.shownKey();
    const nextKey = shown ? `${shown.sort}\n${shown.query}` : "";
    const now = new Set(tileCache.loadedIds());
    if (nextKey === key) {
      const vanished = vanishedIds(appStore.get().selection.ids, loaded, now);
      if (vanished.length > 0) pruneSelection(vanished, alive).catch(() => {});
    }
    key = nextKey;
    loaded = now;
  });
}

/** The loaded tiles of these ids, in the grid's order (a selection may hold
 * items not loaded yet: they are left out). */
export function loadedTiles(ids: number[]): Tile[] {
  const wanted = new Set(ids);
  const out: Tile[] = [];
  const total = tileCache.total() ?? 0;
  for (let i = 0; i < total && out.length < wanted.size; i++) {
    const tile = tileCache.tileAt(i);
    if (tile && wanted.has(tile.id)) out.push(tile);
  }
  return out;
}
/** The timeline's counts per day, for the date sorts. */
export const timelineCache = new TimelineCache(api.timeline);

/** Shows one resource in the Library with its details. */
export function revealInLibrary(id: number) {
  const index = tileCache.indexOf(id) ?? null;
  appStore.set((s) => ({
    ...s,
    view: "library",
    selection: { ids: [id], anchor: index, focus: index },
    detailsOpen: true,
  }));
}

// --- activity ---
export const activityStore = createStore<Activity>(initialActivity);
export function applyProgress(p: Progress) {
  activityStore.set((prev) => reduceProgress(prev, p));
}

// --- first walks of new watched folders ---
/** Folder id → files its first walk has recorded so far, while it walks. */
export const walkingStore = createStore<ReadonlyMap<number, number>>(new Map());
export function walkProgressed(p: WalkProgress) {
  walkingStore.set((prev) => new Map(prev).set(p.folder_id, p.recorded));
}
export function walkEnded(folderId: number) {
  walkingStore.set((prev) => {
    if (!prev.has(folderId)) return prev;
    const next = new Map(prev);
    next.delete(folderId);
    return next;
  });
}

// --- lists several views share ---
export const tagsStore = createStore<Tag[]>([]);
export const groupsStore = createStore<Group[]>([]);
export const notesStore = createStore<Note[]>([]);

export async function refreshTags() {
  tagsStore.set(await api.tags());
}
export async function refreshGroups() {
  groupsStore.set(await api.groups());
}
export async function refreshNotes() {
  notesStore.set(await api.notes());
}

/** Cameras of the items looked at this session: suggestions for the camera filter. */
export const seenCamerasStore = createStore<string[]>([]);
export function sawCamera(name: string) {
  seenCamerasStore.set((prev) => (prev.includes(name) ? prev : [name, ...prev].slice(0, 30)));
}

/** Bumped after this window changed resources itself, so open panes reload. */
export const localChangeStore = createStore(0);
export function changedLocally() {
  localChangeStore.set((n) => n + 1);
  tileCache.invalidate();
  timelineCache.invalidate();
}

/** The grid's current shape, for keyboard navigation; `rows` when the
 * timeline breaks the rows at its headers. */
export const gridMetrics: { columns: number; pageRows: number; rows?: TileRows } = { columns: 1, pageRows: 1 };

/** Lets any component move the focus into the search box. */
export const searchFocus = { focus: () => {} };
