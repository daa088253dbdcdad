//! The command line through the built binary: every command of the fixed contract, in text
//! and `--json`, its exit statuses (0, 1 with one line on stderr, 2 for usage) and bad input.

mod common;

use common::{cli_output, TempDir};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

struct Db {
    _dir: TempDir,
    path: PathBuf,
}

fn db() -> Db {
    let dir = TempDir::new("cli");
    let path = dir.path().join("cli.db");
    Db { _dir: dir, path }
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = cli_output(db, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn ok_json(db: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let text = ok(db, &all);
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{args:?}: not one JSON document ({e}): {text}"))
}

fn fails(db: &Path, args: &[&str], code: i32) -> String {
    let out: Output = cli_output(db, args);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    if code == 1 {
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "one line on stderr: {stderr}"
        );
        assert!(stderr.starts_with("error: "), "{stderr}");
    }
    stderr
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

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

#[test]
fn templates_create_update_list() {
    let db = db();
    let sid = first_line(&ok(&db.path, &["service", "create", "--name", "S"])).to_owned();
    let tid = ok(
        &db.path,
        &[
            "template",
            "create",
            "--service",
            &sid,
            "--type",
            "sms",
            "--name",
            "Code",
            "--body",
            "Your code is ((code))",
        ],
    );
    let tid = first_line(&tid).to_owned();
    let json = ok_json(
        &db.path,
        &[
            "template",
            "create",
            "--service",
            &sid,
            "--type",
            "email",
            "--name",
            "Welcome",
            "--subject",
            "Hi ((name))",
            "--body",
            "Hello ((name))",
        ],
    );
    assert_eq!(json["type"], "email");
    assert_eq!(json["version"], 1);
    assert_eq!(json["subject"], "Hi ((name))");
    assert_eq!(
        json["personalisation"],
        serde_json::json!({"name": {"required": true}})
    );
    assert_eq!(json["updated_at"], Value::Null);

    assert_eq!(
        ok(
            &db.path,
            &["template", "update", &tid, "--body", "Code: ((code))"]
        ),
        "2\n"
    );
    let json = ok_json(
        &db.path,
        &["template", "update", &tid, "--name", "Login code"],
    );
    assert_eq!(
        (
            json["version"].clone(),
            json["name"].clone(),
            json["body"].clone()
        ),
        (3.into(), "Login code".into(), "Code: ((code))".into())
    );
    assert!(json["updated_at"].is_string());

    let list = ok_json(&db.path, &["template", "list", "--service", &sid]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let text = ok(&db.path, &["template", "list", "--service", &sid]);
    assert!(
        text.contains("Login code") && text.contains("Welcome"),
        "{text}"
    );

    fails(
        &db.path,
        &[
            "template",
            "create",
            "--service",
            &sid,
            "--type",
            "email",
            "--name",
            "x",
            "--body",
            "b",
        ],
        1,
    );
    fails(
        &db.path,
        &[
            "template",
            "create",
            "--service",
            &sid,
            "--type",
            "fax",
            "--name",
            "x",
            "--body",
            "b",
        ],
        2,
    );
    fails(
        &db.path,
        &[
            "template",
            "update",
            &uuid::Uuid::new_v4().to_string(),
            "--body",
            "b",
        ],
        1,
    );
}

#[test]
fn keys_create_list_revoke_regenerate() {
    let db = db();
    let sid = first_line(&ok(&db.path, &["service", "create", "--name", "S"])).to_owned();
    let key = ok(
        &db.path,
        &[
            "keys",
            "create",
            "--service",
            &sid,
            "--name",
            "Local dev",
            "--type",
            "test",
        ],
    );
    let key = first_line(&key).to_owned();
    assert!(key.starts_with(&format!("test-local_dev-{sid}-")), "{key}");
    assert_eq!(key.len(), "test-local_dev-".len() + 73);

    let json = ok_json(
        &db.path,
        &[
            "keys",
            "create",
            "--service",
            &sid,
            "--name",
            "Another",
            "--type",
            "team",
        ],
    );
    assert_eq!(json["key_type"], "team");
    assert_eq!(json["service_id"], sid.as_str());
    let team_id = json["id"].as_str().unwrap().to_owned();
    let team_key = json["key"].as_str().unwrap().to_owned();
    let err = fails(
        &db.path,
        &[
            "keys",
            "create",
            "--service",
            &sid,
            "--name",
            "local-DEV",
            "--type",
            "live",
        ],
        1,
    );
    assert!(err.contains("A key with this name already exists"), "{err}");
    fails(
        &db.path,
        &[
            "keys",
            "create",
            "--service",
            &sid,
            "--name",
            "x",
            "--type",
            "gold",
        ],
        2,
    );
    fails(
        &db.path,
        &[
            "keys",
            "create",
            "--service",
            &sid,
            "--name",
            "  ",
            "--type",
            "test",
        ],
        1,
    );

    assert_eq!(
        ok(&db.path, &["keys", "revoke", "--service", &sid, &team_id]),
        ""
    );
    let revoked = ok_json(&db.path, &["keys", "revoke", "--service", &sid, &team_id]);
    assert!(revoked["revoked_at"].is_string());
    // The name is free again once the key is revoked.
    ok(
        &db.path,
        &[
            "keys",
            "create",
            "--service",
            &sid,
            "--name",
            "Another",
            "--type",
            "team",
        ],
    );

    let list = ok_json(&db.path, &["keys", "list", "--service", &sid]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Another", "Another", "Local dev"]);
    for k in list.as_array().unwrap() {
        assert!(k.get("key").is_none() && k["prefix"].as_str().unwrap().ends_with("..."));
        assert_eq!(k.as_object().unwrap().len(), 7, "{k}");
    }
    let text = ok(&db.path, &["keys", "list", "--service", &sid]);
    assert!(
        text.contains("revoked 20") && !text.contains(&team_key[team_key.len() - 36..]),
        "{text}"
    );

    let local_id = list[2]["id"].as_str().unwrap().to_owned();
    let new = ok(
        &db.path,
        &["keys", "regenerate", "--service", &sid, &local_id],
    );
    assert_ne!(first_line(&new), key);
    let json = ok_json(
        &db.path,
        &["keys", "regenerate", "--service", &sid, &local_id],
    );
    assert_eq!(json["id"], local_id.as_str());
    fails(
        &db.path,
        &["keys", "regenerate", "--service", &sid, &team_id],
        1,
    );
    fails(
        &db.path,
        &[
            "keys",
            "revoke",
            "--service",
            &sid,
            &uuid::Uuid::new_v4().to_string(),
        ],
        1,
    );
}

#[test]
fn healthcheck_reports_and_fails_cleanly() {
    let db = db();
    let server = common::TestServer::start();
    assert_eq!(ok(&db.path, &["healthcheck", "--url", &server.url]), "ok\n");
    assert_eq!(
        ok_json(&db.path, &["healthcheck", "--url", &server.url]),
        serde_json::json!({"status": "ok"})
    );
    let err = fails(&db.path, &["healthcheck", "--url", "http://127.0.0.1:9"], 1);
    assert!(err.contains("cannot connect"), "{err}");
}

#[test]
fn global_flags_work_before_or_after_the_subcommand() {
    let dir = TempDir::new("cli-flags");
    let path = dir.path().join("x.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_notifyd"))
        .args(["service", "list", "--json", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        serde_json::json!([])
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_notifyd"))
        .env("NOTIFYD_DB", &path)
        .args(["--json", "service", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn unusable_files_stop_with_one_clear_line() {
    let dir = TempDir::new("cli-bad");
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, b"this is not a database at all, not even close............................................................").unwrap();
    let err = fails(&garbage, &["service", "list"], 1);
    assert!(err.contains("garbage.db"), "{err}");

    let path = dir.path().join("ok.db");
    ok(&path, &["service", "list"]);
    std::fs::write(dir.path().join("ok.db.key"), b"short").unwrap();
    let err = fails(&path, &["service", "list"], 1);
    assert!(err.contains("corrupt"), "{err}");
    std::fs::remove_file(dir.path().join("ok.db.key")).unwrap();
    let err = fails(&path, &["service", "list"], 1);
    assert!(err.contains("master key"), "{err}");
    std::fs::write(dir.path().join("ok.db.key"), [7u8; 32]).unwrap();
    let err = fails(&path, &["service", "list"], 1);
    assert!(err.contains("does not match"), "{err}");

    let config = dir.path().join("bad.toml");
    std::fs::write(
        &config,
        "[server]\nlisten = \"127.0.0.1:0\"\ncolour = \"blue\"\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_notifyd"))
        .args(["serve", "--db"])
        .arg(dir.path().join("new.db"))
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("colour") && stderr.contains("line 3"),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}
