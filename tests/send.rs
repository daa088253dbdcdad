//! Sending through a real server (spec §3, §4.5, §4.6): the response shapes, every key type's
//! rules, test-key outcomes, smoke-test recipients, and the order of checks.

mod common;

use common::TestServer;
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
fn test_key_simulated_failures() {
    let server = TestServer::start_fast();
    let s = server.seed(true);
    for (to, status) in [
        ("07700900003", "temporary-failure"),
        ("+447700900002", "permanent-failure"),
        ("07700 900003", "delivered"),
    ] {
        let id = server
            .post_json(&s.test, "/v2/notifications/sms", &sms_body(s.sms, to))
            .json()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        server.wait_for_status(&s.test, &id, status);
    }
    for (to, status) in [
        ("temp-fail@simulator.notify", "temporary-failure"),
        ("perm-fail@simulator.notify", "permanent-failure"),
        ("ok@simulator.notify", "delivered"),
    ] {
        let id = server
            .post_json(&s.test, "/v2/notifications/email", &email_body(s.email, to))
            .json()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        server.wait_for_status(&s.test, &id, status);
    }
    let id = server
        .post_json(&s.test, "/v2/notifications/letter", &letter_body(s.letter))
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let letter = server.wait_for_status(&s.test, &id, "received");
    assert_eq!(letter["line_1"], "Ada Lovelace");
    assert_eq!(letter["postcode"], "SW1A 1AA");
    assert_eq!(letter["postage"], "second");
    assert!(letter["estimated_delivery"].is_string());
}

#[test]
fn smoke_test_recipients_are_accepted_but_never_stored() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    for (path, body) in [
        ("/v2/notifications/sms", sms_body(s.sms, "07700 900000")),
        ("/v2/notifications/sms", sms_body(s.sms, "+447700900111")),
        (
            "/v2/notifications/email",
            email_body(s.email, "simulate-delivered@notifications.service.gov.uk"),
        ),
    ] {
        let reply = server.post_json(&s.live, path, &body);
        assert_eq!(reply.status, 201, "{}", reply.text());
        let id = reply.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(
            server
                .get_with(&s.live, &format!("/v2/notifications/{id}"))
                .status,
            404
        );
    }
    assert_eq!(
        server.get_with(&s.live, "/v2/notifications").json()["notifications"],
        json!([])
    );
}

#[test]
fn team_keys_reach_only_the_team_and_guest_list() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let sid = s.service.to_string();
    let refused = server.post_json(
        &s.team,
        "/v2/notifications/sms",
        &sms_body(s.sms, "07700900456"),
    );
    assert_eq!(
        (refused.status, refused.v2_error()),
        (
            400,
            (
                "BadRequestError".into(),
                "Can’t send to this recipient using a team-only API key".into()
            )
        )
    );
    let refused = server.post_json(
        &s.team,
        "/v2/notifications/email",
        &email_body(s.email, "stranger@example.com"),
    );
    assert_eq!(refused.status, 400);

    assert!(server
        .cli(&[
            "guest-list",
            "set",
            "--service",
            &sid,
            "--phone",
            "+44 7700 900456",
            "--email",
            "Guest@Example.com"
        ])
        .status
        .success());
    assert!(server
        .cli(&[
            "team",
            "add",
            "--service",
            &sid,
            "--email",
            "member@example.com",
            "--phone",
            "07700900789"
        ])
        .status
        .success());
    for (path, body) in [
        ("/v2/notifications/sms", sms_body(s.sms, "07700900456")),
        (
            "/v2/notifications/email",
            email_body(s.email, "guest@example.com"),
        ),
        (
            "/v2/notifications/email",
            email_body(s.email, "MEMBER@example.com"),
        ),
        ("/v2/notifications/sms", sms_body(s.sms, "+447700900789")),
    ] {
        let reply = server.post_json(&s.team, path, &body);
        assert_eq!(reply.status, 201, "{body}: {}", reply.text());
    }
    let letter = server.post_json(&s.team, "/v2/notifications/letter", &letter_body(s.letter));
    assert_eq!(
        (letter.status, letter.v2_error()),
        (
            403,
            (
                "BadRequestError".into(),
                "Cannot send letters with a team api key".into()
            )
        )
    );
}

