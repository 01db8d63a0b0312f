//! The shell through tauri's mock runtime: commands as the page calls them
//! (JSON in, JSON out), progress forwarding, drop imports and the protocol,
//! over a real library in a temp folder.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mahres_app::{AppState, IMPORT_FINISHED_EVENT, PROGRESS_EVENT};
use serde_json::{Value, json};
use tauri::http::{Request, StatusCode};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{App, Listener, Manager, WebviewWindow, WebviewWindowBuilder};

struct Shell {
    app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    _dir: tempfile::TempDir,
    files: PathBuf,
}

impl Shell {
    fn open() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let files = dir.path().join("incoming");
        std::fs::create_dir_all(&files).unwrap();
        let state = tauri::async_runtime::block_on(AppState::open(dir.path().join("library")));
        assert_eq!(state.open_error(), None);
        Self::with_state(state, dir, files)
    }

    fn with_state(state: AppState, dir: tempfile::TempDir, files: PathBuf) -> Self {
        let mut app = mahres_app::wire(mock_builder(), state)
            .build(mock_context(noop_assets()))
            .unwrap();
        // `setup` (which starts progress forwarding) runs on the first turn;
        // one turn, not a loop, so the busy-loop deprecation does not apply.
        #[allow(deprecated)]
        app.run_iteration(|_, _| {});
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Self {
            app,
            window,
            _dir: dir,
            files,
        }
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|err| panic!("{cmd} failed: {err}"))
    }

    fn drop_files(&self, paths: Vec<PathBuf>) -> mahres_app::dto::ImportSummary {
        tauri::async_runtime::block_on(mahres_app::drop::import_dropped(self.app.handle(), paths))
            .unwrap()
    }

    fn tiles(&self, query: &str) -> Value {
        self.ok(
            "list_tiles",
            json!({"query": {"query": query, "sort": "newest", "offset": 0, "limit": 100}}),
        )
    }

    /// Polls `progress` until the library is idle.
    fn wait_idle(&self) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let progress = self.ok("progress", json!({}));
            if progress["status"]["idle"] == json!(true)
                && progress["index_pending"] == json!(false)
            {
                return progress;
            }
            assert!(Instant::now() < deadline, "never idle: {progress}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn protocol(&self, path: &str) -> (StatusCode, Vec<u8>, String) {
        let request = Request::builder()
            .uri(format!("mahres://localhost{path}"))
            .body(Vec::new())
            .unwrap();
        let response = tauri::async_runtime::block_on(mahres_app::protocol::respond(
            self.app.handle(),
            &request,
        ));
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (response.status(), response.body().clone(), content_type)
    }
}

/// A picture with a pattern of its own (`seed`), at `width` × `height`.
fn write_picture(path: &Path, seed: u32, width: u32, height: u32) {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let band = ((fx * (seed % 7 + 2) as f32 + fy * (seed % 5 + 1) as f32) * 3.0) as u32;
        let on = (band + seed).is_multiple_of(2);
        let base = (seed * 53 % 200) as u8;
        if on {
            image::Rgb([base, 255 - base, (fx * 255.0) as u8])
        } else {
            image::Rgb([(fy * 255.0) as u8, base / 2, 200])
        }
    });
    image.save(path).unwrap();
}

