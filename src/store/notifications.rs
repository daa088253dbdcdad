//! Notifications, the PDFs of precompiled letters, and received text messages.
//!
//! A send is one row. Reads are always scoped to a service; the list query walks
//! `notifications_by_service` newest first and pages with a `(created_at, pk)` cursor.

use super::{uuid_col, Result};
use crate::clock::Micros;
use crate::keys::KeyType;
use crate::notifications::Status;
use crate::templates::TemplateType;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq)]
pub struct Notification {
    pub pk: i64,
    pub id: Uuid,
    pub service_id: Uuid,
    pub api_key_id: Option<Uuid>,
    pub key_type: KeyType,
    pub notification_type: TemplateType,
    pub template_id: Uuid,
    pub template_version: i64,
    pub recipient: String,
    pub normalised_to: String,
    pub client_reference: Option<String>,
    /// The personalisation as sent, a JSON object.
    pub personalisation: String,
    pub body: String,
    pub subject: Option<String>,
    pub status: Status,
    pub created_at: Micros,
    pub sent_at: Option<Micros>,
    pub updated_at: Option<Micros>,
    pub billable_units: i64,
    pub international: bool,
    pub phone_prefix: Option<String>,
    pub rate_multiplier: Option<f64>,
    pub postage: Option<String>,
    pub reply_to_text: Option<String>,
    pub one_click_unsubscribe_url: Option<String>,
}

pub(super) const COLUMNS: &str =
    "pk, id, service_id, api_key_id, key_type, notification_type, template_id, \
    template_version, recipient, normalised_to, client_reference, personalisation, body, subject, \
    status, created_at, sent_at, updated_at, billable_units, international, phone_prefix, \
    rate_multiplier, postage, reply_to_text, one_click_unsubscribe_url";

pub(super) fn from_row(row: &Row) -> rusqlite::Result<Notification> {
    let id: Vec<u8> = row.get(1)?;
    let api_key_id: Option<String> = row.get(3)?;
    let key_type: String = row.get(4)?;
    let kind: String = row.get(5)?;
    let status: String = row.get(14)?;
    Ok(Notification {
        pk: row.get(0)?,
        id: Uuid::from_slice(&id).unwrap_or_default(),
        service_id: uuid_col(row, 2)?,
        api_key_id: api_key_id.and_then(|k| Uuid::parse_str(&k).ok()),
        key_type: KeyType::from_db(&key_type).unwrap_or(KeyType::Test),
        notification_type: TemplateType::parse(&kind).unwrap_or(TemplateType::Sms),
        template_id: uuid_col(row, 6)?,
        template_version: row.get(7)?,
        recipient: row.get(8)?,
        normalised_to: row.get(9)?,
        client_reference: row.get(10)?,
        personalisation: row.get(11)?,
        body: row.get(12)?,
        subject: row.get(13)?,
        status: Status::parse(&status).unwrap_or(Status::TechnicalFailure),
        created_at: row.get(15)?,
        sent_at: row.get(16)?,
        updated_at: row.get(17)?,
        billable_units: row.get(18)?,
        international: row.get(19)?,
        phone_prefix: row.get(20)?,
        rate_multiplier: row.get(21)?,
        postage: row.get(22)?,
        reply_to_text: row.get(23)?,
        one_click_unsubscribe_url: row.get(24)?,
    })
}

/// Inserts a notification (its `pk` is ignored) and returns the new `pk`.
pub fn insert(conn: &Connection, n: &Notification) -> Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO notifications (id, service_id, api_key_id, key_type, notification_type, \
         template_id, template_version, recipient, normalised_to, client_reference, personalisation, \
         body, subject, status, created_at, sent_at, updated_at, billable_units, international, \
         phone_prefix, rate_multiplier, postage, reply_to_text, one_click_unsubscribe_url) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, \
         ?19, ?20, ?21, ?22, ?23, ?24)",
    )?;
    stmt.execute(params![
        n.id.as_bytes().as_slice(),
        n.service_id.to_string(),
        n.api_key_id.map(|k| k.to_string()),
        n.key_type.as_db(),
        n.notification_type.as_str(),
        n.template_id.to_string(),
        n.template_version,
        n.recipient,
        n.normalised_to,
        n.client_reference,
        n.personalisation,
        n.body,
        n.subject,
        n.status.as_str(),
        n.created_at,
        n.sent_at,
        n.updated_at,
        n.billable_units,
        n.international,
        n.phone_prefix,
        n.rate_multiplier,
        n.postage,
        n.reply_to_text,
        n.one_click_unsubscribe_url,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// One of the service's notifications, of any key type.
pub fn get(conn: &Connection, service_id: Uuid, id: Uuid) -> Result<Option<Notification>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM notifications WHERE id = ?1 AND service_id = ?2"
    ))?;
    Ok(stmt
        .query_row(
            params![id.as_bytes().as_slice(), service_id.to_string()],
            from_row,
        )
        .optional()?)
}

