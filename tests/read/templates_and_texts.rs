//! Template previews, received text messages recorded by the CLI, and the CLI's own
//! `notifications list`.

use super::send_sms;
use crate::common::TestServer;
use serde_json::{json, Value};

#[test]
fn template_preview() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let reply = server.post_json(
        &s.test,
        &format!("/v2/template/{}/preview", s.email),
        &json!({"personalisation": {"name": "Ada"}}),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let preview = reply.json();
    assert_eq!(preview["body"], "Dear Ada,\n\nThanks.");
    assert_eq!(preview["subject"], "Hi Ada");
    assert_eq!(preview["type"], "email");
    assert_eq!(preview["version"], 1);
    assert!(preview["html"].as_str().unwrap().starts_with("<p style=\"Margin: 0 0 20px 0; font-size: 19px; line-height: 25px; color: #0B0C0C;\">Dear Ada,</p>"));
    let sms = server
        .post_json(
            &s.test,
            &format!("/v2/template/{}/preview", s.sms),
            &json!({"personalisation": {"name": "A", "code": 1}}),
        )
        .json();
    assert_eq!(
        (
            sms["html"].clone(),
            sms["subject"].clone(),
            sms["body"].clone()
        ),
        (Value::Null, Value::Null, json!("Hello A, your code is 1"))
    );
    let missing = server.post_json(
        &s.test,
        &format!("/v2/template/{}/preview", s.sms),
        &json!({}),
    );
    assert_eq!(
        missing.v2_error(),
        (
            "BadRequestError".into(),
            "Missing personalisation: name, code".into()
        )
    );
    let unknown = server.post_json(
        &s.test,
        &format!("/v2/template/{}/preview", uuid::Uuid::new_v4()),
        &json!({}),
    );
    assert_eq!(unknown.status, 404);
    let bad = server.post_json(&s.test, "/v2/template/nope/preview", &json!({}));
    assert_eq!(bad.v2_error().1, "id is not a valid UUID");
}

#[test]
fn received_texts_recorded_by_the_cli() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let sid = s.service.to_string();
    let recorded: Vec<String> = ["first", "second ’quote’"]
        .iter()
        .map(|text| server.receive_sms(s.service, "07700 900111", text))
        .collect();
    let bad = server.cli(&[
        "inbound-sms",
        "--service",
        &sid,
        "--from",
        "not a number",
        "--text",
        "x",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let page = server
        .get_with(&s.test, "/v2/received-text-messages")
        .json();
    let messages = page["received_text_messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["id"], recorded[1].as_str());
    assert_eq!(messages[0]["content"], "second ’quote’");
    assert_eq!(messages[0]["user_number"], "447700900111");
    assert_eq!(messages[0]["service_id"], sid.as_str());
    let base = format!("{}/v2/received-text-messages", server.url);
    assert_eq!(
        page["links"],
        json!({"current": base, "next": format!("{base}?older_than={}", recorded[0])})
    );
    let older = server
        .get_with(
            &s.test,
            &format!("/v2/received-text-messages?older_than={}", recorded[1]),
        )
        .json();
    assert_eq!(
        older["received_text_messages"][0]["id"],
        recorded[0].as_str()
    );
    let bad = server.get_with(&s.test, "/v2/received-text-messages?older_than=x");
    assert_eq!(bad.v2_error().1, "older_than is not a valid UUID");
}

#[test]
fn cli_lists_what_was_sent() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let id = send_sms(&server, &s.test, s.sms, "07700900123", None);
    send_sms(&server, &s.live, s.sms, "07700900456", None);
    let sid = s.service.to_string();
    let out = server.cli(&["notifications", "list", "--service", &sid]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("07700900123") && text.contains("07700900456"),
        "{text}"
    );
    let out = server.cli(&[
        "--json",
        "notifications",
        "list",
        "--service",
        &sid,
        "--key-type",
        "test",
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["id"], id.as_str());
}
