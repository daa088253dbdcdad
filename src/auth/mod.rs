//! Authentication of API requests: headers in, a `Principal` (service + key) or an `AuthError`
//! out, with GOV.UK Notify's exact checks, order, status codes and messages.
//!
//! Three schemes, all ending in the same service's keys:
//! - `Authorization: Bearer <HS256 JWT>` (the official clients), spec §1.3;
//! - `Authorization: ApiKey-v1 <full key>` (GC Notify's scheme), spec §1.6;
//! - `x-api-key: <full key>` (the notify.cx dialect), spec §8.
//!
//! Handlers take a `Principal` argument, so a route cannot forget to authenticate. The checks
//! themselves are pure (`decide`); this module adds only the cache lookup between them.

pub mod decide;
pub mod jwt;

pub use decide::{decide, read_authorization, read_x_api_key, verdict, Presented, ServiceKeys};

use crate::cache::{Cache, CacheError, ServiceEntry};
use crate::clock::Clock;
use crate::keys::KeyType;
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
    authenticate_presented(cache, clock, decide::read_authorization(authorization)?)
}

/// Authenticates a notify.cx request from its `x-api-key` header value.
pub fn authenticate_x_api_key(
    cache: &Cache,
    clock: &Clock,
    value: Option<&str>,
) -> Result<Principal, AuthError> {
    authenticate_presented(cache, clock, decide::read_x_api_key(value)?)
}

/// The only I/O of authentication: the named service from the cache, between reading the
/// header and deciding.
fn authenticate_presented(
    cache: &Cache,
    clock: &Clock,
    presented: Presented<'_>,
) -> Result<Principal, AuthError> {
    let now_us = clock.now_us();
    let service = cache.service(presented.service_id(), now_us)?;
    let found = service.as_deref().map(|entry| ServiceKeys {
        active: entry.service.active,
        keys: &entry.keys,
    });
    let key = decide::decide(&presented, found, now_us)?;
    // `decide` accepts only with a service, so this is always `Some` here.
    let service = service.as_ref().ok_or(AuthError::ServiceNotFound)?;
    Ok(Principal {
        service: service.clone(),
        key_id: key.id,
        key_type: key.key_type,
    })
}

/// Python's `uuid.UUID(str)`, as Notify parses the `iss` claim.
pub fn python_uuid(s: &str) -> Option<Uuid> {
    crate::schema::parse_python_uuid(s).map(Uuid::from_bytes)
}

#[cfg(test)]
mod tests {
    use super::decide::strip_prefix_ignore_case;
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
