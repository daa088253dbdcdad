//! Shared test fixtures: a temporary directory, a real notifyd server in-process on
//! 127.0.0.1:0 (its clock shared with the test, so time is stepped, never slept), a tiny HTTP
//! client, JWTs signed like the official clients, and direct seeding of services and keys.
#![allow(dead_code)]

pub mod admin;
pub mod clients;
pub mod receiver;
pub mod seeding;
pub mod smtp;
pub mod webdriver;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;
use notifyd::auth::jwt;
use notifyd::clock::Clock;
use notifyd::config::Settings;
use notifyd::keys::{self, KeySpec, KeyType, NewKey};
use notifyd::serve::{self, Running};
use notifyd::setup;
use notifyd::store::services::Service;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use uuid::Uuid;

/// A directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("notifyd-test-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running server with its database in a temporary directory, on its own runtime so tests
/// are plain synchronous functions.
pub struct TestServer {
    pub clock: Clock,
    pub db: PathBuf,
    pub running: Option<Running>,
    pub url: String,
    pub runtime: tokio::runtime::Runtime,
    pub dir: TempDir,
}

impl TestServer {
    pub fn start() -> TestServer {
        TestServer::start_with(|_| {})
    }

    /// Starts with settings adjusted by `adjust` (e.g. a config file's services).
    pub fn start_with(adjust: impl FnOnce(&mut Settings)) -> TestServer {
        if std::env::var_os("NOTIFYD_TEST_LOG").is_some() {
            let _ = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::DEBUG)
                .with_test_writer()
                .try_init();
        }
        let dir = TempDir::new("server");
        let mut settings = Settings::for_database(dir.path().join("notifyd.db"));
        adjust(&mut settings);
        let db = settings.db.clone();
        let clock = Clock::system();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let running = runtime
            .block_on(serve::start(settings, clock.clone()))
            .expect("server starts");
        let url = running.url();
        TestServer {
            clock,
            db,
            running: Some(running),
            url,
            runtime,
            dir,
        }
    }

    /// Stops the server (draining, flushing) and keeps the database.
    pub fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            self.runtime.block_on(running.stop()).expect("clean stop");
        }
    }

    pub fn db_path(&self) -> PathBuf {
        self.db.clone()
    }

    /// Opens the server's database directly (as the CLI would) for seeding.
    pub fn open(&self) -> setup::Opened {
        setup::open_database(&Settings::for_database(self.db_path())).expect("open database")
    }

    pub fn create_service(&self, name: &str, trial_mode: bool) -> Uuid {
        let db = self.open();
        let service = Service::new(Uuid::new_v4(), name, trial_mode, self.clock.now_us());
        notifyd::store::services::insert(&db.conn, &service).expect("insert service");
        service.id
    }

    pub fn create_key(&self, service_id: Uuid, name: &str, key_type: KeyType) -> NewKey {
        let db = self.open();
        let spec = KeySpec {
            service_id,
            name,
            key_type,
            fixed: None,
        };
        keys::create(&db.conn, &db.master, spec, self.clock.now_us()).expect("create key")
    }

    /// Runs the built `notifyd` binary against this server's database.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        cli_output(&self.db_path(), args)
    }

    /// Runs the CLI like `cli`, asserts that it succeeded, and returns what it printed.
    pub fn cli_ok(&self, args: &[&str]) -> String {
        let out = self.cli(args);
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).expect("the CLI prints UTF-8")
    }

    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        send("GET", &format!("{}{path}", self.url), headers, None)
    }

    pub fn post(&self, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        send(
            "POST",
            &format!("{}{path}", self.url),
            headers,
            Some(body.as_bytes().to_vec()),
        )
    }
}

/// Runs the built binary with `--db`.
pub fn cli_output(db: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_notifyd"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("NOTIFYD_CONFIG")
        .env_remove("NOTIFYD_MASTER_KEY_FILE")
        .output()
        .expect("run notifyd")
}

/// The secret part (last 36 characters) of a full key.
pub fn secret_of(key: &NewKey) -> String {
    let full = key.full_key.expose();
    full[full.len() - 36..].to_owned()
}

/// A token as the official clients make it.
pub fn token(service_id: Uuid, secret: &str, iat: i64) -> String {
    jwt::sign(&json!({"iss": service_id.to_string(), "iat": iat}), secret)
}

/// An `Authorization` header value for a key, at the clock's now.
pub fn bearer(clock: &Clock, key: &NewKey) -> String {
    format!(
        "Bearer {}",
        token(key.service_id, &secret_of(key), clock.now_secs())
    )
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: hyper::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The single v2 error message (asserting there is exactly one).
    pub fn v2_error(&self) -> (String, String) {
        let body = self.json();
        let errors = body["errors"].as_array().expect("errors array");
        assert_eq!(errors.len(), 1, "{body}");
        assert_eq!(body["status_code"], self.status, "{body}");
        (
            errors[0]["error"].as_str().unwrap().to_owned(),
            errors[0]["message"].as_str().unwrap().to_owned(),
        )
    }
}

/// Sends one request on its own connection and waits for the whole reply.
pub fn send(method: &str, url: &str, headers: &[(&str, &str)], body: Option<Vec<u8>>) -> Reply {
    try_send(method, url, headers, body).unwrap_or_else(|e| panic!("{method} {url}: {e}"))
}

/// `send`, or why it failed (the server is gone, the connection broke).
pub fn try_send(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<Vec<u8>>,
) -> Result<Reply, String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(send_async(method, url, headers, body))
}

async fn send_async(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<Vec<u8>>,
) -> Result<Reply, String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("bad url: {e}"))?;
    let host = uri.host().unwrap_or("127.0.0.1").to_owned();
    let port = uri.port_u16().unwrap_or(80);
    let stream = tokio::net::TcpStream::connect((host.as_str(), port))
        .await
        .map_err(|e| e.to_string())?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    let mut builder = Request::builder()
        .method(method)
        .uri(uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"))
        .header("host", format!("{host}:{port}"));
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let request = builder
        .body(Full::new(Bytes::from(body.unwrap_or_default())))
        .map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes()
        .to_vec();
    Ok(Reply {
        status,
        headers,
        body,
    })
}

impl TestServer {
    /// Starts a server whose simulated deliveries are quick (20 ms to sending, 100 ms to final).
    pub fn start_fast() -> TestServer {
        TestServer::start_with(|s| {
            s.timing = notifyd::notifications::simulate::Timing {
                sending_after: std::time::Duration::from_millis(20),
                final_after: std::time::Duration::from_millis(100),
            }
        })
    }

    /// POSTs JSON to a v2 route with a key.
    pub fn post_json(&self, key: &NewKey, path: &str, body: &Value) -> Reply {
        let auth = bearer(&self.clock, key);
        self.post(path, &[("authorization", &auth)], &body.to_string())
    }

    /// GETs a v2 route with a key.
    pub fn get_with(&self, key: &NewKey, path: &str) -> Reply {
        let auth = bearer(&self.clock, key);
        self.get(path, &[("authorization", &auth)])
    }

    /// Polls a notification until it has `status` (panics after 10 seconds).
    pub fn wait_for_status(&self, key: &NewKey, id: &str, status: &str) -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let body = self
                .get_with(key, &format!("/v2/notifications/{id}"))
                .json();
            if body["status"] == status {
                return body;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{id} never reached {status}: {body}"
            );
            std::thread::yield_now();
        }
    }
}
