//! `keys` commands: creating each key type (the secret printed once), listing, revoking and
//! regenerating.

use super::{db, fails, first_line, ok, ok_json};

/// `keys create --service SID --name NAME --type TYPE`.
fn create<'a>(sid: &'a str, name: &'a str, key_type: &'a str) -> [&'a str; 8] {
    [
        "keys",
        "create",
        "--service",
        sid,
        "--name",
        name,
        "--type",
        key_type,
    ]
}

#[test]
fn keys_create_list_revoke_regenerate() {
    let db = db();
    let sid = first_line(&ok(&db.path, &["service", "create", "--name", "S"])).to_owned();
    let key = ok(&db.path, &create(&sid, "Local dev", "test"));
    let key = first_line(&key).to_owned();
    assert!(key.starts_with(&format!("test-local_dev-{sid}-")), "{key}");
    assert_eq!(key.len(), "test-local_dev-".len() + 73);

    let json = ok_json(&db.path, &create(&sid, "Another", "team"));
    assert_eq!(json["key_type"], "team");
    assert_eq!(json["service_id"], sid.as_str());
    let team_id = json["id"].as_str().unwrap().to_owned();
    let team_key = json["key"].as_str().unwrap().to_owned();
    let err = fails(&db.path, &create(&sid, "local-DEV", "live"), 1);
    assert!(err.contains("A key with this name already exists"), "{err}");
    fails(&db.path, &create(&sid, "x", "gold"), 2);
    fails(&db.path, &create(&sid, "  ", "test"), 1);

    assert_eq!(
        ok(&db.path, &["keys", "revoke", "--service", &sid, &team_id]),
        ""
    );
    let revoked = ok_json(&db.path, &["keys", "revoke", "--service", &sid, &team_id]);
    assert!(revoked["revoked_at"].is_string());
    // The name is free again once the key is revoked.
    ok(&db.path, &create(&sid, "Another", "team"));

    let list = ok_json(&db.path, &["keys", "list", "--service", &sid]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Another", "Another", "Local dev"]);
    for k in list.as_array().unwrap() {
        assert!(k.get("key").is_none() && k["prefix"].as_str().unwrap().ends_with("..."));
        assert_eq!(k.as_object().unwrap().len(), 7, "{k}");
    }
    let text = ok(&db.path, &["keys", "list", "--service", &sid]);
    assert!(
        text.contains("revoked 20") && !text.contains(&team_key[team_key.len() - 36..]),
        "{text}"
    );

    let local_id = list[2]["id"].as_str().unwrap().to_owned();
    let new = ok(
        &db.path,
        &["keys", "regenerate", "--service", &sid, &local_id],
    );
    assert_ne!(first_line(&new), key);
    let json = ok_json(
        &db.path,
        &["keys", "regenerate", "--service", &sid, &local_id],
    );
    assert_eq!(json["id"], local_id.as_str());
    fails(
        &db.path,
        &["keys", "regenerate", "--service", &sid, &team_id],
        1,
    );
    fails(
        &db.path,
        &[
            "keys",
            "revoke",
            "--service",
            &sid,
            &uuid::Uuid::new_v4().to_string(),
        ],
        1,
    );
}
