//! `POST /v2/notifications/sms`, `/email` and `/letter` (templated and precompiled share the
//! URL): body → JSON → schema → the sending rules → one durable row → the 201 response of
//! spec §4.5–4.6. The row is written before the response is sent, and its delivery scheduled.

use super::notification_json::TemplateRef;
use super::validate;
use crate::app::App;
use crate::auth::Principal;
use crate::http::errors::ApiError;
use crate::http::json::{json, Body};
use crate::http::request::{read_body, url_root, JSON_BODY_LIMIT, LETTER_BODY_LIMIT};
use crate::keys::make_string_safe;
use crate::limits::{Channel, Reservation};
use crate::notifications::precompiled;
use crate::notifications::send::{self, Accepted, Quota, SendRequest};
use crate::schema::{
    POST_EMAIL_REQUEST, POST_LETTER_REQUEST, POST_PRECOMPILED_LETTER_REQUEST, POST_SMS_REQUEST,
};
use crate::store::{self, notifications::Notification, templates::Template};
use crate::templates::TemplateType;
use hyper::body::Incoming;
use hyper::{Request, Response};
use serde::Serialize;
use serde_json::{Map, Value};

/// Notify's `get_valid_json`: any content type; unparsable or empty is an error; a falsy JSON
/// value (`null`, `[]`, `{}`, `""`, `0`, `false`) counts as `{}`.
pub fn parse_json(bytes: &[u8]) -> Result<Value, ApiError> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|_| ApiError::BadRequest("Invalid JSON supplied in POST data".into()))?;
    Ok(if crate::python::is_truthy(&value) {
        value
    } else {
        Value::Object(Map::new())
    })
}

#[derive(Serialize)]
struct SmsContent<'a> {
    body: &'a str,
    from_number: &'a str,
}

#[derive(Serialize)]
struct EmailContent<'a> {
    body: &'a str,
    from_email: String,
    one_click_unsubscribe_url: Option<&'a str>,
    subject: &'a str,
}

#[derive(Serialize)]
struct LetterContent<'a> {
    body: &'a str,
    subject: &'a str,
}

#[derive(Serialize)]
struct Created<'a, C: Serialize> {
    content: C,
    id: String,
    reference: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sanitised_content: Option<&'a Map<String, Value>>,
    scheduled_for: Option<()>,
    template: TemplateRef,
    uri: String,
}

/// What is written for one accepted send.
pub struct ToStore {
    pub notification: Notification,
    pub pdf: Option<Vec<u8>>,
    /// The hidden template it belongs to, created with the first one.
    pub hidden_template: Option<Template>,
    /// Its places in today's counts, written with it and kept once it is durable.
    pub reservation: Reservation,
}

/// Stores an accepted notification through the writer (one transaction: the row, its PDF,
/// its hidden template, today's counts), then schedules its delivery.
pub async fn persist(
    app: &App,
    principal: &Principal,
    item: ToStore,
) -> Result<Notification, ApiError> {
    let ToStore {
        mut notification,
        pdf,
        hidden_template,
        reservation,
    } = item;
    let places = reservation.places().to_vec();
    // The row goes to the writer and comes back with its pk, rather than being copied.
    let notification = app
        .store
        .write(move |conn| {
            if let Some(template) = &hidden_template {
                store::templates::insert_if_missing(conn, template)?;
            }
            notification.pk = store::notifications::insert(conn, &notification)?;
            if let Some(pdf) = &pdf {
                store::notifications::insert_letter_pdf(conn, notification.pk, pdf)?;
            }
            for (service, channel, day) in &places {
                store::daily_counts::increment(conn, *service, *channel, *day)?;
            }
            Ok(notification)
        })
        .await?;
    reservation.commit();
    app.delivery.announce(&notification);
    app.delivery.schedule(
        &notification,
        tokio::time::Instant::now(),
        &principal.service.outcome_rules,
    );
    Ok(notification)
}

/// The rate limit and today's place for a send to `kind` (spec §5: before the body is read).
pub fn take_quota<'a>(
    app: &'a App,
    principal: &Principal,
    kind: TemplateType,
) -> Result<Quota<'a>, ApiError> {
    let service = &principal.service.service;
    let now = app.clock.now_us();
    app.limits.check_rate(
        service.id,
        principal.key_type,
        service.limits.rate_limit,
        now,
    )?;
    let channel = match kind {
        TemplateType::Sms => Channel::Sms,
        TemplateType::Email => Channel::Email,
        TemplateType::Letter => Channel::Letter,
    };
    let reservation = app.limits.reserve(
        service.id,
        principal.key_type,
        channel,
        &service.limits,
        now,
    )?;
    Ok(Quota {
        limits: &app.limits,
        reservation,
        now,
    })
}

/// Bodies longer than this are parsed on the blocking pool. Only a letter's may be (up to
/// 10 MiB): parsing and decoding that much takes tens of milliseconds, which on an async worker
/// would hold up every other connection it serves.
const OFF_WORKER_BODY: usize = 64 * 1024;

/// Runs CPU-heavy work on the blocking pool.
async fn off_worker<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::Internal(format!("blocking task failed: {e}")))?
}

/// A validated body's fields, taken rather than copied (a precompiled letter's is megabytes).
fn into_object(body: Value) -> Map<String, Value> {
    match body {
        Value::Object(fields) => fields,
        _ => Map::new(),
    }
}

/// The schema for a POST to `kind`.
fn schema(kind: TemplateType) -> &'static crate::schema::Schema {
    match kind {
        TemplateType::Sms => &POST_SMS_REQUEST,
        TemplateType::Email => &POST_EMAIL_REQUEST,
        TemplateType::Letter => &POST_LETTER_REQUEST,
    }
}

