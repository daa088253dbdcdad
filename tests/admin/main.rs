//! The admin web interface over HTTP: sign-in (password and one-time links), sessions, CSRF,
//! permissions, security headers, and every page of issue 5 with its messages. One test binary;
//! the tests are grouped by what they cover.

#[path = "../common/mod.rs"]
mod common;

mod inbox;
mod keys;
mod service_pages;
mod sign_in;

use common::TestServer;
use std::io::Write;
use std::process::Stdio;
use uuid::Uuid;

const HOUR_US: i64 = 3600 * 1_000_000;

/// An API request with a full key (GC Notify's `ApiKey-v1` scheme).
fn api_get(server: &TestServer, key: &str, path: &str) -> common::Reply {
    server.get(path, &[("authorization", &format!("ApiKey-v1 {key}"))])
}

/// The full key on the show-once page.
fn shown_key(html: &str) -> String {
    let marker = "data-shown-once=\"\">";
    let start = html.find(marker).expect("the key is shown") + marker.len();
    html[start..].split('<').next().unwrap().to_owned()
}

fn location(reply: &common::Reply) -> String {
    reply
        .headers
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

fn header(reply: &common::Reply, name: &str) -> String {
    reply
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

fn set_password(
    server: &TestServer,
    service: Uuid,
    email: &str,
    password: &str,
) -> std::process::Output {
    set_password_with(server, service, email, password, &[])
}

/// `team set-password` with `options` (such as `--json`), the password on standard input.
fn set_password_with(
    server: &TestServer,
    service: Uuid,
    email: &str,
    password: &str,
    options: &[&str],
) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_notifyd"))
        .arg("--db")
        .arg(server.db_path())
        .args(["team", "set-password"])
        .args(options)
        .args([
            "--service",
            &service.to_string(),
            "--email",
            email,
            "--password-stdin",
        ])
        .env_remove("NOTIFYD_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(password.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}
