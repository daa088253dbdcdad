//! Fuzz target `json_bodies`: v2 request bodies and query strings through the production
//! path: `http::v2::send::parse_json` (Notify's `get_valid_json`), then `http::v2::validate`
//! (`schema::validate` with the real phone, email and clock checks) against every POST and GET
//! schema; query strings through `http::v2::validate_query`.
//!
//! The first input byte picks the schema and whether the rest is a body or a query string.
//! Invariants: nothing panics; unparsable JSON is exactly Notify's "Invalid JSON supplied in
//! POST data"; a falsy JSON value becomes `{}`; a refusal lists at least one message, none
//! empty, none containing a `'` (Notify deletes them), none repeated; a non-object is one
//! `... is not of type object` message; an accepted object has every required property and,
//! when the schema forbids others, nothing else; validation depends only on the value, so the
//! re-serialised value gets the same answer; an accepted query object holds only the names
//! given, with repeatable names as arrays.

#![no_main]

use libfuzzer_sys::fuzz_target;
use notifyd::clock::Clock;
use notifyd::http::errors::ApiError;
use notifyd::http::v2::{self, send::parse_json};
use notifyd::schema::{self, Schema};
use serde_json::Value;

const SCHEMAS: [&Schema; 11] = [
    &schema::POST_SMS_REQUEST,
    &schema::POST_EMAIL_REQUEST,
    &schema::POST_LETTER_REQUEST,
    &schema::POST_PRECOMPILED_LETTER_REQUEST,
    &schema::POST_TEMPLATE_PREVIEW_REQUEST,
    &schema::GET_NOTIFICATIONS_REQUEST,
    &schema::GET_NOTIFICATION_BY_ID_REQUEST,
    &schema::GET_TEMPLATES_REQUEST,
    &schema::GET_TEMPLATE_BY_ID_REQUEST,
    &schema::GET_INBOUND_SMS_REQUEST,
    &schema::POST_SMS_REQUEST,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let schema = SCHEMAS[usize::from(selector & 0x7f) % SCHEMAS.len()];
    let clock = Clock::system();
    if selector & 0x80 == 0 {
        body(schema, rest, &clock);
    } else {
        query(schema, rest, &clock);
    }
});

fn body(schema: &Schema, bytes: &[u8], clock: &Clock) {
    let value = match parse_json(bytes) {
        Ok(value) => value,
        Err(ApiError::BadRequest(message)) => {
            assert_eq!(message, "Invalid JSON supplied in POST data");
            assert!(serde_json::from_slice::<Value>(bytes).is_err());
            return;
        }
        Err(other) => panic!("parse_json gave {other:?}"),
    };
    let raw: Value = serde_json::from_slice(bytes).expect("parse_json accepted it");
    if notifyd::python::is_truthy(&raw) {
        assert_eq!(value, raw);
    } else {
        assert_eq!(value, Value::Object(Default::default()));
    }
    let verdict = check(schema, &value, clock);
    let again = parse_json(value.to_string().as_bytes()).expect("serialised JSON parses");
    assert_eq!(verdict, check(schema, &again, clock), "{value}");
}

fn query(schema: &Schema, bytes: &[u8], clock: &Clock) {
    let text = String::from_utf8_lossy(bytes);
    let pairs: Vec<(String, String)> = text
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (p.to_owned(), String::new()),
        })
        .collect();
    match v2::validate_query(schema, &pairs, clock) {
        Ok(Value::Object(object)) => {
            for (name, value) in &object {
                assert!(pairs.iter().any(|(k, _)| k == name), "{name} was not given");
                let given: Vec<&str> = pairs
                    .iter()
                    .filter(|(k, _)| k == name)
                    .map(|(_, v)| v.as_str())
                    .collect();
                match value {
                    Value::Array(items) => assert_eq!(items.len(), given.len()),
                    Value::String(s) => assert_eq!(s, given[0]),
                    other => panic!("query value {other}"),
                }
            }
            accepted(schema, &Value::Object(object));
        }
        Ok(other) => panic!("query object {other}"),
        Err(ApiError::Validation(messages)) => refused(&messages, &Value::Null),
        Err(other) => panic!("validate_query gave {other:?}"),
    }
}

/// Validates and checks the answer's shape; returns it for comparison.
fn check(schema: &Schema, value: &Value, clock: &Clock) -> Result<(), Vec<String>> {
    match v2::validate(schema, value, clock) {
        Ok(()) => {
            accepted(schema, value);
            Ok(())
        }
        Err(ApiError::Validation(messages)) => {
            refused(&messages, value);
            Err(messages)
        }
        Err(other) => panic!("validate gave {other:?}"),
    }
}

fn accepted(schema: &Schema, value: &Value) {
    let object = value.as_object().expect("only objects validate");
    for name in schema.required {
        assert!(object.contains_key(*name), "required {name} missing");
    }
    if !schema.additional_properties {
        for key in object.keys() {
            assert!(
                schema.properties.iter().any(|p| p.name == key),
                "extra {key} accepted"
            );
        }
    }
}

fn refused(messages: &[String], value: &Value) {
    assert!(!messages.is_empty());
    for (i, message) in messages.iter().enumerate() {
        assert!(!message.is_empty());
        assert!(!message.contains('\''), "{message}");
        assert!(!messages[..i].contains(message), "repeated: {message}");
    }
    if !value.is_object() && !value.is_null() {
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].ends_with(" is not of type object"),
            "{messages:?}"
        );
    }
}
