//! notifyd as a test fixture (issue 6): an ephemeral server spawned by a harness, read back,
//! waited on, cleared and stopped with SIGTERM; services isolated from each other; outcome
//! rules and the test clock seen through the official client.

mod common;

use common::{clients, send, TempDir, TestServer};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

const CONFIG: &str = r#"
[[services]]
id = "5e1f0000-0000-4000-8000-000000000001"
name = "Fixture"
trial_mode = false

[[services.keys]]
name = "suite"
type = "test"
secret = "22222222-3333-4444-8555-666666666666"

[[services.templates]]
id = "5e1f0000-0000-4000-8000-0000000000a1"
type = "sms"
name = "Code"
body = "Your code is ((code))"
"#;
const KEY: &str =
    "test-suite-5e1f0000-0000-4000-8000-000000000001-22222222-3333-4444-8555-666666666666";
const TEMPLATE: &str = "5e1f0000-0000-4000-8000-0000000000a1";

#[test]
fn an_ephemeral_server_for_a_test_suite() {
    let cwd = TempDir::new("fixture-cwd");
    let config = cwd.path().join("notifyd.toml");
    std::fs::write(&config, CONFIG).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_notifyd"))
        .current_dir(cwd.path())
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--ephemeral",
            "--config",
        ])
        .arg(&config)
        .env_remove("NOTIFYD_DB")
        .env("NOTIFYD_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .expect("first line is the URL")
        .to_owned();

    let results = clients::python(
        &url,
        KEY,
        json!([
            {"method": "send_sms_notification", "args": ["07700 900123", TEMPLATE], "kwargs": {"personalisation": {"code": "4821"}, "reference": "signup-1"}},
        ]),
    );
    let id = results[0]["ok"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{results:?}"))
        .to_owned();
    let auth = [("x-api-key", KEY)];
    let waited = send("GET", &format!("{url}/notifyd/v1/notifications/wait?to=%2B447700900123&template_id={TEMPLATE}&timeout=5s"), &auth, None);
    assert_eq!(waited.status, 200, "{}", waited.text());
    let found = &waited.json()["notification"];
    assert_eq!(found["id"], id.as_str());
    assert_eq!(found["personalisation"], json!({"code": "4821"}));
    assert_eq!(found["body"], "Your code is 4821");
    assert_eq!(found["reference"], "signup-1");
    assert_eq!(found["template"], json!({"id": TEMPLATE, "version": 1}));
    assert_eq!(found["status_history"][0]["status"], "created");

    let cleared = send(
        "DELETE",
        &format!("{url}/notifyd/v1/notifications"),
        &auth,
        None,
    );
    assert_eq!(
        cleared.json(),
        json!({"deleted": {"notifications": 1, "received_text_messages": 0}})
    );
    let listed = send(
        "GET",
        &format!("{url}/notifyd/v1/notifications"),
        &auth,
        None,
    );
    assert_eq!(listed.json(), json!({"notifications": []}));
    assert_eq!(send("GET", &format!("{url}/livez"), &[], None).status, 200);
    assert_eq!(send("GET", &format!("{url}/readyz"), &[], None).status, 200);

    assert!(Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "SIGTERM drains and exits 0");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let ephemeral = stderr
        .lines()
        .find_map(|l| l.split("ephemeral database ").nth(1))
        .expect("the log names the ephemeral database")
        .trim()
        .to_owned();
    assert!(
        !std::path::Path::new(&ephemeral).exists(),
        "{ephemeral} is gone"
    );
    let left: Vec<_> = std::fs::read_dir(cwd.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("notifyd.toml")],
        "nothing written next to the working directory"
    );
}

fn sms(s: &common::seeding::Seeded, to: &str) -> Value {
    json!({"phone_number": to, "template_id": s.sms.to_string(), "personalisation": {"name": "A", "code": 1}})
}

