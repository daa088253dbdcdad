//! The other schemes: GC Notify's `ApiKey-v1` (the full key in the header) and notify.cx's
//! `x-api-key`, which lists keys by prefix and regenerates a secret at once.

use super::assert_auth_error;
use crate::common::{secret_of, token, TestServer};
use notifyd::keys::KeyType;
use serde_json::json;

#[test]
fn api_key_v1_scheme() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let key = server.create_key(service, "ci key", KeyType::Team);
    let full = key.full_key.expose().to_owned();
    for header in [
        format!("ApiKey-v1 {full}"),
        format!("apikey-v1    {full}  "),
        format!("APIKEY-V1 {full}"),
    ] {
        let reply = server.get("/v2/templates", &[("authorization", &header)]);
        assert_eq!(reply.status, 200, "{header}: {}", reply.text());
    }
    let wrong_secret = format!("{}{}", &full[..full.len() - 36], uuid::Uuid::new_v4());
    assert_auth_error(
        &server,
        Some(&format!("ApiKey-v1 {wrong_secret}")),
        403,
        "Invalid token: API key not found",
    );
    let other_service = format!("test-x-{}-{}", uuid::Uuid::new_v4(), secret_of(&key));
    assert_auth_error(
        &server,
        Some(&format!("ApiKey-v1 {other_service}")),
        403,
        "Invalid token: API key not found",
    );
    for partial in [
        secret_of(&key),
        "abc".to_owned(),
        full[5..full.len() - 1].to_owned(),
    ] {
        let message = "Invalid token: Enter your full API key";
        assert_auth_error(&server, Some(&format!("ApiKey-v1 {partial}")), 403, message);
    }
    server.cli(&[
        "keys",
        "revoke",
        "--service",
        &service.to_string(),
        &key.id.to_string(),
    ]);
    assert_auth_error(
        &server,
        Some(&format!("ApiKey-v1 {full}")),
        403,
        "Invalid token: API key revoked",
    );
}

#[test]
fn x_api_key_lists_keys_with_prefixes_only() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let key = server.create_key(service, "Production API Key", KeyType::Test);
    let full = key.full_key.expose().to_owned();
    let reply = server.get("/api/public/v1/api_keys", &[("x-api-key", &full)]);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["success"], true);
    let listed = &body["data"][0];
    assert_eq!(listed["id"], key.id.to_string());
    assert_eq!(listed["name"], "Production API Key");
    assert_eq!(listed["active"], true);
    assert_eq!(listed["prefix"], format!("{}...", &secret_of(&key)[..8]));
    assert!(!reply.text().contains(&secret_of(&key)));
    assert!(listed["createdAt"].as_str().unwrap().ends_with('Z'));

    let missing = server.get("/api/public/v1/api_keys", &[]);
    assert_eq!(missing.status, 401);
    assert_eq!(
        missing.json(),
        json!({"success": false, "message": "Unauthorized: x-api-key header must be provided"})
    );
    let unknown = server.get(
        "/api/public/v1/api_keys",
        &[(
            "x-api-key",
            &full.replace(&secret_of(&key), &uuid::Uuid::new_v4().to_string()),
        )],
    );
    assert_eq!(unknown.status, 401);
    assert_eq!(
        unknown.json()["message"],
        "Invalid token: API key not found"
    );
}

#[test]
fn x_api_key_regenerate_replaces_the_secret_at_once() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let key = server.create_key(service, "main", KeyType::Test);
    let old = key.full_key.expose().to_owned();
    let body = json!({"keyId": key.id.to_string()}).to_string();
    let reply = server.post(
        "/api/public/v1/api_keys/regenerate",
        &[("x-api-key", &old)],
        &body,
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let json = reply.json();
    assert_eq!(json["success"], true);
    assert_eq!(
        json["message"],
        "API key regenerated successfully. Make sure to update your x-api-key header."
    );
    assert_eq!(json["data"]["id"], key.id.to_string());
    let new = json["data"]["api_key"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    assert!(new.starts_with("test-main-"));

    let refused = server.get("/api/public/v1/api_keys", &[("x-api-key", &old)]);
    assert_eq!(
        (refused.status, refused.json()["message"].clone()),
        (401, json!("Invalid token: API key not found"))
    );
    assert_eq!(
        server
            .get("/api/public/v1/api_keys", &[("x-api-key", &new)])
            .status,
        200
    );
    let old_jwt = format!(
        "Bearer {}",
        token(service, &secret_of(&key), server.clock.now_secs())
    );
    assert_auth_error(
        &server,
        Some(&old_jwt),
        403,
        "Invalid token: API key not found",
    );

    let unknown = json!({"keyId": uuid::Uuid::new_v4().to_string()}).to_string();
    let reply = server.post(
        "/api/public/v1/api_keys/regenerate",
        &[("x-api-key", &new)],
        &unknown,
    );
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.json(),
        json!({"success": false, "message": "API key not found"})
    );
    for bad in ["not json", "{}", r#"{"keyId": 5}"#] {
        let reply = server.post(
            "/api/public/v1/api_keys/regenerate",
            &[("x-api-key", &new)],
            bad,
        );
        assert_eq!(reply.status, 400, "{bad}");
        assert_eq!(reply.json()["success"], false);
    }
}
