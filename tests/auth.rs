//! Authentication through a real server: every row of spec §1.3's tables (in order), the
//! 7-day memory of revoked keys (§1.4), `ApiKey-v1` and `x-api-key`.

mod common;

use common::{bearer, secret_of, token, TestServer};
use notifyd::auth::jwt;
use notifyd::keys::KeyType;
use serde_json::json;

const GENERAL: &str = "Invalid token: make sure your API token matches the example at https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header";

fn v2_error(server: &TestServer, authorization: Option<&str>) -> (u16, String, String) {
    let headers: Vec<(&str, &str)> = authorization
        .map(|a| vec![("authorization", a)])
        .unwrap_or_default();
    let reply = server.get("/v2/templates", &headers);
    let (error, message) = reply.v2_error();
    (reply.status, error, message)
}

fn assert_auth_error(server: &TestServer, authorization: Option<&str>, status: u16, message: &str) {
    let (got_status, error, got) = v2_error(server, authorization);
    assert_eq!(
        (got_status, error.as_str(), got.as_str()),
        (status, "AuthError", message),
        "{authorization:?}"
    );
}

#[test]
fn row_1_missing_or_empty_header() {
    let server = TestServer::start();
    let message = "Unauthorized: authentication token must be provided";
    assert_auth_error(&server, None, 401, message);
    assert_auth_error(&server, Some(""), 401, message);
    assert_auth_error(&server, Some("   "), 401, message);
}

#[test]
fn row_2_bearer_scheme_required() {
    let server = TestServer::start();
    let message = "Unauthorized: authentication bearer scheme must be used";
    for header in [
        "Basic abc",
        "Bearer",
        "Bearer ",
        "Token x.y.z",
        "Bearerx.y.z",
    ] {
        assert_auth_error(&server, Some(header), 401, message);
    }
}

#[test]
fn row_3_malformed_tokens() {
    let server = TestServer::start();
    for header in [
        "Bearer abc",
        "Bearer a.b",
        "bearer !!!.???.###",
        "BEARER e30.W10.sig",
    ] {
        assert_auth_error(&server, Some(header), 403, GENERAL);
    }
}

#[test]
fn rows_4_to_8_issuer_and_service_checks() {
    let server = TestServer::start();
    let no_iss = jwt::sign(&json!({"iat": server.clock.now_secs()}), "secret");
    assert_auth_error(
        &server,
        Some(&format!("Bearer {no_iss}")),
        403,
        "Invalid token: iss field not provided",
    );
    for iss in [json!("not-a-uuid"), json!(12), json!(null)] {
        let t = jwt::sign(
            &json!({"iss": iss, "iat": server.clock.now_secs()}),
            "secret",
        );
        let message = "Invalid token: service id is not the right data type";
        assert_auth_error(&server, Some(&format!("Bearer {t}")), 403, message);
    }
    let unknown = token(uuid::Uuid::new_v4(), "secret", server.clock.now_secs());
    assert_auth_error(
        &server,
        Some(&format!("Bearer {unknown}")),
        403,
        "Invalid token: service not found",
    );

    let service = server.create_service("Keyless", true);
    let t = token(service, "secret", server.clock.now_secs());
    assert_auth_error(
        &server,
        Some(&format!("Bearer {t}")),
        403,
        "Invalid token: service has no API keys",
    );

    let key = server.create_key(service, "k", KeyType::Test);
    let out = server.cli(&["service", "set", &service.to_string(), "--archive"]);
    assert!(out.status.success(), "{out:?}");
    assert_auth_error(
        &server,
        Some(&bearer(&server.clock, &key)),
        403,
        "Invalid token: service is archived",
    );
}

#[test]
fn hyphenless_and_upper_case_issuer_is_accepted() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let key = server.create_key(service, "k", KeyType::Test);
    let iss = service.simple().to_string().to_uppercase();
    let t = jwt::sign(
        &json!({"iss": iss, "iat": server.clock.now_secs()}),
        &secret_of(&key),
    );
    let reply = server.get(
        "/v2/templates",
        &[("authorization", &format!("Bearer {t}"))],
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
}

