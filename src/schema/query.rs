//! Turns a query string's decoded `(name, value)` pairs into the object Notify validates.
//!
//! Notify builds it from werkzeug's `MultiDict`: GET `/v2/notifications` uses
//! `request.args.to_dict(flat=False)` (every key a list) and then keeps only the first value of
//! `older_than`, `reference` and `include_jobs`, so `status` and `template_type` keep all their
//! values in order; GET `/v2/templates` and `/v2/received-text-messages` use `to_dict()`, the
//! first value of every key. Both come down to one rule, applied here: properties whose schema
//! rule is an array collect every value, everything else (unknown keys included, whose values
//! never appear in a message) takes its first value. That is how "a repeated parameter uses only
//! its first value" holds alongside repeatable `status`/`template_type`.

use serde_json::{Map, Value};

use super::{Rule, Schema};

/// Builds the object Notify validates from already percent-decoded query pairs, keys in order of
/// first appearance.
pub fn query_to_value<'a, I>(schema: &Schema, pairs: I) -> Value
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut object = Map::new();
    for (name, value) in pairs {
        let collects_all = schema
            .properties
            .iter()
            .any(|property| property.name == name && matches!(property.rule, Rule::ArrayOfEnum(_)));
        if collects_all {
            let entry = object
                .entry(name)
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(values) = entry {
                values.push(Value::String(value.to_owned()));
            }
        } else if !object.contains_key(name) {
            object.insert(name.to_owned(), Value::String(value.to_owned()));
        }
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests;
