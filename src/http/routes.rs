//! Every URL notifyd serves, in one place.
//!
//! `resolve` maps a path to a `Route` and the methods it allows; `handle` answers OPTIONS, 404
//! and 405 the way Flask does (before any authentication), then `call` authenticates and runs
//! the handler. Authentication is visible here: each API handler that needs it takes a
//! `Principal`; the admin pages (`Route::Admin`, HTML) check the signed-in session themselves.

use super::errors::ApiError;
use super::json::{add_common_headers, json, with_body, Body};
use super::request::{header_text, path_segments};
use super::{public_v1, v2};
use crate::admin::{self, Page};
use crate::app::App;
use crate::callbacks::CallbackType;
use crate::templates::TemplateType;
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ALLOW};
use hyper::{Method, Request, Response};
use serde::Serialize;

/// How a route's errors are written.
#[derive(Clone, Copy)]
enum Dialect {
    /// Notify's `/v2` shape.
    V2,
    /// notify.cx: `{"success": false, "message"}`.
    PublicV1,
    /// Flask's app-level `{"message", "result"}`.
    Flask,
    /// The admin pages: HTML error pages, the admin's security headers, no CORS.
    Html,
}

enum Route {
    /// `/`: `{"status": "ok"}`, or the admin pages for a browser (`Accept: text/html`).
    Root,
    Status,
    V2Templates,
    V2Template(String),
    V2TemplateVersion(String, i64),
    V2TemplatePreview(String),
    V2Notifications,
    /// GET reads a notification; POST sends one of the type named by the segment.
    V2Notification(String),
    V2NotificationPdf(String),
    V2ReceivedTexts,
    PublicApiKeys,
    PublicRegenerateKey,
    PublicSendEmail,
    /// Notify's internal (admin) API, e.g. the python client's `get_all_template_versions`:
    /// no service key may use it.
    Internal,
    /// A page of the admin web interface.
    Admin(Page),
}

const GET: &[Method] = &[Method::GET];
const POST: &[Method] = &[Method::POST];
const GET_POST: &[Method] = &[Method::GET, Method::POST];
const ALL: &[Method] = &[Method::GET, Method::POST, Method::PUT, Method::DELETE];

/// The route for a path, the methods it answers, and its error dialect.
fn resolve(segments: &[&str]) -> Option<(Route, &'static [Method], Dialect)> {
    use Dialect::*;
    Some(match segments {
        [""] => (Route::Root, GET, Flask),
        ["_status"] => (Route::Status, GET, Flask),
        ["v2", "templates"] => (Route::V2Templates, GET, V2),
        ["v2", "template", id] => (Route::V2Template(id.to_string()), GET, V2),
        ["v2", "template", id, "version", version] => {
            let version = flask_int(version)?;
            (Route::V2TemplateVersion(id.to_string(), version), GET, V2)
        }
        ["v2", "template", id, "preview"] => (Route::V2TemplatePreview(id.to_string()), POST, V2),
        ["v2", "notifications"] => (Route::V2Notifications, GET, V2),
        ["v2", "notifications", id] => (Route::V2Notification(id.to_string()), GET_POST, V2),
        ["v2", "notifications", id, "pdf"] => (Route::V2NotificationPdf(id.to_string()), GET, V2),
        ["v2", "received-text-messages"] => (Route::V2ReceivedTexts, GET, V2),
        ["api", "public", "v1", "api_keys"] => (Route::PublicApiKeys, GET, PublicV1),
        ["api", "public", "v1", "api_keys", "regenerate"] => {
            (Route::PublicRegenerateKey, POST, PublicV1)
        }
        ["api", "public", "v1", "send-email"] => (Route::PublicSendEmail, POST, PublicV1),
        ["service", _, ..] => (Route::Internal, ALL, Flask),
        _ => {
            let (page, methods) = resolve_admin(segments)?;
            (Route::Admin(page), methods, Html)
        }
    })
}

