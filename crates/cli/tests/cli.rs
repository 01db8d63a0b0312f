//! `mahres` as a user runs it: a real process on a real library folder.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{json, mahres, md5sum, run, write_png, write_random};

use mahres_core::model::Page;
use mahres_core::{Access, Library, LibraryOptions};
use serde_json::Value;

#[test]
fn import_list_show_and_errors_as_a_script_sees_them() {
    let source = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    for i in 0..5 {
        std::fs::write(
            source.path().join(format!("doc{i}.txt")),
            format!("text {i}"),
        )
        .unwrap();
    }
    write_png(&source.path().join("photo.png"), 64, 48);

    let imported = run(mahres(library.path())
        .args(["import", "--json"])
        .arg(source.path()));
    assert!(imported.status.success(), "{imported:?}");
    assert!(
        imported.stderr.is_empty(),
        "no progress bars on a pipe: {imported:?}"
    );
    // --json prints the import report, then the final status.
    let text = String::from_utf8(imported.stdout).unwrap();
    let mut documents = serde_json::Deserializer::from_str(&text).into_iter::<Value>();
    let report = documents.next().unwrap().unwrap();
    assert_eq!(report["imported"].as_array().unwrap().len(), 6);
    let status = documents.next().unwrap().unwrap();
    assert_eq!(status["idle"], true);

    let page = json(&run(
        mahres(library.path()).args(["list", "--json", "--limit", "2", "--offset", "4"])
    ));
    let names: Vec<&str> = page
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["doc4.txt", "photo.png"]);
    let photo_id = page[1]["id"].as_i64().unwrap();
    let shown = json(&run(mahres(library.path()).args([
        "show",
        "--json",
        &photo_id.to_string(),
    ])));
    assert_eq!(shown["width"], 64);
    assert_eq!(shown["height"], 48);
    assert_eq!(shown["md5"], md5sum(&[source.path().join("photo.png")])[0]);
    assert_eq!(shown["processing"], Value::Array(vec![]));

    let missing = run(mahres(library.path()).args(["show", "4242"]));
    assert_eq!(missing.status.code(), Some(1));
    assert!(missing.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&missing.stderr),
        "error: resource 4242 does not exist\n"
    );
}

