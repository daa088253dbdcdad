//! Authentication of API requests: headers in, a `Principal` (service + key) or an `AuthError`
//! out, with GOV.UK Notify's exact checks, order, status codes and messages.
//!
//! Three schemes, all ending in the same service's keys:
//! - `Authorization: Bearer <HS256 JWT>` (the official clients), spec §1.3;
//! - `Authorization: ApiKey-v1 <full key>` (GC Notify's scheme), spec §1.6;
//! - `x-api-key: <full key>` (the notify.cx dialect), spec §8.
//!
//! Handlers take a `Principal` argument, so a route cannot forget to authenticate.

pub mod jwt;

use crate::cache::{AuthKey, Cache, CacheError, ServiceEntry};
use crate::clock::Clock;
use crate::keys::{self, KeyType};
use std::sync::Arc;
use uuid::Uuid;

/// Who is calling: an authenticated key of a service.
#[derive(Clone, Debug)]
pub struct Principal {
    pub service: Arc<ServiceEntry>,
    pub key_id: Uuid,
    pub key_type: KeyType,
}

impl Principal {
    pub fn service_id(&self) -> Uuid {
        self.service.service.id
    }
}

/// Every way authentication fails, each with Notify's status and message.
#[derive(Debug, PartialEq, Eq)]
pub enum AuthError {
    TokenMissing,
    BearerSchemeRequired,
    MalformedToken,
    IssuerMissing,
    IssuerNotUuid,
    ServiceNotFound,
    NoApiKeys,
    ServiceArchived,
    AlgorithmNotHs256,
    ClockSkew,
    KeyNotFound,
    KeyRevoked,
    NotAFullKey,
    /// The x-api-key header is absent or empty.
    ApiKeyHeaderMissing,
    /// The key store could not be read (a 500, not the caller's fault).
    Unavailable(String),
}

pub const GENERAL_TOKEN_ERROR_MESSAGE: &str = "Invalid token: make sure your API token matches the example at https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header";

impl AuthError {
    pub fn status(&self) -> u16 {
        match self {
            AuthError::TokenMissing
            | AuthError::BearerSchemeRequired
            | AuthError::ApiKeyHeaderMissing => 401,
            AuthError::Unavailable(_) => 500,
            _ => 403,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            AuthError::TokenMissing => "Unauthorized: authentication token must be provided",
            AuthError::BearerSchemeRequired => {
                "Unauthorized: authentication bearer scheme must be used"
            }
            AuthError::MalformedToken => GENERAL_TOKEN_ERROR_MESSAGE,
            AuthError::IssuerMissing => "Invalid token: iss field not provided",
            AuthError::IssuerNotUuid => "Invalid token: service id is not the right data type",
            AuthError::ServiceNotFound => "Invalid token: service not found",
            AuthError::NoApiKeys => "Invalid token: service has no API keys",
            AuthError::ServiceArchived => "Invalid token: service is archived",
            AuthError::AlgorithmNotHs256 => "Invalid token: algorithm used is not HS256",
            AuthError::ClockSkew => {
                "Error: Your system clock must be accurate to within 30 seconds"
            }
            AuthError::KeyNotFound => "Invalid token: API key not found",
            AuthError::KeyRevoked => "Invalid token: API key revoked",
            AuthError::NotAFullKey => "Invalid token: Enter your full API key",
            AuthError::ApiKeyHeaderMissing => "Unauthorized: x-api-key header must be provided",
            AuthError::Unavailable(_) => "Internal server error",
        }
    }
}

impl From<CacheError> for AuthError {
    fn from(e: CacheError) -> AuthError {
        AuthError::Unavailable(e.to_string())
    }
}

/// Authenticates a `/v2` (or `/notifyd/v1`) request from its `Authorization` header value.
pub fn authenticate(
    cache: &Cache,
    clock: &Clock,
    authorization: Option<&str>,
) -> Result<Principal, AuthError> {
    let header = authorization.map(str::trim).unwrap_or("");
    if header.is_empty() {
        return Err(AuthError::TokenMissing);
    }
    if let Some(rest) = strip_prefix_ignore_case(header, "apikey-v1") {
        return authenticate_full_key(cache, clock, rest.trim());
    }
    match strip_prefix_ignore_case(header, "bearer ") {
        Some(token) => authenticate_jwt(cache, clock, token),
        None => Err(AuthError::BearerSchemeRequired),
    }
}

