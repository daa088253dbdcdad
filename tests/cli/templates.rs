//! `templates` commands: creating, updating and listing templates of each type, with their errors.

use super::{db, fails, first_line, ok, ok_json};
use serde_json::Value;

/// `template create --service SID --type TYPE --name NAME --body BODY`.
fn create<'a>(sid: &'a str, kind: &'a str, name: &'a str, body: &'a str) -> [&'a str; 10] {
    [
        "template",
        "create",
        "--service",
        sid,
        "--type",
        kind,
        "--name",
        name,
        "--body",
        body,
    ]
}

#[test]
fn templates_create_update_list() {
    let db = db();
    let sid = first_line(&ok(&db.path, &["service", "create", "--name", "S"])).to_owned();
    let tid = ok(
        &db.path,
        &create(&sid, "sms", "Code", "Your code is ((code))"),
    );
    let tid = first_line(&tid).to_owned();
    let json = ok_json(
        &db.path,
        &[
            "template",
            "create",
            "--service",
            &sid,
            "--type",
            "email",
            "--name",
            "Welcome",
            "--subject",
            "Hi ((name))",
            "--body",
            "Hello ((name))",
        ],
    );
    assert_eq!(json["type"], "email");
    assert_eq!(json["version"], 1);
    assert_eq!(json["subject"], "Hi ((name))");
    assert_eq!(
        json["personalisation"],
        serde_json::json!({"name": {"required": true}})
    );
    assert_eq!(json["updated_at"], Value::Null);

    assert_eq!(
        ok(
            &db.path,
            &["template", "update", &tid, "--body", "Code: ((code))"]
        ),
        "2\n"
    );
    let json = ok_json(
        &db.path,
        &["template", "update", &tid, "--name", "Login code"],
    );
    assert_eq!(
        (
            json["version"].clone(),
            json["name"].clone(),
            json["body"].clone()
        ),
        (3.into(), "Login code".into(), "Code: ((code))".into())
    );
    assert!(json["updated_at"].is_string());

    let list = ok_json(&db.path, &["template", "list", "--service", &sid]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let text = ok(&db.path, &["template", "list", "--service", &sid]);
    assert!(
        text.contains("Login code") && text.contains("Welcome"),
        "{text}"
    );

    fails(&db.path, &create(&sid, "email", "x", "b"), 1);
    fails(&db.path, &create(&sid, "fax", "x", "b"), 2);
    fails(
        &db.path,
        &[
            "template",
            "update",
            &uuid::Uuid::new_v4().to_string(),
            "--body",
            "b",
        ],
        1,
    );
}
