//! Every failure an HTTP request can meet, and the one place each becomes Notify's JSON.
//!
//! Handlers return `Result<_, ApiError>`; the router renders the error in the dialect of the
//! route: `/v2` (and notifyd's own API) as `{"errors": [...], "status_code": N}`, the notify.cx
//! dialect as `{"success": false, "message": ...}`, routing misses as Flask's
//! `{"message": ..., "result": "error"}`.

use super::json::{json, Body};
use crate::auth::AuthError;
use crate::cache::CacheError;
use crate::limits::LimitError;
use crate::notifications::SendError;
use crate::store::StoreError;
use hyper::Response;
use serde::Serialize;

#[derive(Debug)]
pub enum ApiError {
    Auth(AuthError),
    /// Schema validation: every message, in order (400 ValidationError).
    Validation(Vec<String>),
    /// 400 BadRequestError.
    BadRequest(String),
    /// 404 NoResultFound `No result found`.
    NoResult,
    /// Any other Notify error class.
    Other {
        status: u16,
        error: &'static str,
        message: String,
    },
    /// The URL matches no route (404, Flask's shape).
    RouteNotFound,
    /// The URL matches a route but not with this method (405, Flask's shape).
    MethodNotAllowed,
    /// The body is over the size limit (413).
    PayloadTooLarge(usize),
    /// A token refused on Notify's internal (admin) routes: 401 in the non-v2 AuthError shape
    /// `{"message": {"token": [...]}, "result": "error"}`.
    InternalAuth(&'static str),
    /// Something broke on our side (500). The detail is logged, never sent.
    Internal(String),
}

impl ApiError {
    pub fn other(status: u16, error: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::Other {
            status,
            error,
            message: message.into(),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            ApiError::Auth(e) => e.status(),
            ApiError::Validation(_) | ApiError::BadRequest(_) => 400,
            ApiError::InternalAuth(_) => 401,
            ApiError::NoResult | ApiError::RouteNotFound => 404,
            ApiError::Other { status, .. } => *status,
            ApiError::MethodNotAllowed => 405,
            ApiError::PayloadTooLarge(_) => 413,
            ApiError::Internal(_) => 500,
        }
    }

    /// The `(error class, message)` pairs Notify's v2 error body lists.
    fn entries(&self) -> Vec<(&str, String)> {
        match self {
            ApiError::Auth(AuthError::Unavailable(_)) | ApiError::Internal(_) => {
                vec![("InternalServerError", "Internal server error".into())]
            }
            ApiError::Auth(e) => vec![("AuthError", e.message().to_owned())],
            ApiError::InternalAuth(m) => vec![("AuthError", (*m).to_owned())],
            ApiError::Validation(messages) => messages
                .iter()
                .map(|m| ("ValidationError", m.clone()))
                .collect(),
            ApiError::BadRequest(m) => vec![("BadRequestError", m.clone())],
            ApiError::NoResult => vec![("NoResultFound", "No result found".into())],
            ApiError::Other { error, message, .. } => vec![(*error, message.clone())],
            ApiError::RouteNotFound => vec![("NotFound", ROUTE_NOT_FOUND.into())],
            ApiError::MethodNotAllowed => vec![("MethodNotAllowed", METHOD_NOT_ALLOWED.into())],
            ApiError::PayloadTooLarge(limit) => vec![(
                "PayloadTooLarge",
                format!("Request body is too large: the limit is {limit} bytes"),
            )],
        }
    }

    /// The first message, for dialects that carry only one.
    pub fn message(&self) -> String {
        self.entries()
            .into_iter()
            .next()
            .map(|(_, m)| m)
            .unwrap_or_default()
    }

    fn log(&self) {
        match self {
            ApiError::Internal(detail) => tracing::error!("internal error: {detail}"),
            ApiError::Auth(AuthError::Unavailable(detail)) => {
                tracing::error!("authentication unavailable: {detail}")
            }
            _ => {}
        }
    }

    /// `{"errors": [{"error", "message"}...], "status_code": N}`.
    pub fn to_v2_response(&self) -> Response<Body> {
        self.log();
        #[derive(Serialize)]
        struct Entry<'a> {
            error: &'a str,
            message: String,
        }
        #[derive(Serialize)]
        struct V2<'a> {
            errors: Vec<Entry<'a>>,
            status_code: u16,
        }
        if matches!(self, ApiError::RouteNotFound | ApiError::MethodNotAllowed) {
            return self.to_flask_response();
        }
        let errors = self
            .entries()
            .into_iter()
            .map(|(error, message)| Entry { error, message })
            .collect();
        json(
            self.status(),
            &V2 {
                errors,
                status_code: self.status(),
            },
        )
    }

    /// `{"message": ..., "result": "error"}`, Flask's app-level shape.
    pub fn to_flask_response(&self) -> Response<Body> {
        self.log();
        if let ApiError::InternalAuth(message) = self {
            #[derive(Serialize)]
            struct Token<'a> {
                token: [&'a str; 1],
            }
            #[derive(Serialize)]
            struct InternalAuth<'a> {
                message: Token<'a>,
                result: &'static str,
            }
            let body = InternalAuth {
                message: Token { token: [message] },
                result: "error",
            };
            return json(401, &body);
        }
        #[derive(Serialize)]
        struct Flask {
            message: String,
            result: &'static str,
        }
        json(
            self.status(),
            &Flask {
                message: self.message(),
                result: "error",
            },
        )
    }

    /// `{"success": false, "message": ...}`, the notify.cx shape. Authentication failures are
    /// 401 in this dialect.
    pub fn to_public_v1_response(&self) -> Response<Body> {
        self.log();
        #[derive(Serialize)]
        struct Public {
            success: bool,
            message: String,
        }
        let status = match self {
            ApiError::Auth(e) if e.status() != 500 => 401,
            other => other.status(),
        };
        json(
            status,
            &Public {
                success: false,
                message: self.message(),
            },
        )
    }
}

pub const ROUTE_NOT_FOUND: &str = "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";
pub const METHOD_NOT_ALLOWED: &str = "The method is not allowed for the requested URL.";

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> ApiError {
        ApiError::Auth(e)
    }
}

impl From<SendError> for ApiError {
    fn from(e: SendError) -> ApiError {
        match e {
            SendError::BadRequest(m) => ApiError::BadRequest(m),
            SendError::Forbidden(m) => ApiError::other(403, "BadRequestError", m),
            SendError::Validation(m) => ApiError::Validation(vec![m]),
            SendError::InvalidPhone(m) => ApiError::other(400, "InvalidPhoneError", m),
            SendError::TooManyRequests(m) => ApiError::other(429, "TooManyRequestsError", m),
        }
    }
}

impl From<LimitError> for ApiError {
    fn from(e: LimitError) -> ApiError {
        let class = match e {
            LimitError::Rate { .. } => "RateLimitError",
            LimitError::Daily { .. } => "TooManyRequestsError",
        };
        ApiError::other(429, class, e.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError::Internal(e.to_string())
    }
}

impl From<CacheError> for ApiError {
    fn from(e: CacheError) -> ApiError {
        ApiError::Internal(e.to_string())
    }
}
