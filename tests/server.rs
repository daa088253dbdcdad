//! The server as a whole: routing errors and headers (§4.0, §4.12), the templates API (§4.9),
//! provisioning from a config file, and a newcomer's first `notifyd` start.

mod common;

use common::{bearer, TempDir, TestServer};
use notifyd::keys::KeyType;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};

#[test]
fn status_routing_errors_and_common_headers() {
    let server = TestServer::start();
    for path in ["/_status", "/_status?simple=1", "/"] {
        let reply = server.get(path, &[]);
        assert_eq!(
            (reply.status, reply.text()),
            (200, "{\"status\":\"ok\"}\n".to_owned()),
            "{path}"
        );
    }
    let reply = server.get("/v2/nothing-here", &[]);
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.json(),
        json!({"result": "error", "message": "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."})
    );
    let reply = server.post("/v2/templates", &[], "{}");
    assert_eq!(reply.status, 405);
    assert_eq!(
        reply.json(),
        json!({"result": "error", "message": "The method is not allowed for the requested URL."})
    );
    assert_eq!(server.get("/v2/template/x/version/abc", &[]).status, 404);
    assert_eq!(server.get("/_status/", &[]).status, 404);

    let headers = &server.get("/_status", &[]).headers;
    for (name, value) in [
        ("access-control-allow-origin", "*"),
        ("access-control-allow-headers", "Content-Type,Authorization"),
        ("access-control-allow-methods", "GET,PUT,POST,DELETE"),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "SAMEORIGIN"),
        (
            "cache-control",
            "no-store, no-cache, private, must-revalidate",
        ),
        ("x-permitted-cross-domain-policies", "none"),
        ("content-type", "application/json"),
    ] {
        assert_eq!(
            headers.get(name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{name}"
        );
    }
    assert!(headers["strict-transport-security"]
        .to_str()
        .unwrap()
        .contains("preload"));
    let options = common::send(
        "OPTIONS",
        &format!("{}/v2/templates", server.url),
        &[],
        None,
    );
    assert_eq!(options.status, 200);
    assert_eq!(options.headers["allow"], "GET, HEAD, OPTIONS");
}

fn seed_templates(server: &TestServer) -> (uuid::Uuid, notifyd::keys::NewKey, Vec<Value>) {
    let service = server.create_service("S", true);
    let key = server.create_key(service, "k", KeyType::Test);
    let sid = service.to_string();
    let mut made = Vec::new();
    for args in [
        vec![
            "--type",
            "sms",
            "--name",
            "B sms",
            "--body",
            "Hi ((name)), code ((Code))",
        ],
        vec![
            "--type",
            "email",
            "--name",
            "A email",
            "--subject",
            "About ((thing))",
            "--body",
            "Dear ((name))\n\n((show??Shown))",
        ],
        vec![
            "--type",
            "letter",
            "--name",
            "C letter",
            "--subject",
            "Letter",
            "--body",
            "Body",
        ],
    ] {
        let mut all = vec!["--json", "template", "create", "--service", &sid];
        all.extend(args);
        let out = server.cli(&all);
        assert!(out.status.success(), "{out:?}");
        made.push(serde_json::from_slice::<Value>(&out.stdout).unwrap());
    }
    (service, key, made)
}