#[test]
fn per_key_algorithm_signature_and_claims() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let key = server.create_key(service, "k", KeyType::Test);
    let secret = secret_of(&key);
    let now = server.clock.now_secs();
    let sid = service.to_string();

    let hs512 = format!(
        "{}.{}.sig",
        b64(r#"{"alg":"HS512","typ":"JWT"}"#),
        b64(&json!({"iss": sid, "iat": now}).to_string())
    );
    assert_auth_error(
        &server,
        Some(&format!("Bearer {hs512}")),
        403,
        "Invalid token: algorithm used is not HS256",
    );
    let none = format!(
        "{}.{}.",
        b64(r#"{"alg":"none"}"#),
        b64(&json!({"iss": sid, "iat": now}).to_string())
    );
    assert_auth_error(
        &server,
        Some(&format!("Bearer {none}")),
        403,
        "Invalid token: algorithm used is not HS256",
    );

    let wrong = token(service, "some-other-secret-entirely-wrongxxxx", now);
    assert_auth_error(
        &server,
        Some(&format!("Bearer {wrong}")),
        403,
        "Invalid token: API key not found",
    );

    let no_iat = jwt::sign(&json!({"iss": sid}), &secret);
    assert_auth_error(
        &server,
        Some(&format!("Bearer {no_iat}")),
        403,
        "Invalid token: API key not found",
    );

    let clock = "Error: Your system clock must be accurate to within 30 seconds";
    for iat in [
        json!(now - 31),
        json!(now + 31),
        json!(true),
        json!(null),
        json!("soon"),
    ] {
        let t = jwt::sign(&json!({"iss": sid, "iat": iat}), &secret);
        assert_auth_error(&server, Some(&format!("Bearer {t}")), 403, clock);
    }
    for claims in [
        json!({"iss": sid, "iat": now, "exp": now - 60}),
        json!({"iss": sid, "iat": now, "aud": "x"}),
    ] {
        let t = jwt::sign(&claims, &secret);
        assert_auth_error(&server, Some(&format!("Bearer {t}")), 403, GENERAL);
    }
    for iat in [
        json!(now - 30),
        json!(now + 30),
        json!(now.to_string()),
        json!(now as f64 + 0.5),
    ] {
        let t = jwt::sign(&json!({"iss": sid, "iat": iat}), &secret);
        let reply = server.get(
            "/v2/templates",
            &[("authorization", &format!("Bearer {t}"))],
        );
        assert_eq!(reply.status, 200, "iat {iat}: {}", reply.text());
    }
    // Two spaces after the scheme: the token no longer verifies with any key.
    let t = token(service, &secret, now);
    assert_auth_error(
        &server,
        Some(&format!("Bearer  {t}")),
        403,
        "Invalid token: API key not found",
    );
}

#[test]
fn clock_window_follows_the_injected_clock() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let key = server.create_key(service, "k", KeyType::Test);
    let header = bearer(&server.clock, &key);
    assert_eq!(
        server
            .get("/v2/templates", &[("authorization", &header)])
            .status,
        200
    );
    server.clock.advance_us(31_000_000);
    let clock = "Error: Your system clock must be accurate to within 30 seconds";
    assert_auth_error(&server, Some(&header), 403, clock);
}

#[test]
fn any_of_the_services_keys_signs() {
    let server = TestServer::start();
    let service = server.create_service("S", false);
    let _first = server.create_key(service, "one", KeyType::Live);
    let second = server.create_key(service, "two", KeyType::Team);
    let reply = server.get(
        "/v2/templates",
        &[("authorization", &bearer(&server.clock, &second))],
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
}

#[test]
fn revoked_keys_are_refused_then_forgotten_after_7_days() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let key = server.create_key(service, "k", KeyType::Test);
    let out = server.cli(&[
        "keys",
        "revoke",
        "--service",
        &service.to_string(),
        &key.id.to_string(),
    ]);
    assert!(out.status.success(), "{out:?}");
    assert_auth_error(
        &server,
        Some(&bearer(&server.clock, &key)),
        403,
        "Invalid token: API key revoked",
    );
    server.clock.advance_us(8 * 86_400 * 1_000_000);
    assert_auth_error(
        &server,
        Some(&bearer(&server.clock, &key)),
        403,
        "Invalid token: service has no API keys",
    );
    let other = server.create_key(service, "other", KeyType::Test);
    assert_eq!(
        server
            .get(
                "/v2/templates",
                &[("authorization", &bearer(&server.clock, &other))]
            )
            .status,
        200
    );
    assert_auth_error(
        &server,
        Some(&bearer(&server.clock, &key)),
        403,
        "Invalid token: API key not found",
    );
}

#[test]
fn revocation_by_the_cli_binary_applies_to_the_very_next_request() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let key = server.create_key(service, "k", KeyType::Test);
    for _ in 0..3 {
        assert_eq!(
            server
                .get(
                    "/v2/templates",
                    &[("authorization", &bearer(&server.clock, &key))]
                )
                .status,
            200
        );
    }
    let out = server.cli(&[
        "keys",
        "revoke",
        "--service",
        &service.to_string(),
        &key.id.to_string(),
    ]);
    assert!(out.status.success(), "{out:?}");
    assert_auth_error(
        &server,
        Some(&bearer(&server.clock, &key)),
        403,
        "Invalid token: API key revoked",
    );
}

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

fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}
