//! Delivery receipts: the exact body and bearer header for every simulated final status, and
//! Notify's retry rules (server errors retried, client errors not).

use super::{attempts, send_sms, server, set_callback, wait_for_attempts, TOKEN};
use crate::common::receiver::Receiver;
use serde_json::{json, Value};

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
