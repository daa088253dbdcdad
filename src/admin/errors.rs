//! Every way an admin page can fail, and the one place each becomes an HTML page (the admin's
//! error dialect): a plain heading and a sentence saying what to do next. Internal details are
//! logged, never shown.

use super::layout;
use super::respond::{html, redirect};
use crate::callbacks::CallbackError;
use crate::http::json::Body;
use crate::keys::KeyError;
use crate::secrets::SecretError;
use crate::store::StoreError;
use crate::team::TeamError;
use hyper::Response;
use maud::html;

#[derive(Debug)]
pub enum AdminError {
    /// Nobody is signed in: go to the sign-in page, then come back to `next`.
    SignInRequired { next: String },
    /// Signed in, but not allowed (403): the message says why, in plain words.
    Forbidden(String),
    /// A POST without this session's CSRF token (403).
    Csrf,
    /// No such service, key or notification, or a malformed id (404).
    NotFound,
    /// A sign-in link that is unknown, used or expired (410).
    SignInLinkUsed,
    /// A request no page of ours would send (400).
    BadRequest(String),
    /// The URL exists but not with this method (405).
    MethodNotAllowed,
    /// Something broke on our side (500). The detail is logged, never sent.
    Internal(String),
}

/// What the 403 page says when the permission is missing.
pub fn missing_permission(permission: &str) -> AdminError {
    let label = match permission {
        "manage_api_keys" => "Manage API keys",
        "view_activity" => "See dashboard and sent messages (view activity)",
        other => other,
    };
    AdminError::Forbidden(format!(
        "You do not have permission to see this page: it needs the ‘{label}’ permission \
         ({permission}) for this service. Ask someone who manages the service to give it to you, \
         for example with `notifyd team add --service ID --email YOUR_EMAIL --permissions \
         {permission},...`."
    ))
}

impl AdminError {
    pub fn status(&self) -> u16 {
        match self {
            AdminError::SignInRequired { .. } => 303,
            AdminError::Forbidden(_) | AdminError::Csrf => 403,
            AdminError::NotFound => 404,
            AdminError::SignInLinkUsed => 410,
            AdminError::BadRequest(_) => 400,
            AdminError::MethodNotAllowed => 405,
            AdminError::Internal(_) => 500,
        }
    }

    fn heading_and_text(&self) -> (&'static str, String) {
        match self {
            AdminError::SignInRequired { .. } => ("Sign in", "You need to sign in.".into()),
            AdminError::Forbidden(why) => ("You cannot see this page", why.clone()),
            AdminError::Csrf => (
                "This form has expired",
                "The form you sent did not carry this session’s security token, so nothing was \
                 changed. Go back, reload the page and try again."
                    .into(),
            ),
            AdminError::NotFound => (
                "Page not found",
                "If you typed the web address, check it is correct. If you pasted it, check you \
                 copied the entire address."
                    .into(),
            ),
            AdminError::SignInLinkUsed => (
                "This sign-in link has expired or has already been used",
                "Each sign-in link works once, for 15 minutes. Sign in with your email address \
                 and password instead (set one with `notifyd team set-password --service ID \
                 --email EMAIL --password-stdin`)."
                    .into(),
            ),
            AdminError::BadRequest(why) => ("There is a problem with this request", why.clone()),
            AdminError::MethodNotAllowed => (
                "There is a problem with this request",
                "This page does not accept that kind of request.".into(),
            ),
            AdminError::Internal(_) => (
                "Sorry, there is a problem with notifyd",
                "Try again later. The details are in notifyd’s log.".into(),
            ),
        }
    }

    /// The error as an HTML page (or, for `SignInRequired`, a redirect to the sign-in page).
    pub fn to_response(&self) -> Response<Body> {
        match self {
            AdminError::SignInRequired { next } => {
                return redirect(&format!(
                    "/sign-in?next={}",
                    super::format::url_encode(next)
                ));
            }
            AdminError::Internal(detail) => tracing::error!("admin page failed: {detail}"),
            _ => {}
        }
        let (heading, text) = self.heading_and_text();
        let content = html! {
            h1 class="heading-l" { (heading) }
            p class="body" { (text) }
            p class="body" { a href="/services" { "Go to your services" } }
        };
        html(self.status(), layout::bare_page(heading, content))
    }
}

impl From<StoreError> for AdminError {
    fn from(e: StoreError) -> AdminError {
        AdminError::Internal(e.to_string())
    }
}

impl From<SecretError> for AdminError {
    fn from(e: SecretError) -> AdminError {
        AdminError::Internal(e.to_string())
    }
}

impl From<KeyError> for AdminError {
    fn from(e: KeyError) -> AdminError {
        match e {
            KeyError::ServiceNotFound(_) | KeyError::KeyNotFound(_) => AdminError::NotFound,
            KeyError::Revoked => AdminError::BadRequest(e.to_string()),
            other => AdminError::Internal(other.to_string()),
        }
    }
}

impl From<TeamError> for AdminError {
    fn from(e: TeamError) -> AdminError {
        match e {
            TeamError::ServiceNotFound(_) => AdminError::NotFound,
            other => AdminError::Internal(other.to_string()),
        }
    }
}

impl From<CallbackError> for AdminError {
    fn from(e: CallbackError) -> AdminError {
        match e {
            CallbackError::ServiceNotFound(_) => AdminError::NotFound,
            other => AdminError::Internal(other.to_string()),
        }
    }
}
