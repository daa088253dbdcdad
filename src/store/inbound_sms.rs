//! Text messages received from the public (recorded with `notifyd inbound-sms`), newest
//! first, paged with an `older_than` cursor.

use super::{uuid_col, Result};
use crate::clock::Micros;
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

/// A text message received from the public.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboundSms {
    pub pk: i64,
    pub id: Uuid,
    pub service_id: Uuid,
    pub notify_number: String,
    pub user_number: String,
    pub content: String,
    pub created_at: Micros,
}

pub fn insert(conn: &Connection, m: &InboundSms) -> Result<i64> {
    conn.execute(
        "INSERT INTO inbound_sms (id, service_id, notify_number, user_number, content, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            m.id.to_string(),
            m.service_id.to_string(),
            m.notify_number,
            m.user_number,
            m.content,
            m.created_at
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The service's received texts, newest first, optionally older than one of them.
pub fn list(
    conn: &Connection,
    service_id: Uuid,
    older_than: Option<Uuid>,
    limit: i64,
) -> Result<Vec<InboundSms>> {
    let cursor: Option<(i64, i64)> = match older_than {
        None => None,
        Some(id) => {
            let found = conn
                .query_row(
                    "SELECT created_at, pk FROM inbound_sms WHERE id = ?1 AND service_id = ?2",
                    params![id.to_string(), service_id.to_string()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match found {
                Some(c) => Some(c),
                None => return Ok(Vec::new()),
            }
        }
    };
    let (before_at, before_pk) = cursor.unwrap_or((i64::MAX, i64::MAX));
    let mut stmt = conn.prepare_cached(
        "SELECT pk, id, service_id, notify_number, user_number, content, created_at FROM inbound_sms \
         WHERE service_id = ?1 AND (created_at < ?2 OR (created_at = ?2 AND pk < ?3)) \
         ORDER BY created_at DESC, pk DESC LIMIT ?4",
    )?;
    let rows = stmt.query_map(
        params![service_id.to_string(), before_at, before_pk, limit],
        |r| {
            Ok(InboundSms {
                pk: r.get(0)?,
                id: uuid_col(r, 1)?,
                service_id: uuid_col(r, 2)?,
                notify_number: r.get(3)?,
                user_number: r.get(4)?,
                content: r.get(5)?,
                created_at: r.get(6)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Deletes up to `limit` of the service's received texts from before `before`.
pub fn delete_older_than(
    conn: &Connection,
    service_id: Uuid,
    before: Micros,
    limit: i64,
) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "DELETE FROM inbound_sms WHERE pk IN (SELECT pk FROM inbound_sms \
             WHERE service_id = ?1 AND created_at < ?2 LIMIT ?3)",
        )?
        .execute(params![service_id.to_string(), before, limit])?)
}
