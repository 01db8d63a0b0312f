// Generated from the Rust types by `src-tauri/src/bindings.rs`; do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p mahres-app bindings

export type SortOrder = string;
export type SortChoice = { sort: SortOrder, label: string, };
export type FilterHelp = { 
/**
 * What goes before the colon.
 */
name: string, about: string, 
/**
 * What its value looks like.
 */
value: string, };
export type SearchHelp = { filters: Array<FilterHelp>, sorts: Array<SortChoice>, };
export type FactKind = "text" | "integer" | "real" | "timestamp" | "geo_point" | "duration" | "list" | "document";
export type FactValue = { "kind": "text", text: string, } | { "kind": "integer", integer: number, } | { "kind": "real", real: number, } | { "kind": "timestamp", 
/**
 * Milliseconds since the Unix epoch, UTC.
 */
utc_ms: number, 
/**
 * Minutes east of UTC the moment was recorded in, when known.
 */
offset_minutes: number | null, } | { "kind": "geo_point", latitude: number, longitude: number, } | { "kind": "duration", ms: number, } | { "kind": "list", items: Array<string>, } | { "kind": "document", text: string, };
export type Fact = { key: string, label: string, group: string, unit: string | null, value: FactValue, 
/**
 * The value as a person reads it, without the unit.
 */
text: string, 
/**
 * A timestamp in ISO 8601, in its own offset where it has one
 * (`2019-07-14T18:42:07+02:00`), else as a local time without a zone.
 */
iso8601: string | null, 
/**
 * The handler that found it.
 */
source: string, };
export type TileState = "ready" | "waiting" | "processing" | "failed";
export type Label = "red" | "yellow" | "green" | "blue" | "purple";
export type Flag = "pick" | "reject";
export type Mark = { "kind": "rating", stars: number, } | { "kind": "label", label: Label | null, } | { "kind": "flag", flag: Flag | null, };
export type Marks = { 
/**
 * 0 when unrated.
 */
rating: number, label: Label | null, flag: Flag | null, };
export type RemovalFailure = { id: number, name: string, reason: string, };
export type RemovalReport = { 
/**
 * Items deleted from the library (their copies and thumbnails go with
 * the cleanup handler).
 */
removed: number, 
/**
 * Of those, files of watched folders moved to the system trash.
 */
moved_to_system_trash: number, 
/**
 * Items left where they were, and why.
 */
failed: Array<RemovalFailure>, };
export type Reverted = { 
/**
 * The action, as a person reads it: "Rated 3 items ★★★★".
 */
label: string, 
/**
 * Items it could not reach: deleted for good since.
 */
skipped: number, };
export type UndoState = { undo: string | null, redo: string | null, };
export type Album = { id: number, name: string, 
/**
 * The search as typed, filters included: `tag:beach rating:>=4`. Blank
 * is the whole library.
 */
query: string, sort: SortOrder, created_at: number, updated_at: number, };
export type AlbumCount = { album: Album, 
/**
 * `None` when the search no longer runs (see `problem`).
 */
count: number | null, 
/**
 * Why the search no longer runs: a filter whose reader was removed
 * since, say. The album stays, to be edited or deleted.
 */
problem: string | null, };
export type AlbumEdit = { name: string | null, query: string | null, sort: SortOrder | null, };
export type PendingWork = { handler: string, 
/**
 * `pending`, `running` or `dead`.
 */
state: string, attempts: number, last_error: string | null, };
export type HistoryEntry = { event_id: number, at: number, 
/**
 * The event's type, `resource.updated`.
 */
kind: string, 
/**
 * What changed, in words: "Checksum computed, dimensions read".
 */
what: string, 
/**
 * Handlers yet to finish this event, or given up on it.
 */
work: Array<PendingWork>, };
export type HistoryStep = { correlation_id: string, 
/**
 * "Rated 3 items ★★★★", "Imported", "Changed on disk".
 */
title: string, 
/**
 * A person's own action (one step of undo), not the library's work.
 */
by_person: boolean, 
/**
 * When its first event about the item was written.
 */
at: number, 
/**
 * Oldest first.
 */
entries: Array<HistoryEntry>, };
export type ItemHistory = { steps: Array<HistoryStep>, };
export type Tile = { id: number, name: string, content_type: string, availability: Availability, state: TileState, has_thumbnail: boolean, 
/**
 * Its pictures keep transparency (they are stored as PNG only then):
 * the page puts a checkerboard behind these alone, not behind every
 * PNG.
 */
transparent: boolean, 
/**
 * Changes when the file's bytes do, so a page can refetch its image.
 */
content_rev: number, width: number | null, height: number | null, 
/**
 * The content type of its companion (the raw file of a RAW+JPEG
 * pair), for a small "RAW" mark on the tile.
 */
companion_type: string | null, 
/**
 * The person's rating, label and flag.
 */
marks: Marks, 
/**
 * A file in a watched folder (indexed in place, not copied): deleting
 * it for good moves the file itself to the system trash.
 */
in_watched_folder: boolean, 
/**
 * When it was moved to the Trash (UTC ms); `None` outside it.
 */
trashed_at: number | null, };
export type TileQuery = { query: string, sort: SortOrder, offset: number, limit: number, };
export type TilePage = { 
/**
 * All tiles of the listing or search, not just this page.
 */
total: number, tiles: Array<Tile>, };
export type TimelineDay = { 
/**
 * The items' local date, `YYYY-MM-DD`.
 */
day: string, count: number, };
export type LibrarySettings = { 
/**
 * Keywords embedded in a file (IPTC, XMP) become its tags when it is
 * first read; hierarchical ones keep their path (`Places|Japan|Kyoto`).
 */
keywords_as_tags: boolean, 
/**
 * A raw file and the JPEG or HEIC beside it with the same name (one
 * shot, two files) show as one item, the raw attached, like Lightroom.
 */
raw_jpeg_pairs: boolean, 
/**
 * Every import reads its copies back from the disk and compares them
 * with the originals before it answers ("verify copies"): slower,
 * for cards and disks one does not trust.
 */
verify_copies: boolean, 
/**
 * Whether XMP sidecars are read, and whether a watched file's tags and
 * description are written to one beside it.
 */
sidecars: SidecarMode, 
/**
 * Items in the Trash longer than this many days are deleted for good
 * (checked at open and every hour); 0 keeps them until emptied.
 */
trash_days: number, };
export type DateSource = "taken" | "file" | "added";
export type Availability = "present" | "missing" | "offline";
export type GroupRef = { id: number, name: string, };
export type NoteRef = { id: number, title: string, };
export type Resource = { id: number, name: string, original_name: string, original_path: string, 
/**
 * Relative to the library root.
 */
stored_path: string, content_type: string, size: number, content_rev: number, md5: string | null, 
/**
 * 64-bit perceptual hash, as a 16-digit hex string.
 */
perceptual_hash: string | null, width: number | null, height: number | null, 
/**
 * Grid thumbnail (256 px), relative to the library root.
 */
thumbnail: string | null, 
/**
 * Detail preview (1024 px), relative to the library root.
 */
preview: string | null, 
/**
 * Why there is no thumbnail, when the user can fix it (install ffmpeg).
 */
media_note: string | null, description: string, 
/**
 * The watched folder this file lives in; `None` for files copied into
 * the library's own store.
 */
watched_folder_id: number | null, availability: Availability, tags: Array<string>, groups: Array<GroupRef>, created_at: number, updated_at: number, 
/**
 * The item's date as local wall-clock milliseconds (read as if UTC):
 * when it was taken, else the file's own time, else when it was added.
 */
date: number, date_source: DateSource, 
/**
 * The item this one belongs to: a raw file paired with the JPEG of the
 * same shot (docs/ARCHITECTURE.md, "RAW+JPEG pairs").
 */
companion_of: number | null, 
/**
 * When it was moved to the Trash; `None` outside it.
 */
trashed_at: number | null, };
export type Companion = { id: number, name: string, content_type: string, size: number, };
export type JobState = "pending" | "running" | "failed" | "dead";
export type HandlerJobState = { handler: string, state: JobState, attempts: number, 
/**
 * What went wrong, in plain words.
 */
last_error: string | null, 
/**
 * The technical detail behind it.
 */
error_detail: string | null, };
export type ResourceDetails = { 
/**
 * What handlers found (date taken, camera, …), in the order their
 * declarations list them; each says its label, group and unit.
 */
facts: Array<Fact>, 
/**
 * The person's rating, label and flag (also among `facts`).
 */
marks: Marks, 
/**
 * When the file's name says one kind and its bytes another: "named
 * .png, but it is a text file".
 */
name_mismatch: string | null, 
/**
 * Its companions: the raw file of a RAW+JPEG pair, shown as this one.
 */
companions: Array<Companion>, notes: Array<NoteRef>, 
/**
 * One entry per handler with unfinished work on this resource; empty when
 * everything is done.
 */
processing: Array<HandlerJobState>, id: number, name: string, original_name: string, original_path: string, 
/**
 * Relative to the library root.
 */
stored_path: string, content_type: string, size: number, content_rev: number, md5: string | null, 
/**
 * 64-bit perceptual hash, as a 16-digit hex string.
 */
perceptual_hash: string | null, width: number | null, height: number | null, 
/**
 * Grid thumbnail (256 px), relative to the library root.
 */
thumbnail: string | null, 
/**
 * Detail preview (1024 px), relative to the library root.
 */
preview: string | null, 
/**
 * Why there is no thumbnail, when the user can fix it (install ffmpeg).
 */
media_note: string | null, description: string, 
/**
 * The watched folder this file lives in; `None` for files copied into
 * the library's own store.
 */
watched_folder_id: number | null, availability: Availability, tags: Array<string>, groups: Array<GroupRef>, created_at: number, updated_at: number, 
/**
 * The item's date as local wall-clock milliseconds (read as if UTC):
 * when it was taken, else the file's own time, else when it was added.
 */
date: number, date_source: DateSource, 
/**
 * The item this one belongs to: a raw file paired with the JPEG of the
 * same shot (docs/ARCHITECTURE.md, "RAW+JPEG pairs").
 */
companion_of: number | null, 
/**
 * When it was moved to the Trash; `None` outside it.
 */
trashed_at: number | null, };
export type Group = { id: number, name: string, description: string, resource_ids: Array<number>, created_at: number, updated_at: number, };
export type Note = { id: number, title: string, text: string, resource_ids: Array<number>, group_ids: Array<number>, created_at: number, updated_at: number, };
export type Tag = { id: number, name: string, resource_count: number, };
export type JobCounts = { pending: number, running: number, 
/**
 * Failed at least once and waiting to be tried again.
 */
failed: number, dead: number, done: number, 
/**
 * When the oldest pending job was created (ms since epoch).
 */
oldest_pending_at: number | null, };
export type HandlerStatus = { name: string, 
/**
 * Jobs finished per second over the last few seconds.
 */
per_second: number, 
/**
 * Age of the oldest pending job, in milliseconds.
 */
oldest_pending_ms: number | null, pending: number, running: number, 
/**
 * Failed at least once and waiting to be tried again.
 */
failed: number, dead: number, done: number, 
/**
 * When the oldest pending job was created (ms since epoch).
 */
oldest_pending_at: number | null, };
export type ReindexProgress = { done: number, total: number, };
export type SidecarMode = "off" | "read" | "read-write";
export type ExportLayout = "flat" | "group" | "date";
export type ExportFailure = { resource_id: number, name: string, error: string, };
export type ExportReport = { folder: string, 
/**
 * Files copied this time.
 */
exported: number, 
/**
 * Already in the folder with the same bytes (an earlier export).
 */
skipped: number, failed: Array<ExportFailure>, 
/**
 * Bytes copied this time.
 */
bytes: number, };
export type ExportProgress = { done: number, total: number, };
export type ProblemKind = "damaged" | "missing" | "changed" | "unreadable";
export type VerifyProblem = { resource_id: number, name: string, kind: ProblemKind, 
/**
 * Where the library looked (a store path is relative to the library).
 */
path: string, 
/**
 * What was wrong, in plain words.
 */
detail: string, 
/**
 * Where the file came from, which a repair copies back from.
 */
original_path: string, 
/**
 * Whether the original is still there with the recorded bytes.
 */
repairable: boolean, repaired: boolean, };
export type VerifyReport = { 
/**
 * Files read and compared.
 */
checked: number, bytes: number, seconds: number, 
/**
 * Files whose first hash has not run yet: nothing to compare with.
 */
not_yet_hashed: number, 
/**
 * Watched files in folders that are offline (an unplugged drive).
 */
offline: number, problems: Array<VerifyProblem>, 
/**
 * Copies in the store that no resource owns, relative to the library.
 */
stray_copies: Array<string>, stray_bytes: number, 
/**
 * Whether the stray copies were removed (`repair`).
 */
strays_removed: boolean, };
export type VerifyProgress = { checked: number, total: number, bytes: number, total_bytes: number, };
export type BusStatus = { handlers: Array<HandlerStatus>, 
/**
 * Events committed but not yet turned into jobs.
 */
undispatched: number, 
/**
 * Whether this process is processing the library's work at all.
 */
processing: boolean, paused: boolean, 
/**
 * Work still to do, the one definition every front shows: events not
 * yet turned into jobs, and jobs pending, running, or failed and
 * waiting for their retry. Dead jobs wait for a person, not for time.
 */
outstanding: number, 
/**
 * Nothing outstanding.
 */
idle: boolean, 
/**
 * The search index being rebuilt from the database, when it is.
 */
reindexing: ReindexProgress | null, at: number, };
export type Progress = { status: BusStatus, resource_count: number, last_event_id: number, 
/**
 * Changes up to this event can be found by a search (the index commits
 * a moment after the work is done).
 */
searchable_event_id: number, 
/**
 * Changes wait for the index's next commit: another snapshot follows.
 */
index_pending: boolean, };
export type FailedJob = { job_id: number, handler: string, state: JobState, event_id: number, event_type: string, correlation_id: string, resource_id: number | null, resource_name: string | null, attempts: number, 
/**
 * What went wrong, in plain words (the first line of the handler's error).
 */
error: string, 
/**
 * The technical detail behind it (the decoder's or tool's own words).
 */
detail: string | null, first_failed_at: number | null, last_failed_at: number | null, 
/**
 * For a job waiting to be retried: when it will run.
 */
next_attempt_at: number | null, };
export type Similar = { resource: Resource, distance: number, mirrored: boolean, };
export type DuplicateKind = "exact" | "near";
export type DuplicateGroup = { 
/**
 * `exact` (same MD5) or `near` (perceptual hashes within the threshold).
 */
kind: DuplicateKind, 
/**
 * The one to keep unless the person picks another: see [`default_keep`].
 */
keep: number, resources: Array<Resource>, };
export type DuplicatePage = { 
/**
 * The first groups asked for: exact ones first, then near ones.
 */
groups: Array<DuplicateGroup>, 
/**
 * Groups in all, at this threshold.
 */
total: number, 
/**
 * Of which exact (same bytes).
 */
exact: number, };
export type FolderRules = { 
/**
 * Empty: every file not excluded.
 */
include: Array<string>, exclude: Array<string>, };
export type WatchedFolder = { id: number, path: string, rules: FolderRules, 
/**
 * False while the folder itself cannot be found (an unplugged drive).
 */
online: boolean, added_at: number, last_reconciled_at: number | null, resource_count: number, 
/**
 * Resources whose file is gone (deleted or moved out of the folder);
 * they keep their tags until the user removes them.
 */
missing_count: number, };
export type ReconcileReport = { folder_id: number, path: string, 
/**
 * False when the folder itself was not there: its files were marked
 * offline, not missing.
 */
online: boolean, added: number, changed: number, moved: number, missing: number, restored: number, 
/**
 * Files still being written (changed within the settle time): left for
 * the next pass, neither recorded nor marked missing.
 */
unsettled: number, 
/**
 * Files looked at on disk: the whole folder, or only the paths a burst
 * of watcher events named.
 */
scanned: number, 
/**
 * Files or folders that could not be read, with why.
 */
failed: Array<ImportFailure>, };
export type WalkProgress = { folder_id: number, 
/**
 * Files recorded so far; each batch is in the library (and queued for
 * processing) when this is told.
 */
recorded: number, };
export type ImportFailure = { path: string, error: string, };
export type ImportSummary = { imported: number, failed: Array<ImportFailure>, 
/**
 * Every copy was read back and matched its original.
 */
verified: boolean, 
/**
 * The files came from removable media (a camera card) and every one
 * is on disk in the library: the page says the card may be removed.
 */
safe_to_remove: boolean, };
export type RulesChanged = { folder: WatchedFolder, 
/**
 * Resources whose files the new rules no longer take; they left the
 * library, the files are still on disk.
 */
left: number, 
/**
 * The pass over the folder under the new rules (files now taken).
 */
report: ReconcileReport, };
export type ErrorKind = "not_found" | "invalid_input" | "locked" | "unavailable" | "failed";
export type CommandError = { kind: ErrorKind, 
/**
 * One plain sentence, the headline.
 */
message: string, 
/**
 * The technical detail (the underlying error), shown on request.
 */
detail: string | null, };
export type LibraryInfo = { root: string, 
/**
 * Why the library could not be opened (the page shows it instead of
 * the library); `None` when it is open.
 */
open_error: CommandError | null, resource_count: number, 
/**
 * The filters and sorts of the search language, the facts' included.
 */
search_help: SearchHelp, };
export type ResourceEdit = { name: string | null, description: string | null, };
export type GroupEdit = { name: string | null, description: string | null, };
export type NoteEdit = { title: string | null, text: string | null, };
export type EntityMatches = { notes: Array<Note>, groups: Array<Group>, };
export type PickKind = "files" | "folder";
/** Excluded in every watched folder unless turned off. */
export const DEFAULT_EXCLUDES: readonly string[] = [".*","*.part","*.crdownload","*.download","*.tmp","*~","Thumbs.db","desktop.ini"];
/** The similarity threshold a duplicates search starts at, and the loosest offered. */
export const DEFAULT_THRESHOLD = 10;
export const MAX_THRESHOLD = 20;
