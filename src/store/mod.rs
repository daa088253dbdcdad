//! The store: every line of SQL in notifyd, over one SQLite file.
//!
//! `schema.sql` is the one schema; `migrate` applies its numbered sections on start. Writes from
//! the server go through the single group-committing `Writer`; reads use a small pool of
//! read-only-by-convention connections (WAL lets them run beside the writer). The command line
//! opens its own connection and calls the same domain-named functions in a transaction, so the
//! server and the CLI can never disagree about what a row means.

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

use rusqlite::{Connection, OpenFlags};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
pub use writer::Writer;

const SCHEMA: &str = include_str!("../../schema.sql");
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

/// The numbered sections of schema.sql, in order: each starts at a line `-- migration N`.
fn migrations() -> Vec<(i64, String)> {
    let mut sections: Vec<(i64, String)> = Vec::new();
    for line in SCHEMA.lines() {
        let number = line
            .strip_prefix("-- migration ")
            .and_then(|n| n.trim().parse::<i64>().ok());
        match (number, sections.last_mut()) {
            (Some(number), _) => sections.push((number, String::new())),
            (None, Some((_, sql))) => {
                sql.push_str(line);
                sql.push('\n');
            }
            (None, None) => {}
        }
    }
    sections
}

/// Refuses a database file shorter than SQLite says it is (a truncated copy), which SQLite
/// would otherwise only notice when it reads a missing page. Only with an empty write-ahead
/// log (after a crash, pages may legitimately still live in the log). Uses `stat` and SQLite
/// only: opening and closing the file ourselves would drop this process's SQLite locks.
pub fn check_not_truncated(conn: &Connection, path: &Path) -> Result<()> {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 0 {
        return Ok(());
    }
    let Ok(length) = std::fs::metadata(path).map(|m| m.len()) else {
        return Ok(());
    };
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let expected = (pages.max(0) as u64).saturating_mul(page_size.max(0) as u64);
    if length < expected {
        return Err(StoreError::Unusable(format!(
            "database {} is truncated: it should hold {pages} pages of {page_size} bytes but the file has {length} bytes",
            path.display()
        )));
    }
    Ok(())
}

/// Brings the database up to the current schema. Returns true when it was brand new.
pub fn migrate(conn: &Connection, path: &Path) -> Result<bool> {
    check_not_truncated(conn, path).map_err(|e| match e {
        StoreError::Sqlite(e) => unusable(path, e),
        other => other,
    })?;
    let current: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| unusable(path, e))?;
    let sections = migrations();
    let latest = sections.last().map(|s| s.0).unwrap_or(0);
    if current > latest {
        return Err(StoreError::Unusable(format!(
            "database {} has schema version {current}, newer than this notifyd understands ({latest})",
            path.display()
        )));
    }
    if current == 0 {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if tables > 0 {
            return Err(StoreError::Unusable(format!(
                "{} is an SQLite database but not a notifyd one",
                path.display()
            )));
        }
    }
    let pending: Vec<_> = sections.into_iter().filter(|s| s.0 > current).collect();
    if pending.is_empty() {
        return Ok(false);
    }
    // Every pending section in one transaction: one commit (one fsync) on a new database, and
    // a failure leaves the schema as it was.
    conn.execute_batch("BEGIN IMMEDIATE")
        .map_err(|e| unusable(path, e))?;
    for (number, sql) in pending {
        let batch = format!("{sql}; PRAGMA user_version = {number};");
        if let Err(e) = conn.execute_batch(&batch) {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(StoreError::Unusable(format!(
                "cannot apply schema migration {number} to {}: {e}",
                path.display()
            )));
        }
    }
    conn.execute_batch("COMMIT")
        .map_err(|e| unusable(path, e))?;
    Ok(current == 0)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_sections_are_numbered_in_order() {
        let numbers: Vec<i64> = migrations().iter().map(|m| m.0).collect();
        assert!(!numbers.is_empty());
        assert!(numbers.windows(2).all(|w| w[1] == w[0] + 1));
        assert_eq!(numbers[0], 1);
    }

    #[test]
    fn migrate_is_idempotent_and_refuses_foreign_databases() {
        let dir = std::env::temp_dir().join(format!(
            "notifyd-mig-{}",
            crate::secrets::random_token::<8>()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.db");
        let conn = open_connection(&path).unwrap();
        assert!(migrate(&conn, &path).unwrap());
        assert!(!migrate(&conn, &path).unwrap());
        assert_eq!(config_version(&conn).unwrap(), 0);
        let other = dir.join("b.db");
        let conn = open_connection(&other).unwrap();
        conn.execute_batch("CREATE TABLE x (y)").unwrap();
        assert!(migrate(&conn, &other).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
