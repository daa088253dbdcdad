//! Finding a service's notifications: one filter, one query, for every list notifyd serves:
//! `GET /v2/notifications` (one key type, types, statuses, reference, `older_than` pages), the
//! admin inbox (every key type, a part of the recipient), the test-fixture API (the exact
//! recipient, template, `since`) and the CLI. Newest first; pages with a `(created_at, pk)`
//! cursor so equal timestamps never skip a row.

use super::notifications::{from_row, get, Notification, COLUMNS};
use super::Result;
use crate::clock::Micros;
use crate::keys::KeyType;
use crate::notifications::Status;
use crate::templates::TemplateType;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use uuid::Uuid;

/// What to find. Empty fields do not filter.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub service_id: Uuid,
    pub key_type: Option<KeyType>,
    /// Any of these types (none: every type).
    pub types: Vec<TemplateType>,
    /// Any of these statuses (`None`: every status).
    pub statuses: Option<Vec<Status>>,
    /// The client's reference, exactly.
    pub reference: Option<String>,
    pub template_id: Option<Uuid>,
    /// The recipient, normalised (`recipients::allowed_key`), exactly.
    pub to: Option<String>,
    /// Part of the recipient, as sent or normalised, ignoring case.
    pub to_contains: Option<String>,
    /// Only those sent with an API key (not by a person).
    pub api_only: bool,
    /// Only those older than this notification; unknown (or another service's): none at all.
    pub older_than: Option<Uuid>,
    /// Only those created at or after this time.
    pub since: Option<Micros>,
    pub limit: i64,
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// LIKE's wildcards escaped, for a "contains" match.
fn contains_pattern(part: &str) -> String {
    let mut escaped = String::with_capacity(part.len() + 2);
    escaped.push('%');
    for c in part.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped.push('%');
    escaped
}

/// The notifications matching `f`, newest first.
pub fn find(conn: &Connection, f: &Filter) -> Result<Vec<Notification>> {
    let mut sql = format!("SELECT {COLUMNS} FROM notifications WHERE service_id = ?");
    let mut args: Vec<SqlValue> = vec![f.service_id.to_string().into()];
    let mut and = |clause: &str, values: Vec<SqlValue>| {
        sql.push_str(" AND ");
        sql.push_str(clause);
        args.extend(values);
    };
    if let Some(key_type) = f.key_type {
        and("key_type = ?", vec![key_type.as_db().to_owned().into()]);
    }
    if let Some(older) = f.older_than {
        let Some(cursor) = get(conn, f.service_id, older)? else {
            return Ok(Vec::new());
        };
        let at = cursor.created_at;
        and(
            "(created_at < ? OR (created_at = ? AND pk < ?))",
            vec![at.into(), at.into(), cursor.pk.into()],
        );
    }
    if !f.types.is_empty() {
        let types = f
            .types
            .iter()
            .map(|t| t.as_str().to_owned().into())
            .collect();
        and(
            &format!("notification_type IN ({})", placeholders(f.types.len())),
            types,
        );
    }
    if let Some(statuses) = &f.statuses {
        let values = statuses
            .iter()
            .map(|s| s.as_str().to_owned().into())
            .collect();
        and(
            &format!("status IN ({})", placeholders(statuses.len())),
            values,
        );
    }
    if let Some(reference) = &f.reference {
        and("client_reference = ?", vec![reference.clone().into()]);
    }
    if let Some(template) = f.template_id {
        and("template_id = ?", vec![template.to_string().into()]);
    }
    if let Some(to) = &f.to {
        and("normalised_to = ?", vec![to.clone().into()]);
    }
    if let Some(part) = f.to_contains.as_deref().filter(|p| !p.is_empty()) {
        let pattern = contains_pattern(part);
        and(
            "(recipient LIKE ? ESCAPE '\\' OR normalised_to LIKE ? ESCAPE '\\')",
            vec![pattern.clone().into(), pattern.into()],
        );
    }
    if f.api_only {
        and("api_key_id IS NOT NULL", Vec::new());
    }
    if let Some(since) = f.since {
        and("created_at >= ?", vec![since.into()]);
    }
    sql.push_str(" ORDER BY created_at DESC, pk DESC LIMIT ?");
    args.push(f.limit.into());
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The name a template had at `version` (for showing what a notification was sent with).
pub fn template_name(conn: &Connection, template_id: Uuid, version: i64) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name FROM template_versions WHERE template_id = ?1 AND version = ?2",
    )?;
    Ok(stmt
        .query_row(params![template_id.to_string(), version], |r| r.get(0))
        .optional()?)
}

/// `find`, each notification with the name its template had when it was sent.
pub fn find_with_template_names(
    conn: &Connection,
    f: &Filter,
) -> Result<Vec<(Notification, Option<String>)>> {
    let found = find(conn, f)?;
    let mut named = Vec::with_capacity(found.len());
    for n in found {
        let name = template_name(conn, n.template_id, n.template_version)?;
        named.push((n, name));
    }
    Ok(named)
}
