//! Real delivery on a single VM: live and team keys' email through an SMTP server the test
//! runs on loopback, text messages to a webhook receiver; statuses follow what they answer.

mod common;

use common::receiver::Receiver;
use common::smtp::SmtpSink;
use common::TestServer;
use notifyd::providers::smtp::{Security, SmtpSettings};
use serde_json::json;
use std::time::Duration;

fn with_smtp(port: u16, window: Duration) -> TestServer {
    TestServer::start_with(|s| {
        s.timing.sending_after = Duration::from_millis(10);
        s.timing.final_after = Duration::from_millis(40);
        s.smtp = Some(SmtpSettings {
            host: "127.0.0.1".into(),
            port,
            security: Security::None,
            username: None,
            password: None,
            timeout: Duration::from_secs(2),
        });
        s.email_domain = "mail.example.com".into();
        s.retry.window = window;
        s.retry.first_backoff = Duration::from_millis(50);
        s.retry.max_backoff = Duration::from_millis(200);
    })
}

fn send_email(
    server: &TestServer,
    key: &notifyd::keys::NewKey,
    template: uuid::Uuid,
    to: &str,
) -> String {
    let body = json!({"email_address": to, "template_id": template.to_string(), "personalisation": {"name": "Ada"}});
    let reply = server.post_json(key, "/v2/notifications/email", &body);
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["id"].as_str().unwrap().to_owned()
}

#[test]
fn live_email_is_relayed_as_a_two_part_mime_message() {
    let smtp = SmtpSink::start(0);
    let server = with_smtp(smtp.port, Duration::from_secs(60));
    let s = server.seed(false);
    let template = server.template(
        s.service,
        &[
            "--type",
            "email",
            "--name",
            "Rich",
            "--subject",
            "Hello ((name))",
            "--body",
            "Dear ((name)),\n\n* first\n* second",
        ],
    );
    let id = send_email(&server, &s.live, template, "ada@example.com");
    let mail = &smtp.wait_for(1)[0];
    assert_eq!(mail.from, "<seeded.service@mail.example.com>");
    assert_eq!(mail.to, vec!["<ada@example.com>".to_owned()]);
    let data = &mail.data;
    for header in [
        "From: \"Seeded service\" <seeded.service@mail.example.com>",
        "To: ada@example.com",
        "Subject: Hello Ada",
        "MIME-Version: 1.0",
        "multipart/alternative",
    ] {
        assert!(data.contains(header), "{header} missing in:\n{data}");
    }
    assert!(
        data.contains(&format!("Message-ID: <{id}@notifyd>")),
        "{data}"
    );
    assert!(
        data.contains("Content-Type: text/plain") && data.contains("Content-Type: text/html"),
        "{data}"
    );
    assert!(
        data.contains("Dear Ada,") && data.contains("<li"),
        "both parts carry the content: {data}"
    );
    server.wait_for_status(&s.live, &id, "delivered");
}

#[test]
fn test_keys_never_reach_the_relay_and_refusals_set_the_status() {
    let smtp = SmtpSink::start(1);
    let server = with_smtp(smtp.port, Duration::from_secs(60));
    let s = server.seed(false);
    let test = send_email(&server, &s.test, s.email, "ada@example.com");
    server.wait_for_status(&s.test, &test, "delivered");
    let rejected = send_email(&server, &s.live, s.email, "reject@example.com");
    server.wait_for_status(&s.live, &rejected, "permanent-failure");
    let later = send_email(&server, &s.live, s.email, "later@example.com");
    server.wait_for_status(&s.live, &later, "delivered");
    let mails = smtp.mails();
    assert_eq!(
        mails.len(),
        1,
        "one mail accepted (the retried one): {mails:?}"
    );
    assert_eq!(mails[0].to, vec!["<later@example.com>".to_owned()]);
}

#[test]
fn an_unreachable_relay_ends_in_temporary_failure_after_the_window() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let server = with_smtp(port, Duration::from_millis(300));
    let s = server.seed(false);
    let started = std::time::Instant::now();
    let id = send_email(&server, &s.live, s.email, "ada@example.com");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "sends are not held up by the relay"
    );
    let failed = server.wait_for_status(&s.live, &id, "temporary-failure");
    assert!(failed["completed_at"].is_string());
}

#[test]
fn text_messages_go_to_the_webhook() {
    let webhook = Receiver::start(&[200, 400]);
    let server = TestServer::start_with(|c| {
        c.timing.sending_after = Duration::from_millis(10);
        c.sms_webhook = Some((
            format!("{}/sms", webhook.url),
            Some(notifyd::secrets::Secret::new("gateway-token".into())),
        ));
    });
    let s = server.seed(false);
    let body = json!({"phone_number": "07700 900123", "template_id": s.sms.to_string(), "personalisation": {"name": "Ada", "code": 42}, "reference": "r1"});
    let id = server
        .post_json(&s.live, "/v2/notifications/sms", &body)
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let call = &webhook.wait_for(1)[0];
    assert_eq!(call.authorization.as_deref(), Some("Bearer gateway-token"));
    assert_eq!(call.body["id"], id.as_str());
    assert_eq!(call.body["to"], "07700 900123");
    assert_eq!(call.body["normalised_to"], "447700900123");
    assert_eq!(call.body["body"], "Hello Ada, your code is 42");
    assert_eq!(call.body["from"], "GOVUK");
    assert_eq!(call.body["reference"], "r1");
    server.wait_for_status(&s.live, &id, "delivered");
    let refused = server
        .post_json(&s.live, "/v2/notifications/sms", &body)
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    server.wait_for_status(&s.live, &refused, "permanent-failure");
}

#[test]
fn a_configured_reply_to_is_sent() {
    let smtp = SmtpSink::start(0);
    let config = r#"
        [[services]]
        id = "0b1e0a54-0000-4000-8000-000000000009"
        name = "Replies"
        trial_mode = false
        email_reply_to = "help@example.com"
        [[services.keys]]
        name = "live"
        type = "live"
        secret = "11111111-2222-4333-8444-555555555555"
        [[services.templates]]
        id = "0b1e0a54-0000-4000-8000-0000000000e1"
        type = "email"
        name = "E"
        subject = "S"
        body = "B"
    "#;
    let server = TestServer::start_with(|s| {
        s.timing.sending_after = Duration::from_millis(10);
        s.smtp = Some(SmtpSettings {
            host: "127.0.0.1".into(),
            port: smtp.port,
            security: Security::None,
            username: None,
            password: None,
            timeout: Duration::from_secs(2),
        });
        s.file = notifyd::config::parse(config).unwrap();
    });
    let key = "live-live-0b1e0a54-0000-4000-8000-000000000009-11111111-2222-4333-8444-555555555555";
    let body = json!({"email_address": "a@example.com", "template_id": "0b1e0a54-0000-4000-8000-0000000000e1"});
    let reply = server.post(
        "/v2/notifications/email",
        &[("authorization", &format!("ApiKey-v1 {key}"))],
        &body.to_string(),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let mail = &smtp.wait_for(1)[0];
    assert!(
        mail.data.contains("Reply-To: help@example.com"),
        "{}",
        mail.data
    );
}