/// The admin web interface's URLs (Notify's admin paths for the pages it has).
fn resolve_admin(segments: &[&str]) -> Option<(Page, &'static [Method])> {
    let s = |text: &&str| text.to_string();
    Some(match segments {
        ["sign-in"] => (Page::SignIn, GET_POST),
        ["sign-in", token] => (Page::SignInLink(s(token)), GET),
        ["sign-out"] => (Page::SignOut, POST),
        ["services"] => (Page::Services, GET),
        ["static", name] => (Page::Asset(s(name)), GET),
        ["services", id, "api"] => (Page::Api(s(id)), GET),
        ["services", id, "api", "keys"] => (Page::Keys(s(id)), GET),
        ["services", id, "api", "keys", "create"] => (Page::CreateKey(s(id)), GET_POST),
        ["services", id, "api", "keys", "show"] => (Page::NewKey(s(id)), GET),
        ["services", id, "api", "keys", "revoke", key] => {
            (Page::RevokeKey(s(id), s(key)), GET_POST)
        }
        ["services", id, "api", "keys", "regenerate", key] => {
            (Page::RegenerateKey(s(id), s(key)), GET_POST)
        }
        ["services", id, "api", "guest-list"] => (Page::GuestList(s(id)), GET_POST),
        ["services", id, "api", "whitelist"] => (Page::OldGuestList(s(id)), GET_POST),
        ["services", id, "api", "callbacks"] => (Page::Callbacks(s(id)), GET),
        ["services", id, "api", "callbacks", "delivery-status-callback"] => (
            Page::Callback(s(id), CallbackType::DeliveryStatus),
            GET_POST,
        ),
        ["services", id, "api", "callbacks", "received-text-messages-callback"] => {
            (Page::Callback(s(id), CallbackType::InboundSms), GET_POST)
        }
        ["services", id, "notifications"] => (Page::Inbox(s(id)), GET),
        ["services", id, "notifications", n] => (Page::Notification(s(id), s(n)), GET),
        ["services", id, "notifications", n, "pdf"] => (Page::NotificationPdf(s(id), s(n)), GET),
        _ => return None,
    })
}

/// Werkzeug's `int` converter: ASCII digits only; anything else is not a match (404).
fn flask_int(segment: &str) -> Option<i64> {
    if segment.is_empty() || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Beyond i64 no version can exist: the handler answers 404 No result found.
    Some(segment.parse().unwrap_or(i64::MAX))
}

/// Answers one request.
pub async fn handle(app: &App, req: Request<Incoming>) -> Response<Body> {
    let segments = path_segments(req.uri().path());
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let Some((route, methods, mut dialect)) = resolve(&segments) else {
        let mut response = ApiError::RouteNotFound.to_flask_response();
        add_common_headers(&mut response);
        return response;
    };
    if matches!(route, Route::Root) && admin::accepts_html(&req) {
        dialect = Dialect::Html;
    }
    let method = req.method().clone();
    let allowed =
        methods.contains(&method) || (method == Method::HEAD && methods.contains(&Method::GET));
    let mut response = if method == Method::OPTIONS {
        options(methods)
    } else if !allowed {
        match dialect {
            Dialect::Html => admin::AdminError::MethodNotAllowed.to_response(),
            _ => ApiError::MethodNotAllowed.to_flask_response(),
        }
    } else {
        match call(app, route, req).await {
            Ok(response) => response,
            Err(e) => match dialect {
                Dialect::V2 => e.to_v2_response(),
                Dialect::PublicV1 => e.to_public_v1_response(),
                Dialect::Flask | Dialect::Html => e.to_flask_response(),
            },
        }
    };
    match dialect {
        Dialect::Html => admin::secure_headers(&mut response),
        _ => add_common_headers(&mut response),
    }
    response
}

