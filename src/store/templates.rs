//! Templates and their versions. A template row holds what never changes (type, service,
//! creation) and which version is current; every edit adds a `template_versions` row, so a
//! notification can always be shown with the exact version it was sent with.

use super::{is_unique_violation, uuid_col, Result, StoreError};
use crate::clock::Micros;
use crate::templates::TemplateType;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub id: Uuid,
    pub service_id: Uuid,
    pub template_type: TemplateType,
    pub version: i64,
    pub name: String,
    pub subject: Option<String>,
    pub body: String,
    pub postage: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Micros,
    pub updated_at: Option<Micros>,
    pub archived: bool,
    /// Backs precompiled letters or notify.cx emails: never listed or fetched by id.
    pub hidden: bool,
}

const SELECT: &str = "SELECT t.id, t.service_id, t.template_type, v.version, v.name, v.subject, \
    v.body, v.postage, v.created_by, t.created_at, v.updated_at, t.archived, t.hidden \
    FROM templates t JOIN template_versions v ON v.template_id = t.id";

fn from_row(row: &Row) -> rusqlite::Result<Template> {
    let kind: String = row.get(2)?;
    Ok(Template {
        id: uuid_col(row, 0)?,
        service_id: uuid_col(row, 1)?,
        template_type: TemplateType::parse(&kind).unwrap_or(TemplateType::Sms),
        version: row.get(3)?,
        name: row.get(4)?,
        subject: row.get(5)?,
        body: row.get(6)?,
        postage: row.get(7)?,
        created_by: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
        archived: row.get(11)?,
        hidden: row.get(12)?,
    })
}

fn insert_version(conn: &Connection, t: &Template) -> Result<()> {
    conn.execute(
        "INSERT INTO template_versions (template_id, version, name, subject, body, postage, created_by, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            t.id.to_string(),
            t.version,
            t.name,
            t.subject,
            t.body,
            t.postage,
            t.created_by,
            t.updated_at
        ],
    )?;
    Ok(())
}

/// Inserts a new template at version 1.
pub fn insert(conn: &Connection, t: &Template) -> Result<()> {
    let inserted = conn.execute(
        "INSERT INTO templates (id, service_id, template_type, version, archived, created_at, hidden) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            t.id.to_string(),
            t.service_id.to_string(),
            t.template_type.as_str(),
            t.version,
            t.archived,
            t.created_at,
            t.hidden
        ],
    );
    match inserted {
        Err(e) if is_unique_violation(&e) => {
            return Err(StoreError::Conflict(
                "A template with this id already exists",
            ))
        }
        other => other?,
    };
    insert_version(conn, t)
}

/// Inserts a template unless one with its id exists (hidden templates made on first use).
pub fn insert_if_missing(conn: &Connection, t: &Template) -> Result<()> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM templates WHERE id = ?1)",
        [t.id.to_string()],
        |r| r.get(0),
    )?;
    if exists {
        return Ok(());
    }
    insert(conn, t)
}

/// Saves `t` (whose `version` has been bumped by the caller) as the new current version.
pub fn add_version(conn: &Connection, t: &Template) -> Result<()> {
    insert_version(conn, t)?;
    conn.execute(
        "UPDATE templates SET version = ?2, archived = ?3 WHERE id = ?1",
        params![t.id.to_string(), t.version, t.archived],
    )?;
    Ok(())
}

/// The current version of a template, from any service.
pub fn get(conn: &Connection, id: Uuid) -> Result<Option<Template>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} AND v.version = t.version WHERE t.id = ?1"
    ))?;
    Ok(stmt.query_row([id.to_string()], from_row).optional()?)
}

/// One version of a service's template.
pub fn get_version(
    conn: &Connection,
    service_id: Uuid,
    id: Uuid,
    version: i64,
) -> Result<Option<Template>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} AND v.version = ?3 WHERE t.id = ?1 AND t.service_id = ?2"
    ))?;
    Ok(stmt
        .query_row(
            params![id.to_string(), service_id.to_string(), version],
            from_row,
        )
        .optional()?)
}

/// The current version of every template of the service, archived ones included.
pub fn list(conn: &Connection, service_id: Uuid) -> Result<Vec<Template>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} AND v.version = t.version WHERE t.service_id = ?1 ORDER BY v.name, t.template_type"
    ))?;
    let rows = stmt.query_map([service_id.to_string()], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
