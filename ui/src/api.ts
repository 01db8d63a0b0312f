// One typed function per backend command. Argument keys are snake_case exactly as
// the Rust commands declare them. A failed command rejects with a
// `CommandError` (kind, a plain message, the detail); `errorMessage` turns
// whatever was thrown into the text to show.
import { convertFileSrc, invoke } from "@tauri-apps/api/core";
import type {
  SortOrder,
  Album,
  AlbumCount,
  AlbumEdit,
  DuplicatePage,
  EntityMatches,
  ExportLayout,
  ExportReport,
  FailedJob,
  Group,
  GroupEdit,
  ImportSummary,
  ItemHistory,
  LibraryInfo,
  LibrarySettings,
  Mark,
  Note,
  NoteEdit,
  PickKind,
  Progress,
  RemovalReport,
  Reverted,
  RulesChanged,
  Resource,
  ResourceDetails,
  ResourceEdit,
  Similar,
  Tag,
  Tile,
  TilePage,
  TileQuery,
  TimelineDay,
  UndoState,
  VerifyReport,
  WatchedFolder,
} from "./bindings";

export function errorMessage(e: unknown): string {
  if (typeof e === "string") return e;
  if (e instanceof Error) return e.message;
  if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
  try {
    return JSON.stringify(e);
  } catch {
    return String(e);
  }
}

export const libraryInfo = () => invoke<LibraryInfo>("library_info");
/** Opens the library again after another process let go of it. */
export const retryOpen = () => invoke<LibraryInfo>("retry_open");

/** The library's own choices: keywords as tags, RAW+JPEG pairs as one item. */
export const settings = () => invoke<LibrarySettings>("settings");
/** Answers the settings now in force, which is what to show. */
export const setSettings = (settings: LibrarySettings) => invoke<LibrarySettings>("set_settings", { settings });

export const listTiles = (query: TileQuery) => invoke<TilePage>("list_tiles", { query });
/** Every id of a listing or search, loaded or not ("select all"). */
export const tileIds = (query: string, sort: SortOrder) => invoke<number[]>("tile_ids", { query, sort });
/** Items per day of a date-sorted listing or search, in the grid's order
 * (the timeline's groups are counted from these). Only for "newest" and "oldest". */
export const timeline = (query: string, sort: SortOrder) => invoke<TimelineDay[]>("timeline", { query, sort });
export const resource = (id: number) => invoke<ResourceDetails>("resource", { id });
export const editResource = (id: number, edit: ResourceEdit) =>
  invoke<Resource>("edit_resource", { id, edit });
export const addTags = (ids: number[], tags: string[]) => invoke<number>("add_tags", { ids, tags });
export const removeTags = (ids: number[], tags: string[]) =>
  invoke<number>("remove_tags", { ids, tags });

// --- the Trash: moving there is undoable, deleting for good is not ---
/** Moves items (their raw files with them) to the Trash; answers how many moved. */
export const trashItems = (ids: number[]) => invoke<number>("trash_items", { ids });
export const restoreItems = (ids: number[]) => invoke<number>("restore_items", { ids });
/** The Trash, most recently trashed first. */
export const trashedItems = () => invoke<Tile[]>("trashed_items");
/** Not undoable: the page asks first. Files of watched folders go to the
 * desktop's trash, never unlinked; the report names the items kept and why. */
export const deletePermanently = (ids: number[]) => invoke<RemovalReport>("delete_permanently", { ids });
export const emptyTrash = () => invoke<RemovalReport>("empty_trash");

/** A rating, label or flag on every item of `ids`, one undo step; answers how many changed. */
export const setMark = (ids: number[], mark: Mark) => invoke<number>("set_mark", { ids, mark });

// --- the undo history lives in the library (it outlasts the window) ---
/** Null when there is nothing to undo. */
export const undo = () => invoke<Reverted | null>("undo");
/** Null when there is nothing to redo. */
export const redo = () => invoke<Reverted | null>("redo");
export const undoState = () => invoke<UndoState>("undo_state");

// --- smart albums: saved searches, each with what it finds now ---
/** Every album by name, with its live count (or why its search no longer runs). */
export const albums = () => invoke<AlbumCount[]>("albums");
/** One undo step. Under an existing name (any case) it points that album at
 * this search; a query that does not run is refused ("invalid_input"). */
export const saveAlbum = (name: string, query: string, sort: SortOrder) => invoke<Album>("save_album", { name, query, sort });
/** Renames an album or changes its search (null leaves a field as it is); one undo step. */
export const editAlbum = (id: number, edit: AlbumEdit) => invoke<Album>("edit_album", { id, edit });
/** Never the items it shows; undoable. */
export const deleteAlbum = (id: number) => invoke<null>("delete_album", { id });

