//! The command line through the built binary: every command of the fixed contract, in text
//! and `--json`, its exit statuses (0, 1 with one line on stderr, 2 for usage) and bad input.

#[path = "../common/mod.rs"]
mod common;

mod keys;
mod services;
mod templates;

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