#[test]
fn a_second_writer_gets_a_clear_error_naming_the_holder() {
    let library = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let holder = runtime
        .block_on(Library::open(LibraryOptions::new(library.path())))
        .unwrap();
    let source = tempfile::tempdir().unwrap();
    std::fs::write(source.path().join("a.txt"), "a").unwrap();

    let second = run(mahres(library.path()).arg("import").arg(source.path()));
    assert_eq!(second.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("open in another process"), "{stderr}");
    assert!(
        stderr.contains(&format!("(pid {})", std::process::id())),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // Reading beside the owner still works.
    let status = run(mahres(library.path()).args(["status", "--json"]));
    assert!(status.status.success(), "{status:?}");
    runtime.block_on(holder.close(Duration::from_secs(1)));
}

/// Kills `mahres wait` with SIGKILL mid-way through a backlog, restarts it,
/// and checks that every job completed once with correct results.
#[test]
fn work_survives_sigkill_mid_processing() {
    const BLOBS: usize = 240;
    const IMAGES: usize = 30;
    let source = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for i in 0..BLOBS {
        let path = source.path().join(format!("blob{i:03}.bin"));
        write_random(&path, 4 << 20, i as u64);
        files.push(path);
    }
    for i in 0..IMAGES {
        let path = source.path().join(format!("image{i:02}.png"));
        write_png(&path, 10 + i as u32, 20 + 2 * i as u32);
        files.push(path);
    }
    let total = (BLOBS + IMAGES) as u64;
    let expected = md5sum(&files);

    let recorded = run(mahres(library.path())
        .args(["import", "--no-wait"])
        .arg(source.path()));
    assert!(recorded.status.success(), "{recorded:?}");

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let reader = runtime
        .block_on(Library::open(
            LibraryOptions::new(library.path()).access(Access::ReadOnly),
        ))
        .unwrap();
    let hash_done = |status: &mahres_core::BusStatus| {
        status
            .handlers
            .iter()
            .find(|h| h.name == "hash")
            .map_or(0, |h| h.counts.done)
    };

    let mut child = mahres(library.path())
        .arg("wait")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let status = runtime.block_on(reader.status()).unwrap();
        if hash_done(&status) >= 20 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "processing never started"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let after_kill = runtime.block_on(reader.status()).unwrap();
    let done_at_kill = hash_done(&after_kill);
    assert!(
        done_at_kill < total,
        "killed too late to prove anything: {after_kill:?}"
    );
    let unfinished: u64 = after_kill
        .handlers
        .iter()
        .map(|h| h.counts.pending + h.counts.running)
        .sum();
    assert!(unfinished > 0, "{after_kill:?}");
    println!("killed with {done_at_kill}/{total} hashes done, {unfinished} jobs unfinished");

    let restarted = run(mahres(library.path()).arg("wait"));
    assert!(restarted.status.success(), "{restarted:?}");

    let status = runtime.block_on(reader.status()).unwrap();
    for handler in &status.handlers {
        // One job per file each of these takes (the index also takes their
        // updates): every file is hashed, only the pictures drawn and
        // measured.
        let takes = match handler.name.as_str() {
            "hash" => Some(total),
            "dimensions" | "thumbnail" => Some(IMAGES as u64),
            _ => None,
        };
        if let Some(takes) = takes {
            assert_eq!(
                handler.counts.done, takes,
                "{}: every job completed exactly once",
                handler.name
            );
        }
        let open = handler.counts.pending
            + handler.counts.running
            + handler.counts.failed
            + handler.counts.dead;
        assert_eq!(open, 0, "{status:?}");
    }
    let resources = runtime
        .block_on(reader.resources(Page {
            limit: 1000,
            offset: 0,
        }))
        .unwrap();
    assert_eq!(resources.len() as u64, total);
    for resource in &resources {
        let index = files
            .iter()
            .position(|f| f.to_string_lossy() == resource.original_path)
            .unwrap();
        assert_eq!(
            resource.md5.as_deref(),
            Some(expected[index].as_str()),
            "{}",
            resource.name
        );
        if let Some(i) = resource
            .name
            .strip_prefix("image")
            .and_then(|n| n.strip_suffix(".png"))
        {
            let i: u32 = i.parse().unwrap();
            assert_eq!(
                (resource.width, resource.height),
                (Some(10 + i), Some(20 + 2 * i))
            );
        }
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

#[test]
fn an_unreadable_folder_is_reported_and_the_rest_imports() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = tempfile::tempdir().unwrap();
    let source = scratch.path().join("source");
    let library = scratch.path().join("library");
    std::fs::create_dir_all(source.join("locked")).unwrap();
    std::fs::create_dir_all(&library).unwrap();
    std::fs::write(source.join("visible.txt"), "hello").unwrap();
    std::fs::write(source.join("locked").join("secret.txt"), "s").unwrap();

    let mut command = if is_root() {
        // Root reads any folder; run as an unprivileged user, as people do.
        let binary = scratch.path().join("mahres");
        std::fs::copy(env!("CARGO_BIN_EXE_mahres"), &binary).unwrap();
        for dir in [scratch.path(), &source, &library] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        }
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(binary);
        command
    } else {
        Command::new(env!("CARGO_BIN_EXE_mahres"))
    };
    let locked = source.join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let output = run(command
        .arg("--library")
        .arg(&library)
        .args(["import", "--json", "--no-wait"])
        .arg(&source));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();

    assert_eq!(
        output.status.code(),
        Some(2),
        "some files failed: {output:?}"
    );
    let report = json(&output);
    let failed = report["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{report}");
    assert!(failed[0]["path"].as_str().unwrap().ends_with("locked"));
    assert_eq!(
        failed[0]["error"],
        "permission denied: the folder cannot be read"
    );
    let imported = report["imported"].as_array().unwrap();
    assert_eq!(imported.len(), 1);
    assert!(
        imported[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("visible.txt")
    );
}

#[test]
fn ctrl_c_while_waiting_stops_cleanly_and_leaves_the_rest_pending() {
    let source = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    for i in 0..150 {
        write_random(&source.path().join(format!("b{i:03}.bin")), 4 << 20, i);
    }
    let recorded = run(mahres(library.path())
        .args(["import", "--no-wait"])
        .arg(source.path()));
    assert!(recorded.status.success());

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let reader = runtime
        .block_on(Library::open(
            LibraryOptions::new(library.path()).access(Access::ReadOnly),
        ))
        .unwrap();
    let child = mahres(library.path())
        .arg("wait")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while runtime.block_on(reader.status()).unwrap().total().done < 10 {
        assert!(started.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(5));
    }
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("interrupted:") && stderr.contains("left pending"),
        "{stderr}"
    );

    let status = runtime.block_on(reader.status()).unwrap();
    let total = status.total();
    assert!(total.pending > 0, "{status:?}");
    assert_eq!(
        total.running + total.dead,
        0,
        "running jobs finished or were released: {status:?}"
    );
    // And the next run finishes the job.
    assert!(run(mahres(library.path()).arg("wait")).status.success());
    let status = runtime.block_on(reader.status()).unwrap();
    assert_eq!(
        status
            .handlers
            .iter()
            .find(|h| h.name == "hash")
            .unwrap()
            .counts
            .done,
        150
    );
}

/// A picture with shapes on a gradient, so perceptual hashes have structure
/// to work with.
fn pattern(width: u32, height: u32, seed: u32) -> image::RgbImage {
    let mut rng = fastrand::Rng::with_seed(seed as u64);
    let shapes: Vec<(f32, f32, f32, [u8; 3])> = (0..5)
        .map(|_| {
            (
                rng.f32(),
                rng.f32(),
                0.1 + rng.f32() * 0.2,
                [rng.u8(..), rng.u8(..), rng.u8(..)],
            )
        })
        .collect();
    image::RgbImage::from_fn(width, height, |x, y| {
        let (u, v) = (x as f32 / width as f32, y as f32 / height as f32);
        for (cx, cy, r, color) in &shapes {
            if (u - cx).abs() < *r && (v - cy).abs() < *r * 1.5 {
                return image::Rgb(*color);
            }
        }
        image::Rgb([(u * 255.0) as u8, (v * 255.0) as u8, 128])
    })
}

#[test]
fn search_dupes_similar_merge_and_reindex_from_the_command_line() {
    let source = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    let trip = source.path().join("Lisbon trip");
    std::fs::create_dir(&trip).unwrap();
    let original = pattern(600, 400, 1);
    original.save(trip.join("tram-28.png")).unwrap();
    image::imageops::resize(&original, 300, 200, image::imageops::FilterType::Triangle)
        .save(trip.join("tram-28-small.png"))
        .unwrap();
    std::fs::copy(
        trip.join("tram-28.png"),
        source.path().join("backup-copy.png"),
    )
    .unwrap();
    pattern(600, 400, 7)
        .save(trip.join("azulejos.png"))
        .unwrap();
    std::fs::write(source.path().join("notes.txt"), "pastel de nata recipe").unwrap();
    assert!(
        run(mahres(library.path()).arg("import").arg(source.path()))
            .status
            .success()
    );

    let ids = |query: &str| -> Vec<String> {
        let output =
            run(mahres(library.path()).args(["search", "--json", "--sort", "name", query]));
        assert!(output.status.success(), "{output:?}");
        json(&output)["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    // The index commits within a second of the work finishing.
    let started = Instant::now();
    while ids("lisbon").len() < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "never searchable"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        ids("lisbon"),
        ["azulejos.png", "tram-28-small.png", "tram-28.png"]
    );
    assert_eq!(ids("notes"), ["notes.txt"]);
    assert_eq!(ids("type:image width:<400"), ["tram-28-small.png"]);
    let bad = run(mahres(library.path()).args(["search", "tag:"]));
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        "error: `tag:` needs a value (at character 5)\n"
    );

    let dupes = json(&run(mahres(library.path()).args(["dupes", "--json"])));
    let kinds: Vec<&str> = dupes
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["exact", "near"], "{dupes}");
    let near: Vec<&str> = dupes[1]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(near.len(), 3, "{near:?}");
    assert!(!near.contains(&"azulejos.png"));

    let list = json(&run(mahres(library.path()).args(["list", "--json"])));
    let id_of = |name: &str| -> i64 {
        list.as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (big, small, copy) = (
        id_of("tram-28.png"),
        id_of("tram-28-small.png"),
        id_of("backup-copy.png"),
    );
    let similar = json(&run(mahres(library.path()).args([
        "similar",
        "--json",
        &big.to_string(),
    ])));
    assert_eq!(similar.as_array().unwrap().len(), 2, "{similar}");

    assert!(
        run(mahres(library.path()).args(["tag", "add", &small.to_string(), "tram"]))
            .status
            .success()
    );
    let merged = run(mahres(library.path()).args([
        "merge",
        "--json",
        &big.to_string(),
        &small.to_string(),
        &copy.to_string(),
    ]));
    assert!(merged.status.success(), "{merged:?}");
    assert_eq!(json(&merged)["tags"], serde_json::json!(["tram"]));
    let shown = json(&run(mahres(library.path()).args([
        "show",
        "--json",
        &big.to_string(),
    ])));
    assert!(shown["thumbnail"].as_str().unwrap().ends_with("-256.jpg"));
    assert!(shown["preview"].as_str().unwrap().ends_with("-1024.jpg"));
    assert_eq!(shown["perceptual_hash"].as_str().unwrap().len(), 16);

    // The merged-away items wait in the Trash until it is emptied.
    let trash = json(&run(
        mahres(library.path()).args(["trash", "list", "--json"])
    ));
    assert_eq!(trash.as_array().unwrap().len(), 2);
    let emptied = run(mahres(library.path()).args(["trash", "empty", "--yes", "--json"]));
    assert!(emptied.status.success(), "{emptied:?}");
    assert_eq!(json(&emptied)["removed"], 2);

    std::fs::remove_dir_all(library.path().join("index")).unwrap();
    let reindexed = run(mahres(library.path()).args(["reindex", "--json"]));
    assert!(reindexed.status.success(), "{reindexed:?}");
    assert_eq!(
        json(&reindexed),
        serde_json::json!(3),
        "three resources remain"
    );
    assert_eq!(ids("lisbon"), ["azulejos.png", "tram-28.png"]);
    assert_eq!(ids("tag:tram"), ["tram-28.png"]);
}

#[test]
fn watch_add_scan_list_and_remove() {
    let folder = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("a.txt"), "a").unwrap();
    std::fs::write(folder.path().join("skip.log"), "x").unwrap();
    let added = run(mahres(library.path())
        .args(["watch", "add", "--exclude", "*.log"])
        .arg(folder.path()));
    assert!(added.status.success(), "{added:?}");
    let stdout = String::from_utf8_lossy(&added.stdout);
    assert!(stdout.contains("1 added"), "{stdout}");

    std::fs::write(folder.path().join("b.txt"), "b").unwrap();
    std::fs::rename(
        folder.path().join("a.txt"),
        folder.path().join("a-renamed.txt"),
    )
    .unwrap();
    let scanned = run(mahres(library.path()).args(["watch", "scan", "--json"]));
    assert!(scanned.status.success(), "{scanned:?}");
    let text = String::from_utf8(scanned.stdout).unwrap();
    let reports: Value = serde_json::Deserializer::from_str(&text)
        .into_iter::<Value>()
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(
        (reports[0]["added"].as_u64(), reports[0]["moved"].as_u64()),
        (Some(1), Some(1)),
        "{reports}"
    );

    let folders = json(&run(
        mahres(library.path()).args(["watch", "list", "--json"])
    ));
    assert_eq!(folders[0]["resource_count"], 2);
    assert_eq!(folders[0]["online"], true);
    let id = folders[0]["id"].as_i64().unwrap().to_string();

    // A deleted file is missing until pruned.
    std::fs::write(folder.path().join("c.txt"), "c").unwrap();
    assert!(
        run(mahres(library.path()).args(["watch", "scan"]))
            .status
            .success()
    );
    std::fs::remove_file(folder.path().join("c.txt")).unwrap();
    assert!(
        run(mahres(library.path()).args(["watch", "scan"]))
            .status
            .success()
    );
    let listed = run(mahres(library.path()).args(["watch", "list"]));
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(
        text.contains("1 missing") && text.contains("watch prune"),
        "{text}"
    );
    let pruned = run(mahres(library.path()).args(["watch", "prune", &id]));
    assert!(
        String::from_utf8_lossy(&pruned.stdout).contains("removed 1"),
        "{pruned:?}"
    );
    let folders = json(&run(
        mahres(library.path()).args(["watch", "list", "--json"])
    ));
    assert_eq!(
        (
            folders[0]["resource_count"].as_u64(),
            folders[0]["missing_count"].as_u64()
        ),
        (Some(2), Some(0))
    );
    let removed = run(mahres(library.path()).args(["watch", "remove", &id]));
    assert!(removed.status.success());
    assert!(
        json(&run(mahres(library.path()).args(["list", "--json"])))
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        folder.path().join("a-renamed.txt").exists(),
        "files stay on disk"
    );
}