#[test]
fn templates_api_shapes_filters_and_errors() {
    let server = TestServer::start();
    let (_, key, made) = seed_templates(&server);
    let auth = bearer(&server.clock, &key);
    let headers = [("authorization", auth.as_str())];

    let all = server.get("/v2/templates", &headers).json();
    let names: Vec<&str> = all["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["A email", "B sms", "C letter"]);
    let sms = server.get("/v2/templates?type=sms", &headers).json();
    assert_eq!(sms["templates"].as_array().unwrap().len(), 1);
    assert_eq!(sms["templates"][0], made[0]);

    let sms_id = made[0]["id"].as_str().unwrap();
    let one = server
        .get(&format!("/v2/template/{sms_id}"), &headers)
        .json();
    assert_eq!(one, made[0]);
    let keys: Vec<&String> = one.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        vec![
            "body",
            "created_at",
            "created_by",
            "id",
            "letter_contact_block",
            "name",
            "personalisation",
            "postage",
            "subject",
            "type",
            "updated_at",
            "version"
        ]
    );
    assert_eq!(
        one["personalisation"],
        json!({"name": {"required": true}, "Code": {"required": true}})
    );
    assert_eq!(one["subject"], Value::Null);
    assert_eq!(
        made[1]["personalisation"],
        json!({"thing": {"required": true}, "name": {"required": true}, "show": {"required": true}})
    );
    assert_eq!(made[2]["postage"], "second");

    let out = server.cli(&["template", "update", sms_id, "--body", "New ((x))"]);
    assert!(out.status.success());
    let v1 = server
        .get(&format!("/v2/template/{sms_id}/version/1"), &headers)
        .json();
    assert_eq!(v1["body"], "Hi ((name)), code ((Code))");
    assert_eq!(v1["version"], 1);
    let v2 = server
        .get(&format!("/v2/template/{sms_id}/version/2"), &headers)
        .json();
    assert_eq!(
        (v2["body"].clone(), v2["version"].clone()),
        ("New ((x))".into(), 2.into())
    );
    assert!(v2["updated_at"].is_string());
    assert_eq!(
        server
            .get(&format!("/v2/template/{sms_id}/version/0"), &headers)
            .json(),
        v2
    );
    assert_eq!(
        server
            .get(
                &format!("/v2/template/{}", sms_id.to_uppercase().replace('-', "")),
                &headers
            )
            .json(),
        v2
    );

    let missing = server.get(&format!("/v2/template/{sms_id}/version/3"), &headers);
    assert_eq!(
        (missing.status, missing.v2_error()),
        (404, ("NoResultFound".into(), "No result found".into()))
    );
    let unknown = server.get(&format!("/v2/template/{}", uuid::Uuid::new_v4()), &headers);
    assert_eq!(unknown.status, 404);
    let bad = server.get("/v2/template/not-a-uuid", &headers);
    assert_eq!(
        (bad.status, bad.v2_error()),
        (
            400,
            ("ValidationError".into(), "id is not a valid UUID".into())
        )
    );
    let bad_type = server.get("/v2/templates?type=coconut", &headers);
    assert_eq!(
        bad_type.v2_error().1,
        "type coconut is not one of [sms, email, letter]"
    );
    let extra = server.get("/v2/templates?foo=1", &headers);
    assert_eq!(
        extra.v2_error(),
        (
            "ValidationError".into(),
            "Additional properties are not allowed (foo was unexpected)".into()
        )
    );
}

#[test]
fn templates_of_other_services_are_invisible() {
    let server = TestServer::start();
    let (_, _, made) = seed_templates(&server);
    let other = server.create_service("Other", true);
    let key = server.create_key(other, "k", KeyType::Test);
    let auth = bearer(&server.clock, &key);
    let reply = server.get(
        &format!("/v2/template/{}", made[0]["id"].as_str().unwrap()),
        &[("authorization", &auth)],
    );
    assert_eq!(reply.status, 404);
    assert_eq!(
        server
            .get("/v2/templates", &[("authorization", &auth)])
            .json(),
        json!({"templates": []})
    );
}

const CONFIG: &str = r#"
[[services]]
id = "0b1e0a54-0000-4000-8000-000000000001"
name = "App tests"
trial_mode = false
sms_limit = 1000

[[services.keys]]
name = "ci"
type = "test"
secret = "11111111-2222-4333-8444-555555555555"

[[services.team]]
email = "dev@example.com"
phone = "07700900123"

[services.guest_list]
email_addresses = ["guest@example.com"]

[[services.templates]]
id = "0b1e0a54-0000-4000-8000-0000000000aa"
type = "sms"
name = "Code"
body = "Your code is ((code))"
"#;

#[test]
fn config_services_are_applied_idempotently() {
    let dir = TempDir::new("config");
    let config_path = dir.path().join("notifyd.toml");
    std::fs::write(&config_path, CONFIG).unwrap();
    let db = dir.path().join("c.db");
    let start = || {
        TestServer::start_with(|s| {
            s.db = db.clone();
            s.file = notifyd::config::load_file(&config_path).unwrap();
        })
    };
    let key = "test-ci-0b1e0a54-0000-4000-8000-000000000001-11111111-2222-4333-8444-555555555555";
    for round in 0..2 {
        let mut server = start();
        let reply = server.get(
            "/v2/template/0b1e0a54-0000-4000-8000-0000000000aa",
            &[("authorization", &format!("ApiKey-v1 {key}"))],
        );
        assert_eq!(reply.status, 200, "round {round}: {}", reply.text());
        assert_eq!(
            reply.json()["version"],
            1,
            "round {round}: re-applying must not add versions"
        );
        server.stop();
    }
    let out = common::cli_output(&db, &["--json", "service", "list"]);
    let services: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        services.as_array().unwrap().len(),
        1,
        "no bootstrap service when config declares one"
    );
    assert_eq!(services[0]["sms_limit"], 1000);
    assert_eq!(services[0]["trial_mode"], false);
}

