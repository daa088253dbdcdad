//! The server as a whole: routing errors and headers (§4.0, §4.12) and a key's last use recorded
//! off the request path here; the templates API (§4.9) and configuration (provisioning from a
//! config file, a newcomer's first `notifyd` start, settings precedence) in their own files.

#[path = "../common/mod.rs"]
mod common;

mod configuration;
mod templates_api;

use common::TestServer;
use notifyd::keys::KeyType;
use serde_json::{json, Value};

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
    assert_eq!(server.get_with(&key, "/v2/templates").status, 200);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while list()["last_used_at"].is_null() {
        assert!(
            std::time::Instant::now() < deadline,
            "last_used_at never recorded"
        );
    }
}
