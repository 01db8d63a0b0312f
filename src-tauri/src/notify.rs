//! Desktop notifications (tauri-plugin-notification): when a long stretch of
//! work — an import, a watched folder's first walk — ends while the window
//! is not in front, and when items could not be processed. The page shows
//! the same live; a notification is for the person who went elsewhere.
//!
//! `WorkWatch` decides from the engine's progress snapshots alone (pure, so
//! it is tested without a desktop); `start` feeds it and shows what it says.

use std::time::{Duration, Instant};

use mahres_core::FailureFilter;
use mahres_core::Progress;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

/// Work shorter than this ends without a word: the person saw it happen.
pub const LONG_WORK: Duration = Duration::from_secs(20);

/// What to tell, once a stretch of work has ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    /// Items added while it ran.
    pub added: u64,
    /// Jobs that stopped retrying while it ran (each waits for a person).
    pub failed: u64,
    pub long: bool,
}

/// Follows the snapshots from one stretch of work (busy) to its end (idle).
#[derive(Debug, Default)]
pub struct WorkWatch {
    busy: Option<Busy>,
    /// The counts of the last idle snapshot: the first files of a drop are
    /// recorded before the first busy one arrives.
    idle_counts: Option<(u64, u64)>,
}

#[derive(Debug)]
struct Busy {
    since: Instant,
    items_at_start: u64,
    dead_at_start: u64,
}

fn dead(progress: &Progress) -> u64 {
    progress.status.handlers.iter().map(|h| h.counts.dead).sum()
}

impl WorkWatch {
    /// The end of a stretch of work worth a word, when `progress` is it.
    pub fn observe(&mut self, progress: &Progress, now: Instant) -> Option<Ended> {
        let idle = progress.status.idle;
        match (&self.busy, idle) {
            (None, false) => {
                let (items, dead) = self
                    .idle_counts
                    .unwrap_or((progress.resource_count, dead(progress)));
                self.busy = Some(Busy {
                    since: now,
                    items_at_start: items,
                    dead_at_start: dead,
                });
                None
            }
            (None, true) => {
                // Work short enough to start and end between two snapshots
                // (they are coalesced) shows only in the counts.
                let now_counts = (progress.resource_count, dead(progress));
                let before = self.idle_counts.replace(now_counts);
                match before {
                    Some((items, dead)) if now_counts.1 > dead => Some(Ended {
                        added: now_counts.0.saturating_sub(items),
                        failed: now_counts.1 - dead,
                        long: false,
                    }),
                    _ => None,
                }
            }
            (Some(busy), true) => {
                let ended = Ended {
                    added: progress.resource_count.saturating_sub(busy.items_at_start),
                    failed: dead(progress).saturating_sub(busy.dead_at_start),
                    long: now.duration_since(busy.since) >= LONG_WORK,
                };
                self.busy = None;
                self.idle_counts = Some((progress.resource_count, dead(progress)));
                (ended.long || ended.failed > 0).then_some(ended)
            }
            (Some(_), false) => None,
        }
    }
}

/// The notification's title and body. `failed_items` names the items whose
/// work stopped (a file can fail in several handlers: named once).
pub fn words(ended: &Ended, failed_items: &[String]) -> (String, String) {
    let items = |n: u64| {
        if n == 1 {
            "1 item".to_string()
        } else {
            format!("{n} items")
        }
    };
    if ended.failed > 0 {
        let what = match failed_items {
            [] => format!("{} could not be processed.", items(ended.failed)),
            [name] => format!("{name} could not be processed."),
            [name, rest @ ..] => format!("{name} and {} more could not be processed.", rest.len()),
        };
        return (
            "Some items need a look".into(),
            format!("{what} The activity panel says why, with Retry."),
        );
    }
    let body = if ended.added > 0 {
        format!(
            "{} added: thumbnails, metadata and search are ready.",
            items(ended.added)
        )
    } else {
        "Thumbnails, metadata and search are up to date.".into()
    };
    ("Mahresources is done".into(), body)
}

