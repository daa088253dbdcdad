//! The config sections about delivery (`[callbacks]`, `[smtp]`, `[sms]`, `[delivery]`) and
//! how they resolve into the settings the callback worker and the providers use.

use super::ConfigError;
use crate::callbacks::worker::CallbackSettings;
use crate::callbacks::UrlRules;
use crate::providers::smtp::{Security, SmtpSettings};
use crate::providers::RetryPolicy;
use crate::secrets::Secret;
use serde::{Deserialize, Deserializer};
use std::time::Duration;

/// How callbacks are made.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallbacksSection {
    /// Milliseconds between retries (Notify: 300000, five minutes).
    pub retry_delay_ms: Option<u64>,
    /// Retries after the first attempt (Notify: 5).
    pub max_retries: Option<i64>,
    /// Milliseconds each attempt may take (Notify: 5000).
    pub timeout_ms: Option<u64>,
    /// Hosts that may be called over plain http, besides loopback addresses.
    #[serde(default)]
    pub http_hosts: Vec<String>,
    /// Allow calling private-network addresses (10/8, 172.16/12, 192.168/16, ...).
    pub allow_private_networks: Option<bool>,
}

/// The SMTP relay live and team keys' email goes through (none: the sink).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSection {
    pub host: String,
    /// Default 587 (465 with `security = "tls"`, 25 with `"none"`).
    pub port: Option<u16>,
    /// `starttls` (default), `tls` (implicit TLS) or `none`.
    pub security: Option<String>,
    pub username: Option<String>,
    #[serde(default, deserialize_with = "optional_secret")]
    pub password: Option<Secret>,
    /// Milliseconds each SMTP command may take (default 10000).
    pub timeout_ms: Option<u64>,
}

/// Where live and team keys' text messages go.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsSection {
    /// `sink` (default) or `webhook`.
    pub provider: Option<String>,
    pub webhook_url: Option<String>,
    #[serde(default, deserialize_with = "optional_secret")]
    pub webhook_bearer_token: Option<Secret>,
}

/// Retries of temporary refusals by real providers.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliverySection {
    /// After this many seconds undelivered, a message ends `temporary-failure` (Notify: 72
    /// hours, 259200).
    pub retry_window_secs: Option<u64>,
    /// The first wait before retrying, in milliseconds (doubling each time; default 30000).
    pub retry_backoff_ms: Option<u64>,
    /// The longest wait between retries, in milliseconds (default 3600000).
    pub max_backoff_ms: Option<u64>,
}

fn optional_secret<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Secret>, D::Error> {
    Option::<String>::deserialize(d).map(|s| s.map(Secret::new))
}

pub(super) fn smtp_settings(section: &SmtpSection) -> Result<SmtpSettings, ConfigError> {
    let security = match section.security.as_deref() {
        None => Security::StartTls,
        Some(s) => Security::parse(s).ok_or_else(|| {
            ConfigError(format!(
                "smtp.security {s:?} is not one of starttls, tls, none"
            ))
        })?,
    };
    let default_port = match security {
        Security::StartTls => 587,
        Security::Tls => 465,
        Security::None => 25,
    };
    if section.password.is_some() != section.username.is_some() {
        return Err(ConfigError(
            "smtp.username and smtp.password go together".into(),
        ));
    }
    Ok(SmtpSettings {
        host: section.host.clone(),
        port: section.port.unwrap_or(default_port),
        security,
        username: section.username.clone(),
        password: section.password.clone(),
        timeout: Duration::from_millis(section.timeout_ms.unwrap_or(10_000)),
    })
}

pub(super) fn sms_webhook(
    section: &SmsSection,
) -> Result<Option<(String, Option<Secret>)>, ConfigError> {
    match (
        section.provider.as_deref().unwrap_or("sink"),
        &section.webhook_url,
    ) {
        ("sink", None) => Ok(None),
        ("webhook", Some(url)) => Ok(Some((url.clone(), section.webhook_bearer_token.clone()))),
        ("webhook", None) => Err(ConfigError(
            "sms.provider = \"webhook\" needs sms.webhook_url".into(),
        )),
        ("sink", Some(_)) => Err(ConfigError(
            "sms.webhook_url is set but sms.provider is not \"webhook\"".into(),
        )),
        (other, _) => Err(ConfigError(format!(
            "sms.provider {other:?} is not one of sink, webhook"
        ))),
    }
}

pub(super) fn retry_policy(section: &DeliverySection) -> RetryPolicy {
    let defaults = RetryPolicy::default();
    RetryPolicy {
        window: section
            .retry_window_secs
            .map(Duration::from_secs)
            .unwrap_or(defaults.window),
        first_backoff: section
            .retry_backoff_ms
            .map(Duration::from_millis)
            .unwrap_or(defaults.first_backoff),
        max_backoff: section
            .max_backoff_ms
            .map(Duration::from_millis)
            .unwrap_or(defaults.max_backoff),
    }
}

pub(super) fn callback_settings(section: &CallbacksSection) -> CallbackSettings {
    let defaults = CallbackSettings::default();
    CallbackSettings {
        retry_delay: section
            .retry_delay_ms
            .map(Duration::from_millis)
            .unwrap_or(defaults.retry_delay),
        max_retries: section.max_retries.unwrap_or(defaults.max_retries),
        timeout: section
            .timeout_ms
            .map(Duration::from_millis)
            .unwrap_or(defaults.timeout),
        rules: UrlRules {
            http_hosts: section.http_hosts.clone(),
            allow_private_networks: section.allow_private_networks.unwrap_or(false),
        },
    }
}
