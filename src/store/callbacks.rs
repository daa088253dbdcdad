//! Callbacks: each service's callback URLs and sealed bearer tokens, the outbox of callbacks
//! to make (pending ones survive a restart), and the record of every attempt.

use super::{uuid_col, Result};
use crate::callbacks::CallbackType;
use crate::clock::Micros;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

/// A service's callback for one type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbackConfig {
    pub service_id: Uuid,
    pub callback_type: CallbackType,
    pub url: String,
    pub bearer_token_sealed: Vec<u8>,
    pub created_at: Micros,
    pub updated_at: Option<Micros>,
}

fn config_from_row(row: &Row) -> rusqlite::Result<CallbackConfig> {
    let kind: String = row.get(1)?;
    Ok(CallbackConfig {
        service_id: uuid_col(row, 0)?,
        callback_type: CallbackType::from_db(&kind).unwrap_or(CallbackType::DeliveryStatus),
        url: row.get(2)?,
        bearer_token_sealed: row.get(3)?,
        created_at: row.get(4)?,
        updated_at: row.get(5)?,
    })
}

const CONFIG_COLUMNS: &str =
    "service_id, callback_type, url, bearer_token_sealed, created_at, updated_at";

/// Creates or replaces the service's callback of this type.
pub fn set(conn: &Connection, c: &CallbackConfig) -> Result<()> {
    conn.execute(
        "INSERT INTO service_callbacks (service_id, callback_type, url, bearer_token_sealed, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (service_id, callback_type) DO UPDATE SET \
         url = excluded.url, bearer_token_sealed = excluded.bearer_token_sealed, updated_at = excluded.created_at",
        params![c.service_id.to_string(), c.callback_type.as_db(), c.url, c.bearer_token_sealed, c.created_at],
    )?;
    Ok(())
}

/// Removes the service's callback of this type; false if there was none.
pub fn remove(conn: &Connection, service_id: Uuid, kind: CallbackType) -> Result<bool> {
    let removed = conn.execute(
        "DELETE FROM service_callbacks WHERE service_id = ?1 AND callback_type = ?2",
        params![service_id.to_string(), kind.as_db()],
    )?;
    Ok(removed > 0)
}

pub fn get(
    conn: &Connection,
    service_id: Uuid,
    kind: CallbackType,
) -> Result<Option<CallbackConfig>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONFIG_COLUMNS} FROM service_callbacks WHERE service_id = ?1 AND callback_type = ?2"
    ))?;
    Ok(stmt
        .query_row(
            params![service_id.to_string(), kind.as_db()],
            config_from_row,
        )
        .optional()?)
}

pub fn for_service(conn: &Connection, service_id: Uuid) -> Result<Vec<CallbackConfig>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CONFIG_COLUMNS} FROM service_callbacks WHERE service_id = ?1 ORDER BY callback_type"
    ))?;
    let rows = stmt.query_map([service_id.to_string()], config_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Where a callback stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackState {
    Pending,
    Delivered,
    Failed,
}

impl CallbackState {
    fn as_db(self) -> &'static str {
        match self {
            CallbackState::Pending => "pending",
            CallbackState::Delivered => "delivered",
            CallbackState::Failed => "failed",
        }
    }
}

/// One callback to make (a row of the outbox).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Callback {
    pub pk: i64,
    pub service_id: Uuid,
    pub callback_type: CallbackType,
    pub subject_id: String,
    pub payload: String,
    pub attempts: i64,
    pub next_attempt_at: Micros,
    pub created_at: Micros,
}