/// Watches the library's progress for as long as the app runs.
pub fn start<R: Runtime>(app: AppHandle<R>) {
    // Registered by `main` only: the mock runtime's tests have no desktop.
    if app
        .try_state::<tauri_plugin_notification::Notification<R>>()
        .is_none()
    {
        return;
    }
    let Ok(library) = app.state::<AppState>().library() else {
        return;
    };
    tauri::async_runtime::spawn(async move {
        let Some(mut progress) = library.subscribe_progress() else {
            return;
        };
        let mut watch = WorkWatch::default();
        while progress.changed().await.is_ok() {
            let snapshot = progress.borrow_and_update().clone();
            let Some(ended) = watch.observe(&snapshot, Instant::now()) else {
                continue;
            };
            let in_front = app
                .get_webview_window("main")
                .and_then(|w| w.is_focused().ok())
                .unwrap_or(false);
            if in_front && ended.failed == 0 {
                continue;
            }
            let failed_items = if ended.failed > 0 {
                failed_items(&library, ended.failed).await
            } else {
                Vec::new()
            };
            let (title, body) = words(&ended, &failed_items);
            if let Err(err) = app.notification().builder().title(title).body(body).show() {
                tracing::warn!(error = %err, "could not show a notification");
            }
        }
    });
}

/// The names of the items of the newest `jobs` jobs that stopped, each once.
async fn failed_items(library: &mahres_core::Library, jobs: u64) -> Vec<String> {
    let limit = u32::try_from(jobs).unwrap_or(u32::MAX).min(200);
    let Ok(failures) = library.failures(FailureFilter::Dead, limit).await else {
        return Vec::new();
    };
    let mut names: Vec<String> = Vec::new();
    for name in failures.into_iter().filter_map(|f| f.resource_name) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use mahres_core::bus::{BusStatus, HandlerStatus};

    fn snapshot(idle: bool, items: u64, dead: u64) -> Progress {
        let mut handler = HandlerStatus {
            name: "thumbnail".into(),
            counts: Default::default(),
            per_second: 0.0,
            oldest_pending_ms: None,
        };
        handler.counts.dead = dead;
        Progress {
            status: BusStatus {
                handlers: vec![handler],
                idle,
                ..Default::default()
            },
            resource_count: items,
            last_event_id: 0,
            searchable_event_id: 0,
            index_pending: false,
        }
    }

    #[test]
    fn a_long_stretch_of_work_is_told_when_it_ends_a_short_one_is_not() {
        let start = Instant::now();
        let mut watch = WorkWatch::default();
        assert_eq!(
            watch.observe(&snapshot(true, 10, 0), start),
            None,
            "idle from the start"
        );
        assert_eq!(watch.observe(&snapshot(false, 12, 0), start), None);
        assert_eq!(
            watch.observe(&snapshot(false, 500, 0), start + LONG_WORK / 2),
            None
        );
        let ended = watch
            .observe(&snapshot(true, 510, 0), start + LONG_WORK)
            .unwrap();
        assert_eq!(
            ended,
            Ended {
                added: 500,
                failed: 0,
                long: true
            }
        );
        assert_eq!(
            words(&ended, &[]).1,
            "500 items added: thumbnails, metadata and search are ready."
        );

        let later = start + LONG_WORK * 3;
        assert_eq!(watch.observe(&snapshot(false, 510, 0), later), None);
        assert_eq!(
            watch.observe(&snapshot(true, 511, 0), later + Duration::from_secs(2)),
            None,
            "short"
        );
    }

    #[test]
    fn work_between_two_snapshots_is_told_by_its_failures() {
        let at = Instant::now();
        let mut watch = WorkWatch::default();
        assert_eq!(
            watch.observe(&snapshot(true, 5, 1), at),
            None,
            "the baseline"
        );
        assert_eq!(
            watch.observe(&snapshot(true, 6, 1), at),
            None,
            "one more item, fine"
        );
        assert_eq!(
            watch.observe(&snapshot(true, 7, 2), at),
            Some(Ended {
                added: 1,
                failed: 1,
                long: false
            })
        );
        assert_eq!(watch.observe(&snapshot(true, 7, 2), at), None, "told once");
    }

    #[test]
    fn items_that_failed_are_told_however_short_the_work() {
        let start = Instant::now();
        let mut watch = WorkWatch::default();
        watch.observe(&snapshot(false, 1, 2), start);
        let ended = watch
            .observe(&snapshot(true, 3, 4), start + Duration::from_secs(1))
            .unwrap();
        assert_eq!(
            ended,
            Ended {
                added: 2,
                failed: 2,
                long: false
            }
        );
        let (title, body) = words(&ended, &["broken.png".into(), "other.png".into()]);
        assert_eq!(title, "Some items need a look");
        assert_eq!(
            body,
            "broken.png and 1 more could not be processed. The activity panel says why, with Retry."
        );
        assert_eq!(
            words(
                &Ended {
                    added: 0,
                    failed: 2,
                    long: false
                },
                &["a.png".into()]
            )
            .1,
            "a.png could not be processed. The activity panel says why, with Retry."
        );
    }
}
