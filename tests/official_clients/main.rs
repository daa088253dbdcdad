//! The official clients, pinned and unmodified, against a real server: templates (get,
//! version, list) with a key made by `notifyd keys create`, an error path for each client, and
//! every method against a seeded service. `python.rs` and `node.rs` hold each client's tests;
//! this file the services they run against.

#[path = "../common/mod.rs"]
mod common;

mod node;
mod python;

use common::TestServer;
use serde_json::{json, Value};

struct Seeded {
    server: TestServer,
    key: String,
    sms: String,
    email: String,
}

fn seed() -> Seeded {
    let server = TestServer::start();
    let service = server.create_service("Client tests", true);
    let sid = service.to_string();
    let created = server.cli_ok(&[
        "keys",
        "create",
        "--service",
        &sid,
        "--name",
        "clients",
        "--type",
        "test",
    ]);
    let key = created.lines().next().unwrap().to_owned();
    let create = |args: &[&str]| server.template(service, args).to_string();
    let sms = create(&["--type", "sms", "--name", "Code", "--body", "Code ((code))"]);
    let email = create(&[
        "--type",
        "email",
        "--name",
        "Welcome",
        "--subject",
        "Hi",
        "--body",
        "Hello ((name))",
    ]);
    let out = server.cli(&[
        "template",
        "update",
        &sms,
        "--body",
        "Your code is ((code))",
    ]);
    assert!(out.status.success());
    Seeded {
        server,
        key,
        sms,
        email,
    }
}

/// A live service with keys, templates, a team member, a guest, a received text, and a
/// second, trial-mode service for the trial error.
struct World {
    server: TestServer,
    s: common::seeding::Seeded,
    trial: common::seeding::Seeded,
}

fn world() -> World {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let trial = server.seed(true);
    server.add_team_phone(s.service, "team@example.com", "07700900999");
    server.receive_sms(s.service, "07700900111", "Hello service");
    World { server, s, trial }
}

fn tiny_pdf() -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .encode(b"%PDF-1.4\n1 0 obj <</Type /Page>> endobj\n%%EOF")
}

fn address(name: &str) -> Value {
    json!({"name": name, "address_line_1": "Ada Lovelace", "address_line_2": "1 Example Street", "postcode": "SW1A 1AA"})
}

fn error_message(result: &Value) -> &str {
    result["error"]["message"][0]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("not an error: {result}"))
}