#[test]
fn watch_add_shows_the_walk_on_a_terminal() {
    let folder = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    for i in 0..1200 {
        std::fs::write(folder.path().join(format!("f{i:04}.txt")), "x").unwrap();
    }
    // `script` (util-linux, essential on Debian) gives the command a terminal.
    let command = format!(
        "'{}' --library '{}' watch add '{}'",
        env!("CARGO_BIN_EXE_mahres"),
        library.path().display(),
        folder.path().display()
    );
    let output = run(Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("MAHRES_LIBRARY")
        .env("RUST_LOG", "error"));
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("walking") && text.contains("files recorded"),
        "{text}"
    );
    assert!(text.contains("1200 added"), "{text}");
}

#[test]
fn watch_scan_of_a_sub_folder_looks_only_there() {
    let folder = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    for d in ["a", "b"] {
        std::fs::create_dir(folder.path().join(d)).unwrap();
        for i in 0..5 {
            std::fs::write(folder.path().join(format!("{d}/{i}.txt")), "x").unwrap();
        }
    }
    assert!(
        run(mahres(library.path())
            .arg("watch")
            .arg("add")
            .arg(folder.path()))
        .status
        .success()
    );
    std::fs::write(folder.path().join("a/new.txt"), "new").unwrap();
    std::fs::write(folder.path().join("b/new.txt"), "new").unwrap();
    let scanned = run(mahres(library.path())
        .args(["watch", "scan"])
        .arg(folder.path().join("a")));
    assert!(scanned.status.success(), "{scanned:?}");
    let text = String::from_utf8_lossy(&scanned.stdout);
    assert!(
        text.contains("1 added") && text.contains("(6 files looked at)"),
        "{text}"
    );

    let outside = run(mahres(library.path()).args(["watch", "scan", "/"]));
    assert!(!outside.status.success());
    assert!(
        String::from_utf8_lossy(&outside.stderr).contains("not inside a watched folder"),
        "{outside:?}"
    );
}