#[test]
fn a_drop_shows_tiles_at_once_then_thumbnails_and_the_progress_reaches_the_page() {
    let shell = Shell::open();
    let seen: Arc<Mutex<Vec<Value>>> = Arc::default();
    let finished: Arc<Mutex<Vec<Value>>> = Arc::default();
    {
        let seen = seen.clone();
        shell.app.listen_any(PROGRESS_EVENT, move |event| {
            seen.lock()
                .unwrap()
                .push(serde_json::from_str(event.payload()).unwrap());
        });
        let finished = finished.clone();
        shell.app.listen_any(IMPORT_FINISHED_EVENT, move |event| {
            finished
                .lock()
                .unwrap()
                .push(serde_json::from_str(event.payload()).unwrap());
        });
    }
    shell.ok("pause", json!({}));
    let folder = shell.files.join("holiday");
    std::fs::create_dir_all(&folder).unwrap();
    for i in 0..30 {
        write_picture(&folder.join(format!("beach-{i:02}.png")), i, 96, 64);
    }
    let summary = shell.drop_files(vec![folder]);
    assert_eq!(summary.imported, 30);

    // Recorded at once, waiting for their thumbnails.
    let page = shell.tiles("");
    assert_eq!(page["total"], json!(30));
    let tiles = page["tiles"].as_array().unwrap();
    assert_eq!(tiles.len(), 30);
    assert!(
        tiles.iter().all(|t| t["state"] == json!("waiting")),
        "{page}"
    );
    assert!(tiles.iter().all(|t| t["has_thumbnail"] == json!(false)));
    assert_eq!(
        finished.lock().unwrap().len(),
        1,
        "the page is told the drop is done"
    );

    // While paused, the page hears that work is waiting (the reporter looks
    // every 250 ms; resuming at once could finish the work between looks).
    let deadline = Instant::now() + Duration::from_secs(10);
    while !seen
        .lock()
        .unwrap()
        .iter()
        .any(|p| p["status"]["idle"] == json!(false))
    {
        assert!(
            Instant::now() < deadline,
            "no busy snapshot reached the page"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    shell.ok("resume", json!({}));
    let done = shell.wait_idle();
    assert_eq!(done["resource_count"], json!(30));
    let page = shell.tiles("");
    let tiles = page["tiles"].as_array().unwrap();
    assert!(
        tiles
            .iter()
            .all(|t| t["state"] == json!("ready") && t["has_thumbnail"] == json!(true)),
        "{page}"
    );

    // Forwarded snapshots: coalesced (far fewer than one per job), and the
    // last one the page got says all is done.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let events = seen.lock().unwrap().clone();
        let last_idle = events.last().is_some_and(|p| {
            p["status"]["idle"] == json!(true) && p["resource_count"] == json!(30)
        });
        if last_idle {
            let jobs: u64 = done["status"]["handlers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["done"].as_u64().unwrap())
                .sum();
            assert!(jobs >= 120, "four handlers ran for every file: {jobs}");
            assert!(
                events.len() < 40,
                "{} snapshots for {jobs} jobs",
                events.len()
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no idle snapshot reached the page: {events:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn search_finds_by_name_and_by_a_tag_added_later_and_explains_a_bad_query() {
    let shell = Shell::open();
    write_picture(&shell.files.join("sunset-over-lake.png"), 1, 64, 64);
    write_picture(&shell.files.join("mountain.png"), 2, 64, 64);
    shell.drop_files(vec![shell.files.clone()]);
    shell.wait_idle();

    let page = shell.tiles("sunset");
    assert_eq!(page["total"], json!(1), "{page}");
    let id = page["tiles"][0]["id"].as_i64().unwrap();
    assert_eq!(page["tiles"][0]["name"], json!("sunset-over-lake.png"));

    let mountain = shell.tiles("mountain")["tiles"][0]["id"].as_i64().unwrap();
    // "Select all" gets every id of a listing or a search, loaded or not.
    let all = shell.ok("tile_ids", json!({"query": "", "sort": "name"}));
    assert_eq!(all, json!([mountain, id]));
    let found = shell.ok("tile_ids", json!({"query": "sunset", "sort": "relevance"}));
    assert_eq!(found, json!([id]));
    shell.ok("add_tags", json!({"ids": [mountain], "tags": ["alps"]}));
    let details = shell.ok("resource", json!({"id": mountain}));
    assert_eq!(details["tags"], json!(["alps"]));
    shell.wait_idle();
    let by_tag = shell.tiles("tag:alps");
    assert_eq!(by_tag["tiles"].as_array().unwrap().len(), 1, "{by_tag}");
    assert_eq!(by_tag["tiles"][0]["id"], json!(mountain));
    assert_ne!(mountain, id);

    let err = shell.call("list_tiles", json!({"query": {"query": "\"unclosed", "sort": "relevance", "offset": 0, "limit": 10}}))
        .unwrap_err();
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("quote") && message.contains('1'),
        "{message}"
    );
    assert_eq!(
        err["kind"],
        json!("invalid_input"),
        "the page can tell a bad query"
    );
}

#[test]
fn edits_groups_and_notes_go_through_commands() {
    let shell = Shell::open();
    write_picture(&shell.files.join("a.png"), 3, 40, 40);
    shell.drop_files(vec![shell.files.join("a.png")]);
    let id = shell.tiles("")["tiles"][0]["id"].as_i64().unwrap();

    let edited = shell.ok(
        "edit_resource",
        json!({"id": id, "edit": {"name": "Harbour at dawn", "description": "boats"}}),
    );
    assert_eq!(edited["name"], json!("Harbour at dawn"));
    let group = shell.ok("create_group", json!({"name": "Trips", "description": ""}));
    let group_id = group["id"].as_i64().unwrap();
    assert_eq!(
        shell.ok("add_to_group", json!({"group_id": group_id, "ids": [id]})),
        json!(1)
    );
    let note = shell.ok(
        "create_note",
        json!({"title": "Packing list", "text": "tripod"}),
    );
    assert_eq!(
        shell.ok(
            "link_note",
            json!({"note_id": note["id"], "resource_id": id, "linked": true})
        ),
        json!(true)
    );
    let details = shell.ok("resource", json!({"id": id}));
    assert_eq!(details["groups"][0]["name"], json!("Trips"));
    assert_eq!(details["notes"][0]["title"], json!("Packing list"));

    shell.wait_idle();
    let matches = shell.ok("search_entities", json!({"query": "tripod"}));
    assert_eq!(
        matches["notes"][0]["title"],
        json!("Packing list"),
        "{matches}"
    );
    assert_eq!(shell.tiles("harbour")["total"], json!(1));

    // A rating by the page's command, found by its filter.
    assert_eq!(
        shell.ok(
            "set_mark",
            json!({"ids": [id], "mark": {"kind": "rating", "stars": 4}})
        ),
        json!(1)
    );
    shell.wait_idle();
    assert_eq!(
        shell.tiles("rating:>=4")["tiles"][0]["marks"]["rating"],
        json!(4)
    );
    let bad = shell
        .call(
            "set_mark",
            json!({"ids": [id], "mark": {"kind": "rating", "stars": 9}}),
        )
        .unwrap_err();
    assert_eq!(bad["kind"], json!("invalid_input"));

    // A smart album counts the search it saved; a bad search is refused.
    let album = shell.ok(
        "save_album",
        json!({"name": "Keepers", "query": "rating:>=4", "sort": "rating:desc"}),
    );
    assert_eq!(shell.ok("albums", json!({}))[0]["count"], json!(1));
    let bad = shell
        .call(
            "save_album",
            json!({"name": "Bad", "query": "colour:red", "sort": "newest"}),
        )
        .unwrap_err();
    assert_eq!(bad["kind"], json!("invalid_input"));
    let renamed = shell.ok(
        "edit_album",
        json!({"id": album["id"], "edit": {"name": "Best", "query": null, "sort": null}}),
    );
    assert_eq!(renamed["name"], json!("Best"));

    // The item's history, newest action first, in words.
    let history = shell.ok("item_history", json!({"id": id}));
    assert_eq!(history["steps"][0]["title"], json!("Rated 1 item ★★★★"));
    assert_eq!(
        history["steps"][0]["entries"][0]["what"],
        json!("Rating changed")
    );

    // Delete is the Trash; undo brings it back, redo takes it again.
    assert_eq!(shell.ok("trash_items", json!({"ids": [id]})), json!(1));
    shell.wait_idle();
    assert_eq!(shell.ok("albums", json!({}))[0]["count"], json!(0));
    assert_eq!(shell.tiles("")["total"], json!(0));
    assert_eq!(shell.ok("trashed_items", json!({}))[0]["id"], json!(id));
    assert_eq!(
        shell.ok("undo_state", json!({}))["undo"],
        json!("Moved 1 item to the Trash")
    );
    assert_eq!(
        shell.ok("undo", json!({}))["label"],
        json!("Moved 1 item to the Trash")
    );
    assert_eq!(shell.tiles("")["total"], json!(1));
    assert_eq!(shell.ok("redo", json!({}))["skipped"], json!(0));
    assert_eq!(shell.ok("restore_items", json!({"ids": [id]})), json!(1));
    assert_eq!(shell.ok("trash_items", json!({"ids": [id]})), json!(1));
    assert_eq!(shell.ok("empty_trash", json!({}))["removed"], json!(1));
    assert_eq!(
        shell.ok("delete_album", json!({"id": album["id"]})),
        json!(null)
    );
    assert_eq!(shell.ok("albums", json!({})), json!([]));
    assert_eq!(shell.ok("trashed_items", json!({})), json!([]));
    let missing = shell.call("resource", json!({"id": id})).unwrap_err();
    assert!(
        missing["message"]
            .as_str()
            .unwrap()
            .contains(&id.to_string()),
        "{missing}"
    );
    assert_eq!(missing["kind"], json!("not_found"));
}

#[test]
fn a_corrupt_image_is_a_failure_the_page_can_retry() {
    let shell = Shell::open();
    let broken = shell.files.join("broken.png");
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&[0x42; 300]);
    std::fs::write(&broken, bytes).unwrap();
    shell.drop_files(vec![broken]);
    shell.wait_idle();

    let tile = &shell.tiles("")["tiles"][0];
    assert_eq!(tile["state"], json!("failed"), "{tile}");
    let failures = shell.ok("failures", json!({"limit": 10}));
    let failure = failures
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["handler"] == json!("thumbnail"))
        .unwrap_or_else(|| panic!("{failures}"));
    assert_eq!(failure["resource_name"], json!("broken.png"));
    assert!(!failure["error"].as_str().unwrap().is_empty());
    let retried = shell.ok("retry", json!({"job_ids": [failure["job_id"]]}));
    assert_eq!(retried, json!(1));
}

#[test]
fn near_duplicates_are_found_and_merged_into_one() {
    let shell = Shell::open();
    write_picture(&shell.files.join("original.png"), 5, 400, 300);
    write_picture(&shell.files.join("smaller-copy.png"), 5, 200, 150);
    write_picture(&shell.files.join("other.png"), 9, 400, 300);
    shell.drop_files(vec![shell.files.clone()]);
    shell.wait_idle();

    let page = shell.ok("duplicates", json!({"threshold": 10, "limit": 100}));
    assert_eq!(
        (page["total"].clone(), page["exact"].clone()),
        (json!(1), json!(0))
    );
    let groups = page["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0]["kind"], json!("near"));
    let members: Vec<i64> = groups[0]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(members.len(), 2);
    let kept = shell.ok("merge", json!({"keep": members[0], "others": [members[1]]}));
    assert_eq!(kept["id"], json!(members[0]));
    assert_eq!(shell.tiles("")["total"], json!(2));
    let page = shell.ok("duplicates", json!({"threshold": 10, "limit": 100}));
    assert_eq!(page["total"], json!(0));
    assert_eq!(page["groups"], json!([]));
}

#[test]
fn the_protocol_serves_files_by_id_and_refuses_paths() {
    let shell = Shell::open();
    write_picture(&shell.files.join("p.png"), 4, 300, 200);
    shell.drop_files(vec![shell.files.join("p.png")]);
    shell.wait_idle();
    let id = shell.tiles("")["tiles"][0]["id"].as_i64().unwrap();

    let (status, body, content_type) = shell.protocol(&format!("/thumb/{id}"));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "image/jpeg");
    let thumb = image::load_from_memory(&body).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (256, 171));
    let (status, _, _) = shell.protocol(&format!("/preview%2F{id}"));
    assert_eq!(status, StatusCode::OK);
    let (status, body, content_type) = shell.protocol(&format!("/original/{id}"));
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::OK, "image/png")
    );
    assert_eq!(body, std::fs::read(shell.files.join("p.png")).unwrap());

    let secret = shell.files.join("secret.txt");
    std::fs::write(&secret, "private").unwrap();
    for path in [
        secret.display().to_string(),
        format!("/original/..%2F..%2F{}", secret.display()),
        "/thumb/../../etc/passwd".to_string(),
        format!("/thumb/{id}/../{id}"),
    ] {
        let (status, body, _) = shell.protocol(&path);
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("private"));
    }
    let (status, _, _) = shell.protocol("/thumb/999999");
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn a_library_owned_by_another_process_is_explained_not_crashed() {
    let first = Shell::open();
    let root = first.app.state::<AppState>().root().to_path_buf();
    let state = tauri::async_runtime::block_on(AppState::open(root));
    let error = state.open_error().unwrap().to_string();
    assert!(error.contains("could not be opened"), "{error}");
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().to_path_buf();
    let second = Shell::with_state(state, dir, files);
    let info = second.ok("library_info", json!({}));
    // A kind the page acts on (a Retry button), and words saying what to do.
    assert_eq!(info["open_error"]["kind"], json!("locked"));
    assert_eq!(info["open_error"]["message"], json!(error));
    assert!(error.contains("close it there"), "{error}");
    let refused = second.call(
        "list_tiles",
        json!({"query": {"query": "", "sort": "newest", "offset": 0, "limit": 10}}),
    );
    assert_eq!(refused.unwrap_err()["message"], json!(error));

    // Retry while the other still owns it: still locked, still explained.
    let again = second.call("retry_open", json!({})).unwrap_err();
    assert_eq!(again["kind"], json!("locked"));
    // Once the other process lets go, Retry opens it.
    drop(first);
    let deadline = Instant::now() + Duration::from_secs(10);
    let info = loop {
        match second.call("retry_open", json!({})) {
            Ok(info) => break info,
            Err(err) => {
                assert!(Instant::now() < deadline, "never reopened: {err}");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    };
    assert_eq!(info["open_error"], Value::Null);
    assert_eq!(second.tiles("")["total"], json!(0));
}

#[test]
fn every_command_is_granted_and_nothing_else() {
    let capability: Value =
        serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
    let mut granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| {
            p.as_str()?
                .strip_prefix("allow-")
                .map(|c| c.replace('-', "_"))
        })
        .collect();
    granted.sort();
    let mut commands: Vec<String> = mahres_app::COMMANDS.iter().map(|c| c.to_string()).collect();
    commands.sort();
    assert_eq!(granted, commands);
    let others: Vec<&str> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.starts_with("allow-"))
        .collect();
    assert_eq!(
        others,
        ["core:event:allow-listen", "core:event:allow-unlisten"]
    );
}

#[test]
fn a_watched_folder_is_recorded_at_once_and_walked_in_the_background() {
    let shell = Shell::open();
    let folder = shell.files.join("camera");
    std::fs::create_dir_all(folder.join("day-2")).unwrap();
    for i in 0..40 {
        let sub = if i % 2 == 0 { "" } else { "day-2" };
        write_picture(&folder.join(sub).join(format!("img-{i:03}.png")), i, 32, 32);
    }
    std::fs::write(folder.join("movie.mp4.part"), b"partial download").unwrap();
    std::fs::write(folder.join("day-2").join("notes.log"), b"camera log").unwrap();
    let scanned: Arc<Mutex<Vec<Value>>> = Arc::default();
    {
        let scanned = scanned.clone();
        shell
            .app
            .listen_any(mahres_app::FOLDER_SCANNED_EVENT, move |event| {
                scanned
                    .lock()
                    .unwrap()
                    .push(serde_json::from_str(event.payload()).unwrap());
            });
    }
    let walking: Arc<Mutex<Vec<Value>>> = Arc::default();
    {
        let walking = walking.clone();
        shell
            .app
            .listen_any(mahres_app::FOLDER_WALKING_EVENT, move |event| {
                walking
                    .lock()
                    .unwrap()
                    .push(serde_json::from_str(event.payload()).unwrap());
            });
    }
    let state = shell.app.state::<AppState>();
    let rules = mahres_app::commands::folder_rules(vec![], vec![" *.log ".into(), "".into()]);
    assert!(
        rules.exclude.contains(&"*.part".to_string()),
        "the defaults stay"
    );
    assert_eq!(rules.exclude.last().unwrap(), "*.log");
    let bad = mahres_core::watch::check_rules(&mahres_app::commands::folder_rules(
        vec!["[".into()],
        vec![],
    ));
    assert!(
        bad.unwrap_err()
            .to_string()
            .contains("`[` is not a valid glob")
    );
    let watched = tauri::async_runtime::block_on(mahres_app::commands::watch_folder(
        shell.app.handle(),
        &state,
        folder.clone(),
        rules,
    ))
    .unwrap();
    // Returned before its walk: the walk stamps the folder when it ends.
    assert_eq!(watched.last_reconciled_at, None);
    assert_eq!(watched.path, folder.display().to_string());

    let deadline = Instant::now() + Duration::from_secs(30);
    let report = loop {
        if let Some(report) = scanned.lock().unwrap().first().cloned() {
            break report;
        }
        assert!(Instant::now() < deadline, "the walk never reported");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(report["added"], json!(40), "{report}");
    // The walk's progress reached the page as it recorded (one batch here).
    assert_eq!(
        walking.lock().unwrap().last(),
        Some(&json!({ "folder_id": watched.id, "recorded": 40 }))
    );
    let folders = shell.ok("watched_folders", json!({}));
    assert_eq!(folders[0]["resource_count"], json!(40));
    assert!(folders[0]["last_reconciled_at"].is_i64());
    shell.wait_idle();
    assert_eq!(
        shell.tiles("")["total"],
        json!(40),
        "the partial download is skipped"
    );

    // New rules through the page's command: day-2 leaves, the logs come in.
    let changed = shell.ok(
        "set_folder_rules",
        json!({ "id": folders[0]["id"], "include": [], "exclude": ["day-2"] }),
    );
    assert_eq!(changed["left"], json!(20), "{changed}");
    assert_eq!(changed["report"]["added"], json!(0), "{changed}");
    assert_eq!(changed["folder"]["resource_count"], json!(20));
    assert!(
        folder.join("day-2/img-001.png").exists(),
        "files stay on disk"
    );
    let refused = shell
        .call(
            "set_folder_rules",
            json!({ "id": folders[0]["id"], "include": ["["], "exclude": [] }),
        )
        .unwrap_err();
    assert!(
        refused.to_string().contains("not a valid glob"),
        "{refused}"
    );

    // Watched by events: nothing to warn about.
    assert_eq!(shell.ok("watch_problems", json!({})), json!([]));

    // A folder added without the defaults keeps going without them.
    let bare = shell.files.join("bare");
    std::fs::create_dir_all(&bare).unwrap();
    std::fs::write(bare.join(".hidden.txt"), b"shown: no defaults").unwrap();
    let none = mahres_core::watch::FolderRules {
        include: vec![],
        exclude: vec![],
    };
    let (bare_folder, _) =
        tauri::async_runtime::block_on(state.library().unwrap().watch_add(bare, none)).unwrap();
    let changed = shell.ok(
        "set_folder_rules",
        json!({ "id": bare_folder.id, "include": [], "exclude": ["*.log"] }),
    );
    assert_eq!(changed["folder"]["rules"]["exclude"], json!(["*.log"]));
    assert_eq!(changed["folder"]["resource_count"], json!(1));
}

/// Adding and removing a watched folder from the page go through the same
/// engine calls as the CLI (`Library::watch_folder`, `unwatch_folder`): the
/// engine joins the folder to its live watch before walking it, so a file
/// written afterwards shows by itself, and takes it out again on removal.
#[test]
fn the_page_watches_and_unwatches_through_the_engine() {
    let shell = Shell::open();
    let state = shell.app.state::<AppState>();
    let library = state.library().unwrap().clone();
    tauri::async_runtime::block_on(library.start_live_watching()).unwrap();
    let folder = shell.files.join("live");
    std::fs::create_dir_all(&folder).unwrap();
    write_picture(&folder.join("first.png"), 1, 16, 16);
    let watched = tauri::async_runtime::block_on(mahres_app::commands::watch_folder(
        shell.app.handle(),
        &state,
        folder.clone(),
        mahres_app::commands::folder_rules(vec![], vec![]),
    ))
    .unwrap();
    assert_eq!(
        library.live_folders(),
        [watched.id],
        "joined before the walk"
    );
    write_picture(&folder.join("later.png"), 2, 16, 16);
    let deadline = Instant::now() + Duration::from_secs(20);
    while shell.tiles("")["total"] != json!(2) {
        assert!(
            Instant::now() < deadline,
            "a file written later never showed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let removed = shell.ok("remove_watched_folder", json!({ "id": watched.id }));
    assert_eq!(removed, json!(2));
    assert_eq!(shell.ok("watched_folders", json!({})), json!([]));
    // The live watch let go of it.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !library.live_folders().is_empty() {
        assert!(
            Instant::now() < deadline,
            "the removed folder is still watched"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(shell.tiles("")["total"], json!(0));
}

#[test]
fn the_page_reads_and_changes_the_library_s_settings() {
    let app = Shell::open();
    let settings = app.ok("settings", json!({}));
    assert_eq!(
        settings,
        json!({"keywords_as_tags": true, "raw_jpeg_pairs": true, "verify_copies": false, "sidecars": "read", "trash_days": 30})
    );
    let changed = app.ok(
        "set_settings",
        json!({"settings": {"keywords_as_tags": true, "raw_jpeg_pairs": false, "verify_copies": true, "sidecars": "read-write"}}),
    );
    assert_eq!(changed["raw_jpeg_pairs"], false);
    let now = app.ok("settings", json!({}));
    assert_eq!(
        (now["raw_jpeg_pairs"].clone(), now["verify_copies"].clone()),
        (json!(false), json!(true))
    );
    // A drop then reads every copy back.
    let picture = app.files.join("checked.png");
    write_picture(&picture, 1, 20, 20);
    assert!(app.drop_files(vec![picture]).verified);
}

#[test]
fn check_library_finds_a_damaged_copy_reports_progress_and_marks_an_item_missing() {
    let shell = Shell::open();
    let files: Vec<PathBuf> = (0..3)
        .map(|i| {
            let path = shell.files.join(format!("pic{i}.png"));
            write_picture(&path, i, 40, 30);
            path
        })
        .collect();
    let summary = shell.drop_files(files);
    assert_eq!(summary.imported, 3);
    assert!(!summary.safe_to_remove, "a temp folder is no camera card");
    shell.wait_idle();
    let progress = Arc::new(Mutex::new(Vec::<Value>::new()));
    let heard = progress.clone();
    shell
        .app
        .listen_any(mahres_app::VERIFY_PROGRESS_EVENT, move |event| {
            heard
                .lock()
                .unwrap()
                .push(serde_json::from_str(event.payload()).unwrap());
        });

    let clean = shell.ok("verify_library", json!({"repair": false}));
    assert_eq!(clean["checked"], 3);
    assert_eq!(clean["problems"], json!([]));
    let last = progress
        .lock()
        .unwrap()
        .last()
        .cloned()
        .expect("progress heard");
    assert_eq!(
        (last["checked"].clone(), last["total"].clone()),
        (json!(3), json!(3))
    );

    let tiles = shell.tiles("");
    let first = tiles["tiles"][0]["id"].as_i64().unwrap();
    let details = shell.ok("resource", json!({"id": first}));
    let stored = shell
        ._dir
        .path()
        .join("library")
        .join(details["stored_path"].as_str().unwrap());
    std::fs::write(&stored, b"scribbled over").unwrap();
    let found = shell.ok("verify_library", json!({"repair": false}));
    assert_eq!(found["problems"][0]["resource_id"], first);
    assert_eq!(found["problems"][0]["kind"], "damaged");
    assert_eq!(found["problems"][0]["repairable"], true);

    assert_eq!(shell.ok("mark_missing", json!({"ids": [first]})), 1);
    let details = shell.ok("resource", json!({"id": first}));
    assert_eq!(details["availability"], "missing");
    let repaired = shell.ok("verify_library", json!({"repair": true}));
    assert_eq!(repaired["problems"][0]["repaired"], true);
}
