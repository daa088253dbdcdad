//! `/services/{id}/api/callbacks/delivery-status-callback` and
//! `/received-text-messages-callback`: a URL and a bearer token for each. Notify's messages:
//! `Cannot be empty`, `Must be a valid https URL` (notifyd also takes `http://` to this machine
//! and to the hosts `[callbacks] http_hosts` names),
//! `The bearer token must be at least 10 characters long`. A saved token is never shown again:
//! the form shows the dummy `bearer_token_set`, and sending the dummy back keeps the token.
//! Clearing the URL removes the callback. Rules and storage are `crate::callbacks`'.

use super::context::{member, member_posting, Member};
use super::layout::{self, FieldError, Input};
use super::respond::{html, redirect};
use super::session;
use super::AdminError;
use crate::app::App;
use crate::callbacks::{self, CallbackError, CallbackType, NewCallback, DUMMY_BEARER_TOKEN};
use crate::http::json::Body;
use crate::secrets::Secret;
use crate::store::{self};
use hyper::body::Incoming;
use hyper::{Request, Response};
use maud::html;

fn title(kind: CallbackType) -> &'static str {
    match kind {
        CallbackType::DeliveryStatus => "Callbacks for delivery receipts",
        CallbackType::InboundSms => "Callbacks for received text messages",
    }
}

fn path(kind: CallbackType) -> &'static str {
    match kind {
        CallbackType::DeliveryStatus => "/api/callbacks/delivery-status-callback",
        CallbackType::InboundSms => "/api/callbacks/received-text-messages-callback",
    }
}

/// `GET /services/{id}/api/callbacks`: the delivery receipts callback (one of each type here).
pub fn index(service: &str) -> Response<Body> {
    redirect(&format!(
        "/services/{service}{}",
        path(CallbackType::DeliveryStatus)
    ))
}

fn form_page(
    member: &Member,
    kind: CallbackType,
    url: &str,
    token: &str,
    errors: &[FieldError],
) -> maud::Markup {
    let what = match kind {
        CallbackType::DeliveryStatus => "notifyd will POST a delivery receipt to this URL each time a message’s status changes to delivered or failed.",
        CallbackType::InboundSms => "notifyd will POST each text message your service receives to this URL.",
    };
    let content = html! {
        h1 class="heading-l" { (title(kind)) }
        p class="body" { (what) " Leave the URL empty to stop." }
        form method="post" action=(member.url(path(kind))) novalidate {
            (layout::csrf(&member.me.csrf_token))
            (Input { id: "url", label: "URL",
                hint: Some("Must start with https:// (http:// is accepted for this machine: localhost, 127.0.0.1, [::1])"),
                value: url, kind: "url", autocomplete: "off", error: layout::error_for(errors, "url") }.render())
            (Input { id: "bearer_token", label: "Bearer token",
                hint: Some("At least 10 characters. notifyd sends it as ‘Authorization: Bearer …’ so you can check requests come from notifyd."),
                value: token, kind: "text", autocomplete: "off", error: layout::error_for(errors, "bearer_token") }.render())
            button type="submit" class="button" id="save-button" { "Save" }
        }
        p class="body" { a href=(member.url("/api")) { "Back to API integration" } }
    };
    layout::page(title(kind), &member.chrome(), errors, content)
}

/// `GET` a callback's form.
pub async fn form<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
    kind: CallbackType,
) -> Result<Response<Body>, AdminError> {
    let member = member(app, req, service, "manage_api_keys").await?;
    let service_id = member.service.id;
    let existing = app
        .store
        .read(move |conn| store::callbacks::get(conn, service_id, kind))
        .await?;
    let (url, token) = match &existing {
        Some(c) => (c.url.as_str(), DUMMY_BEARER_TOKEN),
        None => ("", ""),
    };
    Ok(html(200, form_page(&member, kind, url, token, &[])))
}

fn field_error(e: &CallbackError) -> Option<FieldError> {
    match e {
        CallbackError::EmptyUrl | CallbackError::NotHttps => {
            Some(FieldError::new("url", e.to_string()))
        }
        CallbackError::TokenTooShort => Some(FieldError::new("bearer_token", e.to_string())),
        _ => None,
    }
}

/// `POST` a callback's form: save, keep the token, or remove.
pub async fn submit(
    app: &App,
    req: Request<Incoming>,
    service: &str,
    kind: CallbackType,
) -> Result<Response<Body>, AdminError> {
    let (member, form) = member_posting(app, req, service, "manage_api_keys").await?;
    let service_id = member.service.id;
    let url = form.text("url").trim().to_owned();
    let entered = form.text("bearer_token").trim().to_owned();
    let existing = app
        .store
        .read(move |conn| store::callbacks::get(conn, service_id, kind))
        .await?;
    if url.is_empty() && (existing.is_some() || entered.is_empty()) {
        if existing.is_some() {
            app.store
                .write(move |conn| Ok(callbacks::remove(conn, service_id, kind)))
                .await??;
            session::flash(app, &member.me, format!("{} removed", title(kind))).await?;
        }
        return Ok(redirect(&member.url("/api")));
    }
    let token = match &existing {
        Some(config) if entered == DUMMY_BEARER_TOKEN => {
            callbacks::bearer_token(&app.master, config)
                .ok_or_else(|| AdminError::Internal("a saved bearer token does not open".into()))?
        }
        _ => Secret::new(entered.clone()),
    };
    let mut errors: Vec<FieldError> = callbacks::check_url(&url, &app.settings.callbacks.rules)
        .err()
        .iter()
        .filter_map(field_error)
        .collect();
    if entered.is_empty() {
        errors.push(FieldError::new("bearer_token", "Cannot be empty"));
    } else if token.expose().chars().count() < 10 {
        errors.extend(field_error(&CallbackError::TokenTooShort));
    }
    if !errors.is_empty() {
        return Ok(html(200, form_page(&member, kind, &url, &entered, &errors)));
    }
    let (master, now) = (app.master.clone(), app.clock.now_us());
    let rules = app.settings.callbacks.rules.clone();
    let new_url = url.clone();
    let saved = app
        .store
        .write(move |conn| {
            let new = NewCallback {
                service_id,
                kind,
                url: &new_url,
                bearer_token: &token,
            };
            Ok(callbacks::set(conn, &master, new, &rules, now))
        })
        .await?;
    if let Err(e) = saved {
        let errors: Vec<FieldError> = field_error(&e).into_iter().collect();
        if errors.is_empty() {
            return Err(e.into());
        }
        return Ok(html(200, form_page(&member, kind, &url, &entered, &errors)));
    }
    session::flash(app, &member.me, format!("{} saved", title(kind))).await?;
    Ok(redirect(&member.url("/api")))
}