pub fn enqueue(conn: &Connection, c: &Callback) -> Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO callbacks (service_id, callback_type, subject_id, payload, state, attempts, next_attempt_at, created_at) \
         VALUES (?1, ?2, ?3, ?4, 'pending', 0, ?5, ?6)",
    )?;
    stmt.execute(params![
        c.service_id.to_string(),
        c.callback_type.as_db(),
        c.subject_id,
        c.payload,
        c.next_attempt_at,
        c.created_at
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Pending callbacks due by `now`, oldest first.
pub fn due(conn: &Connection, now: Micros, limit: i64) -> Result<Vec<Callback>> {
    let mut stmt = conn.prepare_cached(
        "SELECT pk, service_id, callback_type, subject_id, payload, attempts, next_attempt_at, created_at \
         FROM callbacks WHERE state = 'pending' AND next_attempt_at <= ?1 ORDER BY next_attempt_at LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now, limit], |r| {
        let kind: String = r.get(2)?;
        Ok(Callback {
            pk: r.get(0)?,
            service_id: uuid_col(r, 1)?,
            callback_type: CallbackType::from_db(&kind).unwrap_or(CallbackType::DeliveryStatus),
            subject_id: r.get(3)?,
            payload: r.get(4)?,
            attempts: r.get(5)?,
            next_attempt_at: r.get(6)?,
            created_at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// When the next pending callback falls due, if any.
pub fn next_due(conn: &Connection) -> Result<Option<Micros>> {
    Ok(conn.query_row(
        "SELECT min(next_attempt_at) FROM callbacks WHERE state = 'pending'",
        [],
        |r| r.get(0),
    )?)
}

/// One attempt at a callback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub callback_pk: i64,
    pub service_id: Uuid,
    pub subject_id: String,
    pub url: String,
    pub attempted_at: Micros,
    pub duration_ms: i64,
    pub http_status: Option<u16>,
    pub error: Option<String>,
}

/// Records an attempt and what happens next: `Some(at)` retries at `at`, `None` ends the
/// callback in `state`.
pub fn record_attempt(
    conn: &Connection,
    a: &Attempt,
    retry_at: Option<Micros>,
    state: CallbackState,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO callback_attempts (callback_pk, service_id, subject_id, url, attempted_at, duration_ms, http_status, error) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        a.callback_pk,
        a.service_id.to_string(),
        a.subject_id,
        a.url,
        a.attempted_at,
        a.duration_ms,
        a.http_status,
        a.error
    ])?;
    let (state, next) = match retry_at {
        Some(at) => (CallbackState::Pending, at),
        None => (state, a.attempted_at),
    };
    conn.prepare_cached(
        "UPDATE callbacks SET attempts = attempts + 1, state = ?2, next_attempt_at = ?3 WHERE pk = ?1",
    )?
    .execute(params![a.callback_pk, state.as_db(), next])?;
    Ok(())
}

/// A service's callback attempts, newest first, optionally about one notification or text.
pub fn attempts(
    conn: &Connection,
    service_id: Uuid,
    subject_id: Option<&str>,
    limit: i64,
) -> Result<Vec<Attempt>> {
    let mut stmt = conn.prepare_cached(
        "SELECT callback_pk, service_id, subject_id, url, attempted_at, duration_ms, http_status, error \
         FROM callback_attempts WHERE service_id = ?1 AND (?2 IS NULL OR subject_id = ?2) \
         ORDER BY attempted_at DESC, pk DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![service_id.to_string(), subject_id, limit], |r| {
        Ok(Attempt {
            callback_pk: r.get(0)?,
            service_id: uuid_col(r, 1)?,
            subject_id: r.get(2)?,
            url: r.get(3)?,
            attempted_at: r.get(4)?,
            duration_ms: r.get(5)?,
            http_status: r.get(6)?,
            error: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Holds due callbacks back until `until` while they are being attempted (so they are not
/// picked twice, and are retried if notifyd stops mid-attempt).
pub fn lease(conn: &Connection, pks: &[i64], until: Micros) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE callbacks SET next_attempt_at = ?2 WHERE pk = ?1 AND state = 'pending'",
    )?;
    for pk in pks {
        stmt.execute(params![pk, until])?;
    }
    Ok(())
}

/// Deletes up to `limit` finished (delivered or failed) callbacks created before `before`,
/// with their attempts.
pub fn delete_finished_older_than(
    conn: &Connection,
    service_id: Uuid,
    before: Micros,
    limit: i64,
) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "DELETE FROM callbacks WHERE pk IN (SELECT pk FROM callbacks WHERE service_id = ?1 \
             AND state != 'pending' AND created_at < ?2 LIMIT ?3)",
        )?
        .execute(params![service_id.to_string(), before, limit])?)
}
