//! Creating and editing templates (from the CLI and from config). Every edit makes a new
//! version, as in Notify, so notifications keep showing the version they were sent with.

use super::TemplateType;
use crate::clock::Micros;
use crate::store::{self, templates::Template, StoreError};
use rusqlite::Connection;
use std::fmt;
use uuid::Uuid;

#[derive(Debug)]
pub enum TemplateError {
    ServiceNotFound(Uuid),
    TemplateNotFound(Uuid),
    EmptyName,
    EmptyBody,
    SubjectRequired(TemplateType),
    SubjectNotAllowed,
    Store(StoreError),
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::ServiceNotFound(id) => write!(f, "service {id} not found"),
            TemplateError::TemplateNotFound(id) => write!(f, "template {id} not found"),
            TemplateError::EmptyName => f.write_str("a template needs a name"),
            TemplateError::EmptyBody => f.write_str("a template needs a body"),
            TemplateError::SubjectRequired(kind) => {
                write!(f, "an {} template needs a subject", kind.as_str())
            }
            TemplateError::SubjectNotAllowed => {
                f.write_str("text message templates have no subject")
            }
            TemplateError::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for TemplateError {}

impl From<StoreError> for TemplateError {
    fn from(e: StoreError) -> TemplateError {
        TemplateError::Store(e)
    }
}

/// What a new template is made of.
pub struct NewTemplate {
    pub id: Option<Uuid>,
    pub service_id: Uuid,
    pub template_type: TemplateType,
    pub name: String,
    pub subject: Option<String>,
    pub body: String,
    pub created_by: Option<String>,
}

fn check(
    kind: TemplateType,
    name: &str,
    subject: Option<&str>,
    body: &str,
) -> Result<(), TemplateError> {
    if name.trim().is_empty() {
        return Err(TemplateError::EmptyName);
    }
    if body.trim().is_empty() {
        return Err(TemplateError::EmptyBody);
    }
    match (kind, subject.map(str::trim)) {
        (TemplateType::Sms, Some(_)) => Err(TemplateError::SubjectNotAllowed),
        (TemplateType::Email | TemplateType::Letter, None | Some("")) => {
            Err(TemplateError::SubjectRequired(kind))
        }
        _ => Ok(()),
    }
}

pub fn create(conn: &Connection, new: NewTemplate, now: Micros) -> Result<Template, TemplateError> {
    check(
        new.template_type,
        &new.name,
        new.subject.as_deref(),
        &new.body,
    )?;
    if store::services::get(conn, new.service_id)?.is_none() {
        return Err(TemplateError::ServiceNotFound(new.service_id));
    }
    let template = Template {
        id: new.id.unwrap_or_else(Uuid::new_v4),
        service_id: new.service_id,
        template_type: new.template_type,
        version: 1,
        name: new.name.trim().to_owned(),
        subject: new.subject,
        body: new.body,
        postage: (new.template_type == TemplateType::Letter).then(|| "second".to_owned()),
        created_by: new.created_by,
        created_at: now,
        updated_at: None,
        archived: false,
        hidden: false,
    };
    store::templates::insert(conn, &template)?;
    Ok(template)
}

/// The fields an edit may change; `None` keeps the current value.
#[derive(Default)]
pub struct TemplateEdit {
    pub name: Option<String>,
    pub subject: Option<String>,
    pub body: Option<String>,
}

/// Saves an edit as a new version. An edit that changes nothing keeps the current version.
pub fn update(
    conn: &Connection,
    id: Uuid,
    edit: TemplateEdit,
    now: Micros,
) -> Result<Template, TemplateError> {
    let current = store::templates::get(conn, id)?.ok_or(TemplateError::TemplateNotFound(id))?;
    let mut next = current.clone();
    if let Some(name) = edit.name {
        next.name = name.trim().to_owned();
    }
    if let Some(subject) = edit.subject {
        next.subject = Some(subject);
    }
    if let Some(body) = edit.body {
        next.body = body;
    }
    check(
        next.template_type,
        &next.name,
        next.subject.as_deref(),
        &next.body,
    )?;
    if (&next.name, &next.subject, &next.body) == (&current.name, &current.subject, &current.body) {
        return Ok(current);
    }
    next.version = current.version + 1;
    next.updated_at = Some(now);
    store::templates::add_version(conn, &next)?;
    Ok(next)
}
