//! The validator: walks a [`Schema`] over a JSON value and produces Notify's messages in Notify's
//! order (`app/schema_validation/__init__.py` `build_error_message` over jsonschema's Draft 7
//! `iter_errors`).
//!
//! Order: a non-object instance gives only `<repr> is not of type object`; otherwise property
//! errors in schema order (array items in order), then one `<name> is a required property` per
//! missing name, then `Additional properties are not allowed (<sorted names> was/were unexpected)`.
//! Text: `<name> <message>`, where the message has every `'` deleted; properties with a
//! `validationMessage` give `<name> <validationMessage>` verbatim. Equal messages are kept once,
//! first occurrence first. A valid instance allocates nothing.

use std::collections::HashSet;
use std::fmt::{self, Write};

use serde_json::{Map, Value};

use super::iso8601::{check_scheduled_for, ScheduledFor};
use super::uri::is_https_url;
use super::uuid::parse_python_uuid;
use super::{Checkers, Property, Rule, Schema};
use crate::python::{write_repr, write_str_repr};

const INVALID_DATETIME: &str = "datetime format is invalid. It must be a valid ISO8601 date time \
     format, https://en.wikipedia.org/wiki/ISO_8601";

/// Validates `instance` against `schema`, returning every message Notify would give, in its
/// order, de-duplicated.
pub fn validate(schema: &Schema, instance: &Value, checkers: &Checkers) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    match instance {
        Value::Object(object) => validate_object(schema, object, checkers, &mut errors),
        _ => errors.push(message("", |out| {
            write_repr(out, instance)?;
            out.write_str(" is not of type 'object'")
        })),
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(dedupe(errors))
    }
}

fn validate_object(
    schema: &Schema,
    object: &Map<String, Value>,
    checkers: &Checkers,
    errors: &mut Vec<String>,
) {
    for property in schema.properties {
        if let Some(value) = object.get(property.name) {
            check_property(property, value, checkers, errors);
        }
    }
    for &name in schema.required {
        if !object.contains_key(name) {
            errors.push(message("", |out| {
                write_str_repr(out, name)?;
                out.write_str(" is a required property")
            }));
        }
    }
    if !schema.additional_properties {
        let is_extra = |key: &&String| !schema.properties.iter().any(|p| p.name == key.as_str());
        if object.keys().any(|key| is_extra(&key)) {
            let mut extras: Vec<&String> = object.keys().filter(is_extra).collect();
            extras.sort();
            errors.push(additional_properties_message(&extras));
        }
    }
}

/// `Additional properties are not allowed ('a', 'b' were unexpected)`, quotes then deleted.
fn additional_properties_message(extras: &[&String]) -> String {
    message("", |out| {
        out.write_str("Additional properties are not allowed (")?;
        for (index, extra) in extras.iter().enumerate() {
            if index > 0 {
                out.write_str(", ")?;
            }
            write_str_repr(out, extra)?;
        }
        out.write_str(if extras.len() == 1 {
            " was unexpected)"
        } else {
            " were unexpected)"
        })
    })
}

fn check_property(
    property: &Property,
    value: &Value,
    checkers: &Checkers,
    errors: &mut Vec<String>,
) {
    let name = property.name;
    match &property.rule {
        Rule::Uuid => {
            if value.as_str().and_then(parse_python_uuid).is_none() {
                errors.push(format!("{name} is not a valid UUID"));
            }
        }
        Rule::HttpsUrl => {
            if !value.as_str().is_some_and(is_https_url) {
                errors.push(format!("{name} is not a valid https url"));
            }
        }
        Rule::String { max_length } => match value {
            Value::String(text) => {
                if let Some(limit) = *max_length {
                    if text.len() > limit && text.chars().count() > limit {
                        errors.push(value_message(name, value, " is too long"));
                    }
                }
            }
            _ => errors.push(type_message(name, value, "'string'")),
        },
        Rule::NullableString => {
            if !matches!(value, Value::String(_) | Value::Null) {
                errors.push(type_message(name, value, "'string', 'null'"));
            }
        }
        Rule::Object => {
            if !value.is_object() {
                errors.push(type_message(name, value, "'object'"));
            }
        }
        Rule::PhoneNumber => check_with(name, value, checkers.phone_number, errors),
        Rule::EmailAddress => check_with(name, value, checkers.email_address, errors),
        Rule::ScheduledFor => check_scheduled(name, value, checkers.now_unix_micros, errors),
        Rule::Postage {
            allowed,
            message: text,
        } => match value.as_str() {
            Some(postage) if allowed.contains(&postage) => {}
            Some(_) => errors.push(message(name, |out| out.write_str(text))),
            None => errors.push(type_message(name, value, "'string'")),
        },
        Rule::Enum(allowed) => check_enum(name, value, allowed, errors),
        Rule::ArrayOfEnum(allowed) => match value {
            Value::Array(items) => {
                for item in items {
                    check_enum(name, item, allowed, errors);
                }
            }
            _ => errors.push(type_message(name, value, "'array'")),
        },
        Rule::NullableStringArray => match value {
            Value::Array(items) => {
                for item in items.iter().filter(|item| !item.is_string()) {
                    errors.push(type_message(name, item, "'string'"));
                }
            }
            Value::Null => {}
            _ => errors.push(type_message(name, value, "'array', 'null'")),
        },
    }
}