/// Authenticates a notify.cx request from its `x-api-key` header value.
pub fn authenticate_x_api_key(
    cache: &Cache,
    clock: &Clock,
    value: Option<&str>,
) -> Result<Principal, AuthError> {
    match value.map(str::trim) {
        None | Some("") => Err(AuthError::ApiKeyHeaderMissing),
        Some(key) => authenticate_full_key(cache, clock, key),
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn service_for(cache: &Cache, clock: &Clock, id: Uuid) -> Result<Arc<ServiceEntry>, AuthError> {
    cache
        .service(id, clock.now_us())?
        .ok_or(AuthError::ServiceNotFound)
}

fn principal(service: &Arc<ServiceEntry>, key: &AuthKey) -> Principal {
    Principal {
        service: service.clone(),
        key_id: key.id,
        key_type: key.key_type,
    }
}

fn authenticate_jwt(cache: &Cache, clock: &Clock, token: &str) -> Result<Principal, AuthError> {
    let token = jwt::parse(token).ok_or(AuthError::MalformedToken)?;
    let issuer = token.issuer().ok_or(AuthError::IssuerMissing)?;
    let service_id = issuer
        .as_str()
        .and_then(python_uuid)
        .ok_or(AuthError::IssuerNotUuid)?;
    let service = service_for(cache, clock, service_id)?;
    let now_us = clock.now_us();
    let mut keys = service
        .keys
        .iter()
        .filter(|k| k.is_known_at(now_us))
        .peekable();
    if keys.peek().is_none() {
        return Err(AuthError::NoApiKeys);
    }
    if !service.service.active {
        return Err(AuthError::ServiceArchived);
    }
    if !token.is_hs256() {
        return Err(AuthError::AlgorithmNotHs256);
    }
    let now = clock.now_secs();
    for key in keys {
        match token.check(&key.hmac, now) {
            jwt::KeyVerdict::NotThisKey => continue,
            jwt::KeyVerdict::ClockSkew => return Err(AuthError::ClockSkew),
            jwt::KeyVerdict::Invalid => return Err(AuthError::MalformedToken),
            jwt::KeyVerdict::Accepted if key.revoked_at.is_some() => {
                return Err(AuthError::KeyRevoked)
            }
            jwt::KeyVerdict::Accepted => return Ok(principal(&service, key)),
        }
    }
    Err(AuthError::KeyNotFound)
}

/// `ApiKey-v1` and `x-api-key`: the full key itself, compared in constant time.
fn authenticate_full_key(
    cache: &Cache,
    clock: &Clock,
    presented: &str,
) -> Result<Principal, AuthError> {
    let (service_id, secret) = keys::split_full_key(presented).ok_or(AuthError::NotAFullKey)?;
    let service = match service_for(cache, clock, service_id) {
        Err(AuthError::ServiceNotFound) => return Err(AuthError::KeyNotFound),
        other => other?,
    };
    let now_us = clock.now_us();
    let key = service
        .keys
        .iter()
        .filter(|k| k.is_known_at(now_us))
        .find(|k| constant_time_eq(k.secret.expose().as_bytes(), secret.as_bytes()))
        .ok_or(AuthError::KeyNotFound)?;
    if key.revoked_at.is_some() {
        return Err(AuthError::KeyRevoked);
    }
    if !service.service.active {
        return Err(AuthError::ServiceArchived);
    }
    Ok(principal(&service, key))
}

/// Compares two secrets without an early exit on the first differing byte.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// Python's `uuid.UUID(str)`, as Notify parses the `iss` claim.
pub fn python_uuid(s: &str) -> Option<Uuid> {
    crate::schema::parse_python_uuid(s).map(Uuid::from_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_uuid_forms() {
        let id = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
        for form in [
            id.to_string(),
            id.to_uppercase(),
            id.replace('-', ""),
            format!("{{{id}}}"),
            format!("urn:uuid:{id}"),
        ] {
            assert_eq!(python_uuid(&form).unwrap().to_string(), id, "{form}");
        }
        assert!(python_uuid(&format!(" {id}")).is_none());
        assert!(python_uuid("nope").is_none());
    }

    #[test]
    fn schemes_are_matched_like_notify() {
        assert_eq!(strip_prefix_ignore_case("BEARER x", "bearer "), Some("x"));
        assert_eq!(strip_prefix_ignore_case("Bearer", "bearer "), None);
        assert_eq!(
            strip_prefix_ignore_case("apikey-V1  k", "apikey-v1"),
            Some("  k")
        );
        assert_eq!(strip_prefix_ignore_case("é", "bearer "), None);
    }
}
