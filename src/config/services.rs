//! The services a config file declares (`[[services]]`): keys with fixed secrets, team,
//! guest list, templates with fixed ids and outcome rules, applied at start by `provision`.

use crate::secrets::Secret;
use serde::{Deserialize, Deserializer};
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    pub id: Uuid,
    pub name: String,
    pub trial_mode: Option<bool>,
    pub rate_limit: Option<i64>,
    pub sms_limit: Option<i64>,
    pub email_limit: Option<i64>,
    pub letter_limit: Option<i64>,
    pub international_sms_limit: Option<i64>,
    pub permissions: Option<Vec<String>>,
    /// Days notifications and received texts are kept (default 7, as Notify).
    pub retention_days: Option<i64>,
    /// Reply-to address of the service's emails (sent as `Reply-To` by the SMTP relay).
    pub email_reply_to: Option<String>,
    #[serde(default)]
    pub keys: Vec<KeyConfig>,
    #[serde(default)]
    pub team: Vec<TeamConfig>,
    pub guest_list: Option<GuestListConfig>,
    #[serde(default)]
    pub templates: Vec<TemplateConfig>,
    /// Outcome rules for test-key and sink messages; when present, they replace the service's
    /// rules at every start.
    pub outcomes: Option<Vec<OutcomeConfig>>,
}

/// `{to | to_pattern, status, after}`, as `POST /notifyd/v1/outcomes` takes it.
#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_pattern: Option<String>,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyConfig {
    /// Optional: derived from the service id and key name when absent.
    pub id: Option<Uuid>,
    pub name: String,
    /// `live`, `team` or `test`.
    #[serde(rename = "type")]
    pub key_type: String,
    /// 36 characters, UUID-shaped and lower-case, like the secrets notifyd generates.
    #[serde(deserialize_with = "secret")]
    pub secret: Secret,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamConfig {
    pub email: String,
    pub phone: Option<String>,
    pub name: Option<String>,
    pub permissions: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuestListConfig {
    #[serde(default)]
    pub email_addresses: Vec<String>,
    #[serde(default)]
    pub phone_numbers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateConfig {
    pub id: Uuid,
    /// `sms`, `email` or `letter`.
    #[serde(rename = "type")]
    pub template_type: String,
    pub name: String,
    pub subject: Option<String>,
    pub body: String,
}

fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
    String::deserialize(d).map(Secret::new)
}
