//! Callbacks against a real receiver (spec §6): the exact bodies and bearer header for every
//! simulated outcome, Notify's retry rules, received-text callbacks queued by the CLI in
//! another process, hanging receivers, refused addresses, and the CLI's rules and records.

#[path = "../common/mod.rs"]
mod common;

mod bodies_and_retries;
mod cli_and_restart;
mod receivers;

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
    server.cli_ok(&[
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

fn send_sms(server: &TestServer, s: &common::seeding::Seeded, to: &str) -> Value {
    let body = json!({"phone_number": to, "template_id": s.sms.to_string(), "reference": "cb-ref", "personalisation": {"name": "A", "code": 1}});
    let reply = server.post_json(&s.test, "/v2/notifications/sms", &body);
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()
}
