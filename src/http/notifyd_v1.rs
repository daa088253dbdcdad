//! notifyd's own API for test suites and local development (`/notifyd/v1`): read back every
//! notification of the caller's service (all key types, with personalisation, rendered
//! content, status history and callback attempts), wait for one without polling, clear them,
//! set per-recipient outcomes, and move the test clock. Scoped to the caller's service, so
//! parallel suites each with their own service never see each other's messages.

use super::errors::ApiError;
use super::json::{json, Body};
use super::request::{query_pairs, read_body, JSON_BODY_LIMIT};
use crate::app::App;
use crate::auth::Principal;
use crate::clock::{format_notify, parse_datetime, parse_duration};
use crate::keys::KeyType;
use crate::notifications::outcomes::OutcomeRule;
use crate::notifications::status;
use crate::recipients::allowed_key;
use crate::store::finding::Filter;
use crate::store::notifications::Notification;
use crate::store::{self, callbacks::Attempt};
use hyper::body::Incoming;
use hyper::{Request, Response};
use serde::Serialize;
use serde_json::{Map, Value};
use std::time::Duration;

const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1000;
const DEFAULT_WAIT: Duration = Duration::from_secs(5);
const MAX_WAIT: Duration = Duration::from_secs(120);

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::BadRequest(message.into())
}

/// Reads the filters shared by the list and the wait.
fn search(principal: &Principal, pairs: &[(String, String)]) -> Result<Filter, ApiError> {
    let mut q = Filter {
        service_id: principal.service_id(),
        limit: DEFAULT_LIMIT,
        ..Filter::default()
    };
    let mut statuses = Vec::new();
    for (name, value) in pairs {
        match name.as_str() {
            "to" => q.to = Some(allowed_key(value)),
            "template_id" => {
                q.template_id = Some(crate::auth::python_uuid(value).ok_or_else(|| bad("template_id is not a valid UUID"))?)
            }
            "reference" => q.reference = Some(value.clone()),
            "key_type" => q.key_type = Some(KeyType::parse(value).ok_or_else(|| bad("key_type must be live, team or test"))?),
            "status" => {
                status::expand_filter(value).ok_or_else(|| bad(format!("status {value} is not a notification status")))?;
                statuses.push(value.as_str());
            }
            "since" => q.since = Some(parse_datetime(value).ok_or_else(|| bad("since must be a date and time like 2026-01-01T00:00:00Z"))?),
            "limit" => {
                q.limit = value
                    .parse::<i64>()
                    .ok()
                    .filter(|l| (1..=MAX_LIMIT).contains(l))
                    .ok_or_else(|| bad(format!("limit must be a number from 1 to {MAX_LIMIT}")))?
            }
            "timeout" => {}
            other => return Err(bad(format!("{other} is not a filter: use to, template_id, reference, key_type, status, since, limit"))),
        }
    }
    if !statuses.is_empty() {
        q.statuses = status::filter_set(statuses);
    }
    Ok(q)
}

#[derive(Serialize)]
struct StatusAt {
    status: &'static str,
    at: String,
}

#[derive(Serialize)]
struct AttemptJson {
    attempted_at: String,
    duration_ms: i64,
    error: Option<String>,
    http_status: Option<u16>,
    url: String,
}

#[derive(Serialize)]
struct TemplateRef {
    id: String,
    version: i64,
}

/// A notification as notifyd's API shows it (keys sorted).
#[derive(Serialize)]
struct Full {
    body: String,
    callback_attempts: Vec<AttemptJson>,
    completed_at: Option<String>,
    created_at: String,
    id: String,
    key_type: &'static str,
    normalised_to: String,
    personalisation: Value,
    reference: Option<String>,
    sent_at: Option<String>,
    status: &'static str,
    status_history: Vec<StatusAt>,
    subject: Option<String>,
    template: TemplateRef,
    to: String,
    #[serde(rename = "type")]
    notification_type: &'static str,
}

