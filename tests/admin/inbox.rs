//! The inbox: filters, each message's page, paging through older messages, callbacks in the
//! status history, and the live stream of new messages.

use super::header;
use crate::common::{
    self,
    admin::{Admin, ALL_PERMISSIONS},
    TestServer,
};
use serde_json::json;
use uuid::Uuid;

/// An email's page frames the whole email as sent, under a policy of its own that lets its
/// inline styles apply and nothing else: no script, no origin, framed only by our pages.
#[test]
fn an_email_is_shown_as_sent_in_a_sandboxed_frame() {
    let server = TestServer::start_fast();
    let seeded = server.seed(false);
    let service = seeded.service;
    let email = json!({"email_address": "someone@example.com", "template_id": seeded.email.to_string(),
        "personalisation": {"name": "<script>alert(1)</script>"}});
    let email = server
        .post_json(&seeded.test, "/v2/notifications/email", &email)
        .json();
    let sms = json!({"phone_number": "07700900123", "template_id": seeded.sms.to_string(),
        "personalisation": {"name": "Ada", "code": "1"}});
    let sms = server
        .post_json(&seeded.test, "/v2/notifications/sms", &sms)
        .json();
    let admin = server.admin(service, "f@example.com", ALL_PERMISSIONS);
    let page_url = format!(
        "/services/{service}/notifications/{}",
        email["id"].as_str().unwrap()
    );
    let page = admin.get(&page_url);
    let frame_url = format!("{page_url}/email");
    assert!(page.text().contains(&format!(
        "<iframe class=\"message__frame\" src=\"{frame_url}\" sandbox=\"\""
    )));
    assert!(
        !page.text().contains("Thanks."),
        "the body is in the frame only"
    );
    assert!(header(&page, "content-security-policy").contains("frame-src 'self'"));

    let frame = admin.get(&frame_url);
    assert_eq!(frame.status, 200);
    let csp = header(&frame, "content-security-policy");
    assert!(
        csp.contains("style-src 'unsafe-inline'")
            && csp.contains("frame-ancestors 'self'")
            && csp.ends_with("; sandbox")
            && !csp.contains("script-src"),
        "{csp}"
    );
    assert_eq!(header(&frame, "x-frame-options"), "SAMEORIGIN");
    assert_eq!(header(&frame, "x-content-type-options"), "nosniff");
    let document = frame.text();
    assert!(document.starts_with("<!DOCTYPE html>"), "{document}");
    assert!(document.contains("<title>Hi &lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    assert!(document.contains("Seeded service"));
    assert!(document.contains(
        "<p style=\"Margin: 0 0 20px 0; font-size: 19px; line-height: 25px; color: #0B0C0C;\">Dear &lt;script&gt;alert(1)&lt;/script&gt;,</p>"
    ), "{document}");
    assert!(!document.contains("<script>"));

    // Only emails have one, and only for those who may see sent messages.
    let sms_frame = format!(
        "/services/{service}/notifications/{}/email",
        sms["id"].as_str().unwrap()
    );
    assert_eq!(admin.get(&sms_frame).status, 404);
    let keys_only = server.admin(service, "g@example.com", &["manage_api_keys"]);
    assert_eq!(keys_only.get(&frame_url).status, 403);
    let other = server.create_service("Other", true);
    let elsewhere = server.admin(other, "h@example.com", ALL_PERMISSIONS);
    let foreign = frame_url.replace(&service.to_string(), &other.to_string());
    assert_eq!(elsewhere.get(&foreign).status, 404);
}

/// A letter's page says when it is expected, as the API's `estimated_delivery` does.
#[test]
fn a_letters_page_says_when_it_is_expected() {
    let server = TestServer::start_fast();
    // Tuesday 22 December 2026, 10:00 GMT: second class arrives after Christmas and Boxing Day.
    server.clock.set_us(1_797_933_600_000_000);
    let seeded = server.seed(false);
    let letter = json!({"template_id": seeded.letter.to_string(), "personalisation": {
        "address_line_1": "A Person", "address_line_2": "1 Street", "address_line_3": "SW1A 1AA", "name": "Ada"}});
    let letter = server
        .post_json(&seeded.test, "/v2/notifications/letter", &letter)
        .json();
    let admin = server.admin(seeded.service, "f@example.com", ALL_PERMISSIONS);
    let page = admin
        .get(&format!(
            "/services/{}/notifications/{}",
            seeded.service,
            letter["id"].as_str().unwrap()
        ))
        .text();
    assert!(page.contains("Estimated delivery"), "{page}");
    assert!(page.contains("Thursday 31 December"), "{page}");
}

#[test]
fn the_inbox_filters_and_each_message_shows_what_was_sent() {
    let server = TestServer::start_fast();
    let seeded = server.seed(false);
    let service = seeded.service;
    let sms = |to: &str| json!({"phone_number": to, "template_id": seeded.sms.to_string(), "personalisation": {"name": "Ada", "code": "1"}});
    let failed = server
        .post_json(&seeded.test, "/v2/notifications/sms", &sms("07700900002"))
        .json();
    let live_sms = server
        .post_json(&seeded.live, "/v2/notifications/sms", &sms("07700 900789"))
        .json();
    let email = json!({"email_address": "someone@example.com", "template_id": seeded.email.to_string(),
        "personalisation": {"name": "<script>alert(1)</script> **Bob**"}, "reference": "ref-1"});
    let email = server
        .post_json(&seeded.test, "/v2/notifications/email", &email)
        .json();
    let letter = json!({"template_id": seeded.letter.to_string(), "personalisation": {"address_line_1": "A Person", "address_line_2": "1 Street", "address_line_3": "SW1A 1AA", "name": "Ada"}});
    let letter = server.post_json(&seeded.live, "/v2/notifications/letter", &letter);
    assert_eq!(letter.status, 201, "{}", letter.text());
    let letter = letter.json();
    server.wait_for_status(
        &seeded.test,
        failed["id"].as_str().unwrap(),
        "permanent-failure",
    );
    // A template edited after sending: the message shows the version it was sent with.
    let out = server.cli(&[
        "template",
        "update",
        &seeded.email.to_string(),
        "--body",
        "Changed ((name))",
    ]);
    assert!(out.status.success());

    let admin = server.admin(service, "l@example.com", ALL_PERMISSIONS);
    let inbox = format!("/services/{service}/notifications");
    let all = admin.get(&inbox).text();
    for to in [
        "07700900002",
        "07700 900789",
        "someone@example.com",
        "A Person",
    ] {
        assert!(all.contains(to), "{to}");
    }
    let only = |query: &str| admin.get(&format!("{inbox}?{query}")).text();
    let emails = only("message_type=email");
    assert!(emails.contains("someone@example.com") && !emails.contains("07700 900789"));
    let live = only("key_type=live");
    assert!(
        live.contains("07700 900789")
            && live.contains("A Person")
            && !live.contains("someone@example.com")
    );
    let failures = only("status=failed");
    assert!(failures.contains("07700900002") && !failures.contains("07700 900789"));
    let search = only("to=SOMEONE%40example");
    assert!(search.contains("someone@example.com") && !search.contains("07700900002"));
    assert!(only("to=nobody%25").contains("No messages match."));

    let page = admin
        .get(&format!("{inbox}/{}", email["id"].as_str().unwrap()))
        .text();
    assert!(page.contains("Subject: Hi &lt;script&gt;"), "{page}");
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("Changed"), "the version it was sent with");
    assert!(
        page.contains("Email (version 1)")
            && page.contains("ref-1")
            && page.contains("test key (test)")
    );
    assert!(
        page.contains("id=\"personalisation\"")
            && page.contains("Status history")
            && page.contains("Created ")
    );
    let page = admin
        .get(&format!("{inbox}/{}", failed["id"].as_str().unwrap()))
        .text();
    assert!(page.contains("Hello Ada, your code is 1") && page.contains("Permanent failure"));
    assert!(!page.contains("Estimated delivery"), "letters only");
    let letter_page = admin
        .get(&format!("{inbox}/{}", letter["id"].as_str().unwrap()))
        .text();
    let pdf_url = format!("{inbox}/{}/pdf", letter["id"].as_str().unwrap());
    assert!(letter_page.contains(&pdf_url) && letter_page.contains("Dear Ada"));
    let pdf = admin.get(&pdf_url);
    assert_eq!(header(&pdf, "content-type"), "application/pdf");
    assert!(pdf.body.starts_with(b"%PDF"));
    assert_eq!(
        Admin::new(&server).get(&pdf_url).status,
        303,
        "signed-in members only"
    );
    assert_eq!(
        admin
            .get(&format!("{inbox}/{}/pdf", live_sms["id"].as_str().unwrap()))
            .status,
        404
    );
    assert_eq!(
        admin.get(&format!("{inbox}/{}", Uuid::new_v4())).status,
        404
    );
}

#[test]
fn the_inbox_pages_through_older_messages() {
    let server = TestServer::start_fast();
    let seeded = server.seed(false);
    let body = json!({"phone_number": "07700 900123", "template_id": seeded.sms.to_string(), "personalisation": {"name": "A", "code": "1"}});
    let mut ids = Vec::new();
    for _ in 0..52 {
        let reply = server.post_json(&seeded.test, "/v2/notifications/sms", &body);
        ids.push(reply.json()["id"].as_str().unwrap().to_owned());
    }
    let admin = server.admin(seeded.service, "m@example.com", ALL_PERMISSIONS);
    let first = admin
        .get(&format!("/services/{}/notifications", seeded.service))
        .text();
    assert!(first.contains(&ids[51]) && !first.contains(&ids[1]));
    let start = first
        .find("rel=\"next\"")
        .map(|_| first.find("href=\"?message_type").unwrap())
        .expect("a next page");
    let next = first[start + 6..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let second = admin
        .get(&format!("/services/{}/notifications{next}", seeded.service))
        .text();
    assert!(second.contains(&ids[0]) && second.contains(&ids[1]) && !second.contains(&ids[51]));
    assert!(!second.contains("rel=\"next\""));
}

#[test]
fn a_callback_saved_on_the_page_is_called_and_shows_in_the_status_history() {
    let server = TestServer::start_fast();
    let seeded = server.seed(false);
    let service = seeded.service;
    let receiver = common::receiver::Receiver::start(&[200]);
    let admin = server.admin(service, "n@example.com", ALL_PERMISSIONS);
    let url = format!("/services/{service}/api/callbacks/delivery-status-callback");
    admin.get(&url);
    let saved = admin.post(
        &url,
        &[
            ("url", &format!("{}/status", receiver.url)),
            ("bearer_token", "a-token-of-mine"),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.text());
    let body = json!({"phone_number": "07700 900123", "template_id": seeded.sms.to_string(), "personalisation": {"name": "A", "code": "1"}});
    let sent = server
        .post_json(&seeded.test, "/v2/notifications/sms", &body)
        .json();
    let id = sent["id"].as_str().unwrap();
    let got = receiver.wait_for(1);
    assert_eq!(
        got[0].authorization.as_deref(),
        Some("Bearer a-token-of-mine")
    );
    let page = format!("/services/{service}/notifications/{id}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let html = admin.get(&page).text();
        if html.contains("Callback to http://127.0.0.1") && html.contains("HTTP 200") {
            assert!(html.contains("Delivered") && html.contains("Sending "));
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the attempt is shown: {html}"
        );
        std::thread::yield_now();
    }
}

/// The inbox's live view: a signed-in member's event stream hears the service's new messages.
#[test]
fn the_inbox_streams_new_messages_as_server_sent_events() {
    use std::io::{BufRead, BufReader, Write};
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let browser = server.admin(
        s.service,
        "watcher@example.com",
        common::admin::ALL_PERMISSIONS,
    );
    let session = browser.cookie("notifyd_session").expect("signed in");
    let mut stream =
        std::net::TcpStream::connect(server.url.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let request = format!(
        "GET /services/{}/notifications/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nCookie: notifyd_session={session}\r\n\r\n",
        s.service
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut lines = BufReader::new(stream.try_clone().unwrap()).lines();
    let mut head = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.is_empty() {
            break;
        }
        head.push(line);
    }
    assert!(head[0].starts_with("HTTP/1.1 200"), "{head:?}");
    assert!(
        head.iter()
            .any(|h| h.eq_ignore_ascii_case("content-type: text/event-stream")),
        "{head:?}"
    );
    let body = json!({"phone_number": "07700900123", "template_id": s.sms.to_string(), "personalisation": {"name": "A", "code": 1}});
    let id = server
        .post_json(&s.test, "/v2/notifications/sms", &body)
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let event = lines
        .map(Result::unwrap)
        .find(|l| l.contains(&id))
        .expect("an event names the new notification");
    assert!(event.contains("\"status\":\"created\""), "{event}");
}
