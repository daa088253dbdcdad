//! Sending through a real server (spec §3, §4.5, §4.6): the response shapes, every key type's
//! rules, test-key outcomes, smoke-test recipients, and the order of checks.

#[path = "../common/mod.rs"]
mod common;

mod key_types;
mod responses;
mod validation;

use serde_json::{json, Value};

fn sms_body(template: uuid::Uuid, to: &str) -> Value {
    json!({"phone_number": to, "template_id": template.to_string(), "personalisation": {"name": "Ada", "code": "1234"}})
}

fn email_body(template: uuid::Uuid, to: &str) -> Value {
    json!({"email_address": to, "template_id": template.to_string(), "personalisation": {"name": "Ada"}})
}

fn letter_body(template: uuid::Uuid) -> Value {
    json!({"template_id": template.to_string(), "personalisation": {
        "name": "Ada", "address_line_1": "Ada Lovelace", "address_line_2": "1 Example Street", "postcode": "SW1A 1AA"}})
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}
