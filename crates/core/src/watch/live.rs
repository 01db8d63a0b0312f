//! Live watching: notify events, debounced, name the paths to compare with
//! the database; a pass over exactly those paths records what changed. When
//! the watcher says events may have been lost (a queue overflow, an error),
//! the whole folder is compared instead, so a lost event can never leave the
//! library wrong.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::RecursiveMode;
use notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::{DebounceEventResult, new_debouncer, new_debouncer_opt};
use tokio::sync::{broadcast, mpsc, oneshot};
use tokio::task::JoinHandle;

use super::{ReconcileReport, Scope};
use crate::error::{Error, Result};
use crate::library::{Library, WeakLibrary};
use crate::store::watched::WatchedFolder;

/// Quiet time before a burst of events is acted on.
pub const DEBOUNCE: Duration = Duration::from_millis(500);
/// A file changed more recently than this is still being written: it is
/// recorded on a later pass, once, complete.
pub const SETTLE: Duration = Duration::from_millis(1000);
/// How often folders that are offline, or watched by polling, are looked at.
const POLL: Duration = Duration::from_secs(2);

/// Folders being watched; dropping it (or `stop`) stops watching.
pub struct LiveWatch {
    task: JoinHandle<()>,
    reports: broadcast::Sender<ReconcileReport>,
    control: mpsc::UnboundedSender<Control>,
    problems: Problems,
    watched: Watched,
}

/// The folders with a watcher in place now.
type Watched = Arc<Mutex<BTreeSet<i64>>>;

/// Each watched folder's standing problems (say, watched by polling at the
/// inotify limit), for whoever shows the folders.
type Problems = Arc<Mutex<BTreeMap<i64, Vec<String>>>>;

/// Folders joining or leaving a running `LiveWatch`.
enum Control {
    Watch {
        id: i64,
        path: PathBuf,
        started: oneshot::Sender<Vec<String>>,
    },
    Unwatch(i64),
}

impl LiveWatch {
    /// Every reconcile the watcher runs, as it finishes.
    pub fn subscribe(&self) -> broadcast::Receiver<ReconcileReport> {
        self.reports.subscribe()
    }

    /// Starts watching one more folder, leaving the others' watchers alone.
    /// The returned future ends, with any warnings, once its watcher is in
    /// place: walk a new folder after that, and nothing changed during the
    /// walk is missed.
    pub fn watch(&self, folder: &WatchedFolder) -> impl Future<Output = Vec<String>> + use<> {
        let (started, done) = oneshot::channel();
        let _ = self.control.send(Control::Watch {
            id: folder.id,
            path: PathBuf::from(&folder.path),
            started,
        });
        async move { done.await.unwrap_or_default() }
    }

    /// What is wrong with watching, now: one line per problem, naming the
    /// folder and what to do (empty when every folder is watched by events).
    pub fn problems(&self) -> Vec<String> {
        let problems = self.problems.lock().unwrap_or_else(|p| p.into_inner());
        problems.values().flatten().cloned().collect()
    }

    /// The folders with a watcher in place now (not those offline).
    pub fn folders(&self) -> Vec<i64> {
        let watched = self.watched.lock().unwrap_or_else(|p| p.into_inner());
        watched.iter().copied().collect()
    }

    /// Stops watching one folder (say, as it leaves the library).
    pub fn unwatch(&self, id: i64) {
        let _ = self.control.send(Control::Unwatch(id));
    }

    pub fn stop(self) {}
}

