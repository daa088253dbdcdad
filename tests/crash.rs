//! Durability: the built binary is killed with SIGKILL in the middle of concurrent sends, 20
//! times; after each restart every notification whose 201 reached a client is there, with its
//! content. Damaged files stop notifyd with one clear line instead of a silent reset.

mod common;

use common::{send, TempDir, TestServer};
use notifyd::config::Settings;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const CONFIG: &str = r#"
[[services]]
id = "c2a50000-0000-4000-8000-000000000001"
name = "Crash"
trial_mode = false
sms_limit = 10000000
rate_limit = 100000000

[[services.keys]]
name = "k"
type = "test"
secret = "33333333-4444-4555-8666-777777777777"

[[services.templates]]
id = "c2a50000-0000-4000-8000-0000000000a1"
type = "sms"
name = "T"
body = "Message ((n))"
"#;
const KEY: &str =
    "test-k-c2a50000-0000-4000-8000-000000000001-33333333-4444-4555-8666-777777777777";

fn spawn(dir: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_notifyd"))
        .args(["serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(dir.join("crash.db"))
        .arg("--config")
        .arg(dir.join("notifyd.toml"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .expect("listening line")
        .to_owned();
    (child, url)
}

/// A small deterministic generator, so a failing run can be repeated.
fn next(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

#[test]
fn acknowledged_sends_survive_sigkill() {
    let dir = TempDir::new("crash");
    std::fs::write(dir.path().join("notifyd.toml"), CONFIG).unwrap();
    let acknowledged: Arc<Mutex<Vec<(String, String)>>> = Arc::new(Mutex::new(Vec::new()));
    let mut seed = 0x5eed_u64;
    for round in 0..20 {
        let (mut child, url) = spawn(dir.path());
        let stop = Arc::new(AtomicBool::new(false));
        let workers: Vec<_> = (0..6)
            .map(|worker| {
                let (url, stop, acknowledged) = (url.clone(), stop.clone(), acknowledged.clone());
                std::thread::spawn(move || {
                    let mut n = 0;
                    while !stop.load(Ordering::Relaxed) {
                        n += 1;
                        let marker = format!("r{round}-w{worker}-{n}");
                        let body = json!({"phone_number": "07700900123", "template_id": "c2a50000-0000-4000-8000-0000000000a1",
                            "personalisation": {"n": marker}, "reference": marker});
                        let Some(reply) = try_send(&url, &body.to_string()) else { break };
                        if reply.status == 201 {
                            let id = reply.json()["id"].as_str().unwrap().to_owned();
                            acknowledged.lock().unwrap().push((id, marker));
                        }
                    }
                })
            })
            .collect();
        // A random moment, counted in this round's answered sends rather than in time, so a
        // slow machine still kills mid-load.
        let target = acknowledged.lock().unwrap().len() + 6 + (next(&mut seed) % 60) as usize;
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while acknowledged.lock().unwrap().len() < target {
            assert!(std::time::Instant::now() < deadline, "the load stalled");
            std::thread::yield_now();
        }
        child.kill().unwrap();
        child.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        for worker in workers {
            worker.join().unwrap();
        }
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() > 100,
        "the load really ran: {}",
        acknowledged.len()
    );
    let mut settings = Settings::for_database(dir.path().join("crash.db"));
    settings.file = notifyd::config::load_file(&dir.path().join("notifyd.toml")).unwrap();
    let opened = notifyd::setup::open_database(&settings).unwrap();
    let service = uuid::Uuid::parse_str("c2a50000-0000-4000-8000-000000000001").unwrap();
    for (id, marker) in &acknowledged {
        let id = uuid::Uuid::parse_str(id).unwrap();
        let found = notifyd::store::notifications::get(&opened.conn, service, id).unwrap();
        let n =
            found.unwrap_or_else(|| panic!("acknowledged notification {id} ({marker}) was lost"));
        assert_eq!(n.body, format!("Message {marker}"));
        assert_eq!(n.client_reference.as_deref(), Some(marker.as_str()));
    }
    drop(opened);
    let restarted = TestServer::start_with(|c| c.db = dir.path().join("crash.db"));
    let (id, _) = &acknowledged[acknowledged.len() - 1];
    let reply = send(
        "GET",
        &format!("{}/v2/notifications/{id}", restarted.url),
        &[("authorization", &format!("ApiKey-v1 {KEY}"))],
        None,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
}

/// One send, or `None` when the server is gone.
fn try_send(url: &str, body: &str) -> Option<common::Reply> {
    let auth = format!("ApiKey-v1 {KEY}");
    common::try_send(
        "POST",
        &format!("{url}/v2/notifications/sms"),
        &[("authorization", &auth)],
        Some(body.as_bytes().to_vec()),
    )
    .ok()
}

#[test]
fn a_truncated_database_stops_notifyd_with_one_line() {
    let dir = TempDir::new("truncated");
    let db = dir.path().join("t.db");
    let mut server = TestServer::start_with(|c| c.db = db.clone());
    let s = server.seed(false);
    for _ in 0..50 {
        let body = json!({"phone_number": "07700900123", "template_id": s.sms.to_string(), "personalisation": {"name": "x".repeat(500), "code": 1}});
        assert_eq!(
            server
                .post_json(&s.test, "/v2/notifications/sms", &body)
                .status,
            201
        );
    }
    server.stop();
    drop(server);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(conn);
    let length = std::fs::metadata(&db).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .unwrap()
        .set_len(length / 2)
        .unwrap();
    let out = common::cli_output(&db, &["service", "list"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("truncated") && stderr.trim_end().lines().count() == 1,
        "{stderr}"
    );
}
