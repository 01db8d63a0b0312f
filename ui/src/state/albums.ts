// Smart albums as the sidebar lists them: one list with live counts, read
// again when the library changes (this window's changes at once, anyone
// else's when progress says so), and which album the search came from.
import { useEffect, useMemo, useRef } from "react";
import * as api from "../api";
import { errorMessage } from "../api";
import type { Album, AlbumCount, SortOrder } from "../bindings";
import { queryWords } from "../query";
import { activityStore, localChangeStore, patchApp } from "./app";
import { createStore, useStore } from "./store";
import { throttle } from "./throttle";

export type AlbumsState = {
  /** By name; null until the engine has answered once. */
  list: AlbumCount[] | null;
  error: string | null;
  /** The album last opened (or saved) here: highlighted while the search is still its search. */
  activeId: number | null;
};

export const albumsStore = createStore<AlbumsState>({ list: null, error: null, activeId: null });

/** Each count is a search over the whole library: at most once a second. */
const REFRESH_MS = 1000;

/** Answers are applied in the order asked: a slow early one never overwrites a later one. */
let asked = 0;

export async function refreshAlbums(): Promise<AlbumCount[]> {
  const ask = ++asked;
  try {
    const list = await api.albums();
    if (ask === asked) {
      albumsStore.set((s) => ({
        list,
        error: null,
        // An album deleted (elsewhere, too) is no longer the one shown.
        activeId: list.some((a) => a.album.id === s.activeId) ? s.activeId : null,
      }));
    }
    return list;
  } catch (e) {
    if (ask === asked) albumsStore.set((s) => ({ ...s, error: errorMessage(e) }));
    throw e;
  }
}

export function setActiveAlbum(activeId: number | null) {
  albumsStore.set((s) => (s.activeId === activeId ? s : { ...s, activeId }));
}

/** Whether the search shown is the album's own: its query and its sort. */
export function showsAlbum(album: Pick<Album, "query" | "sort">, searchText: string, sort: SortOrder): boolean {
  return searchText.trim() === album.query.trim() && sort === album.sort;
}

/** Shows the album in the Library: its query in the box (and in force at
 * once, not after the box's debounce) and its sort. */
export function openAlbum(album: Album) {
  const query = album.query.trim();
  patchApp({ view: "library", searchText: query, query, queryText: queryWords(query), sort: album.sort });
  setActiveAlbum(album.id);
}

/** "All items": the whole library, in the sort already chosen. */
export function openAllItems() {
  patchApp({ view: "library", searchText: "", query: "", queryText: "" });
  setActiveAlbum(null);
}

/** Keeps the counts in step with the library while the app runs: read at the
 * start, after this window changed items, and when a progress snapshot's
 * last_event_id or searchable_event_id moves (a change elsewhere, or the
 * index committing one so the searches find it), at most once a second. */
export function useAlbumsSync() {
  const marker = useStore(activityStore, (a) => `${a.lastEventId}:${a.searchableEventId}`);
  const local = useStore(localChangeStore, (n) => n);
  const refresh = useMemo(() => throttle(() => void refreshAlbums().catch(() => {}), REFRESH_MS), []);
  useEffect(() => {
    refreshAlbums().catch(() => {});
    return () => refresh.cancel();
  }, [refresh]);
  // The first snapshot only sets the baseline: the albums were just read.
  const seen = useRef({ marker, local });
  useEffect(() => {
    const prev = seen.current;
    if (prev.marker === marker && prev.local === local) return;
    seen.current = { marker, local };
    const first = prev.marker === "0:0" && prev.local === local;
    if (!first) refresh();
  }, [marker, local, refresh]);
}
