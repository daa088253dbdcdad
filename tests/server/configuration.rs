//! Configuration: services provisioned from a config file (idempotently), a newcomer's first
//! start, `config.example.toml` kept true, and settings precedence (defaults, file, env, flags).

use crate::common::{self, TempDir, TestServer};
use serde_json::Value;
use std::io::{BufRead, BufReader};

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
