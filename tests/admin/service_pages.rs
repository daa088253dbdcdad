//! The service's other pages: the guest list, delivery callbacks and recent API use.

use super::location;
use crate::common::{
    admin::{form_body, ALL_PERMISSIONS},
    TestServer,
};
use serde_json::json;

#[test]
fn guest_list_page_validates_saves_and_lets_a_team_key_reach_the_number() {
    let server = TestServer::start_fast();
    let seeded = server.seed(true);
    let service = seeded.service;
    let admin = server.admin(service, "j@example.com", ALL_PERMISSIONS);
    let url = format!("/services/{service}/api/guest-list");
    let sms = json!({"phone_number": "07700 900456", "template_id": seeded.sms.to_string(), "personalisation": {"name": "A", "code": "1"}});
    let before = server.post_json(&seeded.team, "/v2/notifications/sms", &sms);
    assert_eq!(before.status, 400, "{}", before.text());
    assert_eq!(admin.get(&url).status, 200);
    let html = admin
        .post(
            &url,
            &[
                ("email_addresses", "ok@example.com\nnope"),
                ("phone_numbers", "07700 900456\n12"),
            ],
        )
        .text();
    assert!(
        html.contains("‘nope’ is not a valid email address")
            && html.contains("href=\"#email_addresses\"")
    );
    assert!(
        html.contains("‘12’ is not a valid phone number")
            && html.contains("href=\"#phone_numbers\"")
    );
    assert_eq!(
        admin
            .post_raw(&url, &form_body(&[("phone_numbers", "07700 900456")]))
            .status,
        403
    );
    let reply = admin.post(
        &url,
        &[
            ("email_addresses", " ok@example.com \n\n"),
            ("phone_numbers", "07700 900456\r\n"),
        ],
    );
    assert_eq!(
        (reply.status, location(&reply)),
        (303, format!("/services/{service}/api"))
    );
    assert!(admin
        .get(&location(&reply))
        .text()
        .contains("Guest list updated"));
    let out = server.cli(&["guest-list", "show", "--service", &service.to_string()]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "ok@example.com\n07700 900456\n"
    );
    assert!(admin.get(&url).text().contains("07700 900456</textarea>"));
    let after = server.post_json(&seeded.team, "/v2/notifications/sms", &sms);
    assert_eq!(after.status, 201, "{}", after.text());
    let old = admin.get(&format!("/services/{service}/api/whitelist"));
    assert_eq!((old.status, location(&old)), (301, url.clone()));
    assert_eq!(
        admin
            .post(&format!("/services/{service}/api/whitelist"), &[])
            .status,
        308
    );
}

#[test]
fn callback_pages_validate_keep_the_token_hidden_and_remove() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let admin = server.admin(service, "k@example.com", ALL_PERMISSIONS);
    assert_eq!(
        location(&admin.get(&format!("/services/{service}/api/callbacks"))),
        format!("/services/{service}/api/callbacks/delivery-status-callback")
    );
    let url = format!("/services/{service}/api/callbacks/delivery-status-callback");
    assert_eq!(admin.get(&url).status, 200);
    let cases = [
        ("", "a-long-enough-token", "url", "Cannot be empty"),
        (
            "http://example.com/cb",
            "a-long-enough-token",
            "url",
            "Must be a valid https URL",
        ),
        (
            "https://example.com/cb",
            "short",
            "bearer_token",
            "The bearer token must be at least 10 characters long",
        ),
        (
            "https://example.com/cb",
            "",
            "bearer_token",
            "Cannot be empty",
        ),
    ];
    for (callback, token, field, message) in cases {
        let html = admin
            .post(&url, &[("url", callback), ("bearer_token", token)])
            .text();
        assert!(
            html.contains(message) && html.contains(&format!("href=\"#{field}\"")),
            "{message}: {html}"
        );
    }
    assert_eq!(
        admin
            .post_raw(
                &url,
                &form_body(&[
                    ("url", "https://example.com/cb"),
                    ("bearer_token", "0123456789")
                ])
            )
            .status,
        403
    );
    let reply = admin.post(
        &url,
        &[
            ("url", "https://example.com/cb"),
            ("bearer_token", "secret-token-1"),
        ],
    );
    assert_eq!(
        (reply.status, location(&reply)),
        (303, format!("/services/{service}/api"))
    );
    let html = admin.get(&url).text();
    assert!(
        html.contains("value=\"https://example.com/cb\"")
            && html.contains("value=\"bearer_token_set\"")
    );
    assert!(!html.contains("secret-token-1"));
    // Sending the dummy back keeps the saved token; loopback http is accepted.
    admin.post(
        &url,
        &[
            ("url", "http://127.0.0.1:9000/cb"),
            ("bearer_token", "bearer_token_set"),
        ],
    );
    let db = server.open();
    let kind = notifyd::callbacks::CallbackType::DeliveryStatus;
    let saved = notifyd::store::callbacks::get(&db.conn, service, kind)
        .unwrap()
        .unwrap();
    assert_eq!(saved.url, "http://127.0.0.1:9000/cb");
    assert_eq!(
        notifyd::callbacks::bearer_token(&db.master, &saved)
            .unwrap()
            .expose(),
        "secret-token-1"
    );
    // An empty URL removes it.
    admin.get(&url);
    admin.post(&url, &[("url", ""), ("bearer_token", "bearer_token_set")]);
    assert!(notifyd::store::callbacks::get(&db.conn, service, kind)
        .unwrap()
        .is_none());
    let inbound = format!("/services/{service}/api/callbacks/received-text-messages-callback");
    assert!(admin
        .get(&inbound)
        .text()
        .contains("Callbacks for received text messages"));
    admin.post(
        &inbound,
        &[
            ("url", "https://example.com/inbound"),
            ("bearer_token", "0123456789"),
        ],
    );
    let kind = notifyd::callbacks::CallbackType::InboundSms;
    assert!(notifyd::store::callbacks::get(&db.conn, service, kind)
        .unwrap()
        .is_some());
}

#[test]
fn recent_api_use_shows_recipients_only_with_view_activity() {
    let server = TestServer::start_fast();
    let seeded = server.seed(false);
    let service = seeded.service;
    let body = json!({"phone_number": "07700 900123", "template_id": seeded.sms.to_string(), "personalisation": {"name": "Ada", "code": "1"}});
    assert_eq!(
        server
            .post_json(&seeded.test, "/v2/notifications/sms", &body)
            .status,
        201
    );
    let full = server.admin(service, "full@example.com", ALL_PERMISSIONS);
    let html = full.get(&format!("/services/{service}/api")).text();
    assert!(
        html.contains("Recent API use") && html.contains(">SMS<") && html.contains("07700 900123")
    );
    let limited = server.admin(
        service,
        "limited@example.com",
        &["manage_api_keys", "send_messages"],
    );
    let html = limited.get(&format!("/services/{service}/api")).text();
    assert!(html.contains(">SMS<") && !html.contains("07700 900123"));
    assert!(html.contains("id=\"limited-view\""));
    let empty = server.create_service("Empty", true);
    let admin = server.admin(empty, "e2@example.com", ALL_PERMISSIONS);
    assert!(admin
        .get(&format!("/services/{empty}/api"))
        .text()
        .contains("No messages have been sent through the API yet."));
}
