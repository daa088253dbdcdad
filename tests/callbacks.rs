//! Callbacks against a real receiver (spec §6): the exact bodies and bearer header for every
//! simulated outcome, Notify's retry rules, received-text callbacks queued by the CLI in
//! another process, hanging receivers, refused addresses, and the CLI's rules and records.

mod common;

use common::receiver::Receiver;
use common::TestServer;
use serde_json::{json, Value};
use std::time::Duration;

const TOKEN: &str = "a-very-secret-token";

fn server() -> TestServer {
    TestServer::start_with(|s| {
        s.timing.sending_after = Duration::from_millis(10);
        s.timing.final_after = Duration::from_millis(40);
        s.callbacks.retry_delay = Duration::from_millis(50);
        s.callbacks.timeout = Duration::from_millis(500);
    })
}

fn set_callback(server: &TestServer, service: uuid::Uuid, kind: &str, url: &str) {
    let out = server.cli(&[
        "callback",
        "set",
        "--service",
        &service.to_string(),
        "--type",
        kind,
        "--url",
        url,
        "--bearer-token",
        TOKEN,
    ]);
    assert!(out.status.success(), "{out:?}");
}

fn attempts(server: &TestServer, service: uuid::Uuid, notification: &str) -> Vec<Value> {
    let out = server.cli(&[
        "--json",
        "callback",
        "attempts",
        "--service",
        &service.to_string(),
        "--notification",
        notification,
    ]);
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn wait_for_attempts(
    server: &TestServer,
    service: uuid::Uuid,
    notification: &str,
    n: usize,
) -> Vec<Value> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let found = attempts(server, service, notification);
        if found.len() >= n {
            return found;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{} of {n} attempts recorded",
            found.len()
        );
    }
}

fn send_sms(server: &TestServer, s: &common::Seeded, to: &str) -> Value {
    let body = json!({"phone_number": to, "template_id": s.sms.to_string(), "reference": "cb-ref", "personalisation": {"name": "A", "code": 1}});
    let reply = server.post_json(&s.test, "/v2/notifications/sms", &body);
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()
}

