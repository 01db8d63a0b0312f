//! The page's commands. Each is an async call into the engine (which runs
//! its blocking work on tokio's blocking pool), so none holds up IPC or the
//! main thread. No command takes a path from the page: files arrive by drop
//! or through a native picker, and leave by resource id.

use std::sync::Arc;

use mahres_core::audit::ItemHistory;
use mahres_core::duplicates::{DuplicatePage, Similar};
use mahres_core::model::{
    Group, GroupEdit, GroupId, Note, NoteEdit, NoteId, Resource, ResourceDetails, ResourceEdit,
    ResourceId, Tag,
};
use mahres_core::watch::{FolderRules, WalkProgress, WalkProgressFn};
use mahres_core::{
    Album, AlbumCount, AlbumEdit, AlbumId, EntityMatches, FailedJob, FailureFilter,
    LibrarySettings, Mark, NoteTarget, Progress, RemovalReport, ResourceFile, Reverted, SearchHelp,
    SortOrder, Tile, TilePage, TileQuery, TimelineDay, UndoState, WatchedFolder,
};
use tauri::{AppHandle, Emitter, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use tokio::sync::oneshot;

use crate::dto::{ImportSummary, LibraryInfo, PickKind, RulesChanged};
use crate::error::{CommandError, CommandResult, ErrorKind};
use crate::state::AppState;
use crate::{FOLDER_SCANNED_EVENT, FOLDER_WALKING_EVENT};

#[tauri::command(rename_all = "snake_case")]
pub async fn library_info(state: State<'_, AppState>) -> CommandResult<LibraryInfo> {
    let (resource_count, search_help) = match state.library() {
        Ok(library) => (library.resource_count().await?, library.search_help()),
        Err(_) => (0, SearchHelp::default()),
    };
    Ok(LibraryInfo {
        root: state.root().display().to_string(),
        open_error: state.open_error(),
        resource_count,
        search_help,
    })
}

/// Tries again to open a library that could not be opened (another process
/// owned it); once open, its work and live watching start as at launch.
#[tauri::command(rename_all = "snake_case")]
pub async fn retry_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<LibraryInfo> {
    if state.reopen().await? {
        crate::start_library_tasks(&app);
    }
    library_info(state).await
}

/// The days of a date-sorted listing or search with their counts, for the
/// grid's timeline headers and scrubber.
#[tauri::command(rename_all = "snake_case")]
pub async fn timeline(
    state: State<'_, AppState>,
    query: String,
    sort: SortOrder,
) -> CommandResult<Vec<TimelineDay>> {
    Ok(state.library()?.timeline(query, sort).await?)
}

/// The library's own choices (keywords as tags, RAW+JPEG pairs as one item).
#[tauri::command(rename_all = "snake_case")]
pub async fn settings(state: State<'_, AppState>) -> CommandResult<LibrarySettings> {
    Ok(state.library()?.settings().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_settings(
    state: State<'_, AppState>,
    settings: LibrarySettings,
) -> CommandResult<LibrarySettings> {
    let library = state.library()?;
    library.set_settings(settings).await?;
    Ok(library.settings().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_tiles(state: State<'_, AppState>, query: TileQuery) -> CommandResult<TilePage> {
    Ok(state.library()?.tiles(query).await?)
}

/// Every id of a listing or search, for "select all".
#[tauri::command(rename_all = "snake_case")]
pub async fn tile_ids(
    state: State<'_, AppState>,
    query: String,
    sort: SortOrder,
) -> CommandResult<Vec<ResourceId>> {
    Ok(state.library()?.tile_ids(query, sort).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn resource(
    state: State<'_, AppState>,
    id: ResourceId,
) -> CommandResult<ResourceDetails> {
    Ok(state.library()?.resource(id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn edit_resource(
    state: State<'_, AppState>,
    id: ResourceId,
    edit: ResourceEdit,
) -> CommandResult<Resource> {
    Ok(state.library()?.edit_resource(id, edit).await?)
}

/// Adds tags to every resource in `ids`; returns how many changed.
#[tauri::command(rename_all = "snake_case")]
pub async fn add_tags(
    state: State<'_, AppState>,
    ids: Vec<ResourceId>,
    tags: Vec<String>,
) -> CommandResult<u32> {
    Ok(state.library()?.tag_resources(ids, tags).await?)
}

/// Removes tags from every resource in `ids`; returns how many changed.
#[tauri::command(rename_all = "snake_case")]
pub async fn remove_tags(
    state: State<'_, AppState>,
    ids: Vec<ResourceId>,
    tags: Vec<String>,
) -> CommandResult<u32> {
    Ok(state.library()?.untag_resources(ids, tags).await?)
}

/// Moves items (and their companions) to the Trash; returns how many moved.
#[tauri::command(rename_all = "snake_case")]
pub async fn trash_items(state: State<'_, AppState>, ids: Vec<ResourceId>) -> CommandResult<u32> {
    Ok(state.library()?.trash(ids).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn restore_items(state: State<'_, AppState>, ids: Vec<ResourceId>) -> CommandResult<u32> {
    Ok(state.library()?.restore(ids).await?)
}

/// The Trash, most recently trashed first.
#[tauri::command(rename_all = "snake_case")]
pub async fn trashed_items(state: State<'_, AppState>) -> CommandResult<Vec<Tile>> {
    Ok(state.library()?.trashed().await?)
}

/// Deletes items for good (the page has asked first).
#[tauri::command(rename_all = "snake_case")]
pub async fn delete_permanently(
    state: State<'_, AppState>,
    ids: Vec<ResourceId>,
) -> CommandResult<RemovalReport> {
    Ok(state.library()?.delete_permanently(ids).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn empty_trash(state: State<'_, AppState>) -> CommandResult<RemovalReport> {
    Ok(state.library()?.empty_trash().await?)
}

/// Sets a rating, label or flag on every item of `ids`; returns how many changed.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_mark(
    state: State<'_, AppState>,
    ids: Vec<ResourceId>,
    mark: Mark,
) -> CommandResult<u32> {
    Ok(state.library()?.set_mark(ids, mark).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn undo(state: State<'_, AppState>) -> CommandResult<Option<Reverted>> {
    Ok(state.library()?.undo().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn redo(state: State<'_, AppState>) -> CommandResult<Option<Reverted>> {
    Ok(state.library()?.redo().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn undo_state(state: State<'_, AppState>) -> CommandResult<UndoState> {
    Ok(state.library()?.undo_state().await?)
}

/// Every smart album with what its search finds now.
#[tauri::command(rename_all = "snake_case")]
pub async fn albums(state: State<'_, AppState>) -> CommandResult<Vec<AlbumCount>> {
    Ok(state.library()?.albums().await?)
}

/// Saves the search as an album (or points the album of that name at it).
#[tauri::command(rename_all = "snake_case")]
pub async fn save_album(
    state: State<'_, AppState>,
    name: String,
    query: String,
    sort: SortOrder,
) -> CommandResult<Album> {
    Ok(state.library()?.save_album(name, query, sort).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn edit_album(
    state: State<'_, AppState>,
    id: AlbumId,
    edit: AlbumEdit,
) -> CommandResult<Album> {
    Ok(state.library()?.edit_album(id, edit).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_album(state: State<'_, AppState>, id: AlbumId) -> CommandResult<()> {
    Ok(state.library()?.delete_album(id).await?)
}

/// One item's history in words, newest action first.
#[tauri::command(rename_all = "snake_case")]
pub async fn item_history(
    state: State<'_, AppState>,
    id: ResourceId,
) -> CommandResult<ItemHistory> {
    Ok(state.library()?.item_history(id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn tags(state: State<'_, AppState>) -> CommandResult<Vec<Tag>> {
    Ok(state.library()?.tags().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn similar(
    state: State<'_, AppState>,
    id: ResourceId,
    threshold: u32,
) -> CommandResult<Vec<Similar>> {
    Ok(state.library()?.similar(id, threshold).await?)
}

/// The first `limit` duplicate groups and how many there are: the view
/// asks for the groups it shows, never all of a big library's at once.
#[tauri::command(rename_all = "snake_case")]
pub async fn duplicates(
    state: State<'_, AppState>,
    threshold: u32,
    limit: u32,
) -> CommandResult<DuplicatePage> {
    Ok(state.library()?.duplicate_page(threshold, limit).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn merge(
    state: State<'_, AppState>,
    keep: ResourceId,
    others: Vec<ResourceId>,
) -> CommandResult<Resource> {
    Ok(state.library()?.merge(keep, others).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn groups(state: State<'_, AppState>) -> CommandResult<Vec<Group>> {
    Ok(state.library()?.groups().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_group(
    state: State<'_, AppState>,
    name: String,
    description: String,
) -> CommandResult<Group> {
    Ok(state.library()?.create_group(name, description).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn edit_group(
    state: State<'_, AppState>,
    id: GroupId,
    edit: GroupEdit,
) -> CommandResult<Group> {
    Ok(state.library()?.edit_group(id, edit).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_group(state: State<'_, AppState>, id: GroupId) -> CommandResult<()> {
    Ok(state.library()?.delete_group(id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_to_group(
    state: State<'_, AppState>,
    group_id: GroupId,
    ids: Vec<ResourceId>,
) -> CommandResult<usize> {
    Ok(state.library()?.add_to_group(group_id, ids).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_from_group(
    state: State<'_, AppState>,
    group_id: GroupId,
    ids: Vec<ResourceId>,
) -> CommandResult<usize> {
    Ok(state.library()?.remove_from_group(group_id, ids).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn notes(state: State<'_, AppState>) -> CommandResult<Vec<Note>> {
    Ok(state.library()?.notes().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_note(
    state: State<'_, AppState>,
    title: String,
    text: String,
) -> CommandResult<Note> {
    Ok(state.library()?.create_note(title, text).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn edit_note(
    state: State<'_, AppState>,
    id: NoteId,
    edit: NoteEdit,
) -> CommandResult<Note> {
    Ok(state.library()?.edit_note(id, edit).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_note(state: State<'_, AppState>, id: NoteId) -> CommandResult<()> {
    Ok(state.library()?.delete_note(id).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn link_note(
    state: State<'_, AppState>,
    note_id: NoteId,
    resource_id: ResourceId,
    linked: bool,
) -> CommandResult<bool> {
    Ok(state
        .library()?
        .link_note(note_id, NoteTarget::Resource(resource_id), linked)
        .await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn search_entities(
    state: State<'_, AppState>,
    query: String,
) -> CommandResult<EntityMatches> {
    Ok(state.library()?.search_entities(query, 20).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn progress(state: State<'_, AppState>) -> CommandResult<Progress> {
    Ok(state.library()?.progress().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn failures(state: State<'_, AppState>, limit: u32) -> CommandResult<Vec<FailedJob>> {
    Ok(state
        .library()?
        .failures(FailureFilter::All, limit.min(1_000))
        .await?)
}

/// Retries the given failed jobs now, or every failed job with `None`.
#[tauri::command(rename_all = "snake_case")]
pub async fn retry(state: State<'_, AppState>, job_ids: Option<Vec<i64>>) -> CommandResult<usize> {
    Ok(state.library()?.retry_jobs(job_ids).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn pause(state: State<'_, AppState>) -> CommandResult<()> {
    state.library()?.pause();
    Ok(())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn resume(state: State<'_, AppState>) -> CommandResult<()> {
    state.library()?.resume();
    Ok(())
}

/// Opens the native picker and imports what the person chose; `None` when
/// they cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: PickKind,
) -> CommandResult<Option<ImportSummary>> {
    let library = state.library()?;
    let (tx, rx) = oneshot::channel();
    let dialog = app
        .dialog()
        .file()
        .set_title("Import into Mahresources")
        .set_directory(start_folder(&app));
    match kind {
        PickKind::Files => dialog.pick_files(move |paths| {
            let _ = tx.send(paths.unwrap_or_default());
        }),
        PickKind::Folder => dialog.pick_folder(move |path| {
            let _ = tx.send(path.into_iter().collect());
        }),
    }
    let picked = rx.await.unwrap_or_default();
    let paths: Vec<_> = picked
        .into_iter()
        .filter_map(|path| path.into_path().ok())
        .collect();
    if paths.is_empty() {
        return Ok(None);
    }
    Ok(Some(library.import(paths).await?.into()))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn watched_folders(state: State<'_, AppState>) -> CommandResult<Vec<WatchedFolder>> {
    Ok(state.library()?.watched_folders().await?)
}

/// Asks for a folder and watches it with the default rules plus the given
/// globs (`include` empty: every file not excluded). Returns once it is
/// recorded; its first walk goes on in the background (files show batch by
/// batch) and ends with a `folder-scanned` event carrying the walk's report.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_watch_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    include: Vec<String>,
    exclude: Vec<String>,
) -> CommandResult<Option<WatchedFolder>> {
    let rules = folder_rules(include, exclude);
    // Bad globs are refused before the person picks a folder.
    mahres_core::watch::check_rules(&rules)?;
    let (tx, rx) = oneshot::channel();
    app.dialog()
        .file()
        .set_title("Watch a folder")
        .set_directory(start_folder(&app))
        .pick_folder(move |path| {
            let _ = tx.send(path);
        });
    let Some(picked) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let path = picked
        .into_path()
        .map_err(|err| CommandError::failed("That folder cannot be watched.", err))?;
    watch_folder(&app, &state, path, rules).await.map(Some)
}

/// Where the pickers open: the person's Pictures folder, else their home.
/// (GTK's own default is "Recent", where typing a path does not navigate.)
pub(crate) fn start_folder<R: Runtime>(app: &AppHandle<R>) -> std::path::PathBuf {
    use tauri::Manager;
    let paths = app.path();
    paths
        .picture_dir()
        .ok()
        .filter(|dir| dir.is_dir())
        .or_else(|| paths.home_dir().ok())
        .unwrap_or_else(|| std::path::PathBuf::from("/"))
}

/// The default rules (hidden files, partial downloads, system files) plus
/// the person's own.
pub fn folder_rules(include: Vec<String>, exclude: Vec<String>) -> FolderRules {
    FolderRules::with_own(include, exclude, true)
}

/// Watches `path` through the engine's one call (live watching joined
/// first, then the walk in the background); the walk's report reaches the
/// page as `folder-scanned`.
pub async fn watch_folder<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    path: std::path::PathBuf,
    rules: FolderRules,
) -> CommandResult<WatchedFolder> {
    let (folder, walk) = state
        .library()?
        .watch_folder(path, rules, walk_progress(app))
        .await?;
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        match walk.await {
            Ok(Ok(report)) => {
                if let Err(err) = app.emit(FOLDER_SCANNED_EVENT, &report) {
                    tracing::warn!(error = %err, "could not tell the window about the walk");
                }
            }
            Ok(Err(err)) => {
                tracing::warn!(error = %err, "the first walk of a watched folder failed")
            }
            Err(err) => tracing::warn!(error = %err, "the first walk of a watched folder stopped"),
        }
    });
    Ok(folder)
}

/// Forwards a first walk's progress to the page, at most every 250 ms.
fn walk_progress<R: Runtime>(app: &AppHandle<R>) -> Arc<WalkProgressFn> {
    Arc::new(crate::progress::throttled(
        app,
        FOLDER_WALKING_EVENT,
        |_: &WalkProgress| false,
    ))
}

/// Stops watching a folder; its files stay on disk. Returns how many
/// resources left the library.
#[tauri::command(rename_all = "snake_case")]
pub async fn remove_watched_folder(state: State<'_, AppState>, id: i64) -> CommandResult<usize> {
    Ok(state.library()?.unwatch_folder(id).await?)
}

/// Gives a watched folder new rules: the person's own, plus the defaults
/// unless the folder was added without them (`watch add
/// --no-default-excludes`). The page asks first, since files no longer
/// matching leave the library.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_folder_rules(
    state: State<'_, AppState>,
    id: i64,
    include: Vec<String>,
    exclude: Vec<String>,
) -> CommandResult<RulesChanged> {
    let (folder, left, report) = state
        .library()?
        .watch_change_rules(id, include, exclude, None)
        .await?;
    Ok(RulesChanged {
        folder,
        left: left as u64,
        report,
    })
}

/// What is wrong with watching folders live, one line each (say, a folder
/// polled because the inotify limit is reached, with the sysctl to raise
/// it); the Folders view shows them.
#[tauri::command(rename_all = "snake_case")]
pub async fn watch_problems(state: State<'_, AppState>) -> CommandResult<Vec<String>> {
    Ok(state.library()?.watch_problems())
}

/// Removes the resources whose files are gone, from one watched folder or
/// all; the page asks the person first. Returns how many were removed.
#[tauri::command(rename_all = "snake_case")]
pub async fn remove_missing(
    state: State<'_, AppState>,
    folder_id: Option<i64>,
) -> CommandResult<usize> {
    Ok(state.library()?.watch_remove_missing(folder_id).await?)
}

/// Opens the file with the system's default app.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_resource<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: ResourceId,
) -> CommandResult<()> {
    let (path, content_type) = original_path(&state, id).await?;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|err| {
            // The launcher fails like this when no application handles the
            // type; say that, and keep its words as the detail.
            CommandError::failed(
                format!(
                    "No application is set to open {}. Choose one in your system's settings, or use Show in folder.",
                    describe_type(&content_type)
                ),
                err,
            )
        })
}

/// "JPEG images", "PDF documents", "MP4 videos": what a person calls a type.
fn describe_type(content_type: &str) -> String {
    if content_type == "application/x-empty" {
        return "empty files".into();
    }
    let (top, sub) = content_type.split_once('/').unwrap_or((content_type, ""));
    let sub = sub.trim_start_matches("x-").trim_start_matches("vnd.");
    let name = sub
        .split(['+', '.', ';'])
        .next()
        .unwrap_or(sub)
        .to_uppercase();
    let what = match top {
        "image" => "images",
        "video" => "videos",
        "audio" => "audio files",
        "text" => "text files",
        _ if name == "PDF" => "documents",
        _ => "files",
    };
    if name.is_empty() {
        format!("these {what}")
    } else {
        format!("{name} {what}")
    }
}

/// Shows the file in the system's file manager.
#[tauri::command(rename_all = "snake_case")]
pub async fn reveal_resource<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: ResourceId,
) -> CommandResult<()> {
    let (path, _) = original_path(&state, id).await?;
    app.opener()
        .reveal_item_in_dir(&path)
        .map_err(|err| CommandError::failed("Couldn't open the file manager.", err))
}

/// The resource's file as another app should get it, and its content type.
async fn original_path(
    state: &AppState,
    id: ResourceId,
) -> CommandResult<(std::path::PathBuf, String)> {
    let library = state.library()?;
    let file = library
        .resource_file(id, ResourceFile::Original)
        .await?
        .ok_or_else(|| CommandError::new(ErrorKind::NotFound, format!("Item {id} has no file.")))?;
    // A stat can hang on a network drive: on the blocking pool, not here.
    if !tokio::fs::try_exists(&file.path).await.unwrap_or(false) {
        return Err(CommandError::new(
            ErrorKind::NotFound,
            format!(
                "{} is not there any more (moved, deleted, or on a drive that is not connected).",
                file.path.display()
            ),
        ));
    }
    // Under the item's own name, never the store's random one.
    let handed = library.file_for_apps(id).await?;
    Ok((handed.path, handed.content_type))
}

#[cfg(test)]
mod tests {
    use super::describe_type;

    #[test]
    fn types_are_named_as_people_name_them() {
        assert_eq!(describe_type("image/jpeg"), "JPEG images");
        assert_eq!(describe_type("video/mp4"), "MP4 videos");
        assert_eq!(describe_type("application/pdf"), "PDF documents");
        assert_eq!(describe_type("image/svg+xml"), "SVG images");
        assert_eq!(describe_type("application/x-empty"), "empty files");
        assert_eq!(describe_type("application/"), "these files");
    }
}
