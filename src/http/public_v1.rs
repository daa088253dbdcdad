//! The notify.cx dialect (`/api/public/v1`, `x-api-key`), spec §8 and seed 003: list the
//! caller's service's keys (prefix only, never the secret) and regenerate a key.
//! Its JSON is `{"success": ..., ...}` in the order notify.cx documents.

use super::errors::ApiError;
use super::json::{json, Body};
use super::request::{read_body, url_root, JSON_BODY_LIMIT};
use crate::app::App;
use crate::auth::Principal;
use crate::clock::{to_datetime, Micros};
use crate::http::v2::send::{persist, take_quota, ToStore};
use crate::keys::{self, KeyError};
use crate::notifications::precompiled::hidden_template;
use crate::notifications::send::{self, SendRequest};
use crate::templates::TemplateType;
use hyper::body::Incoming;
use hyper::{Request, Response};
use serde::Serialize;
use std::sync::Arc;
use uuid::Uuid;

/// notify.cx timestamps: `2025-04-10T12:00:00Z`.
fn iso_seconds(us: Micros) -> String {
    let t = to_datetime(us);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct KeyJson {
    id: String,
    name: String,
    created_at: String,
    updated_at: String,
    active: bool,
    prefix: String,
}

/// `GET /api/public/v1/api_keys`.
pub async fn list_keys(app: &App, principal: &Principal) -> Result<Response<Body>, ApiError> {
    let (master, service_id) = (app.master.clone(), principal.service_id());
    let listed = app
        .store
        .read(move |conn| Ok(keys::list(conn, &master, service_id)))
        .await?;
    let data = listed
        .map_err(key_error)?
        .into_iter()
        .map(|k| KeyJson {
            id: k.id.to_string(),
            name: k.name,
            created_at: iso_seconds(k.created_at),
            updated_at: iso_seconds(k.updated_at.unwrap_or(k.created_at)),
            active: k.revoked_at.is_none(),
            prefix: k.prefix,
        })
        .collect::<Vec<_>>();
    #[derive(Serialize)]
    struct Listed {
        success: bool,
        data: Vec<KeyJson>,
    }
    Ok(json(
        200,
        &Listed {
            success: true,
            data,
        },
    ))
}

/// `POST /api/public/v1/api_keys/regenerate` with `{"keyId": "<uuid>"}`.
pub async fn regenerate_key(
    app: &App,
    principal: &Principal,
    req: Request<Incoming>,
) -> Result<Response<Body>, ApiError> {
    let body = read_body(req, JSON_BODY_LIMIT).await?;
    let key_id = parse_key_id(&body)?;
    let (master, service_id, now) = (
        app.master.clone(),
        principal.service_id(),
        app.clock.now_us(),
    );
    let regenerated = app
        .store
        .write(move |conn| Ok(keys::regenerate(conn, &master, service_id, key_id, now)))
        .await?
        .map_err(key_error)?;
    #[derive(Serialize)]
    struct Data {
        id: String,
        api_key: String,
    }
    #[derive(Serialize)]
    struct Regenerated {
        success: bool,
        message: &'static str,
        data: Data,
    }
    Ok(json(
        200,
        &Regenerated {
            success: true,
            message: "API key regenerated successfully. Make sure to update your x-api-key header.",
            data: Data {
                id: regenerated.id.to_string(),
                api_key: regenerated.full_key.expose().to_owned(),
            },
        },
    ))
}

fn parse_key_id(body: &[u8]) -> Result<Uuid, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| ApiError::BadRequest("Invalid JSON in request body".into()))?;
    let key_id = value
        .get("keyId")
        .ok_or_else(|| ApiError::BadRequest("keyId is required".into()))?;
    key_id
        .as_str()
        .and_then(|s| Uuid::try_parse(s).ok())
        .ok_or_else(|| ApiError::BadRequest("keyId must be a valid UUID".into()))
}

fn key_error(e: KeyError) -> ApiError {
    match e {
        KeyError::KeyNotFound(_) => ApiError::other(404, "NotFound", "API key not found"),
        KeyError::Revoked => ApiError::BadRequest("This API key has been revoked".into()),
        other => ApiError::Internal(other.to_string()),
    }
}

/// The hidden template behind notify.cx emails: the subject and message are its placeholders.
pub const SEND_EMAIL_TEMPLATE: &str = "notify.cx email";

/// `POST /api/public/v1/send-email` with `{"to", "subject", "message", "name"?}`: sent as an
/// email of the key's type, stored and shown like any other.
pub async fn send_email(
    app: &App,
    principal: &Principal,
    req: Request<Incoming>,
) -> Result<Response<Body>, ApiError> {
    let root = url_root(&req);
    let mut quota = take_quota(app, principal, TemplateType::Email)?;
    let body = read_body(req, JSON_BODY_LIMIT).await?;
    let (to, personalisation) = parse_send_email(&body)?;
    let now = quota.now;
    let template = hidden_template(
        principal.service_id(),
        SEND_EMAIL_TEMPLATE,
        TemplateType::Email,
        "((subject))",
        "((message))",
        now,
    );
    let mut request = serde_json::Map::new();
    request.insert("email_address".into(), to.into());
    request.insert("personalisation".into(), personalisation.into());
    let send_request = SendRequest {
        kind: TemplateType::Email,
        body: &request,
        admin_url: root.trim_end_matches('/'),
        email_reply_to: app.email_reply_to(principal.service_id()),
    };
    send::check_permission(principal, TemplateType::Email)?;
    let accepted = send::prepare_with_template(
        principal,
        &send_request,
        Arc::new(template.clone()),
        &mut quota,
    )?;
    let id = accepted.notification.id;
    if accepted.persist {
        let item = ToStore {
            notification: accepted.notification,
            pdf: None,
            hidden_template: Some(template),
            reservation: quota.reservation,
        };
        persist(app, principal, item).await?;
    }
    #[derive(Serialize)]
    struct Data {
        id: String,
    }
    #[derive(Serialize)]
    struct Sent {
        success: bool,
        message: &'static str,
        data: Data,
    }
    Ok(json(
        200,
        &Sent {
            success: true,
            message: "Email sent successfully",
            data: Data { id: id.to_string() },
        },
    ))
}

/// The notify.cx email body: `to`, `subject` and `message` are required non-blank strings and
/// `to` a valid address; returns `to` and the hidden template's personalisation.
fn parse_send_email(
    body: &[u8],
) -> Result<(String, serde_json::Map<String, serde_json::Value>), ApiError> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| ApiError::BadRequest("Invalid JSON in request body".into()))?;
    let field = |name: &str| -> Result<String, ApiError> {
        match value.get(name) {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
            Some(serde_json::Value::String(_)) | None | Some(serde_json::Value::Null) => {
                Err(ApiError::BadRequest(format!("{name} is required")))
            }
            Some(_) => Err(ApiError::BadRequest(format!("{name} must be a string"))),
        }
    };
    let (to, subject, message) = (field("to")?, field("subject")?, field("message")?);
    if crate::recipients::validate_email(&to).is_err() {
        return Err(ApiError::BadRequest(
            "to must be a valid email address".into(),
        ));
    }
    let mut personalisation = serde_json::Map::new();
    personalisation.insert("subject".into(), subject.into());
    personalisation.insert("message".into(), message.into());
    if let Some(name) = value.get("name").and_then(serde_json::Value::as_str) {
        personalisation.insert("name".into(), name.into());
    }
    Ok((to, personalisation))
}