#[test]
fn watch_rules_changes_what_a_folder_keeps() {
    let folder = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("a.jpg"), "a").unwrap();
    std::fs::write(folder.path().join("b.xmp"), "b").unwrap();
    assert!(
        run(mahres(library.path())
            .arg("watch")
            .arg("add")
            .arg(folder.path()))
        .status
        .success()
    );
    let changed = run(mahres(library.path()).args(["watch", "rules", "1", "--exclude", "*.xmp"]));
    assert!(changed.status.success(), "{changed:?}");
    let text = String::from_utf8_lossy(&changed.stdout);
    assert!(text.contains("1 item(s) no longer match"), "{text}");
    let listed = json(&run(mahres(library.path()).args(["list", "--json"])));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(folder.path().join("b.xmp").exists());

    let bad = run(mahres(library.path()).args(["watch", "rules", "1", "--include", "[x"]));
    assert!(!bad.status.success());
    let missing = run(mahres(library.path()).args(["watch", "rules", "9"]));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("watched folder 9"),
        "{missing:?}"
    );
}

#[test]
fn watch_rules_keeps_a_folder_without_the_default_excludes_without_them() {
    let folder = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join(".hidden.txt"), "kept: no defaults").unwrap();
    std::fs::write(folder.path().join("a.log"), "log").unwrap();
    let added = run(mahres(library.path())
        .args(["watch", "add", "--no-default-excludes"])
        .arg(folder.path()));
    assert!(added.status.success(), "{added:?}");
    // New rules without repeating the flag: the hidden file stays.
    let changed = run(mahres(library.path()).args(["watch", "rules", "1", "--exclude", "*.log"]));
    assert!(changed.status.success(), "{changed:?}");
    let listed = json(&run(mahres(library.path()).args(["list", "--json"])));
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, [".hidden.txt"]);
}

