//! Notifications read back through the API: the list's key-type scoping (GET by id is not
//! scoped), filters, pages of 250 with their links, and letter PDFs with their errors.

use super::{ids, send_sms};
use crate::common::TestServer;
use serde_json::{json, Value};

#[test]
fn lists_are_scoped_to_the_key_type_but_get_by_id_is_not() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let by_test = send_sms(&server, &s.test, s.sms, "07700900123", None);
    let by_live = send_sms(&server, &s.live, s.sms, "07700900123", None);
    assert_eq!(
        ids(&server.get_with(&s.test, "/v2/notifications").json()),
        vec![by_test.clone()]
    );
    assert_eq!(
        ids(&server.get_with(&s.live, "/v2/notifications").json()),
        vec![by_live.clone()]
    );
    assert_eq!(
        ids(&server.get_with(&s.team, "/v2/notifications").json()),
        Vec::<String>::new()
    );
    assert_eq!(
        server
            .get_with(&s.team, &format!("/v2/notifications/{by_test}"))
            .status,
        200
    );
    let other = server.seed(false);
    let reply = server.get_with(&other.test, &format!("/v2/notifications/{by_test}"));
    assert_eq!(
        (reply.status, reply.v2_error()),
        (404, ("NoResultFound".into(), "No result found".into()))
    );
    let bad = server.get_with(&s.test, "/v2/notifications/xyz");
    assert_eq!(
        (bad.status, bad.v2_error().1),
        (400, "notification_id is not a valid UUID".into())
    );
}

#[test]
fn filters_by_type_status_and_reference() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let ok = send_sms(&server, &s.test, s.sms, "07700900123", Some("ref-a"));
    let failed = send_sms(&server, &s.test, s.sms, "07700900002", Some("ref-b"));
    let email = server.post_json(&s.test, "/v2/notifications/email", &json!({"email_address": "a@example.com", "template_id": s.email.to_string(), "personalisation": {"name": "A"}})).json()["id"].as_str().unwrap().to_owned();
    server.wait_for_status(&s.test, &ok, "delivered");
    server.wait_for_status(&s.test, &failed, "permanent-failure");
    server.wait_for_status(&s.test, &email, "delivered");
    let list = |query: &str| {
        ids(&server
            .get_with(&s.test, &format!("/v2/notifications{query}"))
            .json())
    };
    assert_eq!(list("?template_type=sms"), vec![failed.clone(), ok.clone()]);
    assert_eq!(list("?template_type=email&template_type=sms").len(), 3);
    assert_eq!(list("?status=failed"), vec![failed.clone()]);
    assert_eq!(list("?status=permanent-failure&status=delivered").len(), 3);
    assert_eq!(list("?status=received"), vec![email.clone(), ok.clone()]);
    assert_eq!(list("?status=accepted"), Vec::<String>::new());
    assert_eq!(list("?reference=ref-a"), vec![ok.clone()]);
    assert_eq!(list("?reference=ref-a&reference=ref-b"), vec![ok.clone()]);
    assert_eq!(list("?include_jobs=true").len(), 3);
    assert_eq!(list(&format!("?older_than={failed}")), vec![ok.clone()]);
    assert_eq!(
        list(&format!("?older_than={}", uuid::Uuid::new_v4())),
        Vec::<String>::new()
    );

    let errors = |query: &str| {
        let reply = server.get_with(&s.test, &format!("/v2/notifications{query}"));
        assert_eq!(reply.status, 400, "{query}");
        reply.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["message"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        errors("?template_type=fax"),
        vec!["template_type fax is not one of [sms, email, letter]"]
    );
    assert!(errors("?status=elephant")[0]
        .starts_with("status elephant is not one of [cancelled, created, sending"));
    assert_eq!(
        errors("?older_than=nope"),
        vec!["older_than is not a valid UUID"]
    );
    assert_eq!(
        errors("?foo=1"),
        vec!["Additional properties are not allowed (foo was unexpected)"]
    );
}

#[test]
fn pages_of_250_with_next_links_on_every_non_empty_page() {
    let server = TestServer::start_with(|s| {
        s.timing.sending_after = std::time::Duration::from_secs(3600);
        s.timing.final_after = std::time::Duration::from_secs(3600);
    });
    let s = server.seed(false);
    let mut sent = Vec::new();
    for _ in 0..260 {
        sent.push(send_sms(&server, &s.test, s.sms, "07700900123", None));
    }
    sent.reverse();
    let first = server
        .get_with(&s.test, "/v2/notifications?template_type=sms")
        .json();
    assert_eq!(ids(&first), sent[..250].to_vec());
    let base = format!("{}/v2/notifications", server.url);
    assert_eq!(
        first["links"]["current"],
        format!("{base}?template_type=sms")
    );
    let next = first["links"]["next"].as_str().unwrap();
    assert_eq!(
        next,
        format!("{base}?template_type=sms&older_than={}", sent[249])
    );
    let second = server.get_with(&s.test, &next[server.url.len()..]).json();
    assert_eq!(ids(&second), sent[250..].to_vec());
    assert_eq!(
        second["links"]["next"],
        format!("{base}?template_type=sms&older_than={}", sent[259])
    );
    let empty = server
        .get_with(
            &s.test,
            &format!("/v2/notifications?older_than={}", sent[259]),
        )
        .json();
    assert_eq!(empty["notifications"], json!([]));
    assert!(empty["links"].get("next").is_none());
    assert_eq!(
        empty["links"]["current"],
        format!("{base}?older_than={}", sent[259])
    );
    let notification = &first["notifications"][0];
    assert_eq!(notification["status"], "created");
    assert_eq!(
        (
            notification["is_cost_data_ready"].clone(),
            notification["cost_in_pounds"].clone()
        ),
        (json!(false), Value::Null)
    );
}

#[test]
fn letter_pdfs_and_their_errors() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let body = json!({"template_id": s.letter.to_string(), "personalisation": {"name": "Ada", "address_line_1": "Ada Lovelace", "address_line_2": "1 Street", "postcode": "SW1A 1AA"}});
    let id = server
        .post_json(&s.test, "/v2/notifications/letter", &body)
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let pdf = server.get_with(&s.test, &format!("/v2/notifications/{id}/pdf"));
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    assert!(pdf.body.starts_with(b"%PDF-1.4"));
    assert_eq!(notifyd::letters::pdf::page_count(&pdf.body), Some(1));
    let text = String::from_utf8_lossy(&pdf.body);
    assert!(
        text.contains("(Ada Lovelace)") && text.contains("(Dear Ada)"),
        "address and body are in the PDF"
    );

    let sms = send_sms(&server, &s.test, s.sms, "07700900123", None);
    let reply = server.get_with(&s.test, &format!("/v2/notifications/{sms}/pdf"));
    assert_eq!(
        reply.v2_error(),
        (
            "BadRequestError".into(),
            "Notification is not a letter".into()
        )
    );
    let slow =
        TestServer::start_with(|c| c.timing.sending_after = std::time::Duration::from_secs(3600));
    let t = slow.seed(false);
    use base64::Engine;
    let content = base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.4 tiny");
    let id = slow
        .post_json(
            &t.live,
            "/v2/notifications/letter",
            &json!({"reference": "r", "content": content}),
        )
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = slow.get_with(&t.live, &format!("/v2/notifications/{id}/pdf"));
    assert_eq!(
        reply.v2_error(),
        (
            "PDFNotReadyError".into(),
            "PDF not available yet, try again later".into()
        )
    );
}
