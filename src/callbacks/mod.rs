//! Callbacks (spec §6): a service's delivery-status and received-text callbacks, each a URL
//! and a bearer token (sealed at rest, never shown again: `bearer_token_set`), and the rules
//! a URL must follow. Notify requires https; notifyd also accepts `http://` to loopback
//! addresses (an app under test on the same machine), and config can name more hosts.
//! The CLI and the admin pages set and remove callbacks through here.

pub mod outbound;
pub mod outbox;
pub mod worker;

use crate::clock::Micros;
use crate::secrets::{MasterKey, Secret};
use crate::store::callbacks::CallbackConfig;
use crate::store::{self, StoreError};
use rusqlite::Connection;
use std::fmt;
use std::net::IpAddr;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CallbackType {
    DeliveryStatus,
    InboundSms,
}

impl CallbackType {
    pub fn as_db(self) -> &'static str {
        match self {
            CallbackType::DeliveryStatus => "delivery_status",
            CallbackType::InboundSms => "inbound_sms",
        }
    }

    pub fn from_db(s: &str) -> Option<CallbackType> {
        match s {
            "delivery_status" => Some(CallbackType::DeliveryStatus),
            "inbound_sms" => Some(CallbackType::InboundSms),
            _ => None,
        }
    }

    /// The CLI's words: `delivery-status`, `inbound-sms`.
    pub fn as_cli(self) -> &'static str {
        match self {
            CallbackType::DeliveryStatus => "delivery-status",
            CallbackType::InboundSms => "inbound-sms",
        }
    }

    pub fn parse(s: &str) -> Option<CallbackType> {
        CallbackType::from_db(&s.replace('-', "_"))
    }
}

/// Which callback URLs are acceptable beyond Notify's https.
#[derive(Clone, Debug, Default)]
pub struct UrlRules {
    /// Hosts that may be called over plain http, besides loopback addresses.
    pub http_hosts: Vec<String>,
    /// Whether private-network addresses (10/8, 192.168/16, ...) may be called.
    pub allow_private_networks: bool,
}

#[derive(Debug)]
pub enum CallbackError {
    EmptyUrl,
    NotHttps,
    TokenTooShort,
    ServiceNotFound(Uuid),
    Store(StoreError),
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallbackError::EmptyUrl => f.write_str("Cannot be empty"),
            CallbackError::NotHttps => f.write_str("Must be a valid https URL"),
            CallbackError::TokenTooShort => {
                f.write_str("The bearer token must be at least 10 characters long")
            }
            CallbackError::ServiceNotFound(id) => write!(f, "service {id} not found"),
            CallbackError::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for CallbackError {}

impl From<StoreError> for CallbackError {
    fn from(e: StoreError) -> CallbackError {
        CallbackError::Store(e)
    }
}

/// Whether `host` (a name or an IP literal, brackets allowed) is this machine.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Checks a callback URL: https, or http to loopback or an allowed host.
pub fn check_url(url: &str, rules: &UrlRules) -> Result<hyper::Uri, CallbackError> {
    let url = url.trim();
    if url.is_empty() {
        return Err(CallbackError::EmptyUrl);
    }
    let uri: hyper::Uri = url.parse().map_err(|_| CallbackError::NotHttps)?;
    let host = uri
        .host()
        .filter(|h| !h.is_empty())
        .ok_or(CallbackError::NotHttps)?;
    match uri.scheme_str() {
        Some("https") => Ok(uri),
        Some("http")
            if is_loopback_host(host)
                || rules
                    .http_hosts
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case(host)) =>
        {
            Ok(uri)
        }
        _ => Err(CallbackError::NotHttps),
    }
}

/// The associated data a callback's token is sealed with.
fn token_owner(service_id: Uuid, kind: CallbackType) -> String {
    format!("callback {service_id} {}", kind.as_db())
}

/// A callback to set.
pub struct NewCallback<'a> {
    pub service_id: Uuid,
    pub kind: CallbackType,
    pub url: &'a str,
    pub bearer_token: &'a Secret,
}

/// Sets (or replaces) a service's callback.
pub fn set(
    conn: &Connection,
    master: &MasterKey,
    new: NewCallback,
    rules: &UrlRules,
    now: Micros,
) -> Result<CallbackConfig, CallbackError> {
    let NewCallback {
        service_id,
        kind,
        url,
        bearer_token,
    } = new;
    check_url(url, rules)?;
    if bearer_token.expose().chars().count() < 10 {
        return Err(CallbackError::TokenTooShort);
    }
    if store::services::get(conn, service_id)?.is_none() {
        return Err(CallbackError::ServiceNotFound(service_id));
    }
    let config = CallbackConfig {
        service_id,
        callback_type: kind,
        url: url.trim().to_owned(),
        bearer_token_sealed: master.seal_secret(&token_owner(service_id, kind), bearer_token),
        created_at: now,
        updated_at: None,
    };
    store::callbacks::set(conn, &config)?;
    Ok(config)
}

/// Removes a service's callback; false if there was none.
pub fn remove(
    conn: &Connection,
    service_id: Uuid,
    kind: CallbackType,
) -> Result<bool, CallbackError> {
    if store::services::get(conn, service_id)?.is_none() {
        return Err(CallbackError::ServiceNotFound(service_id));
    }
    Ok(store::callbacks::remove(conn, service_id, kind)?)
}

/// Opens a callback's bearer token (to send it).
pub fn bearer_token(master: &MasterKey, config: &CallbackConfig) -> Option<Secret> {
    master
        .open_secret(
            &token_owner(config.service_id, config.callback_type),
            &config.bearer_token_sealed,
        )
        .ok()
}

/// What the admin shows in place of a saved token.
pub const DUMMY_BEARER_TOKEN: &str = "bearer_token_set";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_https_or_loopback_http() {
        let rules = UrlRules::default();
        assert!(check_url("https://example.com/callback", &rules).is_ok());
        assert!(check_url("http://127.0.0.1:8080/cb", &rules).is_ok());
        assert!(check_url("http://localhost/cb", &rules).is_ok());
        assert!(check_url("http://[::1]:9000/", &rules).is_ok());
        assert!(matches!(
            check_url("http://example.com/", &rules),
            Err(CallbackError::NotHttps)
        ));
        assert!(matches!(
            check_url("ftp://example.com/", &rules),
            Err(CallbackError::NotHttps)
        ));
        assert!(matches!(
            check_url("not a url", &rules),
            Err(CallbackError::NotHttps)
        ));
        assert!(matches!(
            check_url("  ", &rules),
            Err(CallbackError::EmptyUrl)
        ));
        let wider = UrlRules {
            http_hosts: vec!["app.internal".into()],
            allow_private_networks: false,
        };
        assert!(check_url("http://app.internal/cb", &wider).is_ok());
    }
}
