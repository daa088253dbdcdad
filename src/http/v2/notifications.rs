//! Reading notifications: `GET /v2/notifications/{id}`, `GET /v2/notifications` (filters and
//! pages, spec §4.7) and `GET /v2/notifications/{id}/pdf` (§4.8).

use super::notification_json::{to_v2, NotificationV2};
use super::{validate, validate_query, Links};
use crate::app::App;
use crate::auth::Principal;
use crate::http::errors::ApiError;
use crate::http::json::{json, with_body, Body};
use crate::http::request::{query_pairs, url_root};
use crate::letters::pdf;
use crate::notifications::{status, Status};
use crate::schema::{GET_NOTIFICATIONS_REQUEST, GET_NOTIFICATION_BY_ID_REQUEST};
use crate::store::finding::Filter;
use crate::store::notifications::Notification;
use crate::store::{self};
use crate::templates::TemplateType;
use hyper::{Request, Response};
use serde::Serialize;
use serde_json::{json as json_value, Value};
use uuid::Uuid;

/// Notify's `API_PAGE_SIZE`.
pub const PAGE_SIZE: i64 = 250;

/// Validates a notification id from the path (`notification_id is not a valid UUID`).
fn notification_id(app: &App, id: &str) -> Result<Uuid, ApiError> {
    validate(
        &GET_NOTIFICATION_BY_ID_REQUEST,
        &json_value!({ "notification_id": id }),
        &app.clock,
    )?;
    crate::auth::python_uuid(id)
        .ok_or_else(|| ApiError::Validation(vec!["notification_id is not a valid UUID".into()]))
}

/// A point lookup through the unique id index (a few pages), so it runs right here rather than
/// taking a turn on the blocking pool, whose hand-over cost more than the lookup itself.
fn find(app: &App, principal: &Principal, id: Uuid) -> Result<Notification, ApiError> {
    let service_id = principal.service_id();
    app.store
        .read_now(|conn| store::notifications::get(conn, service_id, id))?
        .ok_or(ApiError::NoResult)
}

/// `GET /v2/notifications/{id}`: any of the service's notifications, whatever the key type.
pub async fn get<B>(
    app: &App,
    principal: &Principal,
    req: &Request<B>,
    id: &str,
) -> Result<Response<Body>, ApiError> {
    let id = notification_id(app, id)?;
    let notification = find(app, principal, id)?;
    Ok(json(200, &to_v2(&notification, &url_root(req))))
}

/// Characters werkzeug leaves unescaped when it builds a query string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$'()*,/:;?@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `url_for(".get_notifications", **data)`: the validated parameters, in the order the request
/// first named them (`order`), each list value repeated.
fn list_url(url_root: &str, order: &[String], data: &serde_json::Map<String, Value>) -> String {
    let mut pairs = Vec::new();
    for name in order {
        let Some(value) = data.get(name) else {
            continue;
        };
        let values: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            single => vec![single],
        };
        for v in values {
            let text = v
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| v.to_string());
            pairs.push(format!("{}={}", quote(name), quote(&text)));
        }
    }
    let base = format!("{url_root}v2/notifications");
    if pairs.is_empty() {
        base
    } else {
        format!("{base}?{}", pairs.join("&"))
    }
}

fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        Value::String(s) => vec![s.as_str()],
        _ => Vec::new(),
    }
}

/// `GET /v2/notifications`: the caller's key type's notifications, newest first, 250 a page.
pub async fn list<B>(
    app: &App,
    principal: &Principal,
    req: &Request<B>,
) -> Result<Response<Body>, ApiError> {
    let pairs = query_pairs(req.uri().query());
    let query = validate_query(&GET_NOTIFICATIONS_REQUEST, &pairs, &app.clock)?;
    let data = query.as_object().cloned().unwrap_or_default();
    let mut order: Vec<String> = Vec::new();
    for (name, _) in &pairs {
        if !order.contains(name) {
            order.push(name.clone());
        }
    }
    let list_query = Filter {
        service_id: principal.service_id(),
        key_type: Some(principal.key_type),
        types: strings(&query["template_type"])
            .into_iter()
            .filter_map(TemplateType::parse)
            .collect(),
        statuses: status::filter_set(strings(&query["status"])),
        reference: query["reference"].as_str().map(str::to_owned),
        older_than: query["older_than"]
            .as_str()
            .and_then(crate::auth::python_uuid),
        limit: PAGE_SIZE,
        ..Filter::default()
    };
    let notifications = app
        .store
        .read(move |conn| store::finding::find(conn, &list_query))
        .await?;
    let root = url_root(req);
    #[derive(Serialize)]
    struct Page {
        links: Links,
        notifications: Vec<NotificationV2>,
    }
    let next = notifications.last().map(|last| {
        let mut next = data.clone();
        next.insert("older_than".into(), Value::String(last.id.to_string()));
        let mut next_order = order.clone();
        if !next_order.iter().any(|n| n == "older_than") {
            next_order.push("older_than".into());
        }
        list_url(&root, &next_order, &next)
    });
    let page = Page {
        links: Links {
            current: list_url(&root, &order, &data),
            next,
        },
        notifications: notifications.iter().map(|n| to_v2(n, &root)).collect(),
    };
    Ok(json(200, &page))
}

/// `GET /v2/notifications/{id}/pdf`: the precompiled PDF, or a PDF of the rendered letter.
pub async fn pdf(app: &App, principal: &Principal, id: &str) -> Result<Response<Body>, ApiError> {
    let id = notification_id(app, id)?;
    let notification = find(app, principal, id)?;
    if notification.notification_type != TemplateType::Letter {
        return Err(ApiError::BadRequest("Notification is not a letter".into()));
    }
    match notification.status {
        Status::VirusScanFailed => {
            return Err(ApiError::BadRequest(
                "File did not pass the virus scan".into(),
            ))
        }
        Status::TechnicalFailure => {
            return Err(ApiError::BadRequest(
                "PDF not available for letters in status technical-failure".into(),
            ))
        }
        Status::PendingVirusCheck => return Err(not_ready()),
        _ => {}
    }
    let pk = notification.pk;
    let stored = app
        .store
        .read(move |conn| store::notifications::letter_pdf(conn, pk))
        .await?;
    let bytes = match stored {
        Some(bytes) => bytes,
        None => render_letter(&notification),
    };
    Ok(with_body(200, "application/pdf", bytes))
}

fn not_ready() -> ApiError {
    ApiError::other(
        400,
        "PDFNotReadyError",
        "PDF not available yet, try again later",
    )
}

/// Lays out a templated letter as it was sent: address, date, subject and body.
pub(crate) fn render_letter(n: &Notification) -> Vec<u8> {
    let address_lines: Vec<String> = n.recipient.lines().map(str::to_owned).collect();
    let blocks = crate::letters::pdf_blocks(&crate::templates::letter_blocks(&n.body));
    let date = crate::clock::to_datetime(n.created_at);
    let date = format!("{} {} {}", date.day(), date.month(), date.year());
    pdf::render(&pdf::Letter {
        address_lines: &address_lines,
        contact_block: None,
        date: &date,
        subject: n.subject.as_deref().unwrap_or(""),
        blocks: &blocks,
    })
}
