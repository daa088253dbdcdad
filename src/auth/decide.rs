//! The pure half of authentication: header text and one service's keys in, Notify's verdict
//! out, with no cache, database or clock. `auth::authenticate` is this plus a cache lookup
//! between [`read_authorization`] and [`decide`], so the fuzz targets and property tests that
//! drive [`verdict`] exercise the production code, not a copy of it.
//!
//! Order of checks (spec §1.3, §1.6), each failure ending the request:
//! - Bearer: scheme, token decode, `iss` present, `iss` a UUID, service known, any key known,
//!   service active, `alg` HS256, then each known key in turn: signature, claims, revoked;
//! - full key (`ApiKey-v1`, `x-api-key`): its shape, service known, a key with that secret,
//!   not revoked, service active.

use super::jwt::{self, KeyVerdict, Token};
use super::{python_uuid, AuthError};
use crate::cache::AuthKey;
use crate::clock::Micros;
use crate::keys;
use uuid::Uuid;

/// What a request presented, read without any I/O: which service it names, and how it proves
/// it may act for it.
pub enum Presented<'a> {
    /// `Authorization: Bearer <JWT>` whose `iss` claim names the service.
    Jwt { service_id: Uuid, token: Token<'a> },
    /// `Authorization: ApiKey-v1 <full key>` or `x-api-key: <full key>`.
    FullKey { service_id: Uuid, secret: &'a str },
}

impl Presented<'_> {
    /// The service the credentials name (to look up before [`decide`]).
    pub fn service_id(&self) -> Uuid {
        match self {
            Presented::Jwt { service_id, .. } | Presented::FullKey { service_id, .. } => {
                *service_id
            }
        }
    }
}

/// The named service as authentication sees it: whether it is active, and its keys (all of
/// them; revoked keys forgotten more than 7 days ago are skipped here).
#[derive(Clone, Copy)]
pub struct ServiceKeys<'k> {
    pub active: bool,
    pub keys: &'k [AuthKey],
}

/// Reads an `Authorization` header: `ApiKey-v1 <full key>` or `Bearer <JWT>` (scheme names in
/// any case), up to the service id the credentials name.
pub fn read_authorization(header: Option<&str>) -> Result<Presented<'_>, AuthError> {
    let header = header.map(str::trim).unwrap_or("");
    if header.is_empty() {
        return Err(AuthError::TokenMissing);
    }
    if let Some(rest) = strip_prefix_ignore_case(header, "apikey-v1") {
        return read_full_key(rest.trim());
    }
    let token =
        strip_prefix_ignore_case(header, "bearer ").ok_or(AuthError::BearerSchemeRequired)?;
    let token = jwt::parse(token).ok_or(AuthError::MalformedToken)?;
    let issuer = token.issuer().ok_or(AuthError::IssuerMissing)?;
    let service_id = issuer
        .as_str()
        .and_then(python_uuid)
        .ok_or(AuthError::IssuerNotUuid)?;
    Ok(Presented::Jwt { service_id, token })
}

/// Reads an `x-api-key` header (the notify.cx dialect): a full key.
pub fn read_x_api_key(value: Option<&str>) -> Result<Presented<'_>, AuthError> {
    match value.map(str::trim) {
        None | Some("") => Err(AuthError::ApiKeyHeaderMissing),
        Some(key) => read_full_key(key),
    }
}

fn read_full_key(presented: &str) -> Result<Presented<'_>, AuthError> {
    let (service_id, secret) = keys::split_full_key(presented).ok_or(AuthError::NotAFullKey)?;
    Ok(Presented::FullKey { service_id, secret })
}

pub(super) fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Decides, given the service the credentials named (`None`: no such service) and the time:
/// the key that authenticates, or Notify's error. Only an active, unrevoked key of an active
/// service is ever returned.
pub fn decide<'k>(
    presented: &Presented<'_>,
    service: Option<ServiceKeys<'k>>,
    now_us: Micros,
) -> Result<&'k AuthKey, AuthError> {
    match presented {
        Presented::Jwt { token, .. } => decide_jwt(token, service, now_us),
        Presented::FullKey { secret, .. } => decide_full_key(secret, service, now_us),
    }
}

/// The whole pure flow for one service: `header` read, then decided against `service` if the
/// credentials name `service_id` (any other id is an unknown service).
pub fn verdict<'k>(
    header: Option<&str>,
    service_id: Uuid,
    service: ServiceKeys<'k>,
    now_us: Micros,
) -> Result<&'k AuthKey, AuthError> {
    let presented = read_authorization(header)?;
    let found = (presented.service_id() == service_id).then_some(service);
    decide(&presented, found, now_us)
}

fn decide_jwt<'k>(
    token: &Token<'_>,
    service: Option<ServiceKeys<'k>>,
    now_us: Micros,
) -> Result<&'k AuthKey, AuthError> {
    let service = service.ok_or(AuthError::ServiceNotFound)?;
    let mut known = service
        .keys
        .iter()
        .filter(|k| k.is_known_at(now_us))
        .peekable();
    if known.peek().is_none() {
        return Err(AuthError::NoApiKeys);
    }
    if !service.active {
        return Err(AuthError::ServiceArchived);
    }
    if !token.is_hs256() {
        return Err(AuthError::AlgorithmNotHs256);
    }
    let now_secs = now_us.div_euclid(1_000_000);
    for key in known {
        match token.check(&key.hmac, now_secs) {
            KeyVerdict::NotThisKey => continue,
            KeyVerdict::ClockSkew => return Err(AuthError::ClockSkew),
            KeyVerdict::Invalid => return Err(AuthError::MalformedToken),
            KeyVerdict::Accepted if key.revoked_at.is_some() => return Err(AuthError::KeyRevoked),
            KeyVerdict::Accepted => return Ok(key),
        }
    }
    Err(AuthError::KeyNotFound)
}

/// `ApiKey-v1` and `x-api-key`: the full key itself, compared in constant time.
fn decide_full_key<'k>(
    secret: &str,
    service: Option<ServiceKeys<'k>>,
    now_us: Micros,
) -> Result<&'k AuthKey, AuthError> {
    let service = service.ok_or(AuthError::KeyNotFound)?;
    let key = service
        .keys
        .iter()
        .filter(|k| k.is_known_at(now_us))
        .find(|k| constant_time_eq(k.secret.expose().as_bytes(), secret.as_bytes()))
        .ok_or(AuthError::KeyNotFound)?;
    if key.revoked_at.is_some() {
        return Err(AuthError::KeyRevoked);
    }
    if !service.active {
        return Err(AuthError::ServiceArchived);
    }
    Ok(key)
}

/// Compares two secrets without an early exit on the first differing byte.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}
