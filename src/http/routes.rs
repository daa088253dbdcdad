//! Every URL notifyd serves, in one table.
//!
//! `ROUTES` lists each path pattern with the methods it answers, how its errors are written,
//! and the `Route` it becomes; `/openapi.json` documents the same table (a test keeps the two
//! in step). `handle` answers OPTIONS, 404 and 405 the way Flask does (before any
//! authentication), then `call` authenticates and runs the handler. Authentication is visible
//! here: each API handler that needs it takes a `Principal`; the admin pages (`Route::Admin`,
//! HTML) check the signed-in session themselves.

use super::errors::ApiError;
use super::json::{add_common_headers, json, with_body, Body};
use super::request::{header_text, path_segments};
use super::{notifyd_v1, public_v1, v2};
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
pub enum Dialect {
    /// Notify's `/v2` shape (also notifyd's own `/notifyd/v1`).
    V2,
    /// notify.cx: `{"success": false, "message"}`.
    PublicV1,
    /// Flask's app-level `{"message", "result"}`.
    Flask,
    /// The admin pages: HTML error pages, the admin's security headers, no CORS.
    Html,
}

pub enum Route {
    /// `/`: `{"status": "ok"}`, or the admin pages for a browser (`Accept: text/html`).
    Root,
    Status,
    Livez,
    Readyz,
    OpenApi,
    V2Templates,
    V2Template(String),
    V2TemplateVersion(String, i64),
    V2TemplatePreview(String),
    V2Notifications,
    V2Notification(String),
    V2NotificationPdf(String),
    V2ReceivedTexts,
    PublicApiKeys,
    PublicRegenerateKey,
    PublicSendEmail,
    NotifydNotifications,
    NotifydWait,
    NotifydOutcomes,
    /// Only with `serve --test-clock`; otherwise 404.
    NotifydClock,
    /// Notify's internal (admin) API, e.g. the python client's `get_all_template_versions`:
    /// no service key may use it.
    Internal,
    /// A page of the admin web interface.
    Admin(Page),
}

/// One row of the URL table. In `pattern`, `{name}` matches one path segment and `{rest...}`
/// one or more; `build` makes the `Route` from the matched segments (or refuses: 404).
pub struct RouteDef {
    pub pattern: &'static str,
    pub methods: &'static [Method],
    pub dialect: Dialect,
    build: fn(&[&str]) -> Option<Route>,
}

const GET: &[Method] = &[Method::GET];
const POST: &[Method] = &[Method::POST];
const GET_POST: &[Method] = &[Method::GET, Method::POST];
const GET_DELETE: &[Method] = &[Method::GET, Method::DELETE];
const GET_POST_DELETE: &[Method] = &[Method::GET, Method::POST, Method::DELETE];
const ALL: &[Method] = &[Method::GET, Method::POST, Method::PUT, Method::DELETE];

const fn route(
    pattern: &'static str,
    methods: &'static [Method],
    dialect: Dialect,
    build: fn(&[&str]) -> Option<Route>,
) -> RouteDef {
    RouteDef {
        pattern,
        methods,
        dialect,
        build,
    }
}

fn s(p: &str) -> String {
    p.to_owned()
}

use Dialect::{Flask, Html, PublicV1, V2};

