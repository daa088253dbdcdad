//! Outcome rules: the statuses a test suite wants particular recipients' messages to end in.

use super::Result;
use crate::clock::Micros;
use crate::notifications::outcomes::{OutcomeRule, RecipientMatch};
use crate::notifications::Status;
use rusqlite::{params, Connection};
use uuid::Uuid;

pub fn insert(conn: &Connection, service_id: Uuid, rule: &OutcomeRule, now: Micros) -> Result<i64> {
    let (recipient, pattern) = match &rule.matches {
        RecipientMatch::Exactly(to) => (Some(to.as_str()), None),
        RecipientMatch::Pattern(p) => (None, Some(p.as_str())),
    };
    conn.execute(
        "INSERT INTO outcome_rules (service_id, recipient, pattern, status, after_ms, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            service_id.to_string(),
            recipient,
            pattern,
            rule.status.as_str(),
            rule.after_ms,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The service's rules, in the order they were added (the first match wins).
pub fn for_service(conn: &Connection, service_id: Uuid) -> Result<Vec<OutcomeRule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT recipient, pattern, status, after_ms FROM outcome_rules WHERE service_id = ?1 ORDER BY pk",
    )?;
    let rows = stmt.query_map([service_id.to_string()], |r| {
        let recipient: Option<String> = r.get(0)?;
        let pattern: Option<String> = r.get(1)?;
        let status: String = r.get(2)?;
        Ok(OutcomeRule {
            matches: match (recipient, pattern) {
                (Some(to), _) => RecipientMatch::Exactly(to),
                (None, p) => RecipientMatch::Pattern(p.unwrap_or_default()),
            },
            status: Status::parse(&status).unwrap_or(Status::Delivered),
            after_ms: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes all the service's rules; returns how many there were.
pub fn clear(conn: &Connection, service_id: Uuid) -> Result<usize> {
    Ok(conn.execute(
        "DELETE FROM outcome_rules WHERE service_id = ?1",
        [service_id.to_string()],
    )?)
}