#[test]
fn every_final_status_is_called_back_with_notifys_body() {
    let server = server();
    let receiver = Receiver::start(&[200]);
    let s = server.seed(false);
    set_callback(
        &server,
        s.service,
        "delivery-status",
        &format!("{}/status", receiver.url),
    );
    let mut expected = Vec::new();
    for (to, status) in [
        ("07700900123", "delivered"),
        ("07700900003", "temporary-failure"),
        ("07700900002", "permanent-failure"),
    ] {
        let id = send_sms(&server, &s, to)["id"].as_str().unwrap().to_owned();
        expected.push((id, to, status));
    }
    let email = server.post_json(&s.test, "/v2/notifications/email", &json!({"email_address": "perm-fail@simulator.notify", "template_id": s.email.to_string(), "personalisation": {"name": "A"}}));
    let email_id = email.json()["id"].as_str().unwrap().to_owned();
    let received = receiver.wait_for(4);
    for (id, to, status) in &expected {
        let call = received
            .iter()
            .find(|r| r.body["id"] == id.as_str())
            .unwrap_or_else(|| panic!("no callback for {id}"));
        assert_eq!(call.path, "/status");
        assert_eq!(
            call.authorization.as_deref(),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert_eq!(call.content_type.as_deref(), Some("application/json"));
        let body = call.body.as_object().unwrap();
        let keys: Vec<&str> = body.keys().map(String::as_str).collect();
        let mut expected_keys = vec![
            "completed_at",
            "created_at",
            "id",
            "notification_type",
            "reference",
            "sent_at",
            "status",
            "template_id",
            "template_version",
            "to",
        ];
        expected_keys.sort_unstable();
        assert_eq!(keys, expected_keys);
        assert_eq!(
            (body["status"].as_str(), body["to"].as_str()),
            (Some(*status), Some(*to))
        );
        assert_eq!(body["reference"], "cb-ref");
        assert_eq!(body["notification_type"], "sms");
        assert_eq!(body["template_id"], s.sms.to_string());
        assert_eq!(body["template_version"], 1);
        let notification = server
            .get_with(&s.test, &format!("/v2/notifications/{id}"))
            .json();
        assert_eq!(body["created_at"], notification["created_at"]);
        assert_eq!(body["sent_at"], notification["sent_at"]);
        assert_eq!(body["completed_at"], notification["completed_at"]);
    }
    let call = received
        .iter()
        .find(|r| r.body["id"] == email_id.as_str())
        .unwrap();
    assert_eq!(
        (
            call.body["status"].clone(),
            call.body["notification_type"].clone()
        ),
        (json!("permanent-failure"), json!("email"))
    );
    let recorded = wait_for_attempts(&server, s.service, &expected[0].0, 1);
    assert_eq!(recorded[0]["http_status"], 200);
    assert_eq!(recorded[0]["url"], format!("{}/status", receiver.url));
    assert!(!String::from_utf8(
        server
            .cli(&[
                "--json",
                "callback",
                "list",
                "--service",
                &s.service.to_string()
            ])
            .stdout
    )
    .unwrap()
    .contains(TOKEN));
}

#[test]
fn server_errors_are_retried_client_errors_are_not() {
    let server = server();
    let s = server.seed(false);
    let flaky = Receiver::start(&[500, 500, 200]);
    set_callback(&server, s.service, "delivery-status", &flaky.url);
    let id = send_sms(&server, &s, "07700900123")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    flaky.wait_for(3);
    let tries = wait_for_attempts(&server, s.service, &id, 3);
    let statuses: Vec<Value> = tries
        .iter()
        .rev()
        .map(|a| a["http_status"].clone())
        .collect();
    assert_eq!(statuses, vec![json!(500), json!(500), json!(200)]);

    let refusing = Receiver::start(&[400]);
    set_callback(&server, s.service, "delivery-status", &refusing.url);
    let id = send_sms(&server, &s, "07700900123")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let tries = wait_for_attempts(&server, s.service, &id, 1);
    assert_eq!(tries[0]["http_status"], 400);
    // A later send proves the worker has moved on; the 400 was still tried exactly once.
    let later = send_sms(&server, &s, "07700900123")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    wait_for_attempts(&server, s.service, &later, 1);
    assert_eq!(attempts(&server, s.service, &id).len(), 1);

    let always_down = Receiver::start(&[503]);
    set_callback(&server, s.service, "delivery-status", &always_down.url);
    let id = send_sms(&server, &s, "07700900123")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    wait_for_attempts(&server, s.service, &id, 6);
    let later = send_sms(&server, &s, "07700900123")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    wait_for_attempts(&server, s.service, &later, 6);
    assert_eq!(
        attempts(&server, s.service, &id).len(),
        6,
        "one try and five retries"
    );
}

#[test]
fn received_texts_recorded_by_the_cli_are_called_back() {
    let server = server();
    let receiver = Receiver::start(&[204]);
    let s = server.seed(false);
    set_callback(&server, s.service, "inbound-sms", &receiver.url);
    let out = server.cli(&[
        "inbound-sms",
        "--service",
        &s.service.to_string(),
        "--from",
        "07700 900111",
        "--text",
        "Reply STOP",
        "--to",
        "07700900999",
    ]);
    assert!(out.status.success());
    let id = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let call = &receiver.wait_for(1)[0];
    assert_eq!(
        call.authorization.as_deref(),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    let body = call.body.as_object().unwrap();
    let keys: Vec<&str> = body.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        vec![
            "date_received",
            "destination_number",
            "id",
            "message",
            "source_number"
        ]
    );
    assert_eq!(body["id"], id.as_str());
    assert_eq!(body["source_number"], "447700900111");
    assert_eq!(body["destination_number"], "07700900999");
    assert_eq!(body["message"], "Reply STOP");
}

#[test]
fn hanging_receivers_and_refused_addresses_are_recorded_without_slowing_sends() {
    let server = server();
    let s = server.seed(false);
    let hanging = Receiver::start(&[0]);
    set_callback(&server, s.service, "delivery-status", &hanging.url);
    let started = std::time::Instant::now();
    let id = send_sms(&server, &s, "07700900123")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the send is not held up by the callback"
    );
    let tries = wait_for_attempts(&server, s.service, &id, 1);
    assert!(
        tries[0]["error"].as_str().unwrap().contains("timed out"),
        "{tries:?}"
    );
    assert_eq!(tries[0]["http_status"], Value::Null);

    set_callback(
        &server,
        s.service,
        "delivery-status",
        "https://10.0.0.1/callback",
    );
    let id = send_sms(&server, &s, "07700900123")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let tries = wait_for_attempts(&server, s.service, &id, 1);
    assert!(
        tries[0]["error"]
            .as_str()
            .unwrap()
            .contains("private network"),
        "{tries:?}"
    );
    let later = send_sms(&server, &s, "07700900123")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    wait_for_attempts(&server, s.service, &later, 1);
    assert_eq!(
        attempts(&server, s.service, &id).len(),
        1,
        "refused addresses are not retried"
    );
}