#[test]
fn first_start_bootstraps_a_local_service_and_prints_its_key_once() {
    let dir = TempDir::new("bootstrap");
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_notifyd"))
            .current_dir(dir.path())
            .args(["serve", "--listen", "127.0.0.1:0"])
            .env_remove("NOTIFYD_DB")
            .env_remove("NOTIFYD_CONFIG")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut child = spawn();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .strip_prefix("listening on ")
        .expect("first line names the URL")
        .to_owned();
    let mut key = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.trim_start().starts_with("test-local_dev-") {
            key = Some(line.trim().to_owned());
        }
        if line.starts_with("try it:") {
            break;
        }
    }
    let key = key.expect("the bootstrap key is printed");
    let reply = common::send(
        "GET",
        &format!("{url}/v2/templates"),
        &[("authorization", &format!("ApiKey-v1 {key}"))],
        None,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(dir.path().join("notifyd.db").exists() && dir.path().join("notifyd.db.key").exists());

    let mut again = spawn();
    let mut lines = BufReader::new(again.stdout.take().unwrap()).lines();
    assert!(lines.next().unwrap().unwrap().starts_with("listening on "));
    again.kill().unwrap();
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(
        rest.iter().all(|l| !l.contains("test-local_dev-")),
        "the key is shown once: {rest:?}"
    );
    again.wait().unwrap();
}

/// `config.example.toml` as shipped parses, and so does its commented service example once
/// uncommented: the documentation cannot drift from the parser.
#[test]
fn config_example_is_true() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
        .unwrap();
    notifyd::config::parse(&text).expect("config.example.toml parses as shipped");
    let uncommented: String = text
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest)
                if rest.starts_with('[')
                    || rest
                        .split_once(" = ")
                        .is_some_and(|(k, _)| !k.contains(' ')) =>
            {
                rest
            }
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let file = notifyd::config::parse(&uncommented).expect("the uncommented example parses");
    assert_eq!(file.services.len(), 1);
    assert!(file.server.master_key_file.is_some());
    let service = &file.services[0];
    assert_eq!(
        (
            service.keys.len(),
            service.team.len(),
            service.templates.len()
        ),
        (1, 1, 2)
    );
    let mut server = TestServer::start_with(|s| s.file.services = file.services);
    let key = "test-ci-0b1e0a54-0000-4000-8000-000000000001-11111111-2222-4333-8444-555555555555";
    let reply = server.get(
        "/v2/templates",
        &[("authorization", &format!("ApiKey-v1 {key}"))],
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["templates"].as_array().unwrap().len(), 2);
    server.stop();
}

#[test]
fn settings_precedence_is_defaults_file_env_flags() {
    let dir = TempDir::new("precedence");
    let config = dir.path().join("n.toml");
    std::fs::write(&config, "[server]\ndb = \"from-file.db\"\n").unwrap();
    let run = |env_db: Option<&str>, flag_db: Option<&str>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_notifyd"));
        command
            .current_dir(dir.path())
            .env_remove("NOTIFYD_DB")
            .args(["service", "list", "--config"])
            .arg(&config);
        if let Some(db) = env_db {
            command.env("NOTIFYD_DB", db);
        }
        if let Some(db) = flag_db {
            command.args(["--db", db]);
        }
        assert!(command.output().unwrap().status.success());
    };
    run(None, None);
    assert!(dir.path().join("from-file.db").exists());
    run(Some("from-env.db"), None);
    assert!(dir.path().join("from-env.db").exists());
    run(Some("from-env.db"), Some("from-flag.db"));
    assert!(dir.path().join("from-flag.db").exists());
}

#[test]
fn last_used_is_recorded_off_the_request_path() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let key = server.create_key(service, "k", KeyType::Test);
    let list = || {
        let out = server.cli(&["--json", "keys", "list", "--service", &service.to_string()]);
        serde_json::from_slice::<Value>(&out.stdout).unwrap()[0].clone()
    };
    assert_eq!(list()["last_used_at"], Value::Null);
    assert_eq!(
        server
            .get(
                "/v2/templates",
                &[("authorization", &bearer(&server.clock, &key))]
            )
            .status,
        200
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while list()["last_used_at"].is_null() {
        assert!(
            std::time::Instant::now() < deadline,
            "last_used_at never recorded"
        );
    }
}
