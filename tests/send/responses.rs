//! What a send answers: the sms and email response shapes, sanitised content and typography,
//! and notify.cx's `send-email`.

use super::{email_body, keys, letter_body, sms_body};
use crate::common::TestServer;
use serde_json::{json, Value};

#[test]
fn sms_response_and_progression_with_a_test_key() {
    let server = TestServer::start_fast();
    let s = server.seed(true);
    let mut body = sms_body(s.sms, "07700 900123");
    body["reference"] = json!("my-ref");
    let reply = server.post_json(&s.test, "/v2/notifications/sms", &body);
    assert_eq!(reply.status, 201, "{}", reply.text());
    let created = reply.json();
    assert_eq!(
        keys(&created),
        vec![
            "content",
            "id",
            "reference",
            "scheduled_for",
            "template",
            "uri"
        ]
    );
    assert_eq!(
        created["content"],
        json!({"body": "Hello Ada, your code is 1234", "from_number": "GOVUK"})
    );
    assert_eq!(created["reference"], "my-ref");
    assert_eq!(created["scheduled_for"], Value::Null);
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        created["uri"],
        format!("{}/v2/notifications/{id}", server.url)
    );
    assert_eq!(
        created["template"],
        json!({"id": s.sms.to_string(), "version": 1, "uri": format!("{}/services/{}/templates/{}", server.url, s.service, s.sms)})
    );
    let delivered = server.wait_for_status(&s.test, id, "delivered");
    assert_eq!(delivered["phone_number"], "07700 900123");
    assert_eq!(delivered["type"], "sms");
    assert!(delivered["sent_at"].is_string() && delivered["completed_at"].is_string());
    assert_eq!(delivered["cost_details"]["billable_sms_fragments"], 1);
    assert_eq!(
        delivered["template"]["uri"],
        format!("{}/v2/template/{}/version/1", server.url, s.sms)
    );
}

#[test]
fn email_response_always_has_sanitised_content_and_typography() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let template = server.template(
        s.service,
        &[
            "--type",
            "email",
            "--name",
            "T",
            "--subject",
            "Re: ((thing)) - \"quotes\"",
            "--body",
            "Link: ((link))",
        ],
    );
    let body = json!({"email_address": "ada@example.com", "template_id": template.to_string(),
        "personalisation": {"thing": "your ‘claim’", "link": "www.example.com"}, "sanitise_content_for": ["link"]});
    let created = server
        .post_json(&s.live, "/v2/notifications/email", &body)
        .json();
    assert_eq!(
        keys(&created),
        vec![
            "content",
            "id",
            "reference",
            "sanitised_content",
            "scheduled_for",
            "template",
            "uri"
        ]
    );
    assert_eq!(
        keys(&created["content"]),
        vec!["body", "from_email", "one_click_unsubscribe_url", "subject"]
    );
    assert_eq!(
        created["content"]["from_email"],
        "seeded.service@notifications.service.gov.uk"
    );
    assert_eq!(created["content"]["subject"], "Re: your ‘claim’ – “quotes”");
    assert!(
        created["sanitised_content"]["link"]["unsanitised"] == "www.example.com",
        "{created}"
    );
    let plain = server
        .post_json(
            &s.live,
            "/v2/notifications/email",
            &email_body(s.email, "ada@example.com"),
        )
        .json();
    assert_eq!(plain["sanitised_content"], json!({}));
    assert_eq!(plain["content"]["body"], "Dear Ada,\n\nThanks.");
}

#[test]
fn a_letters_estimated_delivery_skips_christmas_and_boxing_day() {
    let server = TestServer::start_fast();
    // Tuesday 22 December 2026, 10:00 GMT: printed on Wednesday the 23rd. Second class does not
    // travel on Christmas Day (a Friday), the weekend, or Boxing Day's substitute (Monday 28).
    server.clock.set_us(1_797_933_600_000_000);
    let s = server.seed(true);
    let sent = server.post_json(&s.test, "/v2/notifications/letter", &letter_body(s.letter));
    assert_eq!(sent.status, 201);
    let id = sent.json()["id"].as_str().unwrap().to_owned();
    let letter = server.get_with(&s.test, &format!("/v2/notifications/{id}"));
    assert_eq!(
        letter.json()["estimated_delivery"],
        "2026-12-31T16:00:00.000000Z"
    );
}

#[test]
fn notify_cx_send_email() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let key = s.live.full_key.expose().to_owned();
    let body =
        json!({"to": "ada@example.com", "subject": "Hello", "message": "A message", "name": "Ada"});
    let reply = server.post(
        "/api/public/v1/send-email",
        &[("x-api-key", &key)],
        &body.to_string(),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let json = reply.json();
    assert_eq!(json["success"], true);
    let id = json["data"]["id"].as_str().unwrap();
    let sent = server
        .get_with(&s.live, &format!("/v2/notifications/{id}"))
        .json();
    assert_eq!(
        (
            sent["subject"].clone(),
            sent["body"].clone(),
            sent["email_address"].clone()
        ),
        (json!("Hello"), json!("A message"), json!("ada@example.com"))
    );
    let listed = server
        .get_with(&s.live, "/v2/notifications?template_type=email")
        .json();
    assert_eq!(listed["notifications"][0]["id"], id);
    let bad = server.post(
        "/api/public/v1/send-email",
        &[("x-api-key", &key)],
        r#"{"to": "nope", "subject": "s", "message": "m"}"#,
    );
    assert_eq!(
        (bad.status, bad.json()),
        (
            400,
            json!({"success": false, "message": "to must be a valid email address"})
        )
    );
    let missing = server.post(
        "/api/public/v1/send-email",
        &[("x-api-key", &key)],
        r#"{"to": "a@b.com"}"#,
    );
    assert_eq!(missing.json()["message"], "subject is required");
    let team = s.team.full_key.expose().to_owned();
    let refused = server.post(
        "/api/public/v1/send-email",
        &[("x-api-key", &team)],
        &body.to_string(),
    );
    assert_eq!(
        (refused.status, refused.json()["message"].clone()),
        (
            400,
            json!("Can’t send to this recipient using a team-only API key")
        )
    );
}