impl Drop for LiveWatch {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Whether an event can mean a change. Reading a file is not one; that
/// matters, since the handlers read every file they hash or thumbnail.
fn changes(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// One burst of a folder's events: the part of the folder to compare.
type Burst = (i64, Scope);

fn watch_folder(
    path: &Path,
    id: i64,
    tx: &mpsc::UnboundedSender<Burst>,
    warnings: &mut Vec<String>,
) -> Option<Box<dyn Send>> {
    let handler = {
        let tx = tx.clone();
        move |result: DebounceEventResult| {
            let scope = match result {
                Err(errors) => {
                    for error in errors {
                        tracing::warn!(%error, folder = id, "watch error; reconciling the folder");
                    }
                    Scope::Folder
                }
                Ok(events) if events.iter().any(|e| e.need_rescan()) => {
                    tracing::warn!(folder = id, "events were lost; reconciling the folder");
                    Scope::Folder
                }
                Ok(events) => {
                    let changed: Vec<_> = events
                        .into_iter()
                        .filter(|e| changes(&e.event.kind))
                        .collect();
                    if changed.is_empty() {
                        return;
                    }
                    Scope::paths(changed.into_iter().flat_map(|e| e.event.paths))
                }
            };
            let _ = tx.send((id, scope));
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
    /// dropped. Offline folders are looked at every few seconds; when one
    /// comes back it is watched again, and one that goes away stops being
    /// watched until then.
    pub async fn watch_live(&self) -> Result<LiveWatch> {
        let folders = self.watched_folders().await?;
        let (tx, rx) = mpsc::unbounded_channel::<Burst>();
        let (reports, _) = broadcast::channel(256);
        let problems = Problems::default();
        let watched = Watched::default();
        let mut watching = Watching {
            watched: watched.clone(),
            library: self.downgrade(),
            tx,
            watchers: HashMap::new(),
            offline: folders.iter().filter(|f| !f.online).map(|f| f.id).collect(),
            reports: reports.clone(),
            problems: problems.clone(),
        };
        for folder in folders.iter().filter(|f| f.online) {
            watching
                .start_watching(folder.id, PathBuf::from(&folder.path))
                .await;
        }
        let (control, controls) = mpsc::unbounded_channel();
        Ok(LiveWatch {
            task: tokio::spawn(watching.run(rx, controls)),
            reports,
            control,
            problems,
            watched,
        })
    }
}

/// The task behind a `LiveWatch`: turns bursts into passes, and starts or
/// stops a folder's watcher as the folder comes and goes.
struct Watching {
    /// Weak: the library may own this watcher, and must still close.
    library: WeakLibrary,
    tx: mpsc::UnboundedSender<Burst>,
    watchers: HashMap<i64, Box<dyn Send>>,
    offline: BTreeSet<i64>,
    reports: broadcast::Sender<ReconcileReport>,
    problems: Problems,
    watched: Watched,
}

impl Watching {
    async fn run(
        mut self,
        mut rx: mpsc::UnboundedReceiver<Burst>,
        mut controls: mpsc::UnboundedReceiver<Control>,
    ) {
        let mut poll = tokio::time::interval(POLL);
        loop {
            let mut due: BTreeMap<i64, Scope> = BTreeMap::new();
            let mut take = |(id, scope): Burst| match due.get_mut(&id) {
                Some(pending) => pending.merge(scope),
                None => {
                    due.insert(id, scope);
                }
            };
            tokio::select! {
                burst = rx.recv() => match burst {
                    Some(burst) => take(burst),
                    None => return,
                },
                _ = poll.tick() => self.offline.iter().for_each(|&id| take((id, Scope::Folder))),
                control = controls.recv() => match control {
                    Some(Control::Watch { id, path, started }) => {
                        let warnings = self.start_watching(id, path).await;
                        let _ = started.send(warnings);
                    }
                    Some(Control::Unwatch(id)) => {
                        self.stop_watching(id);
                        self.offline.remove(&id);
                        self.set_problems(id, Vec::new());
                    }
                    None => return,
                },
            }
            while let Ok(burst) = rx.try_recv() {
                take(burst);
            }
            for (id, scope) in due {
                self.pass(id, scope).await;
            }
        }
    }

    async fn pass(&mut self, id: i64, scope: Scope) {
        let Some(library) = self.library.upgrade() else {
            return;
        };
        let report = match library.reconcile_folder(id, scope, SETTLE).await {
            Ok(report) => report,
            Err(Error::NotFound { .. }) => return,
            Err(err) => {
                tracing::error!(error = %err, folder = id, "reconciling a watched folder failed");
                return;
            }
        };
        if !report.unsettled_paths.is_empty() {
            // Look at those files again once their writes have settled.
            let tx = self.tx.clone();
            let again = Scope::paths(report.unsettled_paths.iter().cloned());
            tokio::spawn(async move {
                tokio::time::sleep(SETTLE).await;
                let _ = tx.send((id, again));
            });
        }
        if !report.online {
            self.stop_watching(id);
            self.offline.insert(id);
            self.set_problems(id, Vec::new());
        } else if self.offline.remove(&id) {
            self.start_watching(id, PathBuf::from(&report.path)).await;
        }
        let _ = self.reports.send(report);
    }

    /// Watches one folder (replacing its watcher, if any); returns what
    /// went wrong on the way, already logged.
    async fn start_watching(&mut self, id: i64, path: PathBuf) -> Vec<String> {
        let tx = self.tx.clone();
        // Watching a big tree adds a watch per sub-folder: not on the runtime.
        let started = tokio::task::spawn_blocking(move || {
            let mut warnings = Vec::new();
            let watcher = watch_folder(&path, id, &tx, &mut warnings);
            (watcher, warnings)
        })
        .await;
        let Ok((watcher, warnings)) = started else {
            return vec!["the folder's watcher could not be started".into()];
        };
        for warning in &warnings {
            tracing::warn!("{warning}");
        }
        if let Some(watcher) = watcher {
            self.watchers.insert(id, watcher);
            self.watched
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(id);
        }
        self.set_problems(id, warnings.clone());
        warnings
    }

    fn stop_watching(&mut self, id: i64) {
        self.watchers.remove(&id);
        self.watched
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
    }

    fn set_problems(&self, id: i64, warnings: Vec<String>) {
        let mut problems = self.problems.lock().unwrap_or_else(|p| p.into_inner());
        if warnings.is_empty() {
            problems.remove(&id);
        } else {
            problems.insert(id, warnings);
        }
    }
}
