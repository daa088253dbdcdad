//! The store: every line of SQL in notifyd, over one SQLite file.
//!
//! `schema.sql` is the one schema; `migrate` applies its numbered sections on start. Writes from
//! the server go through the single group-committing `Writer`; reads use a small pool of
//! read-only-by-convention connections (WAL lets them run beside the writer). The command line
//! opens its own connection and calls the same domain-named functions in a transaction, so the
//! server and the CLI can never disagree about what a row means.

mod migrate;
mod writer;

pub mod callbacks;
pub mod daily_counts;
pub mod finding;
pub mod inbound_sms;
pub mod keys;
pub mod notifications;
pub mod outcomes;
pub mod services;
pub mod sessions;
pub mod team;
pub mod templates;

pub use migrate::migrate;
use rusqlite::{Connection, OpenFlags};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
pub use writer::Writer;

const BUSY_TIMEOUT_MS: u32 = 5000;
const MAX_IDLE_READERS: usize = 8;
/// Reads that scan run on the blocking pool, at most this many at once: more than the cores
/// cannot be faster, and each one holds a connection (with its page cache) and a thread.
/// Without the cap, 256 clients listing notifications meant 256 threads and connections.
const MAX_CONCURRENT_READS: usize = 4;

#[derive(Debug)]
pub enum StoreError {
    Sqlite(rusqlite::Error),
    /// A row that must be unique already exists (the message says which rule).
    Conflict(&'static str),
    /// The group this write belonged to could not be committed.
    CommitFailed(String),
    /// The database cannot be used (wrong file, newer schema, corrupt).
    Unusable(String),
    /// The writer has shut down.
    Closed,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Sqlite(e) => write!(f, "database error: {e}"),
            StoreError::Conflict(rule) => f.write_str(rule),
            StoreError::CommitFailed(e) => write!(f, "the write could not be committed: {e}"),
            StoreError::Unusable(msg) => f.write_str(msg),
            StoreError::Closed => f.write_str("the database writer has shut down"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Sqlite(e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Opens (creating if needed) a connection with notifyd's settings.
pub fn open_connection(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| {
        StoreError::Unusable(format!("cannot open database {}: {e}", path.display()))
    })?;
    conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS.into()))?;
    conn.set_prepared_statement_cache_capacity(64);
    let setup = conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
    );
    setup.map_err(|e| unusable(path, e))?;
    Ok(conn)
}

fn unusable(path: &Path, e: rusqlite::Error) -> StoreError {
    StoreError::Unusable(format!("database {} cannot be used: {e}", path.display()))
}

/// The counter the triggers in schema.sql bump on every change to cached configuration.
pub fn config_version(conn: &Connection) -> Result<i64> {
    let mut stmt = conn.prepare_cached("SELECT config_version FROM meta WHERE id = 1")?;
    Ok(stmt.query_row([], |r| r.get(0))?)
}

pub fn master_key_check(conn: &Connection) -> Result<Option<Vec<u8>>> {
    Ok(
        conn.query_row("SELECT master_key_check FROM meta WHERE id = 1", [], |r| {
            r.get(0)
        })?,
    )
}

pub fn set_master_key_check(conn: &Connection, sealed: &[u8]) -> Result<()> {
    conn.execute(
        "UPDATE meta SET master_key_check = ?1 WHERE id = 1",
        [sealed],
    )?;
    Ok(())
}

/// The server's handle on the database: the writer plus a pool of reading connections.
pub struct Store {
    path: PathBuf,
    writer: Writer,
    readers: Mutex<Vec<Connection>>,
    reads: tokio::sync::Semaphore,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens a migrated database for serving: starts the writer.
    pub fn open(path: &Path) -> Result<Store> {
        let writer_conn = open_connection(path)?;
        Ok(Store {
            path: path.to_path_buf(),
            writer: Writer::start(writer_conn),
            readers: Mutex::new(Vec::new()),
            reads: tokio::sync::Semaphore::new(MAX_CONCURRENT_READS),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` through the writer; returns once the change is durable.
    pub async fn write<R, F>(&self, f: F) -> Result<R>
    where
        F: FnOnce(&Connection) -> Result<R> + Send + 'static,
        R: Send + 'static,
    {
        self.writer.write(f).await
    }

    /// `write` for code outside the async runtime (start-up).
    pub fn write_blocking<R, F>(&self, f: F) -> Result<R>
    where
        F: FnOnce(&Connection) -> Result<R> + Send + 'static,
        R: Send + 'static,
    {
        self.writer.write_blocking(f)
    }

    /// Runs a short read on the calling thread with a pooled connection. Use only for point
    /// lookups (microseconds); anything that scans goes through `read`.
    pub fn read_now<R>(&self, f: impl FnOnce(&Connection) -> Result<R>) -> Result<R> {
        let conn = match self.take_reader() {
            Some(conn) => conn,
            None => open_connection(&self.path)?,
        };
        let result = f(&conn);
        self.return_reader(conn);
        result
    }

    /// Runs a read on the blocking pool, off the async workers, waiting for a turn when
    /// `MAX_CONCURRENT_READS` are already running.
    pub async fn read<R, F>(self: &std::sync::Arc<Self>, f: F) -> Result<R>
    where
        F: FnOnce(&Connection) -> Result<R> + Send + 'static,
        R: Send + 'static,
    {
        let _turn = self.reads.acquire().await.map_err(|_| StoreError::Closed)?;
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.read_now(f))
            .await
            .map_err(|_| StoreError::Closed)?
    }

    fn take_reader(&self) -> Option<Connection> {
        self.readers.lock().ok()?.pop()
    }

    fn return_reader(&self, conn: Connection) {
        if let Ok(mut pool) = self.readers.lock() {
            if pool.len() < MAX_IDLE_READERS {
                pool.push(conn);
            }
        }
    }

    /// Waits until everything queued before this call is durable.
    pub async fn flush(&self) -> Result<()> {
        self.writer.write(|_| Ok(())).await
    }

    /// Commits everything queued and stops the writer.
    pub fn shutdown(&mut self) {
        self.writer.shutdown();
    }
}

/// Converts a UUID column.
pub(crate) fn uuid_col(row: &rusqlite::Row, idx: usize) -> rusqlite::Result<uuid::Uuid> {
    let text: String = row.get(idx)?;
    uuid::Uuid::parse_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// True when `e` is a UNIQUE or PRIMARY KEY violation.
pub(crate) fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

/// A database file in a directory of its own, removed when dropped (unit tests).
#[cfg(test)]
pub(crate) struct ScratchDb {
    dir: PathBuf,
    pub path: PathBuf,
}

#[cfg(test)]
impl ScratchDb {
    pub fn new() -> ScratchDb {
        let dir = std::env::temp_dir().join(format!(
            "notifyd-test-{}",
            crate::secrets::random_token::<8>()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.db");
        ScratchDb { dir, path }
    }

    /// Another file in the same directory.
    pub fn beside(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// A connection to a database migrated to the current schema.
    pub fn migrated(&self) -> Connection {
        let conn = open_connection(&self.path).unwrap();
        migrate(&conn, &self.path).unwrap();
        conn
    }
}

#[cfg(test)]
impl Drop for ScratchDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
