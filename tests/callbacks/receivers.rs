//! Received-text callbacks queued by the CLI in another process, and receivers that hang or
//! addresses that are refused: recorded, without slowing sends.

use super::{attempts, send_sms, server, set_callback, wait_for_attempts, TOKEN};
use crate::common::receiver::Receiver;
use serde_json::Value;
use std::time::Duration;

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
