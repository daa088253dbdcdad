//! The admin web interface: the pages team members use to manage a service's API keys, guest
//! list and callbacks, watch recent API use and read what was sent (GOV.UK Notify's
//! "API integration" section, at the same URLs).
//!
//! Server-rendered HTML (maud: compile-time templates that escape by default), working without
//! JavaScript, behind email-and-password sign-in (or a one-time link printed at first start).
//! `http::routes` maps each URL to a [`Page`]; [`handle`] answers it. Every page goes through
//! `context` (who is signed in, which service, which permissions) and writes through the same
//! library functions as the CLI and the API (`keys`, `team`, `callbacks`), so a key made here
//! works at once and a key revoked here is refused on the next API request.
//!
//! - `session`: cookies, sessions, CSRF tokens, flash messages, values shown once, sign-in links.
//! - `password`: PBKDF2 password hashes and `team set-password`.
//! - `errors`: every way a page can fail, rendered once as an HTML page.
//! - `respond`, `layout`, `format`, `assets`: responses and headers, the page frame and form
//!   parts, dates as Notify writes them, the stylesheet and script.
//! - one file per page group: `sign_in`, `api`, `keys`, `create_key`, `guest_list`,
//!   `callbacks`, `inbox`, `notification`.

mod api;
mod assets;
mod callbacks;
mod context;
mod create_key;
mod errors;
mod events;
mod format;
mod guest_list;
mod inbox;
mod keys;
mod layout;
mod notification;
pub mod password;
mod respond;
pub mod session;
mod sign_in;

use crate::app::App;
use crate::callbacks::CallbackType;
use crate::http::json::Body;
pub use errors::AdminError;
use hyper::body::Incoming;
use hyper::{Method, Request, Response};
pub use respond::{accepts_html, secure_headers};

/// An admin URL, as `http::routes` resolved it. Ids stay text until the page checks them, so a
/// malformed id gets the admin's HTML 404 rather than the API's JSON one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// `/` asked for by a browser.
    Home,
    SignIn,
    SignInLink(String),
    SignOut,
    Services,
    Asset(String),
    Api(String),
    Keys(String),
    CreateKey(String),
    /// The key just created or regenerated, shown once.
    NewKey(String),
    RevokeKey(String, String),
    RegenerateKey(String, String),
    GuestList(String),
    /// `/api/whitelist`, the guest list's old URL.
    OldGuestList(String),
    Callbacks(String),
    Callback(String, CallbackType),
    Inbox(String),
    /// The inbox's live view (server-sent events).
    InboxEvents(String),
    Notification(String, String),
    NotificationPdf(String, String),
    /// An email as sent, for the frame on its page.
    NotificationEmail(String, String),
}

/// Answers an admin page; failures become HTML error pages here.
pub async fn handle(app: &App, page: Page, req: Request<Incoming>) -> Response<Body> {
    let post = req.method() == Method::POST;
    let result = match page {
        Page::Home => Ok(respond::redirect("/services")),
        Page::SignIn if post => sign_in::submit(app, req).await,
        Page::SignIn => sign_in::form(app, &req).await,
        Page::SignInLink(token) => sign_in::link(app, &token).await,
        Page::SignOut => sign_in::sign_out(app, req).await,
        Page::Services => sign_in::services(app, &req).await,
        Page::Asset(name) => assets::serve(&name),
        Page::Api(service) => api::hub(app, &req, &service).await,
        Page::Keys(service) => keys::list(app, &req, &service).await,
        Page::CreateKey(service) if post => create_key::submit(app, req, &service).await,
        Page::CreateKey(service) => create_key::form(app, &req, &service).await,
        Page::NewKey(service) => create_key::show_once(app, &req, &service).await,
        Page::RevokeKey(service, key) if post => keys::revoke(app, req, &service, &key).await,
        Page::RevokeKey(service, key) => keys::confirm_revoke(app, &req, &service, &key).await,
        Page::RegenerateKey(service, key) if post => {
            keys::regenerate(app, req, &service, &key).await
        }
        Page::RegenerateKey(service, key) => {
            keys::confirm_regenerate(app, &req, &service, &key).await
        }
        Page::GuestList(service) if post => guest_list::submit(app, req, &service).await,
        Page::GuestList(service) => guest_list::form(app, &req, &service).await,
        Page::OldGuestList(service) => guest_list::old_url(&req, &service),
        Page::Callbacks(service) => Ok(callbacks::index(&service)),
        Page::Callback(service, kind) if post => callbacks::submit(app, req, &service, kind).await,
        Page::Callback(service, kind) => callbacks::form(app, &req, &service, kind).await,
        Page::InboxEvents(service) => events::stream(app, &req, &service).await,
        Page::Inbox(service) => inbox::list(app, &req, &service).await,
        Page::Notification(service, id) => notification::show(app, &req, &service, &id).await,
        Page::NotificationPdf(service, id) => notification::pdf(app, &req, &service, &id).await,
        Page::NotificationEmail(service, id) => notification::email(app, &req, &service, &id).await,
    };
    result.unwrap_or_else(|e| e.to_response())
}
