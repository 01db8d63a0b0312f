//! SQLite access: one writer connection, a few readers, WAL mode, and the
//! schema migrations.
//!
//! Every write goes through [`Db::write`], which runs a closure in one
//! `BEGIN IMMEDIATE` transaction. That is what makes the outbox work: a change
//! and the events describing it are committed together or not at all.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::{M, Migrations};

use crate::error::Result;

const READERS: usize = 3;
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) struct Db {
    /// `None` when opened read-only.
    writer: Option<Mutex<Connection>>,
    readers: Vec<Mutex<Connection>>,
    /// The database file, for a connection opened apart (`read_apart`).
    path: std::path::PathBuf,
    /// Commits since the WAL was last restarted (see `restart_wal`).
    commits: AtomicU64,
}

/// SQLite's own checkpoints copy the WAL into the database but start it
/// again from the top only at a moment when no reader is using it, and
/// with the bus's readers always at work that moment never came: the WAL of
/// a million-item library grew to 4.9 GB, every page read searched its
/// index, and opening the library replayed it all. So every this many
/// commits the writer waits a moment for the readers to finish and
/// restarts it.
const COMMITS_PER_RESTART: u64 = 1_000;
/// How long that moment may be: a reader busy for longer (a big listing,
/// all duplicate groups) makes the writer skip it and try again later,
/// rather than hold up every write.
const RESTART_WAIT: Duration = Duration::from_millis(50);
/// What a restarted WAL is cut back to.
const WAL_KEPT_BYTES: i64 = 64 << 20;

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("schema/001_initial.sql")),
        M::up(include_str!("schema/002_media.sql")),
        M::up(include_str!("schema/003_watched.sql")),
        M::up(include_str!("schema/004_grid.sql")),
        M::up(include_str!("schema/005_no_sort_indexes.sql")),
        M::up(include_str!("schema/006_watched_sizes.sql")),
        M::up(include_str!("schema/007_job_counts.sql")),
        M::up(include_str!("schema/008_facts.sql")),
        M::up(include_str!("schema/009_item_date.sql")),
        M::up(include_str!("schema/010_companions.sql")),
        M::up(include_str!("schema/011_stored_paths.sql")),
        M::up(include_str!("schema/012_sidecars.sql")),
        M::up(include_str!("schema/013_trash_and_history.sql")),
        M::up(include_str!("schema/014_albums.sql")),
        M::up(include_str!("schema/015_action_log.sql")),
        M::up(include_str!("schema/016_grid_pages.sql")),
        M::up(include_str!("schema/017_missing_files.sql")),
    ])
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // NORMAL in WAL mode survives a process crash (SIGKILL) without losing a
    // committed transaction; only an OS crash or power cut can lose the last few.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding a connection leaves no half-done transaction
    // behind (rusqlite rolls back on drop), so the connection is still usable.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Db {
    pub(crate) fn open(path: &Path) -> Result<Self> {
        let mut writer = Connection::open(path)?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        writer.pragma_update(None, "journal_size_limit", WAL_KEPT_BYTES)?;
        configure(&writer)?;
        migrations().to_latest(&mut writer)?;
        Self::with_readers(path, Some(writer))
    }

    /// Opens an existing library for reading only, beside a process that owns it.
    pub(crate) fn open_read_only(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(crate::Error::NoLibrary {
                path: path.parent().unwrap_or(path).to_path_buf(),
            });
        }
        Self::with_readers(path, None)
    }

    fn with_readers(path: &Path, writer: Option<Connection>) -> Result<Self> {
        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            let reader = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            configure(&reader)?;
            readers.push(Mutex::new(reader));
        }
        Ok(Self {
            path: path.to_path_buf(),
            writer: writer.map(Mutex::new),
            readers,
            commits: AtomicU64::new(0),
        })
    }

    /// Runs `f` in one immediate transaction and commits it if `f` succeeds.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let writer = self.writer.as_ref().ok_or(crate::Error::ReadOnly)?;
        let mut conn = lock(writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        self.restart_wal_now_and_then(&conn);
        Ok(value)
    }

    /// Writes so far by this process: a number that moves with every
    /// change this process makes (read it before reading what it derives
    /// from; an unchanged number after means no write came in between).
    pub(crate) fn commits(&self) -> u64 {
        self.commits.load(Ordering::SeqCst)
    }

    fn restart_wal_now_and_then(&self, writer: &Connection) {
        if self.commits.fetch_add(1, Ordering::SeqCst) % COMMITS_PER_RESTART
            != COMMITS_PER_RESTART - 1
        {
            return;
        }
        let restart = || -> rusqlite::Result<()> {
            writer.busy_timeout(RESTART_WAIT)?;
            // (busy, frames in the WAL, frames copied): busy when a reader
            // held on; then the next restart tries again.
            let outcome = writer.query_row("PRAGMA wal_checkpoint(RESTART)", [], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            });
            writer.busy_timeout(BUSY_TIMEOUT)?;
            let (busy, frames) = outcome?;
            tracing::debug!(busy = busy != 0, frames, "WAL restart");
            Ok(())
        };
        if let Err(err) = restart() {
            tracing::debug!(error = %err, "the WAL was not restarted this time");
        }
    }

    /// [`write`](Self::write), with the commit on disk before it returns:
    /// for what a person was told is done (an import, an edit). The WAL is
    /// synced at this commit (`synchronous=FULL`), which also makes every
    /// earlier commit durable; handler results keep the cheaper NORMAL,
    /// since a power cut that loses one also loses its job's completion and
    /// the job runs again.
    pub(crate) fn write_synced<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let writer = self.writer.as_ref().ok_or(crate::Error::ReadOnly)?;
        let mut conn = lock(writer);
        conn.pragma_update(None, "synchronous", "FULL")?;
        let result = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        self.restart_wal_now_and_then(&conn);
        // The commit stands whatever happens here: failing the call now
        // would make a caller undo what is recorded (an import removing
        // copies its rows point to).
        if let Err(err) = conn.pragma_update(None, "synchronous", "NORMAL") {
            tracing::warn!(error = %err, "could not return the database to its usual syncing");
        }
        result
    }

    /// Runs `f` on a read-only connection; readers never wait for the writer.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        for reader in &self.readers {
            if let Ok(conn) = reader.try_lock() {
                return f(&conn);
            }
        }
        let conn = lock(&self.readers[0]);
        f(&conn)
    }

    /// Runs `f` on a read-only connection of its own, opened for it: for a
    /// read that takes seconds (the start-up check reads every file of a
    /// watched folder), which on a shared reader would hold up every read
    /// the window makes meanwhile, its first grid page among them.
    pub(crate) fn read_apart<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&conn)?;
        f(&conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        let result: Result<()> = db.write(|tx| {
            tx.execute(
                "INSERT INTO tags (name, created_at) VALUES ('kept?', 0)",
                [],
            )?;
            Err(crate::Error::BadMerge("boom".into()))
        });
        assert!(result.is_err());
        let count: i64 = db
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM tags", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(count, 0);
    }

    #[test]
    fn a_read_apart_goes_ahead_while_every_pooled_reader_is_busy() {
        let dir = tempfile::tempdir().unwrap();
        let db = std::sync::Arc::new(Db::open(&dir.path().join("t.db")).unwrap());
        db.write(|tx| {
            tx.execute("INSERT INTO tags (name, created_at) VALUES ('seen', 0)", [])?;
            Ok(())
        })
        .unwrap();
        // Every pooled reader held, as by long scans.
        let (held_tx, held_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let release_rx = std::sync::Arc::new(Mutex::new(release_rx));
        let holders: Vec<_> = (0..READERS)
            .map(|i| {
                let (db, held_tx, release_rx) = (db.clone(), held_tx.clone(), release_rx.clone());
                std::thread::spawn(move || {
                    let conn = lock(&db.readers[i]);
                    held_tx.send(()).unwrap();
                    let _ = release_rx.lock().unwrap().recv();
                    drop(conn);
                })
            })
            .collect();
        for _ in 0..READERS {
            held_rx.recv().unwrap();
        }
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let apart = {
            let db = db.clone();
            std::thread::spawn(move || {
                let name: String = db
                    .read_apart(|c| Ok(c.query_row("SELECT name FROM tags", [], |r| r.get(0))?))
                    .unwrap();
                done_tx.send(name).unwrap();
            })
        };
        let answer = done_rx.recv_timeout(Duration::from_secs(10));
        for _ in 0..READERS {
            let _ = release_tx.send(());
        }
        for holder in holders {
            holder.join().unwrap();
        }
        apart.join().unwrap();
        assert_eq!(answer.as_deref(), Ok("seen"));
    }
}
