//! Notify's public `/v2` API: templates, notifications and received text messages, with
//! Notify's exact request validation, response shapes and errors.

pub mod notification_json;
pub mod notifications;
pub mod received;
pub mod send;
pub mod templates;

use crate::clock::Clock;
use crate::http::errors::ApiError;
use crate::recipients;
use crate::schema::{self, Checkers, Schema};
use serde::Serialize;
use serde_json::Value;

/// The `links` of a v2 list page: this page, and the next older one when there may be one.
#[derive(Serialize)]
struct Links {
    current: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

fn phone_format(s: &str) -> Result<(), String> {
    recipients::parse(s)
        .map(|_| ())
        .map_err(|e| e.legacy_message().to_owned())
}

fn email_format(s: &str) -> Result<(), String> {
    recipients::validate_email(s)
        .map(|_| ())
        .map_err(|e| e.message().to_owned())
}

/// Validates `instance` against a v2 schema, with Notify's recipient checks and `now`.
pub fn validate(schema: &Schema, instance: &Value, clock: &Clock) -> Result<(), ApiError> {
    let checkers = Checkers {
        phone_number: &phone_format,
        email_address: &email_format,
        now_unix_micros: clock.now_us(),
    };
    schema::validate(schema, instance, &checkers).map_err(ApiError::Validation)
}

/// Validates a query string (as decoded pairs) and returns the object Notify validated.
pub fn validate_query(
    schema: &Schema,
    pairs: &[(String, String)],
    clock: &Clock,
) -> Result<Value, ApiError> {
    let value = schema::query_to_value(schema, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    validate(schema, &value, clock)?;
    Ok(value)
}