#[test]
fn trial_mode_restricts_live_keys() {
    let server = TestServer::start_fast();
    let s = server.seed(true);
    let message = "Can’t send to this recipient when service is in trial mode – see https://www.notifications.service.gov.uk/trial-mode";
    // Checked before the smoke-test shortcut: even 07700900000 is refused.
    for to in ["07700900456", "07700900000"] {
        let reply = server.post_json(&s.live, "/v2/notifications/sms", &sms_body(s.sms, to));
        assert_eq!(
            (reply.status, reply.v2_error()),
            (400, ("BadRequestError".into(), message.into()))
        );
        assert!(
            reply.text().contains("Can\\u2019t") && reply.text().contains("\\u2013"),
            "{}",
            reply.text()
        );
    }
    let letter = server.post_json(&s.live, "/v2/notifications/letter", &letter_body(s.letter));
    assert_eq!(
        (letter.status, letter.v2_error().1),
        (
            403,
            "Cannot send letters when service is in trial mode".into()
        )
    );
    assert_eq!(
        server
            .post_json(&s.test, "/v2/notifications/letter", &letter_body(s.letter))
            .status,
        201
    );
    assert_eq!(
        server
            .post_json(
                &s.test,
                "/v2/notifications/sms",
                &sms_body(s.sms, "07700900456")
            )
            .status,
        201
    );
    assert!(server
        .cli(&[
            "service",
            "set",
            &s.service.to_string(),
            "--trial-mode",
            "off"
        ])
        .status
        .success());
    assert_eq!(
        server
            .post_json(
                &s.live,
                "/v2/notifications/sms",
                &sms_body(s.sms, "07700900456")
            )
            .status,
        201
    );
    assert_eq!(
        server
            .post_json(&s.live, "/v2/notifications/letter", &letter_body(s.letter))
            .status,
        201
    );
}