#[test]
fn show_says_when_a_name_lies_and_lists_a_text_file_s_words() {
    let source = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    let liar = source.path().join("holiday.png");
    std::fs::write(&liar, "not a picture: a note about the ferry\n").unwrap();
    let imported = run(mahres(library.path()).args(["import", "--json"]).arg(&liar));
    assert!(imported.status.success(), "{imported:?}");
    let shown = run(mahres(library.path()).args(["show", "1"]));
    let text = String::from_utf8(shown.stdout).unwrap();
    assert!(
        text.contains("type         text/plain (named .png, but it is a text file)"),
        "{text}"
    );
    // The document's words, as the details pane's "Document" group.
    assert!(text.contains("document\n  Text"), "{text}");
    assert!(text.contains("a note about the ferry"), "{text}");
    let json = json(&run(mahres(library.path()).args(["show", "--json", "1"])));
    assert_eq!(json["name_mismatch"], "named .png, but it is a text file");
    let found = run(mahres(library.path()).args(["search", "--json", "ferry"]));
    assert!(String::from_utf8_lossy(&found.stdout).contains("holiday.png"));
}

#[test]
fn raw_jpeg_pairs_can_be_turned_off_and_on() {
    let library = tempfile::tempdir().unwrap();
    let shown = json(&run(mahres(library.path()).args(["settings", "--json"])));
    assert_eq!(shown["raw_jpeg_pairs"], true, "on by default");
    let off = run(mahres(library.path()).args(["settings", "--raw-jpeg-pairs", "off"]));
    assert!(off.status.success(), "{off:?}");
    assert!(String::from_utf8_lossy(&off.stdout).contains("raw+jpeg pairs as one item: off"));
    let shown = json(&run(mahres(library.path()).args(["settings", "--json"])));
    assert_eq!(shown["raw_jpeg_pairs"], false);
    assert_eq!(
        shown["keywords_as_tags"], true,
        "the other setting is untouched"
    );
}

