//! The `Bearer` JWT scheme, row by row of spec §1.3's tables (in order): missing and malformed
//! headers, issuer and service checks, each key's algorithm, signature and claims, the ±30 s
//! clock window, and that any of a service's keys signs.

use super::{assert_auth_error, b64, GENERAL};
use crate::common::{bearer, secret_of, token, TestServer};
use notifyd::auth::jwt;
use notifyd::keys::KeyType;
use serde_json::json;

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
    server.cli_ok(&["service", "set", &service.to_string(), "--archive"]);
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
    // Frozen, so that a second turning over mid-test cannot move the ±30 s boundaries below.
    server.clock.freeze_at(server.clock.now_us());
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
    let reply = server.get_with(&second, "/v2/templates");
    assert_eq!(reply.status, 200, "{}", reply.text());
}
