//! Tests for `query_to_value`: the objects Notify builds from `request.args` before validating.

use serde_json::json;

use super::super::{GET_INBOUND_SMS_REQUEST, GET_NOTIFICATIONS_REQUEST, GET_TEMPLATES_REQUEST};
use super::query_to_value;

#[test]
fn notifications_query_keeps_every_status_and_template_type() {
    let pairs = [
        ("status", "created"),
        ("reference", "first"),
        ("template_type", "sms"),
        ("status", "pending"),
        ("reference", "second"),
        ("older_than", "a"),
        ("older_than", "b"),
        ("include_jobs", "true"),
        ("include_jobs", "false"),
        ("template_type", "email"),
        ("status", "sending"),
    ];
    assert_eq!(
        query_to_value(&GET_NOTIFICATIONS_REQUEST, pairs),
        json!({
            "status": ["created", "pending", "sending"],
            "reference": "first",
            "template_type": ["sms", "email"],
            "older_than": "a",
            "include_jobs": "true",
        })
    );
}

#[test]
fn unknown_keys_are_kept_for_the_additional_properties_message() {
    let pairs = [("foo", "1"), ("foo", "2"), ("bar", "")];
    assert_eq!(
        query_to_value(&GET_NOTIFICATIONS_REQUEST, pairs),
        json!({"foo": "1", "bar": ""})
    );
}

#[test]
fn templates_and_inbound_queries_take_first_values() {
    let pairs = [("type", "sms"), ("type", "email")];
    assert_eq!(
        query_to_value(&GET_TEMPLATES_REQUEST, pairs),
        json!({"type": "sms"})
    );
    let pairs = [("older_than", "x"), ("older_than", "y")];
    assert_eq!(
        query_to_value(&GET_INBOUND_SMS_REQUEST, pairs),
        json!({"older_than": "x"})
    );
    assert_eq!(query_to_value(&GET_TEMPLATES_REQUEST, []), json!({}));
}
