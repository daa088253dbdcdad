//! The CLI's rules for callbacks and its records of attempts, and pending callbacks surviving a
//! restart.

use super::{send_sms, server, set_callback, wait_for_attempts};
use crate::common::{receiver::Receiver, TestServer};
use serde_json::Value;
use std::time::Duration;

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
    let remove = [
        "callback",
        "remove",
        "--service",
        &sid,
        "--type",
        "delivery-status",
    ];
    assert!(server.cli(&remove).status.success());
    assert_eq!(
        server.cli(&remove).status.code(),
        Some(1),
        "already removed"
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