/// Every route, the busiest first.
#[rustfmt::skip]
pub const ROUTES: &[RouteDef] = &[
    // GET reads notification {id}; POST sends one of type {id} (sms, email or letter), as in
    // Notify, where both rules share the path.
    route("/v2/notifications/{id}", GET_POST, V2, |p| Some(Route::V2Notification(s(p[0])))),
    route("/v2/notifications", GET, V2, |_| Some(Route::V2Notifications)),
    route("/v2/notifications/{notification_id}/pdf", GET, V2, |p| Some(Route::V2NotificationPdf(s(p[0])))),
    route("/v2/template/{template_id}", GET, V2, |p| Some(Route::V2Template(s(p[0])))),
    route("/v2/template/{template_id}/version/{version}", GET, V2, |p| Some(Route::V2TemplateVersion(s(p[0]), flask_int(p[1])?))),
    route("/v2/template/{template_id}/preview", POST, V2, |p| Some(Route::V2TemplatePreview(s(p[0])))),
    route("/v2/templates", GET, V2, |_| Some(Route::V2Templates)),
    route("/v2/received-text-messages", GET, V2, |_| Some(Route::V2ReceivedTexts)),
    route("/_status", GET, Flask, |_| Some(Route::Status)),
    route("/", GET, Flask, |_| Some(Route::Root)),
    route("/livez", GET, Flask, |_| Some(Route::Livez)),
    route("/readyz", GET, Flask, |_| Some(Route::Readyz)),
    route("/openapi.json", GET, Flask, |_| Some(Route::OpenApi)),
    route("/api/public/v1/api_keys", GET, PublicV1, |_| Some(Route::PublicApiKeys)),
    route("/api/public/v1/api_keys/regenerate", POST, PublicV1, |_| Some(Route::PublicRegenerateKey)),
    route("/api/public/v1/send-email", POST, PublicV1, |_| Some(Route::PublicSendEmail)),
    route("/notifyd/v1/notifications", GET_DELETE, V2, |_| Some(Route::NotifydNotifications)),
    route("/notifyd/v1/notifications/wait", GET, V2, |_| Some(Route::NotifydWait)),
    route("/notifyd/v1/outcomes", GET_POST_DELETE, V2, |_| Some(Route::NotifydOutcomes)),
    route("/notifyd/v1/clock", GET_POST, V2, |_| Some(Route::NotifydClock)),
    route("/service/{rest...}", ALL, Flask, |_| Some(Route::Internal)),
    route("/sign-in", GET_POST, Html, |_| Some(Route::Admin(Page::SignIn))),
    route("/sign-in/{token}", GET, Html, |p| Some(Route::Admin(Page::SignInLink(s(p[0]))))),
    route("/sign-out", POST, Html, |_| Some(Route::Admin(Page::SignOut))),
    route("/services", GET, Html, |_| Some(Route::Admin(Page::Services))),
    route("/static/{name}", GET, Html, |p| Some(Route::Admin(Page::Asset(s(p[0]))))),
    route("/services/{service_id}/api", GET, Html, |p| Some(Route::Admin(Page::Api(s(p[0]))))),
    route("/services/{service_id}/api/keys", GET, Html, |p| Some(Route::Admin(Page::Keys(s(p[0]))))),
    route("/services/{service_id}/api/keys/create", GET_POST, Html, |p| Some(Route::Admin(Page::CreateKey(s(p[0]))))),
    route("/services/{service_id}/api/keys/show", GET, Html, |p| Some(Route::Admin(Page::NewKey(s(p[0]))))),
    route("/services/{service_id}/api/keys/revoke/{key_id}", GET_POST, Html, |p| Some(Route::Admin(Page::RevokeKey(s(p[0]), s(p[1]))))),
    route("/services/{service_id}/api/keys/regenerate/{key_id}", GET_POST, Html, |p| Some(Route::Admin(Page::RegenerateKey(s(p[0]), s(p[1]))))),
    route("/services/{service_id}/api/guest-list", GET_POST, Html, |p| Some(Route::Admin(Page::GuestList(s(p[0]))))),
    route("/services/{service_id}/api/whitelist", GET_POST, Html, |p| Some(Route::Admin(Page::OldGuestList(s(p[0]))))),
    route("/services/{service_id}/api/callbacks", GET, Html, |p| Some(Route::Admin(Page::Callbacks(s(p[0]))))),
    route("/services/{service_id}/api/callbacks/delivery-status-callback", GET_POST, Html, |p| Some(Route::Admin(Page::Callback(s(p[0]), CallbackType::DeliveryStatus)))),
    route("/services/{service_id}/api/callbacks/received-text-messages-callback", GET_POST, Html, |p| Some(Route::Admin(Page::Callback(s(p[0]), CallbackType::InboundSms)))),
    route("/services/{service_id}/notifications", GET, Html, |p| Some(Route::Admin(Page::Inbox(s(p[0]))))),
    route("/services/{service_id}/notifications/events", GET, Html, |p| Some(Route::Admin(Page::InboxEvents(s(p[0]))))),
    route("/services/{service_id}/notifications/{notification_id}", GET, Html, |p| Some(Route::Admin(Page::Notification(s(p[0]), s(p[1]))))),
    route("/services/{service_id}/notifications/{notification_id}/pdf", GET, Html, |p| Some(Route::Admin(Page::NotificationPdf(s(p[0]), s(p[1]))))),
    route("/services/{service_id}/notifications/{notification_id}/email", GET, Html, |p| Some(Route::Admin(Page::NotificationEmail(s(p[0]), s(p[1]))))),
];

/// Matches `segments` against a pattern, collecting the parameters.
fn matches<'a>(pattern: &str, segments: &[&'a str], params: &mut Vec<&'a str>) -> bool {
    params.clear();
    let mut wanted = pattern.trim_start_matches('/').split('/');
    let mut given = segments.iter();
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.ends_with("...}") => {
                params.push(g);
                return true;
            }
            (Some(w), Some(g)) if w.starts_with('{') => params.push(g),
            (Some(w), Some(g)) if w == *g => {}
            _ => return false,
        }
    }
}