/// The statuses a notification went through, as its timestamps record them.
fn history(n: &Notification) -> Vec<StatusAt> {
    // Precompiled letters start with their virus check; everything else starts `created`.
    let precompiled = n.recipient == crate::notifications::precompiled::PROVIDED_AS_PDF;
    let mut steps = vec![StatusAt {
        status: if precompiled {
            "pending-virus-check"
        } else {
            "created"
        },
        at: format_notify(n.created_at),
    }];
    if let Some(sent) = n.sent_at {
        steps.push(StatusAt {
            status: "sending",
            at: format_notify(sent),
        });
    }
    if n.status.is_completed() {
        if let Some(done) = n.updated_at {
            steps.push(StatusAt {
                status: n.status.as_str(),
                at: format_notify(done),
            });
        }
    }
    steps
}

fn full(n: Notification, attempts: Vec<Attempt>) -> Full {
    Full {
        callback_attempts: attempts
            .into_iter()
            .map(|a| AttemptJson {
                attempted_at: format_notify(a.attempted_at),
                duration_ms: a.duration_ms,
                error: a.error,
                http_status: a.http_status,
                url: a.url,
            })
            .collect(),
        completed_at: n
            .status
            .is_completed()
            .then(|| n.updated_at.map(format_notify))
            .flatten(),
        created_at: format_notify(n.created_at),
        id: n.id.to_string(),
        key_type: n.key_type.as_cli(),
        personalisation: serde_json::from_str(&n.personalisation)
            .unwrap_or(Value::Object(Map::new())),
        reference: n.client_reference.clone(),
        sent_at: n.sent_at.map(format_notify),
        status: n.status.as_str(),
        status_history: history(&n),
        subject: n.subject.clone(),
        template: TemplateRef {
            id: n.template_id.to_string(),
            version: n.template_version,
        },
        notification_type: n.notification_type.as_str(),
        body: n.body,
        normalised_to: n.normalised_to,
        to: n.recipient,
    }
}

async fn find(app: &App, q: Filter) -> Result<Vec<Full>, ApiError> {
    let found = app
        .store
        .read(move |c| {
            let rows = store::finding::find(c, &q)?;
            let mut out = Vec::with_capacity(rows.len());
            for n in rows {
                let attempts =
                    store::callbacks::attempts(c, n.service_id, Some(&n.id.to_string()), 100)?;
                out.push((n, attempts));
            }
            Ok(out)
        })
        .await?;
    Ok(found.into_iter().map(|(n, a)| full(n, a)).collect())
}

/// `GET /notifyd/v1/notifications`.
pub async fn list(
    app: &App,
    principal: &Principal,
    req: &Request<Incoming>,
) -> Result<Response<Body>, ApiError> {
    let q = search(principal, &query_pairs(req.uri().query()))?;
    #[derive(Serialize)]
    struct Listed {
        notifications: Vec<Full>,
    }
    Ok(json(
        200,
        &Listed {
            notifications: find(app, q).await?,
        },
    ))
}

/// `GET /notifyd/v1/notifications/wait`: the newest match as soon as one exists (including one
/// sent after the call began), or 408 at the timeout. Waits on notifyd's own change events, not
/// by polling the database.
pub async fn wait(
    app: &App,
    principal: &Principal,
    req: &Request<Incoming>,
) -> Result<Response<Body>, ApiError> {
    let pairs = query_pairs(req.uri().query());
    let timeout = match pairs.iter().find(|(n, _)| n == "timeout") {
        Some((_, t)) => parse_duration(t)
            .filter(|d| *d <= MAX_WAIT)
            .ok_or_else(|| bad("timeout must be a duration up to 120s, like 5s"))?,
        None => DEFAULT_WAIT,
    };
    let mut q = search(principal, &pairs)?;
    q.limit = 1;
    let deadline = tokio::time::Instant::now() + timeout;
    let mut changes = app.delivery.subscribe();
    loop {
        if let Some(found) = find(app, q.clone()).await?.into_iter().next() {
            #[derive(Serialize)]
            struct Found {
                notification: Full,
            }
            return Ok(json(
                200,
                &Found {
                    notification: found,
                },
            ));
        }
        loop {
            match tokio::time::timeout_at(deadline, changes.recv()).await {
                Err(_) => {
                    return Err(ApiError::other(
                        408,
                        "TimeoutError",
                        format!("No matching notification within {}", humantime(timeout)),
                    ))
                }
                Ok(Ok(change)) if change.service_id != q.service_id => continue,
                Ok(_) => break,
            }
        }
    }
}