#[test]
fn cli_rules_for_callbacks() {
    let server = server();
    let s = server.seed(false);
    let sid = s.service.to_string();
    let set = |url: &str, token: &str| {
        server.cli(&[
            "callback",
            "set",
            "--service",
            &sid,
            "--type",
            "delivery-status",
            "--url",
            url,
            "--bearer-token",
            token,
        ])
    };
    let stderr = |out: std::process::Output| {
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stderr).unwrap()
    };
    assert!(stderr(set("http://example.com/cb", "long-enough-token"))
        .contains("Must be a valid https URL"));
    assert!(stderr(set("", "long-enough-token")).contains("Cannot be empty"));
    assert!(stderr(set("https://example.com/cb", "short"))
        .contains("The bearer token must be at least 10 characters long"));
    assert!(set("https://example.com/cb", "long-enough-token")
        .status
        .success());
    let listed: Value = serde_json::from_slice(
        &server
            .cli(&["--json", "callback", "list", "--service", &sid])
            .stdout,
    )
    .unwrap();
    assert_eq!(listed[0]["url"], "https://example.com/cb");
    assert_eq!(listed[0]["bearer_token"], "bearer_token_set");
    assert!(server
        .cli(&[
            "callback",
            "remove",
            "--service",
            &sid,
            "--type",
            "delivery-status"
        ])
        .status
        .success());
    assert_eq!(
        server
            .cli(&[
                "callback",
                "remove",
                "--service",
                &sid,
                "--type",
                "delivery-status"
            ])
            .status
            .code(),
        Some(1)
    );
    let bad_type = server.cli(&[
        "callback",
        "set",
        "--service",
        &sid,
        "--type",
        "complaint",
        "--url",
        "https://x.com",
        "--bearer-token",
        "xxxxxxxxxxxx",
    ]);
    assert_eq!(bad_type.status.code(), Some(2));
}

#[test]
fn pending_callbacks_survive_a_restart() {
    let receiver = Receiver::start(&[503, 200]);
    let mut first = TestServer::start_with(|s| {
        s.timing.sending_after = Duration::from_millis(10);
        s.timing.final_after = Duration::from_millis(40);
        s.callbacks.retry_delay = Duration::from_secs(3600);
    });
    let s = first.seed(false);
    set_callback(&first, s.service, "delivery-status", &receiver.url);
    let id = send_sms(&first, &s, "07700900123")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    wait_for_attempts(&first, s.service, &id, 1);
    first.stop();
    let db = first.db_path();
    let second = TestServer::start_with(|c| {
        c.db = db.clone();
        c.callbacks.retry_delay = Duration::from_millis(50);
    });
    // The retry was due in an hour; step the clock instead of waiting.
    second.clock.advance_us(3_600_000_000);
    let tries = wait_for_attempts(&second, s.service, &id, 2);
    assert_eq!(tries[0]["http_status"], 200);
    assert_eq!(tries[1]["http_status"], 503);
}
