// What the window remembers between runs: the view, the sort, the timeline's
// grouping and the grid's tile size, kept in localStorage. Whatever is stored
// is checked: a bad or old value is left out and its default used. Pure apart
// from load/save, which take the storage to use.
import type { SortOrder } from "../bindings";
import { GROUPINGS, type Grouping } from "../timeline";
import type { View } from "./app";

export const PREFS_KEY = "mahresources.ui.prefs";

export const VIEWS: readonly View[] = ["library", "duplicates", "notes", "groups", "folders", "trash"];

/** The grid's tile size (the smallest width a tile gets, px), its range and step. */
export const TILE_SIZE = { min: 96, max: 320, default: 152, step: 24 } as const;

export type Prefs = { view: View; sort: SortOrder; grouping: Grouping; tileSize: number };

export function clampTileSize(size: number): number {
  if (!Number.isFinite(size)) return TILE_SIZE.default;
  return Math.round(Math.min(TILE_SIZE.max, Math.max(TILE_SIZE.min, size)));
}

/** Ctrl + makes tiles a step bigger, Ctrl − a step smaller, Ctrl 0 the default. */
export function nextTileSize(size: number, change: "bigger" | "smaller" | "reset"): number {
  if (change === "reset") return TILE_SIZE.default;
  return clampTileSize(size + (change === "bigger" ? TILE_SIZE.step : -TILE_SIZE.step));
}

/** The valid settings among what was stored; nothing for a broken entry. */
export function parsePrefs(raw: string | null): Partial<Prefs> {
  if (!raw) return {};
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return {};
  const d = data as Record<string, unknown>;
  const out: Partial<Prefs> = {};
  if (typeof d.view === "string" && (VIEWS as readonly string[]).includes(d.view)) out.view = d.view as View;
  // The engine's list of sorts is not known yet: any short name is kept,
  // and checked against the list once it arrives (knownSort).
  if (typeof d.sort === "string" && /^[\w:.-]{1,64}$/.test(d.sort)) out.sort = d.sort;
  if (typeof d.grouping === "string" && GROUPINGS.some((g) => g.value === d.grouping)) out.grouping = d.grouping as Grouping;
  if (typeof d.tileSize === "number" && Number.isFinite(d.tileSize)) out.tileSize = clampTileSize(d.tileSize);
  return out;
}

export function serializePrefs(p: Prefs): string {
  return JSON.stringify({ view: p.view, sort: p.sort, grouping: p.grouping, tileSize: p.tileSize });
}

/** The stored sort when the engine offers it, else `fallback`. */
export function knownSort(sort: SortOrder, offered: ReadonlyArray<{ sort: SortOrder }>, fallback: SortOrder = "relevance"): SortOrder {
  return offered.length === 0 || offered.some((s) => s.sort === sort) ? sort : fallback;
}

type Storage = Pick<globalThis.Storage, "getItem" | "setItem">;

function defaultStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // storage switched off
  }
}

export function loadPrefs(storage: Storage | null = defaultStorage()): Partial<Prefs> {
  try {
    return parsePrefs(storage?.getItem(PREFS_KEY) ?? null);
  } catch {
    return {};
  }
}

export function savePrefs(p: Prefs, storage: Storage | null = defaultStorage()) {
  try {
    storage?.setItem(PREFS_KEY, serializePrefs(p));
  } catch {
    // full or switched off: the next run starts with the defaults
  }
}