fn humantime(d: Duration) -> String {
    format!("{}s", d.as_secs_f64())
}

/// `DELETE /notifyd/v1/notifications`: the service's notifications and received texts go;
/// keys, templates and settings stay.
pub async fn clear(app: &App, principal: &Principal) -> Result<Response<Body>, ApiError> {
    let service = principal.service_id();
    let (notifications, received_texts) = app
        .store
        .write(move |c| store::notifications::clear(c, service))
        .await?;
    Ok(json(
        200,
        &serde_json::json!({"deleted": {"notifications": notifications, "received_text_messages": received_texts}}),
    ))
}

/// `GET /notifyd/v1/outcomes`.
pub fn outcomes(principal: &Principal) -> Result<Response<Body>, ApiError> {
    let rules: Vec<_> = principal
        .service
        .outcome_rules
        .iter()
        .map(OutcomeRule::to_json)
        .collect();
    Ok(json(200, &serde_json::json!({ "outcomes": rules })))
}

/// `POST /notifyd/v1/outcomes` with one rule or `{"outcomes": [rules]}`.
pub async fn add_outcomes(
    app: &App,
    principal: &Principal,
    req: Request<Incoming>,
) -> Result<Response<Body>, ApiError> {
    let body: Value = serde_json::from_slice(&read_body(req, JSON_BODY_LIMIT).await?)
        .map_err(|_| bad("Invalid JSON supplied in POST data"))?;
    let given = match body.get("outcomes") {
        Some(Value::Array(rules)) => rules.clone(),
        Some(_) => return Err(bad("outcomes must be a list of rules")),
        None => vec![body],
    };
    let rules = given
        .iter()
        .map(OutcomeRule::from_json)
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::BadRequest)?;
    let (service, now) = (principal.service_id(), app.clock.now_us());
    let added = rules.clone();
    app.store
        .write(move |c| {
            for rule in &added {
                store::outcomes::insert(c, service, rule, now)?;
            }
            Ok(())
        })
        .await?;
    let shown: Vec<_> = rules.iter().map(OutcomeRule::to_json).collect();
    Ok(json(201, &serde_json::json!({ "outcomes": shown })))
}

/// `DELETE /notifyd/v1/outcomes`.
pub async fn clear_outcomes(app: &App, principal: &Principal) -> Result<Response<Body>, ApiError> {
    let service = principal.service_id();
    let removed = app
        .store
        .write(move |c| store::outcomes::clear(c, service))
        .await?;
    Ok(json(200, &serde_json::json!({ "deleted": removed })))
}

/// `GET|POST /notifyd/v1/clock` (only with `serve --test-clock`): `{"advance": "31s"}` or
/// `{"set": "2026-01-01T00:00:00Z"}`; answers the new `now`.
pub async fn clock(app: &App, req: Request<Incoming>) -> Result<Response<Body>, ApiError> {
    if req.method() == hyper::Method::POST {
        let body: Value = serde_json::from_slice(&read_body(req, JSON_BODY_LIMIT).await?)
            .map_err(|_| bad("Invalid JSON supplied in POST data"))?;
        match (
            body.get("advance").and_then(Value::as_str),
            body.get("set").and_then(Value::as_str),
        ) {
            (Some(by), None) => {
                let by =
                    parse_duration(by).ok_or_else(|| bad("advance must be a duration like 31s"))?;
                app.clock.advance_us(by.as_micros() as i64);
            }
            (None, Some(at)) => app.clock.set_us(
                parse_datetime(at)
                    .ok_or_else(|| bad("set must be a date and time like 2026-01-01T00:00:00Z"))?,
            ),
            _ => {
                return Err(bad(
                    "give exactly one of advance (a duration) and set (a date and time)",
                ))
            }
        }
        app.callbacks.wake();
    }
    Ok(json(
        200,
        &serde_json::json!({ "now": format_notify(app.clock.now_us()) }),
    ))
}