async fn call(app: &App, route: Route, req: Request<Incoming>) -> Result<Response<Body>, ApiError> {
    match route {
        Route::Root if admin::accepts_html(&req) => Ok(admin::handle(app, Page::Home, req).await),
        Route::Root | Route::Status => Ok(status()),
        Route::Admin(page) => Ok(admin::handle(app, page, req).await),
        Route::V2Templates => v2::templates::list(app, &bearer(app, &req)?, &req),
        Route::V2Template(id) => v2::templates::get(app, &bearer(app, &req)?, &req, &id, 0).await,
        Route::V2TemplateVersion(id, version) => {
            v2::templates::get(app, &bearer(app, &req)?, &req, &id, version).await
        }
        Route::V2TemplatePreview(id) => {
            let principal = bearer(app, &req)?;
            v2::templates::preview(app, &principal, req, &id).await
        }
        Route::V2Notifications => v2::notifications::list(app, &bearer(app, &req)?, &req).await,
        Route::V2Notification(id) if req.method() == Method::POST => {
            let kind = match id.as_str() {
                "sms" => TemplateType::Sms,
                "email" => TemplateType::Email,
                "letter" => TemplateType::Letter,
                _ => return Err(ApiError::RouteNotFound),
            };
            let principal = bearer(app, &req)?;
            v2::send::send(app, &principal, req, kind).await
        }
        Route::V2Notification(id) => {
            v2::notifications::get(app, &bearer(app, &req)?, &req, &id).await
        }
        Route::V2NotificationPdf(id) => v2::notifications::pdf(app, &bearer(app, &req)?, &id).await,
        Route::V2ReceivedTexts => v2::received::list(app, &bearer(app, &req)?, &req).await,
        Route::Internal => Err(internal_auth(&req)),
        Route::PublicApiKeys => public_v1::list_keys(app, &x_api_key(app, &req)?).await,
        Route::PublicSendEmail => {
            let principal = x_api_key(app, &req)?;
            public_v1::send_email(app, &principal, req).await
        }
        Route::PublicRegenerateKey => {
            let principal = x_api_key(app, &req)?;
            public_v1::regenerate_key(app, &principal, req).await
        }
    }
}

/// Authenticates from `Authorization` (Bearer JWT or ApiKey-v1).
fn bearer(app: &App, req: &Request<Incoming>) -> Result<crate::auth::Principal, ApiError> {
    Ok(app.authenticate(header_text(req, "authorization").as_deref())?)
}

/// Notify's internal routes need the admin app's token: a service's key gets 401.
fn internal_auth(req: &Request<Incoming>) -> ApiError {
    let header = header_text(req, "authorization");
    let header = header.as_deref().map(str::trim).unwrap_or("");
    let message = if header.is_empty() {
        "Unauthorized: authentication token must be provided"
    } else if !header
        .get(..7)
        .is_some_and(|h| h.eq_ignore_ascii_case("bearer "))
    {
        "Unauthorized: authentication bearer scheme must be used"
    } else {
        "Unauthorized: not allowed to perform this action"
    };
    ApiError::InternalAuth(message)
}

/// Authenticates from `x-api-key`.
fn x_api_key(app: &App, req: &Request<Incoming>) -> Result<crate::auth::Principal, ApiError> {
    Ok(app.authenticate_x_api_key(header_text(req, "x-api-key").as_deref())?)
}

fn status() -> Response<Body> {
    #[derive(Serialize)]
    struct Status {
        status: &'static str,
    }
    json(200, &Status { status: "ok" })
}

/// Flask's automatic OPTIONS answer: the allowed methods, no body.
fn options(methods: &[Method]) -> Response<Body> {
    let mut all: Vec<&str> = methods.iter().map(Method::as_str).collect();
    if methods.contains(&Method::GET) {
        all.push("HEAD");
    }
    all.push("OPTIONS");
    all.sort_unstable();
    let mut response = with_body(200, "text/html; charset=utf-8", "");
    if let Ok(value) = HeaderValue::from_str(&all.join(", ")) {
        response.headers_mut().insert(ALLOW, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flask_int_accepts_only_digits() {
        assert_eq!(flask_int("3"), Some(3));
        assert_eq!(flask_int("007"), Some(7));
        assert_eq!(flask_int("0"), Some(0));
        assert_eq!(flask_int("-1"), None);
        assert_eq!(flask_int("1.0"), None);
        assert_eq!(flask_int(""), None);
        assert_eq!(flask_int("99999999999999999999999"), Some(i64::MAX));
    }
}