pub async fn send(
    app: &App,
    principal: &Principal,
    req: Request<Incoming>,
    kind: TemplateType,
) -> Result<Response<Body>, ApiError> {
    let root = url_root(&req);
    let limit = if kind == TemplateType::Letter {
        LETTER_BODY_LIMIT
    } else {
        JSON_BODY_LIMIT
    };
    let mut quota = take_quota(app, principal, kind)?;
    let bytes = read_body(req, limit).await?;
    let body = match bytes.len() > OFF_WORKER_BODY {
        true => off_worker(move || parse_json(&bytes)).await?,
        false => parse_json(&bytes)?,
    };
    if kind == TemplateType::Letter && body.get("content").is_some() {
        return send_precompiled(app, principal, body, quota).await;
    }
    validate(schema(kind), &body, &app.clock)?;
    let body = into_object(body);
    let admin_url = root.trim_end_matches('/');
    let request = SendRequest {
        kind,
        body: &body,
        admin_url,
        email_reply_to: app.email_reply_to(principal.service_id()),
    };
    let Accepted {
        notification,
        persist: durable,
        sanitised_content,
        ..
    } = send::prepare(principal, &request, &mut quota)?;
    let notification = if durable {
        let item = ToStore {
            notification,
            pdf: None,
            hidden_template: None,
            reservation: quota.reservation,
        };
        persist(app, principal, item).await?
    } else {
        notification
    };
    Ok(created(
        app,
        principal,
        &sanitised_content,
        &notification,
        &root,
    ))
}

fn created(
    app: &App,
    principal: &Principal,
    sanitised_content: &Map<String, Value>,
    n: &Notification,
    root: &str,
) -> Response<Body> {
    let service = &principal.service.service;
    let template = TemplateRef {
        id: n.template_id.to_string(),
        uri: format!("{root}services/{}/templates/{}", service.id, n.template_id),
        version: n.template_version,
    };
    let id = n.id.to_string();
    let uri = format!("{root}v2/notifications/{id}");
    let reference = n.client_reference.as_deref();
    let subject = n.subject.as_deref().unwrap_or("");
    match n.notification_type {
        TemplateType::Sms => json(
            201,
            &Created {
                content: SmsContent {
                    body: &n.body,
                    from_number: &service.sms_sender,
                },
                id,
                reference,
                sanitised_content: None,
                scheduled_for: None,
                template,
                uri,
            },
        ),
        TemplateType::Email => json(
            201,
            &Created {
                content: EmailContent {
                    body: &n.body,
                    from_email: format!(
                        "{}@{}",
                        make_string_safe(&service.name, '.'),
                        app.settings.email_domain
                    ),
                    one_click_unsubscribe_url: n.one_click_unsubscribe_url.as_deref(),
                    subject,
                },
                id,
                reference,
                sanitised_content: Some(sanitised_content),
                scheduled_for: None,
                template,
                uri,
            },
        ),
        TemplateType::Letter => json(
            201,
            &Created {
                content: LetterContent {
                    body: &n.body,
                    subject,
                },
                id,
                reference,
                sanitised_content: None,
                scheduled_for: None,
                template,
                uri,
            },
        ),
    }
}

/// A precompiled letter: the PDF itself, `pending-virus-check` at first (spec §4.6). Checked
/// and decoded on the blocking pool (see `OFF_WORKER_BODY`).
async fn send_precompiled(
    app: &App,
    principal: &Principal,
    body: Value,
    quota: Quota<'_>,
) -> Result<Response<Body>, ApiError> {
    let (caller, clock, now) = (principal.clone(), app.clock.clone(), quota.now);
    let letter = off_worker(move || {
        validate(&POST_PRECOMPILED_LETTER_REQUEST, &body, &clock)?;
        let body = into_object(body);
        send::check_permission(&caller, TemplateType::Letter)?;
        Ok(precompiled::prepare(&caller, &body, now)?)
    })
    .await?;
    let item = ToStore {
        notification: letter.notification,
        pdf: Some(letter.pdf),
        hidden_template: Some(letter.template),
        reservation: quota.reservation,
    };
    let n = persist(app, principal, item).await?;
    #[derive(Serialize)]
    struct PrecompiledCreated<'a> {
        id: String,
        postage: Option<&'a str>,
        reference: Option<&'a str>,
    }
    Ok(json(
        201,
        &PrecompiledCreated {
            id: n.id.to_string(),
            postage: n.postage.as_deref(),
            reference: n.client_reference.as_deref(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::parse_json;
    use crate::schema::{python_repr, POST_SMS_REQUEST};

    /// Found by the `json_bodies` fuzz target: numbers were not always parsed to the nearest
    /// float, so a message showed a repr Python would not (and a re-sent body got another).
    #[test]
    fn numbers_parse_to_the_nearest_float_as_python_does() {
        let body = format!(r#"{{"reference": {}.0}}"#, "8".repeat(71));
        let value = parse_json(body.as_bytes()).unwrap();
        assert_eq!(python_repr(&value["reference"]), "8.888888888888888e+70");
        let clock = crate::clock::Clock::system();
        let error = super::super::validate(&POST_SMS_REQUEST, &value, &clock).unwrap_err();
        let crate::http::errors::ApiError::Validation(messages) = error else {
            panic!("{error:?}")
        };
        assert!(messages.contains(&"reference 8.888888888888888e+70 is not of type string".into()));
    }
}
