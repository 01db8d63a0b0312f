//! The inotify watch limit, really reached: the test runs itself again in a
//! user namespace whose limit is 3 watches (`/proc/sys/user/
//! max_inotify_watches` is per namespace; the machine's own is untouched).

mod common;

use std::process::Command;
use std::time::Duration;

use common::*;
use mahres_core::handlers;
use mahres_core::watch::FolderRules;

const INSIDE: &str = "MAHRES_TEST_SMALL_INOTIFY_LIMIT";
const LIMIT: u32 = 3;

#[test]
fn at_the_inotify_limit_a_folder_is_polled_and_the_warning_names_the_sysctl() {
    if std::env::var_os(INSIDE).is_none() {
        let test = std::env::current_exe().unwrap();
        let script =
            format!("echo {LIMIT} > /proc/sys/user/max_inotify_watches && exec \"$0\" \"$@\"");
        let status = Command::new("unshare")
            .args(["--user", "--map-root-user", "sh", "-c", &script])
            .arg(&test)
            .args([
                "--exact",
                "at_the_inotify_limit_a_folder_is_polled_and_the_warning_names_the_sysctl",
                "--nocapture",
            ])
            .env(INSIDE, "1")
            .status()
            .expect("unshare (util-linux) runs");
        assert!(
            status.success(),
            "the test inside the namespace failed: {status}"
        );
        return;
    }
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(polled_at_the_limit());
}

async fn polled_at_the_limit() {
    let folder = tempfile::tempdir().unwrap();
    // More sub-folders than the namespace allows watches.
    for d in 0..(LIMIT + 5) {
        std::fs::create_dir(folder.path().join(format!("d{d}"))).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), handlers::default_handlers()).await;
    library
        .watch_add(folder.path().to_path_buf(), FolderRules::default())
        .await
        .unwrap();
    let live = library.watch_live().await.unwrap();
    let problems = live.problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("sysctl fs.inotify.max_user_watches=")
            && problems[0].contains("polling"),
        "{}",
        problems[0]
    );

    // Polled, yet a new file still comes in.
    let mut reports = live.subscribe();
    std::fs::write(folder.path().join("d4/new.txt"), "new").unwrap();
    let wait = async {
        loop {
            let report = reports.recv().await.unwrap();
            if report.added == 1 {
                return;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(20), wait)
        .await
        .expect("the polled folder's new file was never recorded");
    drop(live);
    library.close(Duration::from_secs(1)).await;
}
