//! The notify.cx dialect (`/api/public/v1`, `x-api-key`), spec §8 and seed 003: list the
//! caller's service's keys (prefix only, never the secret) and regenerate a key.
//! Its JSON is `{"success": ..., ...}` in the order notify.cx documents.

use super::errors::ApiError;
use super::json::{json, Body};
use super::request::{read_body, JSON_BODY_LIMIT};
use crate::app::App;
use crate::auth::Principal;
use crate::clock::{to_datetime, Micros};
use crate::keys::{self, KeyError};
use hyper::body::Incoming;
use hyper::{Request, Response};
use serde::Serialize;
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
