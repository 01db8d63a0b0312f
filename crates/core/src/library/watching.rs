//! Watched folders through the `Library`: adding one (with its first walk),
//! listing, removing, and reconciling them with the disk.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::{Inner, Library};
use crate::error::{Error, Result};
use crate::events::CorrelationId;
use crate::store::watched::{self, WatchedFolder};
use crate::watch::{FolderRules, ReconcileReport, Scope, WalkProgress, WalkProgressFn};

impl Library {
    /// Starts watching a folder: its files are recorded where they are (not
    /// copied), and it is reconciled now and at every start.
    pub async fn watch_add(
        &self,
        path: PathBuf,
        rules: FolderRules,
    ) -> Result<(WatchedFolder, ReconcileReport)> {
        self.watch_add_reporting(path, rules, Arc::new(|_| {}))
            .await
    }

    /// `watch_add`, telling `progress` how many files the first walk has
    /// recorded each time it records a batch: [`watch_folder`](Self::watch_folder),
    /// waiting for the walk, with the folder as it is after it.
    pub async fn watch_add_reporting(
        &self,
        path: PathBuf,
        rules: FolderRules,
        progress: Arc<WalkProgressFn>,
    ) -> Result<(WatchedFolder, ReconcileReport)> {
        let (folder, walk) = self.watch_folder(path, rules, progress).await?;
        let report = walk.await??;
        let folder = self.read(move |conn| watched::get(conn, folder.id)).await?;
        Ok((folder, report))
    }

    /// Adds a folder to watch, the one call every front makes: records it,
    /// joins the live watch when the library is watching live (returning
    /// once its watcher is in place, so nothing changed during the walk is
    /// missed), then walks it in the background, files showing batch by
    /// batch; `progress` hears how far it got. Await the handle for the
    /// walk's report.
    pub async fn watch_folder(
        &self,
        path: PathBuf,
        rules: FolderRules,
        progress: Arc<WalkProgressFn>,
    ) -> Result<(
        WatchedFolder,
        tokio::task::JoinHandle<Result<ReconcileReport>>,
    )> {
        let folder = self.watch_register(path, rules).await?;
        let joined = self.with_live(|live| live.watch(&folder));
        if let Some(joined) = joined {
            joined.await;
        }
        let walk = self.watch_walk_in_background(folder.id, progress);
        Ok((folder, walk))
    }

    /// Stops watching a folder, live watching included. Its resources leave
    /// the library; the files themselves are never touched. Returns how
    /// many resources left.
    pub async fn unwatch_folder(&self, id: i64) -> Result<usize> {
        self.with_live(|live| live.unwatch(id));
        self.watch_remove(id).await
    }

    /// Follows every watched folder live for as long as the library is
    /// open (or until [`stop_live_watching`](Self::stop_live_watching));
    /// returns what is wrong with watching now, one line each.
    pub async fn start_live_watching(&self) -> Result<Vec<String>> {
        let live = self.watch_live().await?;
        let problems = live.problems();
        *self.inner.live.lock().unwrap_or_else(|p| p.into_inner()) = Some(live);
        Ok(problems)
    }

    pub fn stop_live_watching(&self) {
        self.inner
            .live
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
    }

    /// What is wrong with live watching now (say, a folder polled at the
    /// inotify limit, with the sysctl to raise it); empty when all is well
    /// or nothing is watched live.
    pub fn watch_problems(&self) -> Vec<String> {
        self.with_live(|live| live.problems()).unwrap_or_default()
    }

    /// The folders watched live now (a folder offline is looked at by
    /// polling until it returns).
    pub fn live_folders(&self) -> Vec<i64> {
        self.with_live(|live| live.folders()).unwrap_or_default()
    }

    /// Every pass the live watch runs, as it finishes; `None` when the
    /// library is not watching live.
    pub fn live_reports(&self) -> Option<tokio::sync::broadcast::Receiver<ReconcileReport>> {
        self.with_live(|live| live.subscribe())
    }

    fn with_live<T>(&self, f: impl FnOnce(&crate::watch::LiveWatch) -> T) -> Option<T> {
        let live = self.inner.live.lock().unwrap_or_else(|p| p.into_inner());
        live.as_ref().map(f)
    }

    /// New include/exclude globs for a folder. `defaults` says whether the
    /// default excludes apply; `None` keeps the folder's choice (a folder
    /// added without them stays without them). See
    /// [`watch_set_rules`](Self::watch_set_rules) for what follows.
    pub async fn watch_change_rules(
        &self,
        id: i64,
        include: Vec<String>,
        exclude: Vec<String>,
        defaults: Option<bool>,
    ) -> Result<(WatchedFolder, usize, ReconcileReport)> {
        let defaults = match defaults {
            Some(defaults) => defaults,
            None => self
                .read(move |conn| watched::get(conn, id))
                .await?
                .rules
                .has_defaults(),
        };
        let rules = FolderRules::with_own(include, exclude, defaults);
        self.watch_set_rules(id, rules).await
    }