/// The route for a path, its row of the table.
pub fn resolve(segments: &[&str]) -> Option<(Route, &'static RouteDef)> {
    let mut params = Vec::with_capacity(3);
    ROUTES.iter().find_map(|def| {
        if !matches(def.pattern, segments, &mut params) {
            return None;
        }
        (def.build)(&params).map(|route| (route, def))
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
    let found = resolve(&segments)
        .filter(|(route, _)| !matches!(route, Route::NotifydClock) || app.settings.test_clock);
    let Some((route, def)) = found else {
        let mut response = ApiError::RouteNotFound.to_flask_response();
        add_common_headers(&mut response);
        return response;
    };
    let mut dialect = def.dialect;
    if matches!(route, Route::Root) && admin::accepts_html(&req) {
        dialect = Dialect::Html;
    }
    let method = req.method().clone();
    let allowed = def.methods.contains(&method)
        || (method == Method::HEAD && def.methods.contains(&Method::GET));
    let mut response = if method == Method::OPTIONS {
        options(def.methods)
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
        Route::Root | Route::Status | Route::Livez => Ok(status()),
        Route::Readyz => ready(app),
        Route::OpenApi => Ok(with_body(200, "application/json", super::OPENAPI)),
        Route::Admin(page) => Ok(admin::handle(app, page, req).await),
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
        Route::V2Notifications => v2::notifications::list(app, &bearer(app, &req)?, &req).await,
        Route::V2NotificationPdf(id) => v2::notifications::pdf(app, &bearer(app, &req)?, &id).await,
        Route::V2Templates => v2::templates::list(app, &bearer(app, &req)?, &req),
        Route::V2Template(id) => v2::templates::get(app, &bearer(app, &req)?, &req, &id, 0).await,
        Route::V2TemplateVersion(id, version) => {
            v2::templates::get(app, &bearer(app, &req)?, &req, &id, version).await
        }
        Route::V2TemplatePreview(id) => {
            let principal = bearer(app, &req)?;
            v2::templates::preview(app, &principal, req, &id).await
        }
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
        Route::NotifydNotifications if req.method() == Method::DELETE => {
            notifyd_v1::clear(app, &any_key(app, &req)?).await
        }
        Route::NotifydNotifications => notifyd_v1::list(app, &any_key(app, &req)?, &req).await,
        Route::NotifydWait => notifyd_v1::wait(app, &any_key(app, &req)?, &req).await,
        Route::NotifydOutcomes => {
            let principal = any_key(app, &req)?;
            match *req.method() {
                Method::POST => notifyd_v1::add_outcomes(app, &principal, req).await,
                Method::DELETE => notifyd_v1::clear_outcomes(app, &principal).await,
                _ => notifyd_v1::outcomes(&principal),
            }
        }
        Route::NotifydClock => {
            any_key(app, &req)?;
            notifyd_v1::clock(app, req).await
        }
    }
}

/// Authenticates from `Authorization` (Bearer JWT or ApiKey-v1).
fn bearer(app: &App, req: &Request<Incoming>) -> Result<crate::auth::Principal, ApiError> {
    Ok(app.authenticate(header_text(req, "authorization").as_deref())?)
}

/// Authenticates from `x-api-key`.
fn x_api_key(app: &App, req: &Request<Incoming>) -> Result<crate::auth::Principal, ApiError> {
    Ok(app.authenticate_x_api_key(header_text(req, "x-api-key").as_deref())?)
}

/// notifyd's own API takes any of the three schemes: `Authorization` (Bearer JWT or
/// ApiKey-v1), or `x-api-key`.
fn any_key(app: &App, req: &Request<Incoming>) -> Result<crate::auth::Principal, ApiError> {
    if req.headers().contains_key("authorization") || !req.headers().contains_key("x-api-key") {
        bearer(app, req)
    } else {
        x_api_key(app, req)
    }
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

/// Ready when the database answers.
fn ready(app: &App) -> Result<Response<Body>, ApiError> {
    app.store
        .read_now(crate::store::config_version)
        .map_err(|e| ApiError::other(503, "NotReady", format!("database not ready: {e}")))?;
    Ok(status())
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

    #[test]
    fn patterns_match_segments() {
        let mut p = Vec::new();
        assert!(matches(
            "/v2/template/{id}/version/{v}",
            &["v2", "template", "a", "version", "2"],
            &mut p
        ));
        assert_eq!(p, vec!["a", "2"]);
        assert!(matches("/", &[""], &mut p));
        assert!(
            !matches("/v2/templates", &["v2", "templates", ""], &mut p),
            "no trailing slash"
        );
        assert!(matches(
            "/service/{rest...}",
            &["service", "x", "template", "y"],
            &mut p
        ));
        assert!(!matches("/service/{rest...}", &["service"], &mut p));
        assert!(matches!(
            resolve(&["v2", "notifications", "fax"]),
            Some((Route::V2Notification(_), _))
        ));
        assert!(resolve(&["v2", "template", "x", "version", "one"]).is_none());
    }
}
