//! Live watching: notify events, debounced, trigger a reconcile of the folder
//! they came from. Reconciling (rather than applying each event) means a
//! lost or overflowed event can never leave the library wrong: the next pass
//! compares with the disk anyway.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer, new_debouncer_opt};
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinHandle;

use super::ReconcileReport;
use crate::error::{Error, Result};
use crate::library::Library;

/// Quiet time before a burst of events is acted on.
pub const DEBOUNCE: Duration = Duration::from_millis(500);
/// A file changed more recently than this is still being written: it is
/// recorded on a later pass, once, complete.
pub const SETTLE: Duration = Duration::from_millis(1000);
/// How often folders that are offline, or watched by polling, are looked at.
const POLL: Duration = Duration::from_secs(2);

/// Folders being watched; dropping it (or `stop`) stops watching.
pub struct LiveWatch {
    _watchers: Vec<Box<dyn Send>>,
    task: JoinHandle<()>,
    reports: broadcast::Sender<ReconcileReport>,
    /// Human-readable problems met while starting (e.g. the inotify limit).
    pub warnings: Vec<String>,
}

impl LiveWatch {
    /// Every reconcile the watcher runs, as it finishes.
    pub fn subscribe(&self) -> broadcast::Receiver<ReconcileReport> {
        self.reports.subscribe()
    }

    pub fn stop(self) {}
}

impl Drop for LiveWatch {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn watch_folder(
    path: &Path,
    id: i64,
    tx: &mpsc::UnboundedSender<i64>,
    warnings: &mut Vec<String>,
) -> Option<Box<dyn Send>> {
    let handler = {
        let tx = tx.clone();
        move |result: DebounceEventResult| {
            if let Err(errors) = &result {
                for error in errors {
                    tracing::warn!(%error, folder = id, "watch error; reconciling the folder");
                }
            }
            let _ = tx.send(id);
        }
    };
    let native = new_debouncer(DEBOUNCE, None, handler.clone()).and_then(|mut d| {
        d.watch(path, RecursiveMode::Recursive)?;
        Ok(d)
    });
    match native {
        Ok(debouncer) => return Some(Box::new(debouncer)),
        Err(err) if matches!(err.kind, notify::ErrorKind::MaxFilesWatch) => warnings.push(format!(
            "{}: the system's limit on watched folders is reached (raise it with `sysctl fs.inotify.max_user_watches=524288`); watching by polling every {}s instead",
            path.display(),
            POLL.as_secs()
        )),
        Err(err) => warnings.push(format!("{}: could not be watched ({err}); watching by polling instead", path.display())),
    }
    let config = notify::Config::default().with_poll_interval(POLL);
    let polled = new_debouncer_opt::<_, notify::PollWatcher, _>(
        DEBOUNCE,
        None,
        handler,
        notify_debouncer_full::NoCache,
        config,
    )
    .and_then(|mut d| {
        d.watch(path, RecursiveMode::Recursive)?;
        Ok(d)
    });
    match polled {
        Ok(debouncer) => Some(Box::new(debouncer)),
        Err(err) => {
            warnings.push(format!(
                "{}: could not be watched at all: {err}",
                path.display()
            ));
            None
        }
    }
}

impl Library {
    /// Watches every watched folder for changes until the returned handle is
    /// dropped. Offline folders are looked at every few seconds and come back
    /// on their own.
    pub async fn watch_live(&self) -> Result<LiveWatch> {
        let folders = self.watched_folders().await?;
        let (tx, mut rx) = mpsc::unbounded_channel::<i64>();
        let mut watchers = Vec::new();
        let mut warnings = Vec::new();
        for folder in &folders {
            if folder.online
                && let Some(watcher) =
                    watch_folder(Path::new(&folder.path), folder.id, &tx, &mut warnings)
            {
                watchers.push(watcher);
            }
        }
        for warning in &warnings {
            tracing::warn!("{warning}");
        }
        let (reports, _) = broadcast::channel(256);
        let library = self.clone();
        let sender = reports.clone();
        let offline: Vec<i64> = folders.iter().filter(|f| !f.online).map(|f| f.id).collect();
        let task = tokio::spawn(async move {
            let mut poll = tokio::time::interval(POLL);
            loop {
                let mut due = BTreeSet::new();
                tokio::select! {
                    id = rx.recv() => match id {
                        Some(id) => { due.insert(id); }
                        None => return,
                    },
                    _ = poll.tick() => due.extend(offline.iter().copied()),
                }
                while let Ok(id) = rx.try_recv() {
                    due.insert(id);
                }
                for id in due {
                    match library.reconcile_folder(id, SETTLE).await {
                        Ok(report) => {
                            if report.unsettled > 0 {
                                // Look again once the writes have settled.
                                let tx = tx.clone();
                                tokio::spawn(async move {
                                    tokio::time::sleep(SETTLE).await;
                                    let _ = tx.send(id);
                                });
                            }
                            let _ = sender.send(report);
                        }
                        Err(Error::NotFound { .. }) => {}
                        Err(err) => {
                            tracing::error!(error = %err, folder = id, "reconciling a watched folder failed")
                        }
                    }
                }
            }
        });
        Ok(LiveWatch {
            _watchers: watchers,
            task,
            reports,
            warnings,
        })
    }
}
