//! `service` and `team` commands: creating and changing services, team members and the guest
//! list, with their errors.

use super::{db, fails, first_line, ok, ok_json};

#[test]
fn service_create_set_list() {
    let db = db();
    let id = ok(&db.path, &["service", "create", "--name", "Tax reminders"]);
    let id = first_line(&id).to_owned();
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");

    let json = ok_json(
        &db.path,
        &["service", "create", "--name", "Live one", "--live"],
    );
    assert_eq!(json["name"], "Live one");
    assert_eq!(json["trial_mode"], false);
    assert_eq!(json["active"], true);
    let fixed = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    let json = ok_json(
        &db.path,
        &["service", "create", "--name", "Fixed", "--id", fixed],
    );
    assert_eq!(json["id"], fixed);
    fails(
        &db.path,
        &["service", "create", "--name", "Again", "--id", fixed],
        1,
    );

    assert_eq!(
        ok(&db.path, &["service", "set", &id, "--sms-limit", "7"]),
        ""
    );
    let json = ok_json(
        &db.path,
        &[
            "service",
            "set",
            &id,
            "--message-limit",
            "9",
            "--rate-limit",
            "60",
        ],
    );
    assert_eq!(
        (
            json["sms_limit"].clone(),
            json["email_limit"].clone(),
            json["letter_limit"].clone()
        ),
        (9.into(), 9.into(), 9.into())
    );
    assert_eq!(json["rate_limit"], 60);
    assert_eq!(json["international_sms_limit"], 100);
    let json = ok_json(&db.path, &["service", "set", fixed, "--trial-mode", "off"]);
    assert_eq!(
        (
            json["trial_mode"].clone(),
            json["sms_limit"].clone(),
            json["letter_limit"].clone()
        ),
        (false.into(), 250_000.into(), 20_000.into())
    );
    let json = ok_json(&db.path, &["service", "set", fixed, "--archive"]);
    assert_eq!(json["active"], false);

    let list = ok_json(&db.path, &["service", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 3);
    let text = ok(&db.path, &["service", "list"]);
    assert!(
        text.contains("Tax reminders") && text.contains("archived"),
        "{text}"
    );

    fails(
        &db.path,
        &[
            "service",
            "set",
            &uuid::Uuid::new_v4().to_string(),
            "--sms-limit",
            "1",
        ],
        1,
    );
    fails(
        &db.path,
        &["service", "set", &id, "--trial-mode", "maybe"],
        2,
    );
    fails(&db.path, &["service", "set", &id, "--sms-limit", "-1"], 2);
    fails(&db.path, &["service", "set", "not-a-uuid"], 2);
    fails(&db.path, &["service", "create"], 2);
}

#[test]
fn team_and_guest_list() {
    let db = db();
    let sid = first_line(&ok(&db.path, &["service", "create", "--name", "S"])).to_owned();
    let uid = ok(
        &db.path,
        &[
            "team",
            "add",
            "--service",
            &sid,
            "--email",
            "ada@example.com",
        ],
    );
    assert!(uuid::Uuid::parse_str(first_line(&uid)).is_ok());
    let json = ok_json(
        &db.path,
        &[
            "team",
            "add",
            "--service",
            &sid,
            "--email",
            "bob@example.com",
            "--phone",
            "07700 900123",
            "--name",
            "Bob",
            "--permissions",
            "send_messages,view_activity",
        ],
    );
    assert_eq!(json["email"], "bob@example.com");
    assert_eq!(json["phone"], "07700 900123");
    assert_eq!(json["name"], "Bob");
    assert_eq!(
        json["permissions"],
        serde_json::json!(["send_messages", "view_activity"])
    );
    fails(
        &db.path,
        &[
            "team",
            "add",
            "--service",
            &sid,
            "--email",
            "x@example.com",
            "--permissions",
            "fly",
        ],
        1,
    );
    fails(
        &db.path,
        &["team", "add", "--service", &sid, "--email", "not an email"],
        1,
    );

    assert_eq!(
        ok(
            &db.path,
            &[
                "guest-list",
                "set",
                "--service",
                &sid,
                "--email",
                "a@example.com",
                "--phone",
                "07700900111"
            ]
        ),
        ""
    );
    let json = ok_json(
        &db.path,
        &[
            "guest-list",
            "set",
            "--service",
            &sid,
            "--email",
            "c@example.com",
            "--email",
            "d@example.com",
        ],
    );
    assert_eq!(
        json,
        serde_json::json!({"email_addresses": ["c@example.com", "d@example.com"], "phone_numbers": []})
    );
    assert_eq!(
        ok(&db.path, &["guest-list", "show", "--service", &sid]),
        "c@example.com\nd@example.com\n"
    );
    assert_eq!(
        ok_json(&db.path, &["guest-list", "show", "--service", &sid]),
        json
    );
    let err = fails(
        &db.path,
        &["guest-list", "set", "--service", &sid, "--email", "nope"],
        1,
    );
    assert!(
        err.contains("nope is not a valid email address or phone number"),
        "{err}"
    );
}