#[test]
fn config_names_one_setting_and_an_import_keeps_a_sidecar_with_its_file() {
    let library = tempfile::tempdir().unwrap();
    let get = run(mahres(library.path()).args(["config", "get", "sidecars"]));
    assert!(get.status.success(), "{get:?}");
    assert_eq!(String::from_utf8_lossy(&get.stdout).trim(), "read");
    let set = run(mahres(library.path()).args(["config", "set", "sidecars", "read-write"]));
    assert!(set.status.success(), "{set:?}");
    assert_eq!(
        String::from_utf8_lossy(&set.stdout).trim(),
        "sidecars: read-write"
    );
    let wrong = run(mahres(library.path()).args(["config", "set", "sidecars", "sometimes"]));
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("not off, read or read-write"));
    let unknown = run(mahres(library.path()).args(["config", "get", "colour"]));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("there is no setting `colour`"));

    let source = tempfile::tempdir().unwrap();
    write_png(&source.path().join("dune.png"), 20, 10);
    std::fs::write(
        source.path().join("dune.png.xmp"),
        r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:subject><rdf:Bag><rdf:li>desert</rdf:li></rdf:Bag></dc:subject>
</rdf:Description></rdf:RDF></x:xmpmeta>"#,
    )
    .unwrap();
    let imported = run(mahres(library.path()).arg("import").arg(source.path()));
    assert!(imported.status.success(), "{imported:?}");
    let listed = json(&run(mahres(library.path()).args(["list", "--json"])));
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1, "the sidecar is no item: {listed:?}");
    assert_eq!(listed[0]["tags"], serde_json::json!(["desert"]));
}

