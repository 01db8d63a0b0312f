// The Trash as the top bar counts it and the Trash view lists it: one list,
// read again after this window changed what is in it and when progress says
// something else changed the library (the engine empties old items by itself).
import { useEffect, useMemo, useRef } from "react";
import * as api from "../api";
import { errorMessage } from "../api";
import type { Tile } from "../bindings";
import { activityStore } from "./app";
import { createStore, useStore } from "./store";
import { throttle } from "./throttle";

export type TrashState = {
  /** Most recently trashed first; null until the engine has answered once. */
  items: Tile[] | null;
  error: string | null;
};

export const trashStore = createStore<TrashState>({ items: null, error: null });

/** Answers are applied in the order asked: a slow early one never overwrites a later one. */
let asked = 0;

export async function refreshTrash(): Promise<Tile[]> {
  const ask = ++asked;
  try {
    const items = await api.trashedItems();
    if (ask === asked) trashStore.set({ items, error: null });
    return items;
  } catch (e) {
    if (ask === asked) trashStore.set((s) => ({ ...s, error: errorMessage(e) }));
    throw e;
  }
}

/** Keeps the Trash fresh while the app runs: read at the start, and (at most
 * once a second) when progress says the library changed, which covers what
 * other windows, the command line and the hourly emptying do. What this
 * window does to the Trash reads it again itself (actions.ts). */
export function useTrashSync() {
  const dataVersion = useStore(activityStore, (a) => a.dataVersion);
  const refresh = useMemo(() => throttle(() => void refreshTrash().catch(() => {}), 1000), []);
  useEffect(() => {
    refreshTrash().catch(() => {});
    return () => refresh.cancel();
  }, [refresh]);
  // The first snapshot only sets the baseline: the Trash was just read.
  const seen = useRef(dataVersion);
  useEffect(() => {
    if (seen.current === dataVersion) return;
    const first = seen.current === 0;
    seen.current = dataVersion;
    if (!first) refresh();
  }, [dataVersion, refresh]);
}
