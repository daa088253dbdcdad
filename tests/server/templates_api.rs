//! The templates API (§4.9): its shapes, filters and errors, and that a service sees only its
//! own templates.

use crate::common::{bearer, TestServer};
use notifyd::keys::KeyType;
use serde_json::{json, Value};

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
        made.push(serde_json::from_str::<Value>(&server.cli_ok(&all)).unwrap());
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
