//! Reading back through a real server (spec §4.7–4.10): the list's key-type scoping, filters,
//! pages and links, GET by id, PDFs, template previews and received text messages, and the
//! CLI's `notifications list` and `inbound-sms`.

#[path = "../common/mod.rs"]
mod common;

mod lifecycle;
mod notifications;
mod templates_and_texts;

use common::TestServer;
use serde_json::{json, Value};

fn send_sms(
    server: &TestServer,
    key: &notifyd::keys::NewKey,
    template: uuid::Uuid,
    to: &str,
    reference: Option<&str>,
) -> String {
    let mut body = json!({"phone_number": to, "template_id": template.to_string(), "personalisation": {"name": "A", "code": 1}});
    if let Some(r) = reference {
        body["reference"] = json!(r);
    }
    let reply = server.post_json(key, "/v2/notifications/sms", &body);
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["id"].as_str().unwrap().to_owned()
}

fn ids(page: &Value) -> Vec<String> {
    page["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}
