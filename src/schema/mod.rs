//! Notify's v2 request schemas and the exact text of its schema-validation messages.
//!
//! GOV.UK Notify validates request bodies and query strings with jsonschema (Draft 7) and turns
//! every error into a message with its own rules (`app/schema_validation/__init__.py`): messages
//! carry Python `repr()`s of the offending values, every `'` is deleted, fields with a
//! `validationMessage` (UUIDs, the https URL) get that fixed text, and duplicates are dropped.
//! Clients show these strings to people and some match on them, so this module reproduces them
//! with a small purpose-built validator instead of a general JSON-schema engine: the schemas are
//! static data listing properties in Notify's order, and [`validate`] walks them once.
//!
//! What the caller provides:
//! * [`Checkers`]: the phone-number and email-address checks (returning Notify's legacy message)
//!   and the current time for `scheduled_for`;
//! * for POST bodies, the parsed JSON (Notify turns a falsy body — `null`, `false`, `0`, `""`,
//!   `[]`, `{}` — into `{}` before validating);
//! * for query strings, the decoded `(name, value)` pairs, turned into the validated object by
//!   [`query_to_value`].
//!
//! Reading typed values after a successful validation is the caller's job.

mod iso8601;
mod query;
mod schemas;
mod uri;
mod uuid;
mod validate;

pub use self::iso8601::{check_scheduled_for, parse_naive_micros, ScheduledFor};
pub use self::query::query_to_value;
pub use self::schemas::{
    GET_INBOUND_SMS_REQUEST, GET_NOTIFICATIONS_REQUEST, GET_NOTIFICATION_BY_ID_REQUEST,
    GET_TEMPLATES_REQUEST, GET_TEMPLATE_BY_ID_REQUEST, NOTIFICATION_STATUSES, POST_EMAIL_REQUEST,
    POST_LETTER_REQUEST, POST_PRECOMPILED_LETTER_REQUEST, POST_SMS_REQUEST,
    POST_TEMPLATE_PREVIEW_REQUEST, TEMPLATE_TYPES,
};
pub use self::uri::{is_https_url, is_rfc3986_uri};
pub use self::uuid::parse_python_uuid;
pub use self::validate::validate;
pub use crate::python::{repr as python_repr, write_repr, write_str_repr};

/// A request schema: its properties in the order Notify's schema lists them (which is the order
/// of the messages), the required names, and whether other properties are rejected.
#[derive(Debug)]
pub struct Schema {
    /// Notify's name for the schema, e.g. `post_sms_request`.
    pub name: &'static str,
    /// Properties in schema order.
    pub properties: &'static [Property],
    /// Required property names, in the order their messages appear.
    pub required: &'static [&'static str],
    /// `false` for `"additionalProperties": False`.
    pub additional_properties: bool,
}

/// One property of a [`Schema`].
#[derive(Debug)]
pub struct Property {
    /// The JSON key (and the first word of its messages).
    pub name: &'static str,
    /// How its value is checked.
    pub rule: Rule,
}

/// The checks Notify's schemas apply to one property value.
#[derive(Debug)]
pub enum Rule {
    /// `definitions.uuid`: a string Python's `uuid.UUID` accepts; any failure (wrong type
    /// included) is `<name> is not a valid UUID`.
    Uuid,
    /// `{"type": "string"}`, with `maxLength` (counted in code points) when given.
    String {
        /// `maxLength`, giving `<name> <repr> is too long`.
        max_length: Option<usize>,
    },
    /// `{"type": ["string", "null"]}`.
    NullableString,
    /// `{"type": "object"}` (`personalisation`).
    Object,
    /// `{"type": "string", "format": "phone_number"}`, checked by [`Checkers::phone_number`].
    PhoneNumber,
    /// `{"type": "string", "format": "email_address"}`, checked by [`Checkers::email_address`].
    EmailAddress,
    /// `{"type": ["string", "null"], "format": "datetime_within_next_day"}` (`scheduled_for`).
    ScheduledFor,
    /// `definitions.https_url`: RFC 3986 URI starting `https`; any failure is
    /// `<name> is not a valid https url`.
    HttpsUrl,
    /// `{"type": "string", "format": "postage"}`: a string outside `allowed` gives
    /// `<name> <message>`.
    Postage {
        /// Accepted values.
        allowed: &'static [&'static str],
        /// The checker's message, e.g. `invalid. It must be either first, second or economy.`
        message: &'static str,
    },
    /// `{"enum": [...]}` (any JSON value not listed fails).
    Enum(&'static [&'static str]),
    /// `{"type": "array", "items": {"enum": [...]}}`; one message per bad item.
    ArrayOfEnum(&'static [&'static str]),
    /// `{"type": ["array", "null"], "items": {"type": "string"}}`.
    NullableStringArray,
}

/// Checks the caller injects: Notify's recipient validators and the clock.
pub struct Checkers<'a> {
    /// Validates a phone number; `Err` carries Notify's legacy v2 message (e.g.
    /// `Must not contain letters or symbols`), which is shown after `phone_number `.
    pub phone_number: &'a dyn Fn(&str) -> Result<(), String>,
    /// Validates an email address; `Err` carries the message (`Not a valid email address`).
    pub email_address: &'a dyn Fn(&str) -> Result<(), String>,
    /// Current naive UTC time in microseconds since 1970-01-01T00:00:00 (Notify's `utcnow()`).
    pub now_unix_micros: i64,
}