#[test]
fn each_service_sees_only_its_own_messages() {
    let server = TestServer::start_fast();
    let (a, b) = (server.seed(false), server.seed(false));
    let a_id = server
        .post_json(&a.test, "/v2/notifications/sms", &sms(&a, "07700900123"))
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let b_id = server
        .post_json(&b.live, "/v2/notifications/sms", &sms(&b, "07700900123"))
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let ids = |key: &notifyd::keys::NewKey| -> Vec<String> {
        let body = server.get_with(key, "/notifyd/v1/notifications").json();
        body["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        ids(&a.live),
        vec![a_id.clone()],
        "all key types, one service"
    );
    assert_eq!(ids(&b.test), vec![b_id.clone()]);
    let waited = server
        .get_with(&a.test, "/notifyd/v1/notifications/wait?timeout=2s")
        .json();
    assert_eq!(waited["notification"]["id"], a_id.as_str());
    let auth = common::bearer(&server.clock, &a.test);
    assert_eq!(
        send(
            "DELETE",
            &format!("{}/notifyd/v1/notifications", server.url),
            &[("authorization", &auth)],
            None
        )
        .status,
        200
    );
    assert!(ids(&a.test).is_empty());
    assert_eq!(
        ids(&b.test),
        vec![b_id],
        "clearing one service leaves the other"
    );
    assert_eq!(
        server
            .post_json(
                &a.test,
                "/notifyd/v1/outcomes",
                &json!({"to": "07700900123", "status": "permanent-failure"})
            )
            .status,
        201
    );
    assert_eq!(
        server.get_with(&b.test, "/notifyd/v1/outcomes").json(),
        json!({"outcomes": []})
    );
    let timeout = server.get_with(
        &b.test,
        "/notifyd/v1/notifications/wait?to=07700900999&timeout=300ms",
    );
    assert_eq!(timeout.status, 408);
    assert_eq!(timeout.v2_error().0, "TimeoutError");
}

#[test]
fn wait_returns_a_notification_sent_after_the_call_began() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let auth = common::bearer(&server.clock, &s.test);
    let url = format!(
        "{}/notifyd/v1/notifications/wait?to=07700900456&status=delivered&timeout=10s",
        server.url
    );
    let waiter = std::thread::spawn(move || send("GET", &url, &[("authorization", &auth)], None));
    let id = server
        .post_json(&s.test, "/v2/notifications/sms", &sms(&s, "07700 900456"))
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = waiter.join().unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    let found = &reply.json()["notification"];
    assert_eq!(
        (found["id"].as_str(), found["status"].as_str()),
        (Some(id.as_str()), Some("delivered"))
    );
    let history: Vec<&str> = found["status_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, vec!["created", "sending", "delivered"]);
}

#[test]
fn outcome_rules_and_the_test_clock_through_the_official_client() {
    let server = TestServer::start_with(|c| {
        c.test_clock = true;
        c.timing.sending_after = Duration::from_millis(10);
        c.timing.final_after = Duration::from_millis(50);
    });
    let s = server.seed(false);
    let rules = json!({"outcomes": [
        {"to": "07700900123", "status": "temporary-failure", "after": "100ms"},
        {"to_pattern": "*@bounce.example", "status": "permanent-failure"},
    ]});
    let added = server.post_json(&s.test, "/notifyd/v1/outcomes", &rules);
    assert_eq!(added.status, 201, "{}", added.text());
    assert_eq!(
        server.get_with(&s.live, "/notifyd/v1/outcomes").json()["outcomes"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let bad = server.post_json(
        &s.test,
        "/notifyd/v1/outcomes",
        &json!({"to": "x", "status": "created"}),
    );
    assert_eq!(bad.status, 400);

    let key = s.test.full_key.expose().to_owned();
    let sent = clients::python(
        &server.url,
        &key,
        json!([
            {"method": "send_sms_notification", "args": ["+44 7700 900123", s.sms.to_string()], "kwargs": {"personalisation": {"name": "A", "code": "1"}}},
            {"method": "send_email_notification", "args": ["ann@Bounce.example", s.email.to_string()], "kwargs": {"personalisation": {"name": "A"}}},
        ]),
    );
    let sms_id = sent[0]["ok"]["id"].as_str().unwrap().to_owned();
    let email_id = sent[1]["ok"]["id"].as_str().unwrap().to_owned();
    server.wait_for_status(&s.test, &sms_id, "temporary-failure");
    server.wait_for_status(&s.test, &email_id, "permanent-failure");
    let seen = clients::python(
        &server.url,
        &key,
        json!([{"method": "get_notification_by_id", "args": [sms_id]}]),
    );
    assert_eq!(seen[0]["ok"]["status"], "temporary-failure");

    let moved = server.post_json(&s.test, "/notifyd/v1/clock", &json!({"advance": "31s"}));
    assert_eq!(moved.status, 200, "{}", moved.text());
    let refused = clients::python(&server.url, &key, json!([{"method": "get_all_templates"}]));
    assert_eq!(
        refused[0]["error"]["message"][0]["message"],
        "Error: Your system clock must be accurate to within 30 seconds"
    );
    let set = server.post_json(
        &s.test,
        "/notifyd/v1/clock",
        &json!({"set": "2030-01-01T00:00:00Z"}),
    );
    assert_eq!(
        set.json()["now"].as_str().unwrap().get(..16),
        Some("2030-01-01T00:00")
    );

    let plain = TestServer::start_fast();
    let p = plain.seed(false);
    assert_eq!(
        plain
            .post_json(&p.test, "/notifyd/v1/clock", &json!({"advance": "31s"}))
            .status,
        404,
        "no clock without --test-clock"
    );
}

#[test]
fn cli_mirrors_wait_and_clear() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let sid = s.service.to_string();
    let id = server
        .post_json(&s.test, "/v2/notifications/sms", &sms(&s, "07700900123"))
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let waited = server.cli_ok(&[
        "notifications",
        "wait",
        "--service",
        &sid,
        "--to",
        "+447700900123",
        "--status",
        "delivered",
        "--timeout",
        "10s",
    ]);
    assert_eq!(waited.trim(), id);
    let missing = server.cli(&[
        "notifications",
        "wait",
        "--service",
        &sid,
        "--to",
        "07700900999",
        "--timeout",
        "200ms",
    ]);
    assert_eq!(missing.status.code(), Some(1));
    let cleared = server.cli(&["--json", "notifications", "clear", "--service", &sid]);
    assert_eq!(
        serde_json::from_slice::<Value>(&cleared.stdout).unwrap()["notifications"],
        1
    );
    assert_eq!(
        server
            .get_with(&s.test, &format!("/v2/notifications/{id}"))
            .status,
        404
    );
}
