//! Rate and daily limits (spec §5) through a real server: exact 429 bodies per key type, checked
//! before the body is read, reset by stepping the injectable clock (never by sleeping), and
//! daily counts that survive a restart.

mod common;

use common::TestServer;
use notifyd::clock::utc_day_start;
use serde_json::{json, Value};

fn sms(s: &common::seeding::Seeded, to: &str) -> Value {
    json!({"phone_number": to, "template_id": s.sms.to_string(), "personalisation": {"name": "A", "code": 1}})
}

fn set(server: &TestServer, service: uuid::Uuid, args: &[&str]) {
    let sid = service.to_string();
    let mut all = vec!["service", "set", sid.as_str()];
    all.extend_from_slice(args);
    assert!(server.cli(&all).status.success());
}

fn error_body(reply: &common::Reply) -> Value {
    assert_eq!(reply.status, 429, "{}", reply.text());
    reply.json()
}

#[test]
fn rate_limit_per_key_type_before_the_body_is_read() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    set(&server, s.service, &["--rate-limit", "1"]);
    for (key, name) in [(&s.live, "LIVE"), (&s.team, "TEAM"), (&s.test, "TEST")] {
        let to = "07700900123";
        let first = server.post_json(key, "/v2/notifications/sms", &sms(&s, to));
        assert!(
            first.status == 201 || first.status == 400,
            "{}",
            first.text()
        );
        let auth = common::bearer(&server.clock, key);
        let limited = server.post(
            "/v2/notifications/sms",
            &[("authorization", &auth)],
            "not even JSON",
        );
        assert_eq!(
            error_body(&limited),
            json!({"errors": [{"error": "RateLimitError", "message": format!("Exceeded rate limit for key type {name} of 1 requests per 60 seconds")}], "status_code": 429})
        );
    }
    assert_eq!(
        server.get_with(&s.live, "/v2/notifications").status,
        200,
        "reads are not rate limited"
    );
    server.clock.advance_us(60_000_000);
    assert_eq!(
        server
            .post_json(&s.test, "/v2/notifications/sms", &sms(&s, "07700900123"))
            .status,
        201
    );
}

#[test]
fn daily_limits_count_live_and_team_but_not_test_keys_and_reset_at_midnight() {
    let server = TestServer::start_fast();
    // Noon UTC, so that the sends below cannot straddle a real midnight.
    let noon = utc_day_start(server.clock.now_us()) + 12 * 3_600_000_000;
    server.clock.set_us(noon);
    let s = server.seed(false);
    set(&server, s.service, &["--sms-limit", "2"]);
    server.add_team_phone(s.service, "t@example.com", "07700900999");
    assert_eq!(
        server
            .post_json(&s.live, "/v2/notifications/sms", &sms(&s, "07700900000"))
            .status,
        201,
        "smoke tests are not counted"
    );
    assert_eq!(
        server
            .post_json(&s.live, "/v2/notifications/sms", &sms(&s, "07700900123"))
            .status,
        201
    );
    assert_eq!(
        server
            .post_json(&s.team, "/v2/notifications/sms", &sms(&s, "07700900999"))
            .status,
        201
    );
    let expected = json!({"errors": [{"error": "TooManyRequestsError", "message": "Exceeded send limits (sms: 2) for today"}], "status_code": 429});
    assert_eq!(
        error_body(&server.post_json(&s.live, "/v2/notifications/sms", &sms(&s, "07700900123"))),
        expected
    );
    assert_eq!(
        error_body(&server.post_json(&s.team, "/v2/notifications/sms", &sms(&s, "07700900999"))),
        expected
    );
    assert_eq!(
        server
            .post_json(&s.test, "/v2/notifications/sms", &sms(&s, "07700900123"))
            .status,
        201
    );
    let email = json!({"email_address": "a@example.com", "template_id": s.email.to_string(), "personalisation": {"name": "A"}});
    assert_eq!(
        server
            .post_json(&s.live, "/v2/notifications/email", &email)
            .status,
        201,
        "channels are counted apart"
    );

    let tomorrow = utc_day_start(server.clock.now_us()) + 86_400_000_000 + 1_000_000;
    server.clock.set_us(tomorrow);
    assert_eq!(
        server
            .post_json(&s.live, "/v2/notifications/sms", &sms(&s, "07700900123"))
            .status,
        201
    );
}

#[test]
fn a_refused_send_gives_its_place_back() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    set(&server, s.service, &["--sms-limit", "1"]);
    let missing = json!({"phone_number": "07700900123", "template_id": s.sms.to_string()});
    assert_eq!(
        server
            .post_json(&s.live, "/v2/notifications/sms", &missing)
            .status,
        400
    );
    assert_eq!(
        server
            .post_json(&s.live, "/v2/notifications/sms", &sms(&s, "07700900123"))
            .status,
        201
    );
}

#[test]
fn international_texts_have_their_own_limit() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    set(&server, s.service, &["--international-sms-limit", "1"]);
    assert_eq!(
        server
            .post_json(
                &s.live,
                "/v2/notifications/sms",
                &sms(&s, "+33 6 12 34 56 78")
            )
            .status,
        201
    );
    let refused = server.post_json(
        &s.live,
        "/v2/notifications/sms",
        &sms(&s, "+33 6 12 34 56 79"),
    );
    assert_eq!(
        error_body(&refused),
        json!({"errors": [{"error": "TooManyRequestsError", "message": "Exceeded send limits (international_sms: 1) for today"}], "status_code": 429})
    );
    assert_eq!(
        server
            .post_json(&s.live, "/v2/notifications/sms", &sms(&s, "07700900123"))
            .status,
        201
    );
}

#[test]
fn daily_counts_survive_a_restart() {
    let mut server = TestServer::start_fast();
    let s = server.seed(false);
    set(&server, s.service, &["--email-limit", "3"]);
    let email = json!({"email_address": "a@example.com", "template_id": s.email.to_string(), "personalisation": {"name": "A"}});
    for _ in 0..2 {
        assert_eq!(
            server
                .post_json(&s.live, "/v2/notifications/email", &email)
                .status,
            201
        );
    }
    server.stop();
    let db = server.db_path();
    let restarted = TestServer::start_with(|c| c.db = db.clone());
    assert_eq!(
        restarted
            .post_json(&s.live, "/v2/notifications/email", &email)
            .status,
        201
    );
    let refused = restarted.post_json(&s.live, "/v2/notifications/email", &email);
    assert_eq!(
        error_body(&refused)["errors"][0]["message"],
        "Exceeded send limits (email: 3) for today"
    );
}

#[test]
fn notify_cx_sends_are_limited_too() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    set(&server, s.service, &["--email-limit", "1"]);
    let key = s.live.full_key.expose().to_owned();
    let body = json!({"to": "a@example.com", "subject": "s", "message": "m"}).to_string();
    assert_eq!(
        server
            .post("/api/public/v1/send-email", &[("x-api-key", &key)], &body)
            .status,
        200
    );
    let refused = server.post("/api/public/v1/send-email", &[("x-api-key", &key)], &body);
    assert_eq!(
        (refused.status, refused.json()),
        (
            429,
            json!({"success": false, "message": "Exceeded send limits (email: 1) for today"})
        )
    );
}
