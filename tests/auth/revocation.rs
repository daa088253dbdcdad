//! Revoked keys (§1.4): refused at once, by this server or the CLI in another process, then
//! forgotten after 7 days.

use super::assert_auth_error;
use crate::common::{bearer, TestServer};
use notifyd::keys::{KeyType, NewKey};
use uuid::Uuid;

/// Revokes `key` with `notifyd keys revoke`, a separate process on the same database.
fn revoke_by_cli(server: &TestServer, service: Uuid, key: &NewKey) {
    server.cli_ok(&[
        "keys",
        "revoke",
        "--service",
        &service.to_string(),
        &key.id.to_string(),
    ]);
}

#[test]
fn revoked_keys_are_refused_then_forgotten_after_7_days() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let key = server.create_key(service, "k", KeyType::Test);
    revoke_by_cli(&server, service, &key);
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
    assert_eq!(server.get_with(&other, "/v2/templates").status, 200);
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
        assert_eq!(server.get_with(&key, "/v2/templates").status, 200);
    }
    revoke_by_cli(&server, service, &key);
    assert_auth_error(
        &server,
        Some(&bearer(&server.clock, &key)),
        403,
        "Invalid token: API key revoked",
    );
}