#[test]
fn rate_label_flag_trash_and_undo_from_the_command_line() {
    let source = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    for i in 0..3 {
        std::fs::write(
            source.path().join(format!("shot{i}.txt")),
            format!("shot {i}"),
        )
        .unwrap();
    }
    assert!(
        run(mahres(library.path()).arg("import").arg(source.path()))
            .status
            .success()
    );
    let ids: Vec<String> = json(&run(mahres(library.path()).args(["list", "--json"])))
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].to_string())
        .collect();
    let ok = |args: &[&str]| {
        let out = run(mahres(library.path()).args(args));
        assert!(out.status.success(), "{args:?}: {out:?}");
        out
    };
    let found = |query: &str| -> Vec<String> {
        ok(&["wait"]);
        let results = json(&ok(&["search", "--json", query]));
        let mut ids: Vec<String> = results["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].to_string())
            .collect();
        ids.sort();
        ids
    };

    ok(&["rate", &ids[0], &ids[1], "4"]);
    ok(&["label", &ids[1], "Purple"]);
    ok(&["flag", &ids[2], "reject"]);
    assert_eq!(found("rating:>=4"), [ids[0].clone(), ids[1].clone()]);
    assert_eq!(found("label:purple"), [ids[1].clone()]);
    assert_eq!(found("flag:reject"), [ids[2].clone()]);
    for (args, says) in [
        (vec!["rate", &ids[0], "7"], "0 (none) to 5"),
        (
            vec!["label", &ids[0], "orange"],
            "red, yellow, green, blue, purple",
        ),
        (vec!["flag", &ids[0], "maybe"], "pick, reject or none"),
    ] {
        let out = run(mahres(library.path()).args(&args));
        assert!(!out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(says),
            "{out:?}"
        );
    }

    // Delete goes to the Trash; each command is a new process, so every
    // undo here is an undo after a restart.
    ok(&["delete", &ids[2]]);
    assert_eq!(found("flag:reject"), Vec::<String>::new());
    assert_eq!(found("in:trash"), [ids[2].clone()]);
    let listed = String::from_utf8(ok(&["trash", "list"]).stdout).unwrap();
    assert!(
        listed.contains("shot2.txt") && listed.contains("ago"),
        "{listed}"
    );
    let undone = json(&ok(&["undo", "--json"]));
    assert_eq!(undone["label"], "Moved 1 item to the Trash");
    assert_eq!(found("flag:reject"), [ids[2].clone()]);
    let redone = String::from_utf8(ok(&["redo"]).stdout).unwrap();
    assert!(
        redone.contains("redid: Moved 1 item to the Trash"),
        "{redone}"
    );
    ok(&["trash", "restore", &ids[2]]);
    assert_eq!(found("in:trash"), Vec::<String>::new());
    ok(&["undo"]); // the restore
    ok(&["undo"]); // the redone delete
    ok(&["undo"]); // the reject flag
    assert_eq!(found("flag:reject"), Vec::<String>::new());
    assert_eq!(found("in:trash"), Vec::<String>::new());

    // Deleting for good asks first, in words.
    let refused = run(mahres(library.path()).args(["delete", "--permanently", &ids[0]]));
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("cannot be undone"));
    let refused = run(mahres(library.path()).args(["trash", "empty"]));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("run again with --yes"));
    let deleted = json(&ok(&[
        "delete",
        "--permanently",
        "--yes",
        "--json",
        &ids[0],
    ]));
    assert_eq!(deleted["removed"], 1);
    assert_eq!(found("rating:>=4"), [ids[1].clone()]);
    // Deleting for good is no step of the history; what was undone before
    // can still be redone, until a new action.
    let redone = String::from_utf8(ok(&["redo"]).stdout).unwrap();
    assert!(redone.contains("redid: Rejected 1 item"), "{redone}");
    ok(&["rate", &ids[1], "5"]);
    let nothing = String::from_utf8(ok(&["redo"]).stdout).unwrap();
    assert!(nothing.contains("nothing to redo"), "{nothing}");

    // How long the Trash keeps items is a library setting.
    ok(&["config", "set", "trash_days", "7"]);
    let days = String::from_utf8(ok(&["config", "get", "trash_days"]).stdout).unwrap();
    assert_eq!(days.trim(), "7");
}