/// A string checked by an injected validator; other types get the type message.
fn check_with(
    name: &str,
    value: &Value,
    check: &dyn Fn(&str) -> Result<(), String>,
    errors: &mut Vec<String>,
) {
    match value.as_str() {
        Some(text) => {
            if let Err(reason) = check(text) {
                errors.push(message(name, |out| out.write_str(&reason)));
            }
        }
        None => errors.push(type_message(name, value, "'string'")),
    }
}

fn check_scheduled(name: &str, value: &Value, now: i64, errors: &mut Vec<String>) {
    let text = match value {
        Value::String(text) => text,
        Value::Null => return,
        _ => return errors.push(type_message(name, value, "'string', 'null'")),
    };
    let reason = match check_scheduled_for(text, now) {
        ScheduledFor::Valid => return,
        ScheduledFor::Invalid => INVALID_DATETIME,
        ScheduledFor::Past => "datetime can not be in the past",
        ScheduledFor::TooFarAhead => "datetime can only be 24 hours in the future",
    };
    errors.push(message(name, |out| out.write_str(reason)));
}

/// `<name> <repr> is not one of [<reprs>]` unless `value` is one of the strings.
fn check_enum(name: &str, value: &Value, allowed: &[&str], errors: &mut Vec<String>) {
    if value.as_str().is_some_and(|text| allowed.contains(&text)) {
        return;
    }
    errors.push(message(name, |out| {
        write_repr(out, value)?;
        out.write_str(" is not one of [")?;
        for (index, option) in allowed.iter().enumerate() {
            if index > 0 {
                out.write_str(", ")?;
            }
            write_str_repr(out, option)?;
        }
        out.write_char(']')
    }));
}

/// `<name> <repr> is not of type <types>` (types given as Python reprs, e.g. `'string', 'null'`).
fn type_message(name: &str, value: &Value, types: &str) -> String {
    message(name, |out| {
        write_repr(out, value)?;
        out.write_str(" is not of type ")?;
        out.write_str(types)
    })
}

/// `<name> <repr><suffix>`.
fn value_message(name: &str, value: &Value, suffix: &str) -> String {
    message(name, |out| {
        write_repr(out, value)?;
        out.write_str(suffix)
    })
}

/// `<path> <message>` (just the message when `path` is empty) with every `'` deleted from the
/// message, as Notify's `__format_message` does.
fn message(path: &str, write: impl FnOnce(&mut String) -> fmt::Result) -> String {
    let mut out = String::with_capacity(path.len() + 48);
    if !path.is_empty() {
        out.push_str(path);
        out.push(' ');
    }
    let start = out.len();
    // Writing into a String cannot fail.
    let _ = write(&mut out);
    if out[start..].contains('\'') {
        let cleaned: String = out[start..].chars().filter(|&ch| ch != '\'').collect();
        out.truncate(start);
        out.push_str(&cleaned);
    }
    out
}

/// Notify's `unique_errors`: keeps the first of equal messages.
fn dedupe(errors: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::with_capacity(errors.len());
    let first: Vec<bool> = errors
        .iter()
        .map(|error| seen.insert(error.as_str()))
        .collect();
    drop(seen);
    errors
        .into_iter()
        .zip(first)
        .filter_map(|(error, first)| first.then_some(error))
        .collect()
}

#[cfg(test)]
mod tests;