    /// A folder's first walk as a background task (files show batch by
    /// batch as it finds them, and the folder's `last_reconciled_at` stays
    /// empty until it ends); `progress` hears how far it got. For a folder
    /// just recorded with [`watch_register`](Self::watch_register) — the
    /// app starts its live watcher in between, so nothing changed during the
    /// walk is missed. Await the handle for the walk's report.
    pub fn watch_walk_in_background(
        &self,
        id: i64,
        progress: Arc<WalkProgressFn>,
    ) -> tokio::task::JoinHandle<Result<ReconcileReport>> {
        let library = self.clone();
        tokio::spawn(async move { library.first_walk(id, progress).await })
    }

    /// Checks and records a folder to watch, without walking it (see
    /// [`watch_walk_in_background`](Self::watch_walk_in_background)).
    pub async fn watch_register(&self, path: PathBuf, rules: FolderRules) -> Result<WatchedFolder> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            if inner._lock.is_none() {
                return Err(Error::ReadOnly);
            }
            let absolute = std::path::absolute(&path).unwrap_or(path.clone());
            if !absolute.is_dir() {
                return Err(Error::FolderRefused(format!(
                    "{} is not a folder that can be read",
                    absolute.display()
                )));
            }
            crate::watch::Matcher::new(&rules)?;
            let watched = inner.db.read(watched::list_uncounted)?;
            refuse_overlap(&absolute, &watched)?;
            let text = absolute.to_string_lossy().into_owned();
            let id = inner.db.write(|tx| watched::add(tx, &text, &rules))?;
            inner.db.read(|conn| watched::get(conn, id))
        })
        .await?
    }

    /// A new folder's first reconcile: every file is new, none is settling.
    /// Each recorded batch wakes the bus, so processing starts at once.
    async fn first_walk(&self, id: i64, progress: Arc<WalkProgressFn>) -> Result<ReconcileReport> {
        let library = self.clone();
        let on_batch = move |recorded| {
            library.wake();
            progress(WalkProgress {
                folder_id: id,
                recorded,
            });
        };
        self.pass(id, Scope::Folder, Duration::ZERO, Box::new(on_batch))
            .await
    }

    /// One reconcile off the runtime, after any other has finished (two at
    /// once would both take a new file for new); wakes the bus for what it
    /// recorded.
    async fn pass(
        &self,
        id: i64,
        scope: Scope,
        settle: Duration,
        on_batch: Box<dyn Fn(usize) + Send>,
    ) -> Result<ReconcileReport> {
        let inner = self.inner.clone();
        let report = tokio::task::spawn_blocking(move || {
            let _one_at_a_time = inner.reconciling.lock().unwrap_or_else(|p| p.into_inner());
            let correlation = CorrelationId::new();
            crate::watch::reconcile(&inner.db, id, &scope, settle, &on_batch, &correlation)
        })
        .await??;
        self.wake();
        Ok(report)
    }

    pub async fn watched_folders(&self) -> Result<Vec<WatchedFolder>> {
        self.read(watched::list).await
    }

    /// Stops watching a folder. Its resources leave the library; the files
    /// themselves are never touched. Returns how many resources left.
    pub async fn watch_remove(&self, id: i64) -> Result<usize> {
        self.write(move |tx, c| watched::remove(tx, id, c)).await
    }

    /// Removes the resources whose files are gone (`missing`) from one
    /// watched folder, or from all with `None`: the confirmation a person
    /// gives after seeing what went missing. Their files are already gone;
    /// nothing on disk is touched. Returns how many were removed.
    pub async fn watch_remove_missing(&self, folder: Option<i64>) -> Result<usize> {
        self.write(move |tx, c| watched::remove_missing(tx, folder, c))
            .await
    }

    /// Compares every watched folder with the disk now and records the differences.
    pub async fn reconcile(&self) -> Result<Vec<ReconcileReport>> {
        let inner = self.inner.clone();
        let reports = tokio::task::spawn_blocking(move || reconcile_all(&inner, None)).await??;
        self.wake();
        Ok(reports)
    }

    /// Gives a watched folder new include/exclude rules. Files the new
    /// rules no longer take leave the library (their files stay on disk;
    /// this is the step to confirm with the person), and files they now take
    /// are recorded by a pass over the folder. Returns the folder, how many
    /// resources left, and the pass's report.
    pub async fn watch_set_rules(
        &self,
        id: i64,
        rules: FolderRules,
    ) -> Result<(WatchedFolder, usize, ReconcileReport)> {
        let inner = self.inner.clone();
        let (left, report) = tokio::task::spawn_blocking(move || {
            if inner._lock.is_none() {
                return Err(Error::ReadOnly);
            }
            let matcher = crate::watch::Matcher::new(&rules)?;
            let _one_at_a_time = inner.reconciling.lock().unwrap_or_else(|p| p.into_inner());
            let folder = inner.db.read(|conn| watched::get_uncounted(conn, id))?;
            let root = Path::new(&folder.path);
            // One file at a time: a folder of a million is not held to
            // find the few the new rules leave out.
            let mut leaving = Vec::new();
            inner.db.read(|conn| {
                watched::for_each_known(conn, id, &mut |k| {
                    let left_out = Path::new(&k.path)
                        .strip_prefix(root)
                        .is_ok_and(|relative| !matcher.keeps(relative));
                    if left_out {
                        leaving.push(k.id);
                    }
                })
            })?;
            let correlation = CorrelationId::new();
            let left = inner
                .db
                .write(|tx| watched::set_rules(tx, id, &rules, &leaving, &correlation))?;
            let report = crate::watch::reconcile(
                &inner.db,
                id,
                &Scope::Folder,
                Duration::ZERO,
                &|_| {},
                &correlation,
            )?;
            Ok((left, report))
        })
        .await??;
        self.wake();
        let folder = self.read(move |conn| watched::get(conn, id)).await?;
        Ok((folder, left, report))
    }

    /// Compares only `paths` — files or sub-folders of watched folders,
    /// there or gone — with the database, and records what changed there;
    /// the rest of each folder is not looked at. One report per folder
    /// concerned. A path outside every watched folder is an error, before
    /// anything is compared.
    pub async fn reconcile_paths(&self, paths: Vec<PathBuf>) -> Result<Vec<ReconcileReport>> {
        let folders = self.read(watched::list_uncounted).await?;
        let mut scopes: Vec<(i64, Scope)> = Vec::new();
        for path in paths {
            let path = std::path::absolute(&path).unwrap_or(path);
            // Watched folders never nest: at most one holds the path.
            let owner = folders
                .iter()
                .find(|f| path.starts_with(&f.path))
                .ok_or_else(|| Error::NotWatched { path: path.clone() })?;
            let scope = Scope::paths([path]);
            match scopes.iter_mut().find(|(id, _)| *id == owner.id) {
                Some((_, pending)) => pending.merge(scope),
                None => scopes.push((owner.id, scope)),
            }
        }
        let mut reports = Vec::with_capacity(scopes.len());
        for (id, scope) in scopes {
            reports.push(self.reconcile_folder(id, scope, Duration::ZERO).await?);
        }
        Ok(reports)
    }

    /// Reconciles one watched folder, or the part of it `scope` names,
    /// leaving files changed within `settle`.
    pub(crate) async fn reconcile_folder(
        &self,
        id: i64,
        scope: Scope,
        settle: Duration,
    ) -> Result<ReconcileReport> {
        self.pass(id, scope, settle, Box::new(|_| {})).await
    }
}