#[test]
fn albums_are_saved_listed_with_counts_shown_renamed_and_deleted_from_the_command_line() {
    let source = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    for i in 0..3 {
        std::fs::write(
            source.path().join(format!("shot{i}.txt")),
            format!("shot {i}"),
        )
        .unwrap();
    }
    let ok = |args: &[&str]| {
        let out = run(mahres(library.path()).args(args));
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    ok(&["import", &source.path().to_string_lossy()]);
    let ids: Vec<String> = json(&run(mahres(library.path()).args(["list", "--json"])))
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].to_string())
        .collect();

    ok(&["album", "save", "Keepers", "rating:>=4", "--sort", "name"]);
    ok(&["album", "save", "All", ""]);
    assert_eq!(ok(&["album", "list"]), "     3  All\n     0  Keepers\n");
    // A rating moves an item into the album, seen by the next process.
    ok(&["rate", &ids[1], "5"]);
    ok(&["wait"]);
    assert_eq!(ok(&["album", "list"]), "     3  All\n     1  Keepers\n");
    let shown = ok(&["album", "show", "keepers"]);
    assert!(
        shown.starts_with("Keepers: rating:>=4  sorted by name\n"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("{:>6}  shot1.txt", ids[1])),
        "{shown}"
    );
    assert!(shown.ends_with("1 item(s)\n"), "{shown}");
    let listed = json(&run(
        mahres(library.path()).args(["album", "list", "--json"])
    ));
    assert_eq!(listed[1]["album"]["name"], "Keepers");
    assert_eq!(listed[1]["count"], 1);

    // A search that does not run is refused, in the search's words.
    let out = run(mahres(library.path()).args(["album", "save", "Bad", "colour:red"]));
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("unknown filter `colour:`"),
        "{out:?}"
    );

    ok(&["album", "rename", "Keepers", "Best"]);
    ok(&["album", "delete", "best"]);
    let out = run(mahres(library.path()).args(["album", "show", "Best"]));
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no album named “Best”"),
        "{out:?}"
    );
    // Undo in a new process brings it back, with its count.
    ok(&["undo"]);
    assert_eq!(ok(&["album", "list"]), "     3  All\n     1  Best\n");
}
