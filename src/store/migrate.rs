//! Bringing a database up to `schema.sql`, the one schema: its numbered sections (`-- migration
//! N`) are applied in order on start, all pending ones in one transaction, and
//! `PRAGMA user_version` records the last applied. A database newer than this binary, a
//! truncated file or a foreign SQLite database is refused with one clear error.

use super::{unusable, Result, StoreError};
use rusqlite::Connection;
use std::path::Path;

const SCHEMA: &str = include_str!("../../schema.sql");

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
fn check_not_truncated(conn: &Connection, path: &Path) -> Result<()> {
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
    if current > 0 {
        // Some upgrades rebuild a table (migration 6: about 9 s per million notifications).
        tracing::info!(
            "upgrading the schema of {} from version {current} to {latest}",
            path.display()
        );
    }
    // Foreign keys are off while migrating, as SQLite advises for rebuilding a table (dropping
    // the old one must not cascade), and checked before the commit instead.
    conn.execute_batch("PRAGMA foreign_keys = OFF")
        .map_err(|e| unusable(path, e))?;
    let applied = apply(conn, path, pending);
    conn.execute_batch("PRAGMA foreign_keys = ON")
        .map_err(|e| unusable(path, e))?;
    applied?;
    Ok(current == 0)
}

/// Every pending section in one transaction: one commit (one fsync) on a new database, and a
/// failure leaves the schema as it was.
fn apply(conn: &Connection, path: &Path, pending: Vec<(i64, String)>) -> Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")
        .map_err(|e| unusable(path, e))?;
    for (number, sql) in pending {
        let applied = run_section(conn, number, &sql).map_err(|e| e.to_string());
        let checked = applied.and_then(|_| foreign_keys_hold(conn));
        if let Err(e) = checked {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(StoreError::Unusable(format!(
                "cannot apply schema migration {number} to {}: {e}",
                path.display()
            )));
        }
    }
    conn.execute_batch("COMMIT").map_err(|e| unusable(path, e))
}

/// One section's SQL, then the version it brings the database to.
fn run_section(conn: &Connection, number: i64, sql: &str) -> rusqlite::Result<()> {
    conn.execute_batch(&format!("{sql}; PRAGMA user_version = {number};"))
}

fn foreign_keys_hold(conn: &Connection) -> std::result::Result<(), String> {
    let mut check = conn
        .prepare("PRAGMA foreign_key_check")
        .map_err(|e| e.to_string())?;
    match check
        .query([])
        .and_then(|mut rows| rows.next().map(|r| r.is_some()))
    {
        Ok(false) => Ok(()),
        Ok(true) => Err("it would leave rows referring to rows that do not exist".into()),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{config_version, notifications, open_connection, ScratchDb};

    #[test]
    fn schema_sections_are_numbered_in_order() {
        let numbers: Vec<i64> = migrations().iter().map(|m| m.0).collect();
        assert!(!numbers.is_empty());
        assert!(numbers.windows(2).all(|w| w[1] == w[0] + 1));
        assert_eq!(numbers[0], 1);
    }

    #[test]
    fn migrate_is_idempotent_and_refuses_foreign_databases() {
        let db = ScratchDb::new();
        let conn = open_connection(&db.path).unwrap();
        assert!(migrate(&conn, &db.path).unwrap());
        assert!(!migrate(&conn, &db.path).unwrap());
        assert_eq!(config_version(&conn).unwrap(), 0);
        let other = db.beside("b.db");
        let conn = open_connection(&other).unwrap();
        conn.execute_batch("CREATE TABLE x (y)").unwrap();
        assert!(migrate(&conn, &other).is_err());
    }

    const SOME_ID: &str = "0b1e0a54-0000-4000-8000-000000000001";

    /// Migration 6 rebuilds the notifications table: nothing may be lost on the way, letter
    /// PDFs (which reference it) least of all, and its CHECK must still hold.
    #[test]
    fn rebuilding_notifications_keeps_every_row_and_letter_pdf() {
        let db = ScratchDb::new();
        let conn = open_connection(&db.path).unwrap();
        for (number, sql) in migrations().into_iter().filter(|m| m.0 <= 5) {
            run_section(&conn, number, &sql).unwrap();
        }
        let row = "INSERT INTO notifications (pk, id, service_id, key_type, notification_type, \
            template_id, template_version, recipient, normalised_to, personalisation, body, \
            status, created_at) VALUES (?1, ?2, ?5, 'test', ?3, ?5, 1, 'a', 'a', '{}', 'b', ?4, 1)";
        conn.execute(
            row,
            rusqlite::params![7, [7u8; 16], "letter", "sending", SOME_ID],
        )
        .unwrap();
        conn.execute(
            row,
            rusqlite::params![8, [8u8; 16], "sms", "delivered", SOME_ID],
        )
        .unwrap();
        conn.execute("INSERT INTO letter_pdfs VALUES (7, x'255044462d')", [])
            .unwrap();

        assert!(!migrate(&conn, &db.path).unwrap());
        let count = |table: &str| -> i64 {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!((count("notifications"), count("letter_pdfs")), (2, 1));
        let in_flight = notifications::in_flight(&conn, 0, 10).unwrap();
        assert_eq!(in_flight.iter().map(|n| n.pk).collect::<Vec<_>>(), [7]);
        assert!(conn
            .execute(
                row,
                rusqlite::params![9, [9u8; 16], "fax", "created", SOME_ID]
            )
            .is_err());
        let enforced: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(enforced, 1);
    }
}