/// A folder inside a watched one (or holding one) would list the same files
/// twice; one resource per file is the rule, so it is refused, saying which
/// folder is in the way. Compared with links resolved.
fn refuse_overlap(path: &Path, watched: &[WatchedFolder]) -> Result<()> {
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let new = real(path);
    for folder in watched {
        let old = real(Path::new(&folder.path));
        if new == old {
            let alias = if Path::new(&folder.path) == path {
                String::new()
            } else {
                format!(" (as {})", folder.path)
            };
            return Err(Error::FolderRefused(format!(
                "{} is already watched{alias}",
                path.display()
            )));
        }
        if new.starts_with(&old) {
            return Err(Error::FolderRefused(format!(
                "{} is inside {}, which is already watched; its files are in the library already",
                path.display(),
                folder.path
            )));
        }
        if old.starts_with(&new) {
            return Err(Error::FolderRefused(format!(
                "{} holds {}, which is already watched (id {}); remove that one first (`mahres watch remove {}`), then add this one",
                path.display(),
                folder.path,
                folder.id,
                folder.id
            )));
        }
    }
    Ok(())
}

/// Reconciles every watched folder. One that cannot be compared does not
/// stop the others: its report says why, under `failed`.
/// Compares the watched folders with the disk: every one, or with `only`
/// the ones among them (the start-up check passes those there at open).
pub(super) fn reconcile_all(inner: &Inner, only: Option<&[i64]>) -> Result<Vec<ReconcileReport>> {
    if inner._lock.is_none() {
        return Err(Error::ReadOnly);
    }
    let _one_at_a_time = inner.reconciling.lock().unwrap_or_else(|p| p.into_inner());
    let mut folders = inner.db.read(watched::list_uncounted)?;
    if let Some(only) = only {
        folders.retain(|folder| only.contains(&folder.id));
    }
    let mut reports = Vec::with_capacity(folders.len());
    for folder in folders {
        let correlation = CorrelationId::new();
        let pass = crate::watch::reconcile(
            &inner.db,
            folder.id,
            &Scope::Folder,
            Duration::ZERO,
            &|_| {},
            &correlation,
        );
        reports.push(pass.unwrap_or_else(|err| {
            tracing::error!(error = %err, folder = folder.path, "could not reconcile a watched folder");
            ReconcileReport {
                folder_id: folder.id,
                path: folder.path.clone(),
                online: folder.online,
                failed: vec![crate::ImportFailure {
                    path: folder.path.clone(),
                    error: format!("could not be compared with the library: {err}"),
                }],
                ..Default::default()
            }
        }));
    }
    Ok(reports)
}