fn errors(reply: &common::Reply) -> Vec<(String, String)> {
    reply.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["error"].as_str().unwrap().to_owned(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn bad_requests_get_notifys_messages_in_order() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let raw = |body: &str| {
        let auth = common::bearer(&server.clock, &s.live);
        server.post("/v2/notifications/sms", &[("authorization", &auth)], body)
    };
    for body in ["", "not json", "{\"a\":"] {
        assert_eq!(
            errors(&raw(body)),
            vec![(
                "BadRequestError".into(),
                "Invalid JSON supplied in POST data".into()
            )],
            "{body:?}"
        );
    }
    let v = |m: &str| ("ValidationError".to_owned(), m.to_owned());
    assert_eq!(
        errors(&raw("null")),
        vec![
            v("phone_number is a required property"),
            v("template_id is a required property")
        ]
    );
    assert_eq!(
        errors(&raw("\"str\"")),
        vec![v("str is not of type object")]
    );
    let body = json!({"phone_number": true, "template_id": "nope", "personalisation": "x", "foo": 1, "bar": 2});
    assert_eq!(
        errors(&raw(&body.to_string())),
        vec![
            v("phone_number True is not of type string"),
            v("template_id is not a valid UUID"),
            v("personalisation x is not of type object"),
            v("Additional properties are not allowed (bar, foo were unexpected)"),
        ]
    );
    let bad_phone =
        raw(&json!({"phone_number": "0770090012a", "template_id": s.sms.to_string()}).to_string());
    assert_eq!(
        errors(&bad_phone),
        vec![v("phone_number Must not contain letters or symbols")]
    );
    let short =
        raw(&json!({"phone_number": "0712345", "template_id": s.sms.to_string()}).to_string());
    assert_eq!(errors(&short), vec![v("phone_number Not enough digits")]);

    let b = |m: &str| vec![("BadRequestError".to_owned(), m.to_owned())];
    let unknown = sms_body(uuid::Uuid::new_v4(), "07700900123");
    assert_eq!(errors(&raw(&unknown.to_string())), b("Template not found"));
    assert_eq!(
        errors(&raw(&sms_body(s.email, "07700900123").to_string())),
        b("email template is not suitable for sms notification")
    );
    let missing = json!({"phone_number": "07700900123", "template_id": s.sms.to_string(), "personalisation": {"Name": null}});
    assert_eq!(
        errors(&raw(&missing.to_string())),
        b("Missing personalisation: name, code")
    );
    let long = json!({"phone_number": "07700900123", "template_id": s.sms.to_string(), "personalisation": {"name": "x".repeat(1000), "code": 1}});
    assert_eq!(
        errors(&raw(&long.to_string())),
        b("Your message is too long. Text messages cannot be longer than 918 characters. Your message is 1022 characters long.")
    );
    let with_sender = json!({"phone_number": "07700900123", "template_id": s.sms.to_string(), "personalisation": {"name": 1, "code": 2},
        "sms_sender_id": "6ba7b810-9dad-11d1-80b4-00c04fd430c8"});
    assert_eq!(
        errors(&raw(&with_sender.to_string())),
        b(&format!("sms_sender_id 6ba7b810-9dad-11d1-80b4-00c04fd430c8 does not exist in database for service id {}", s.service))
    );
    let landline = raw(&sms_body(s.sms, "020 7946 0000").to_string());
    assert_eq!(
        errors(&landline),
        vec![(
            "InvalidPhoneError".to_owned(),
            "Not a UK mobile number".to_owned()
        )]
    );
}

#[test]
fn letters_validate_addresses_and_precompiled_pdfs() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let mut body = letter_body(s.letter);
    body["personalisation"]["postcode"] = json!("not a postcode");
    let reply = server.post_json(&s.live, "/v2/notifications/letter", &body);
    assert_eq!(
        errors(&reply),
        vec![(
            "ValidationError".to_owned(),
            "Last line of address must be a real UK postcode or another country".to_owned()
        )]
    );
    let no_address = json!({"template_id": s.letter.to_string(), "personalisation": {"name": "x"}});
    let reply = server.post_json(&s.live, "/v2/notifications/letter", &no_address);
    assert_eq!(
        errors(&reply),
        vec![(
            "ValidationError".to_owned(),
            "Address must be at least 3 lines".to_owned()
        )]
    );
    let missing = json!({"template_id": s.letter.to_string()});
    assert_eq!(
        errors(&server.post_json(&s.live, "/v2/notifications/letter", &missing))[0].1,
        "personalisation is a required property"
    );

    let created = server
        .post_json(&s.live, "/v2/notifications/letter", &letter_body(s.letter))
        .json();
    assert_eq!(keys(&created["content"]), vec!["body", "subject"]);
    assert_eq!(
        created["content"],
        json!({"body": "Dear Ada", "subject": "Your letter"})
    );

    use base64::Engine;
    let pdf = b"%PDF-1.4\n1 0 obj <</Type /Page>> endobj\n%%EOF".to_vec();
    let content = base64::engine::general_purpose::STANDARD.encode(&pdf);
    let reply = server.post_json(
        &s.live,
        "/v2/notifications/letter",
        &json!({"reference": "letter-1", "content": content, "postage": "first"}),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let precompiled = reply.json();
    assert_eq!(keys(&precompiled), vec!["id", "postage", "reference"]);
    assert_eq!(
        (
            precompiled["postage"].clone(),
            precompiled["reference"].clone()
        ),
        (json!("first"), json!("letter-1"))
    );
    let id = precompiled["id"].as_str().unwrap();
    let first = server
        .get_with(&s.live, &format!("/v2/notifications/{id}"))
        .json();
    assert!(["pending-virus-check", "accepted"].contains(&first["status"].as_str().unwrap()));
    server.wait_for_status(&s.live, id, "received");
    let fetched = server.get_with(&s.live, &format!("/v2/notifications/{id}/pdf"));
    assert_eq!((fetched.status, fetched.body.clone()), (200, pdf));
    let bad = server.post_json(
        &s.live,
        "/v2/notifications/letter",
        &json!({"reference": "x", "content": "abc"}),
    );
    assert_eq!(
        errors(&bad),
        vec![(
            "BadRequestError".to_owned(),
            "Cannot decode letter content (invalid base64 encoding)".to_owned()
        )]
    );
    let no_ref = server.post_json(
        &s.live,
        "/v2/notifications/letter",
        &json!({"content": content}),
    );
    assert_eq!(errors(&no_ref)[0].1, "reference is a required property");
}

#[test]
fn unknown_notification_types_and_odd_paths() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    assert_eq!(
        server
            .post_json(&s.live, "/v2/notifications/fax", &json!({}))
            .status,
        404
    );
    let reply = server.get_with(&s.live, "/v2/notifications/sms");
    assert_eq!(
        reply.v2_error(),
        (
            "ValidationError".into(),
            "notification_id is not a valid UUID".into()
        )
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
