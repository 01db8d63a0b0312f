// Actions several components offer, with their confirmations and toasts.
import * as api from "./api";
import { errorMessage } from "./api";
import { formatCount, plural } from "./format";
import { importMessage, scanMessage } from "./import";
import type { Album, ImportSummary, Mark, PickKind, ReconcileReport, RemovalReport, SortOrder, Tile } from "./bindings";
import { describeMark, itemsWord, withMark } from "./marks";
import { changedLocally, dropFromSelection, patchApp, pruneSelection, refreshGroups, refreshNotes, refreshTags, tileCache } from "./state/app";
import { albumsStore, refreshAlbums, setActiveAlbum } from "./state/albums";
import { ask } from "./state/confirm";
import { refreshTrash } from "./state/trash";
import { toastError, toastInfo, showToast, type ToastAction } from "./state/toasts";

export function reportError(e: unknown) {
  toastError(errorMessage(e));
}

// --- marks ---

/** Sets a rating, label or flag on every item of `ids` (one command, one
 * undo step). Loaded tiles show it at once; with `toast`, a toast names it. */
export async function markItems(ids: number[], mark: Mark, options: { toast?: boolean } = {}): Promise<boolean> {
  if (ids.length === 0) return false;
  for (const id of ids) tileCache.patch(id, (t) => ({ ...t, marks: withMark(t.marks, mark) }));
  try {
    const changed = await api.setMark(ids, mark);
    const label = describeMark(mark, ids.length);
    // Nothing changed is no step of the history: nothing to undo.
    if (options.toast) toastInfo(label, undefined, changed > 0 ? undoAction(label) : undefined);
    return true;
  } catch (e) {
    reportError(e);
    return false;
  } finally {
    // Also when it failed: the tiles go back to what the engine has.
    changedLocally();
  }
}

// --- the Trash ---

/** After this window changed what is in the Trash: the views, and the Trash's count. */
export function changedTrash() {
  changedLocally();
  refreshTrash().catch(() => {});
}

/** "their files stay in their folders": what moving to the Trash leaves on
 * disk, said when some of the items are files of watched folders. */
function staysNote(count: number, watched: number): string {
  if (watched === 0) return "";
  if (watched === count) return count === 1 ? " — its file stays in its folder" : " — their files stay in their folders";
  return watched === 1 ? " — 1 of them is a file in a watched folder: it stays there" : ` — ${formatCount(watched)} of them are files in watched folders: they stay there`;
}

/** Moves items to the Trash, without asking: it is undoable, and the toast says how. */
export async function trashItems(ids: number[]) {
  if (ids.length === 0) return;
  try {
    const moved = await api.trashItems(ids);
    dropFromSelection(ids);
    changedLocally();
    const label = `Moved ${itemsWord(ids.length)} to the Trash`;
    // The Trash knows which of them live in watched folders, loaded or not.
    const gone = new Set(ids);
    const watched = await refreshTrash().then(
      (trash) => trash.filter((t) => gone.has(t.id) && t.in_watched_folder).length,
      () => 0,
    );
    toastInfo(label + staysNote(ids.length, watched), undefined, moved > 0 ? undoAction(label) : undefined);
  } catch (e) {
    reportError(e);
  }
}

export async function restoreItems(ids: number[]): Promise<boolean> {
  if (ids.length === 0) return false;
  try {
    const restored = await api.restoreItems(ids);
    const label = `Restored ${itemsWord(ids.length)} from the Trash`;
    toastInfo(label, undefined, restored > 0 ? undoAction(label) : undefined);
    changedTrash();
    return true;
  } catch (e) {
    reportError(e);
    return false;
  }
}

/** What deleting for good does to files of watched folders, in plain words. */
function watchedNote(count: number, watched: number): string {
  if (watched === 0) return "";
  if (watched === count) {
    return count === 1
      ? " It is a file in a watched folder: it is moved to your desktop's Trash, not deleted."
      : " They are files in watched folders: they are moved to your desktop's Trash, not deleted.";
  }
  return watched === 1
    ? " 1 of them is a file in a watched folder: it is moved to your desktop's Trash, not deleted."
    : ` ${formatCount(watched)} of them are files in watched folders: they are moved to your desktop's Trash, not deleted.`;
}