pub fn get_by_pk(conn: &Connection, pk: i64) -> Result<Option<Notification>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM notifications WHERE pk = ?1"
    ))?;
    Ok(stmt.query_row([pk], from_row).optional()?)
}

/// Moves a notification to `status` if it is still in flight; returns whether it moved.
/// The statuses still in flight, exactly as the `notifications_in_flight` index states them
/// (schema.sql, migration 6): SQLite uses a partial index only for a query that repeats its
/// condition. Comparisons rather than `IN`, which SQLite evaluates by building a table each time.
macro_rules! in_flight {
    () => {
        "status = 'created' OR status = 'sending' OR status = 'pending' \
         OR status = 'pending-virus-check'"
    };
}

pub fn set_status(conn: &Connection, pk: i64, status: Status, at: Micros) -> Result<bool> {
    // In flight, or `sent` (which a delivery receipt may still change).
    let mut stmt = conn.prepare_cached(concat!(
        "UPDATE notifications SET status = ?2, updated_at = ?3, \
         sent_at = CASE WHEN ?2 = 'sending' AND sent_at IS NULL THEN ?3 ELSE sent_at END \
         WHERE pk = ?1 AND (",
        in_flight!(),
        " OR status = 'sent')"
    ))?;
    Ok(stmt.execute(params![pk, status.as_str(), at])? == 1)
}

/// Up to `limit` notifications whose status may still change, after `after_pk` in `pk` order
/// (picked up again at start, a page at a time).
pub fn in_flight(conn: &Connection, after_pk: i64, limit: usize) -> Result<Vec<Notification>> {
    let mut stmt = conn.prepare_cached(&in_flight_sql())?;
    let rows = stmt.query_map(params![after_pk, limit as i64], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Walks the `notifications_in_flight` index from `?1` (see the test below).
fn in_flight_sql() -> String {
    format!(
        concat!(
            "SELECT {columns} FROM notifications WHERE (",
            in_flight!(),
            ") AND pk > ?1 ORDER BY pk LIMIT ?2"
        ),
        columns = COLUMNS
    )
}

pub fn insert_letter_pdf(conn: &Connection, pk: i64, pdf: &[u8]) -> Result<()> {
    conn.execute(
        "INSERT INTO letter_pdfs (notification_pk, pdf) VALUES (?1, ?2)",
        params![pk, pdf],
    )?;
    Ok(())
}

pub fn letter_pdf(conn: &Connection, pk: i64) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row(
            "SELECT pdf FROM letter_pdfs WHERE notification_pk = ?1",
            [pk],
            |r| r.get(0),
        )
        .optional()?)
}

/// Deletes up to `limit` of the service's notifications created before `before` (their PDFs
/// go with them); returns how many.
pub fn delete_older_than(
    conn: &Connection,
    service_id: Uuid,
    before: Micros,
    limit: i64,
) -> Result<usize> {
    let mut deleted = 0;
    for key_type in ["normal", "team", "test"] {
        deleted += conn
            .prepare_cached(
                "DELETE FROM notifications WHERE pk IN (SELECT pk FROM notifications \
                 WHERE service_id = ?1 AND key_type = ?2 AND created_at < ?3 LIMIT ?4)",
            )?
            .execute(params![service_id.to_string(), key_type, before, limit])?;
    }
    Ok(deleted)
}

/// Deletes all the service's notifications and received texts; returns both counts.
pub fn clear(conn: &Connection, service_id: Uuid) -> Result<(usize, usize)> {
    let id = service_id.to_string();
    conn.execute(
        "DELETE FROM callbacks WHERE service_id = ?1 AND state != 'pending'",
        [&id],
    )?;
    let notifications = conn.execute("DELETE FROM notifications WHERE service_id = ?1", [&id])?;
    let texts = conn.execute("DELETE FROM inbound_sms WHERE service_id = ?1", [&id])?;
    Ok((notifications, texts))
}

/// The service's notifications with `pk` above `after`, oldest first (for `notifications tail`).
pub fn newer_than(
    conn: &Connection,
    service_id: Uuid,
    after: i64,
    limit: i64,
) -> Result<Vec<Notification>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM notifications WHERE service_id = ?1 AND pk > ?2 ORDER BY pk LIMIT ?3"
    ))?;
    let rows = stmt.query_map(params![service_id.to_string(), after, limit], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each page of a resume must continue along the index from where the last one stopped,
    /// not read and sort every notification still in flight (which made a restart with tens of
    /// thousands in flight stall sends for a second).
    #[test]
    fn resume_pages_walk_the_in_flight_index_without_sorting() {
        let db = super::super::ScratchDb::new();
        let conn = db.migrated();
        let mut plan = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", in_flight_sql()))
            .unwrap();
        let steps: Vec<String> = plan
            .query_map(params![0, 1000], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            steps,
            ["SEARCH notifications USING INDEX notifications_in_flight (pk>?)"]
        );
    }
}
