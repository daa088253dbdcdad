//! Authentication through a real server: every row of spec §1.3's tables (in order), the
//! 7-day memory of revoked keys (§1.4), `ApiKey-v1` and `x-api-key`.

#[path = "../common/mod.rs"]
mod common;

mod api_key_schemes;
mod bearer;
mod revocation;

use common::TestServer;

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

fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}
