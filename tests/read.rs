//! Reading back through a real server (spec §4.7–4.10): the list's key-type scoping, filters,
//! pages and links, GET by id, PDFs, template previews and received text messages, and the
//! CLI's `notifications list` and `inbound-sms`.

mod common;

use common::{Seeded, TestServer};
use serde_json::{json, Value};

fn send_sms(
    server: &TestServer,
    key: &notifyd::keys::NewKey,
    template: uuid::Uuid,
    to: &str,
    reference: Option<&str>,
) -> String {
    let mut body = json!({"phone_number": to, "template_id": template.to_string(), "personalisation": {"name": "A", "code": 1}});
    if let Some(r) = reference {
        body["reference"] = json!(r);
    }
    let reply = server.post_json(key, "/v2/notifications/sms", &body);
    assert_eq!(reply.status, 201, "{}", reply.text());
    reply.json()["id"].as_str().unwrap().to_owned()
}

fn ids(page: &Value) -> Vec<String> {
    page["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

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

#[test]
fn template_preview() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let reply = server.post_json(
        &s.test,
        &format!("/v2/template/{}/preview", s.email),
        &json!({"personalisation": {"name": "Ada"}}),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let preview = reply.json();
    assert_eq!(preview["body"], "Dear Ada,\n\nThanks.");
    assert_eq!(preview["subject"], "Hi Ada");
    assert_eq!(preview["type"], "email");
    assert_eq!(preview["version"], 1);
    assert!(preview["html"].as_str().unwrap().starts_with("<p style=\"Margin: 0 0 20px 0; font-size: 19px; line-height: 25px; color: #0B0C0C;\">Dear Ada,</p>"));
    let sms = server
        .post_json(
            &s.test,
            &format!("/v2/template/{}/preview", s.sms),
            &json!({"personalisation": {"name": "A", "code": 1}}),
        )
        .json();
    assert_eq!(
        (
            sms["html"].clone(),
            sms["subject"].clone(),
            sms["body"].clone()
        ),
        (Value::Null, Value::Null, json!("Hello A, your code is 1"))
    );
    let missing = server.post_json(
        &s.test,
        &format!("/v2/template/{}/preview", s.sms),
        &json!({}),
    );
    assert_eq!(
        missing.v2_error(),
        (
            "BadRequestError".into(),
            "Missing personalisation: name, code".into()
        )
    );
    let unknown = server.post_json(
        &s.test,
        &format!("/v2/template/{}/preview", uuid::Uuid::new_v4()),
        &json!({}),
    );
    assert_eq!(unknown.status, 404);
    let bad = server.post_json(&s.test, "/v2/template/nope/preview", &json!({}));
    assert_eq!(bad.v2_error().1, "id is not a valid UUID");
}

#[test]
fn received_texts_recorded_by_the_cli() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let sid = s.service.to_string();
    let mut recorded = Vec::new();
    for text in ["first", "second ’quote’"] {
        let out = server.cli(&[
            "inbound-sms",
            "--service",
            &sid,
            "--from",
            "07700 900111",
            "--text",
            text,
        ]);
        assert!(out.status.success(), "{out:?}");
        recorded.push(String::from_utf8(out.stdout).unwrap().trim().to_owned());
    }
    let bad = server.cli(&[
        "inbound-sms",
        "--service",
        &sid,
        "--from",
        "not a number",
        "--text",
        "x",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let page = server
        .get_with(&s.test, "/v2/received-text-messages")
        .json();
    let messages = page["received_text_messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["id"], recorded[1].as_str());
    assert_eq!(messages[0]["content"], "second ’quote’");
    assert_eq!(messages[0]["user_number"], "447700900111");
    assert_eq!(messages[0]["service_id"], sid.as_str());
    let base = format!("{}/v2/received-text-messages", server.url);
    assert_eq!(
        page["links"],
        json!({"current": base, "next": format!("{base}?older_than={}", recorded[0])})
    );
    let older = server
        .get_with(
            &s.test,
            &format!("/v2/received-text-messages?older_than={}", recorded[1]),
        )
        .json();
    assert_eq!(
        older["received_text_messages"][0]["id"],
        recorded[0].as_str()
    );
    let bad = server.get_with(&s.test, "/v2/received-text-messages?older_than=x");
    assert_eq!(bad.v2_error().1, "older_than is not a valid UUID");
}

#[test]
fn cli_lists_what_was_sent() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let id = send_sms(&server, &s.test, s.sms, "07700900123", None);
    send_sms(&server, &s.live, s.sms, "07700900456", None);
    let sid = s.service.to_string();
    let out = server.cli(&["notifications", "list", "--service", &sid]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("07700900123") && text.contains("07700900456"),
        "{text}"
    );
    let out = server.cli(&[
        "--json",
        "notifications",
        "list",
        "--service",
        &sid,
        "--key-type",
        "test",
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["id"], id.as_str());
}

#[test]
fn in_flight_notifications_resume_after_a_restart() {
    let (stopped, s, id) = stopped_with_one_in_flight();
    let restarted = restart_quickly(&stopped.db_path());
    restarted.wait_for_status(&s.test, &id, "temporary-failure");
}

/// A stopped server (its directory lives as long as it does) whose database holds one text, to a
/// temporary-failure number, still in flight.
fn stopped_with_one_in_flight() -> (TestServer, Seeded, String) {
    let mut server = TestServer::start_with(|s| {
        s.timing.sending_after = std::time::Duration::from_secs(3600);
        s.timing.final_after = std::time::Duration::from_secs(3600);
    });
    let s = server.seed(false);
    let id = send_sms(&server, &s.test, s.sms, "07700900003", None);
    server.stop();
    (server, s, id)
}

/// A server on `db` whose simulated deliveries finish within milliseconds.
fn restart_quickly(db: &std::path::Path) -> TestServer {
    let db = db.to_path_buf();
    TestServer::start_with(|c| {
        c.db = db;
        c.timing.sending_after = std::time::Duration::from_millis(10);
        c.timing.final_after = std::time::Duration::from_millis(20);
    })
}

/// More notifications in flight than resume reads in one page (and than one status write
/// takes): every one of them still reaches its final status.
#[test]
fn every_page_of_in_flight_notifications_resumes_after_a_restart() {
    let (stopped, _, _) = stopped_with_one_in_flight();
    let db = stopped.db_path();
    let columns = "service_id, api_key_id, key_type, notification_type, template_id, \
        template_version, recipient, normalised_to, client_reference, personalisation, body, \
        subject, status, created_at, sent_at, updated_at, billable_units, international, \
        phone_prefix, rate_multiplier, postage, reply_to_text, one_click_unsubscribe_url";
    let copies = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2600) \
         INSERT INTO notifications (id, {columns}) SELECT randomblob(16), {columns} \
         FROM notifications, n"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    assert_eq!(conn.execute(&copies, []).unwrap(), 2600);
    let _restarted = restart_quickly(&db);
    let count = |status: &str| -> i64 {
        let sql = "SELECT count(*) FROM notifications WHERE status = ?1";
        conn.query_row(sql, [status], |r| r.get(0)).unwrap()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while count("temporary-failure") < 2601 {
        assert!(std::time::Instant::now() < deadline, "not all resumed");
        std::thread::yield_now();
    }
}

#[test]
fn retention_removes_old_notifications_and_texts() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let old = send_sms(&server, &s.test, s.sms, "07700900123", None);
    assert!(server
        .cli(&[
            "inbound-sms",
            "--service",
            &s.service.to_string(),
            "--from",
            "07700900111",
            "--text",
            "old"
        ])
        .status
        .success());
    server.wait_for_status(&s.test, &old, "delivered");
    server.clock.advance_us(8 * 86_400_000_000);
    let fresh = send_sms(&server, &s.test, s.sms, "07700900123", None);
    let app = server.running.as_ref().unwrap().app.clone();
    let swept = server
        .runtime
        .block_on(notifyd::retention::sweep(
            &app.store,
            &app.clock,
            &app.retention,
        ))
        .unwrap();
    assert_eq!((swept.notifications, swept.received_texts), (1, 1));
    assert_eq!(
        server
            .get_with(&s.test, &format!("/v2/notifications/{old}"))
            .status,
        404
    );
    assert_eq!(
        server
            .get_with(&s.test, &format!("/v2/notifications/{fresh}"))
            .status,
        200
    );
    let texts = server
        .get_with(&s.test, "/v2/received-text-messages")
        .json();
    assert_eq!(texts["received_text_messages"], json!([]));
}
