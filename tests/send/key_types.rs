//! Who each key may reach and what it does: test-key outcomes and simulated failures, smoke-test
//! recipients, team keys and the guest list, trial mode.

use super::{email_body, letter_body, sms_body};
use crate::common::TestServer;
use serde_json::json;

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
    server.add_team_phone(s.service, "member@example.com", "07700900789");
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