/** Everything that happened to an item, newest action first (`mahres events` tells the same). */
export const itemHistory = (id: number) => invoke<ItemHistory>("item_history", { id });
export const tags = () => invoke<Tag[]>("tags");
export const similar = (id: number, threshold: number) =>
  invoke<Similar[]>("similar", { id, threshold });
/** The first `limit` duplicate groups, and how many there are in all. */
export const duplicates = (threshold: number, limit: number) =>
  invoke<DuplicatePage>("duplicates", { threshold, limit });
export const merge = (keep: number, others: number[]) => invoke<Resource>("merge", { keep, others });

export const groups = () => invoke<Group[]>("groups");
export const createGroup = (name: string, description: string) =>
  invoke<Group>("create_group", { name, description });
export const editGroup = (id: number, edit: GroupEdit) => invoke<Group>("edit_group", { id, edit });
export const deleteGroup = (id: number) => invoke<null>("delete_group", { id });
export const addToGroup = (group_id: number, ids: number[]) =>
  invoke<number>("add_to_group", { group_id, ids });
export const removeFromGroup = (group_id: number, ids: number[]) =>
  invoke<number>("remove_from_group", { group_id, ids });

export const notes = () => invoke<Note[]>("notes");
export const createNote = (title: string, text: string) => invoke<Note>("create_note", { title, text });
export const editNote = (id: number, edit: NoteEdit) => invoke<Note>("edit_note", { id, edit });
export const deleteNote = (id: number) => invoke<null>("delete_note", { id });
export const linkNote = (note_id: number, resource_id: number, linked: boolean) =>
  invoke<boolean>("link_note", { note_id, resource_id, linked });

export const searchEntities = (query: string) => invoke<EntityMatches>("search_entities", { query });

export const progress = () => invoke<Progress>("progress");
export const failures = (limit: number) => invoke<FailedJob[]>("failures", { limit });
export const retry = (job_ids: number[] | null) => invoke<number>("retry", { job_ids });
export const pause = () => invoke<null>("pause");
export const resume = () => invoke<null>("resume");

export const pickImport = (kind: PickKind) => invoke<ImportSummary | null>("pick_import", { kind });
export const watchedFolders = () => invoke<WatchedFolder[]>("watched_folders");
/** Globs added to the default rules (an empty include list takes every file not excluded). */
export const pickWatchFolder = (include: string[], exclude: string[]) =>
  invoke<WatchedFolder | null>("pick_watch_folder", { include, exclude });
export const removeWatchedFolder = (id: number) => invoke<number>("remove_watched_folder", { id });
/** The folder's rules become the defaults plus these; files no longer matching leave the library. */
export const setFolderRules = (id: number, include: string[], exclude: string[]) =>
  invoke<RulesChanged>("set_folder_rules", { id, include, exclude });
/** What is wrong with watching folders live (e.g. the inotify limit), one line each. */
export const watchProblems = () => invoke<string[]>("watch_problems");
export const removeMissing = (folderId: number | null) => invoke<number>("remove_missing", { folder_id: folderId });

/** Re-reads every file and compares it with the MD5 recorded at import
 * ("verify-progress" events tell how far it got). With `repair`, restores
 * copies whose originals still have those bytes and removes stray copies. */
export const verifyLibrary = (repair: boolean) => invoke<VerifyReport>("verify_library", { repair });
/** Asks the person for a backup of item `id`'s file and restores its copy from
 * it if it has the recorded bytes (else rejects saying so); null when cancelled. */
export const restoreCopy = (id: number) => invoke<Resource | null>("restore_copy", { id });
/** Marks items whose files are gone as missing; answers how many changed. */
export const markMissing = (ids: number[]) => invoke<number>("mark_missing", { ids });

/** Asks the person for a folder ("Export to…") and copies there the items
 * `query` finds (every item for "", raw files of pairs included), each with an
 * .xmp sidecar, plus library.json ("export-progress" events tell how far it
 * got); files already there are skipped. Null when the person cancelled. */
export const exportItems = (query: string, layout: ExportLayout) => invoke<ExportReport | null>("export_items", { query, layout });

export const openResource = (id: number) => invoke<null>("open_resource", { id });
/** Hands the items' files to a native drag out of the window (under their own names). */
export const startDrag = (ids: number[]) => invoke<null>("start_drag", { ids });
export const revealResource = (id: number) => invoke<null>("reveal_resource", { id });

// Images come from the app's "mahres" protocol by resource id, never by path.
// `?v=` carries content_rev so a regenerated image is fetched anew.
export type ImageKind = "thumb" | "preview" | "original";
export function imageUrl(kind: ImageKind, id: number, rev: number): string {
  return `${convertFileSrc(`${kind}/${id}`, "mahres")}?v=${rev}`;
}
