//! Bad requests: Notify's messages in Notify's order, letter addresses and precompiled PDFs,
//! unknown notification types and odd paths.

use super::{keys, letter_body, sms_body};
use crate::common::{self, TestServer};
use serde_json::json;

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