/** What a deletion for good did; the items it kept, with why, in an error toast. */
function showRemoval(report: RemovalReport) {
  if (report.removed > 0) {
    const moved = report.moved_to_system_trash;
    toastInfo(`Deleted ${plural(report.removed, "item")} for good${moved ? ` (${plural(moved, "file")} moved to your desktop's Trash)` : ""}`);
  }
  if (report.failed.length > 0) {
    toastError(
      `${plural(report.failed.length, "item")} could not be deleted and ${report.failed.length === 1 ? "stays" : "stay"} in the Trash`,
      report.failed.map((f) => `${f.name}: ${f.reason}`),
    );
  }
}

/** Deletes items of the Trash for good, once the person agrees: not undoable. */
export async function deleteForGood(items: Tile[]): Promise<boolean> {
  if (items.length === 0) return false;
  const watched = items.filter((t) => t.in_watched_folder).length;
  const yes = await ask({
    title: `Delete ${plural(items.length, "item")} for good?`,
    message: `This cannot be undone.${watchedNote(items.length, watched)}`,
    confirmLabel: "Delete for good",
    danger: true,
  });
  if (!yes) return false;
  try {
    showRemoval(await api.deletePermanently(items.map((t) => t.id)));
    dropFromSelection(items.map((t) => t.id));
    return true;
  } catch (e) {
    reportError(e);
    return false;
  } finally {
    changedTrash();
  }
}

/** Empties the Trash once the person agrees, saying how many items go. */
export async function emptyTrashWithConfirm(items: Tile[]): Promise<boolean> {
  if (items.length === 0) return false;
  const watched = items.filter((t) => t.in_watched_folder).length;
  const yes = await ask({
    title: `Empty the Trash: delete ${plural(items.length, "item")} for good?`,
    message: `This cannot be undone.${watchedNote(items.length, watched)}`,
    confirmLabel: "Empty Trash",
    danger: true,
  });
  if (!yes) return false;
  try {
    showRemoval(await api.emptyTrash());
    dropFromSelection(items.map((t) => t.id));
    return true;
  } catch (e) {
    reportError(e);
    return false;
  } finally {
    changedTrash();
  }
}

// --- undo and redo: the history is the library's, not the page's ---

/** What everything that shows the library reads again after an undo or redo. */
function showRevertedState() {
  changedTrash();
  // An album saved, renamed or deleted is undone like any other action.
  refreshAlbums().catch(() => {});
  refreshTags().catch(() => {});
  refreshGroups().catch(() => {});
  refreshNotes().catch(() => {});
}

async function revert(undo: boolean) {
  try {
    const reverted = await (undo ? api.undo() : api.redo());
    if (!reverted) {
      showToast("info", undo ? "Nothing to undo" : "Nothing to redo");
      return;
    }
    const skipped = reverted.skipped > 0 ? ` — ${plural(reverted.skipped, "item")} could not be put back: deleted for good` : "";
    toastInfo(`${undo ? "Undid" : "Redid"}: ${reverted.label}${skipped}`);
    showRevertedState();
    // Undoing an import (or redoing a merge, a move to the Trash) takes
    // items away: the selection lets go of them.
    pruneSelection().catch(() => {});
  } catch (e) {
    reportError(e);
  }
}

/** Ctrl+Z: undoes the newest action still done, whichever window made it. */
export const undoLast = () => revert(true);
/** Ctrl+Shift+Z, Ctrl+Y. */
export const redoLast = () => revert(false);

/** A toast's "Undo": undoes that action only while it is still the newest
 * one (another since would be undone instead). */
export function undoAction(label: string): ToastAction {
  return {
    label: "Undo",
    onClick: async () => {
      try {
        const state = await api.undoState();
        if (state.undo !== label) {
          showToast("info", state.undo ? `That is no longer the last change: Ctrl+Z undoes “${state.undo}” first` : "Nothing to undo");
          return;
        }
      } catch (e) {
        reportError(e);
        return;
      }
      await undoLast();
    },
  };
}

// --- smart albums: each save, rename, change and deletion is one undo step ---

/** Saves the search as the album `name` (pointing an album of that name at
 * it), and shows it. Rejects with the engine's words (a query that does not
 * run): the dialog asking for the name shows them. */
export async function saveAlbum(name: string, query: string, sort: SortOrder): Promise<Album> {
  const album = await api.saveAlbum(name, query, sort);
  // Whether the engine made a new album or pointed one at this search (its
  // name compared its own way): the undo step's label says which.
  const existed = (albumsStore.get().list?.some((a) => a.album.id === album.id) ?? false) || album.created_at !== album.updated_at;
  setActiveAlbum(album.id);
  refreshAlbums().catch(() => {});
  const label = existed ? `Changed the search of album “${album.name}”` : `Saved album “${album.name}”`;
  toastInfo(label, undefined, undoAction(label));
  return album;
}

export async function renameAlbum(album: Album, name: string): Promise<boolean> {
  const trimmed = name.trim();
  if (!trimmed || trimmed === album.name) return true;
  try {
    const renamed = await api.editAlbum(album.id, { name: trimmed, query: null, sort: null });
    const label = `Renamed album “${album.name}” to “${renamed.name}”`;
    toastInfo(label, undefined, undoAction(label));
    refreshAlbums().catch(() => {});
    return true;
  } catch (e) {
    reportError(e);
    return false;
  }
}

/** Points the album at the search shown now. */
export async function updateAlbumSearch(album: Album, query: string, sort: SortOrder): Promise<boolean> {
  if (query.trim() === album.query && sort === album.sort) return true;
  try {
    await api.editAlbum(album.id, { name: null, query, sort });
    const label = `Changed the search of album “${album.name}”`;
    toastInfo(label, undefined, undoAction(label));
    setActiveAlbum(album.id);
    refreshAlbums().catch(() => {});
    return true;
  } catch (e) {
    reportError(e);
    return false;
  }
}

/** Deletes an album (never its items) without asking: it is undoable, and the toast says how. */
export async function deleteAlbum(album: Album): Promise<boolean> {
  try {
    await api.deleteAlbum(album.id);
    const label = `Deleted album “${album.name}”`;
    toastInfo(label, undefined, undoAction(label));
    if (albumsStore.get().activeId === album.id) setActiveAlbum(null);
    refreshAlbums().catch(() => {});
    return true;
  } catch (e) {
    reportError(e);
    return false;
  }
}

export function showImportSummary(summary: ImportSummary) {
  const m = importMessage(summary);
  showToast(m.ok ? "success" : "error", m.text, m.details);
}

export function showFolderScanned(report: ReconcileReport) {
  const m = scanMessage(report);
  showToast(m.ok ? "success" : "error", m.text, m.details);
}

export async function importWithPicker(kind: PickKind) {
  try {
    const summary = await api.pickImport(kind);
    if (!summary) return; // cancelled
    showImportSummary(summary);
    changedLocally();
  } catch (e) {
    reportError(e);
  }
}

/** File → Watch Folder…: the system's folder picker, the folder watched
 * with the default rules (Folders changes them), and Folders shown. */
export async function watchFolderWithPicker() {
  try {
    const folder = await api.pickWatchFolder([], []);
    if (!folder) return;
    patchApp({ view: "folders" });
    toastInfo(`Watching ${folder.path}`, ["Its files are being added in the background."]);
    changedLocally();
  } catch (e) {
    reportError(e);
  }
}

export async function addTagsTo(ids: number[], tag: string): Promise<boolean> {
  const name = tag.trim();
  if (!name || ids.length === 0) return false;
  try {
    await api.addTags(ids, [name]);
    if (ids.length > 1) toastInfo(`Tagged ${plural(ids.length, "item")} “${name}”`);
    changedLocally();
    refreshTags().catch(() => {});
    return true;
  } catch (e) {
    reportError(e);
    return false;
  }
}

export async function addToGroupWithToast(groupId: number, groupName: string, ids: number[]) {
  try {
    const n = await api.addToGroup(groupId, ids);
    toastInfo(`Added ${plural(n, "item")} to “${groupName}”`);
    changedLocally();
    refreshGroups().catch(() => {});
  } catch (e) {
    reportError(e);
  }
}

export async function createGroupWith(name: string, ids: number[]) {
  const trimmed = name.trim();
  if (!trimmed) return;
  try {
    const group = await api.createGroup(trimmed, "");
    if (ids.length > 0) await api.addToGroup(group.id, ids);
    toastInfo(`Created group “${group.name}”${ids.length ? ` with ${plural(ids.length, "item")}` : ""}`);
    changedLocally();
    refreshGroups().catch(() => {});
  } catch (e) {
    reportError(e);
  }
}
