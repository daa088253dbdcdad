//! The official clients, pinned and unmodified, against a real server: templates (get,
//! version, list) with a key made by `notifyd keys create`, and an error path for each client.

mod common;

use common::{clients, TestServer};
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
    let out = server.cli(&[
        "keys",
        "create",
        "--service",
        &sid,
        "--name",
        "clients",
        "--type",
        "test",
    ]);
    assert!(out.status.success(), "{out:?}");
    let key = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let create = |args: &[&str]| {
        let mut all = vec!["template", "create", "--service", &sid];
        all.extend_from_slice(args);
        let out = server.cli(&all);
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
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

#[test]
fn python_client_reads_templates_and_sees_errors() {
    let s = seed();
    let results = clients::python(
        &s.server.url,
        &s.key,
        json!([
            {"method": "get_template", "args": [s.sms]},
            {"method": "get_template_version", "args": [s.sms, 1]},
            {"method": "get_all_templates"},
            {"method": "get_all_templates", "kwargs": {"template_type": "email"}},
            {"method": "get_template", "args": [uuid::Uuid::new_v4().to_string()]},
            {"method": "get_template", "args": ["not-a-uuid"]},
        ]),
    );
    let template = &results[0]["ok"];
    assert_eq!(template["id"], s.sms.as_str());
    assert_eq!(template["version"], 2);
    assert_eq!(template["body"], "Your code is ((code))");
    assert_eq!(
        template["personalisation"],
        json!({"code": {"required": true}})
    );
    assert_eq!(results[1]["ok"]["body"], "Code ((code))");
    assert_eq!(results[1]["ok"]["version"], 1);
    assert_eq!(results[2]["ok"]["templates"].as_array().unwrap().len(), 2);
    let emails = results[3]["ok"]["templates"].as_array().unwrap();
    assert_eq!(emails.len(), 1);
    assert_eq!(emails[0]["id"], s.email.as_str());
    assert_eq!(
        results[4]["error"],
        json!({"status_code": 404, "message": [{"error": "NoResultFound", "message": "No result found"}]})
    );
    assert_eq!(
        results[5]["error"],
        json!({"status_code": 400, "message": [{"error": "ValidationError", "message": "id is not a valid UUID"}]})
    );

    let revoked_key = s.key.clone();
    let list = s.server.cli(&[
        "--json",
        "keys",
        "list",
        "--service",
        &s.key[s.key.len() - 73..s.key.len() - 37],
    ]);
    let key_id = serde_json::from_slice::<Value>(&list.stdout).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sid = &s.key[s.key.len() - 73..s.key.len() - 37];
    assert!(s
        .server
        .cli(&["keys", "revoke", "--service", sid, &key_id])
        .status
        .success());
    let results = clients::python(
        &s.server.url,
        &revoked_key,
        json!([{"method": "get_all_templates"}]),
    );
    assert_eq!(
        results[0]["error"],
        json!({"status_code": 403, "message": [{"error": "AuthError", "message": "Invalid token: API key revoked"}]})
    );
}

#[test]
fn node_client_reads_templates_and_sees_errors() {
    let s = seed();
    let results = clients::node(
        &s.server.url,
        &s.key,
        json!([
            {"method": "getTemplateById", "args": [s.sms]},
            {"method": "getTemplateByIdAndVersion", "args": [s.sms, 1]},
            {"method": "getAllTemplates", "args": []},
            {"method": "getAllTemplates", "args": ["sms"]},
            {"method": "getTemplateById", "args": [uuid::Uuid::new_v4().to_string()]},
        ]),
    );
    assert_eq!(results[0]["ok"]["version"], 2);
    assert_eq!(results[1]["ok"]["version"], 1);
    assert_eq!(results[2]["ok"]["templates"].as_array().unwrap().len(), 2);
    assert_eq!(results[3]["ok"]["templates"][0]["id"], s.sms.as_str());
    assert_eq!(
        results[4]["error"],
        json!({"status_code": 404, "data": {"status_code": 404, "errors": [{"error": "NoResultFound", "message": "No result found"}]}})
    );

    let wrong = format!("{}{}", &s.key[..s.key.len() - 36], uuid::Uuid::new_v4());
    let results = clients::node(
        &s.server.url,
        &wrong,
        json!([{"method": "getAllTemplates", "args": []}]),
    );
    assert_eq!(results[0]["error"]["status_code"], 403);
    assert_eq!(
        results[0]["error"]["data"]["errors"][0]["message"],
        "Invalid token: API key not found"
    );
}
