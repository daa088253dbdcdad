//! Who a message goes to (spec §4.5 step 9, §3.1, §3.3, §4.6): the team-key and trial-mode
//! rules first (before the recipient is even validated, as in Notify), then the phone number,
//! email address or postal address against the service's permissions, and whether it is one of
//! Notify's smoke-test recipients. Also the checks on files sent by email (step 11).

use super::SendError;
use crate::auth::Principal;
use crate::keys::KeyType;
use crate::letters::pdf;
use crate::python::str_of;
use crate::recipients::{self, allowed_key, is_smoke_test_email, is_smoke_test_sms};
use crate::templates::TemplateType;
use serde_json::{Map, Value};

/// A checked recipient, with what the notification row records about it.
#[derive(Debug, Default)]
pub struct Recipient {
    pub as_supplied: String,
    pub normalised: String,
    pub smoke_test: bool,
    pub international: bool,
    pub phone_prefix: Option<String>,
    pub rate_multiplier: Option<f64>,
    pub postage: Option<String>,
}

pub const TEAM_ONLY: &str = "Can’t send to this recipient using a team-only API key";
pub const TRIAL_MODE: &str =
    "Can’t send to this recipient when service is in trial mode – see https://www.notifications.service.gov.uk/trial-mode";

/// Notify's `service_allowed_to_send_to`: test keys reach anyone, live keys anyone once the
/// service is live; otherwise only the team and the guest list (both sides normalised).
pub fn check_allowed(principal: &Principal, to: &str) -> Result<(), SendError> {
    let restricted = match principal.key_type {
        KeyType::Test => false,
        KeyType::Live => principal.service.service.trial_mode,
        KeyType::Team => true,
    };
    if !restricted
        || principal
            .service
            .allowed_recipients
            .contains(&allowed_key(to))
    {
        return Ok(());
    }
    Err(SendError::BadRequest(
        if principal.key_type == KeyType::Team {
            TEAM_ONLY
        } else {
            TRIAL_MODE
        }
        .to_owned(),
    ))
}

/// Checks the recipient of a templated message.
pub fn check(
    principal: &Principal,
    kind: TemplateType,
    body: &Map<String, Value>,
    personalisation: &Map<String, Value>,
) -> Result<Recipient, SendError> {
    match kind {
        TemplateType::Sms => phone(
            principal,
            body.get("phone_number")
                .and_then(Value::as_str)
                .unwrap_or(""),
        ),
        TemplateType::Email => email(
            principal,
            body.get("email_address")
                .and_then(Value::as_str)
                .unwrap_or(""),
        ),
        TemplateType::Letter => letter(principal, personalisation),
    }
}

fn phone(principal: &Principal, raw: &str) -> Result<Recipient, SendError> {
    check_allowed(principal, raw)?;
    let number = recipients::parse(raw)
        .map_err(|e| SendError::InvalidPhone(e.legacy_message().to_owned()))?;
    let service = &principal.service.service;
    number
        .check_service_permissions(
            service.has_permission("international_sms"),
            service.has_permission("sms_to_uk_landlines"),
        )
        .map_err(|e| match e.error_name() {
            "InvalidPhoneError" => SendError::InvalidPhone(e.message().to_owned()),
            _ => SendError::BadRequest(e.message().to_owned()),
        })?;
    let international = number.is_international();
    Ok(Recipient {
        as_supplied: raw.trim().to_owned(),
        normalised: number.normalised().to_owned(),
        smoke_test: is_smoke_test_sms(number.normalised()),
        international,
        phone_prefix: Some(number.phone_prefix().to_owned()),
        rate_multiplier: Some(f64::from(number.rate_multiplier())),
        ..Recipient::default()
    })
}

fn email(principal: &Principal, raw: &str) -> Result<Recipient, SendError> {
    check_allowed(principal, raw)?;
    let normalised = recipients::validate_email(raw)
        .map_err(|e| SendError::BadRequest(e.message().to_owned()))?;
    Ok(Recipient {
        as_supplied: raw.trim().to_owned(),
        smoke_test: is_smoke_test_email(&normalised),
        normalised,
        ..Recipient::default()
    })
}

fn letter(
    principal: &Principal,
    personalisation: &Map<String, Value>,
) -> Result<Recipient, SendError> {
    super::send::check_letter_key(principal)?;
    let allow_international = principal
        .service
        .service
        .has_permission("international_letters");
    let address =
        recipients::validate_personalisation_address(personalisation, allow_international)
            .map_err(|e| SendError::Validation(e.message().to_owned()))?;
    Ok(Recipient {
        as_supplied: address.normalised(),
        normalised: address.normalised(),
        postage: address.international_postage.map(|p| p.as_str().to_owned()),
        ..Recipient::default()
    })
}

/// Counts the sheets of paper a rendered letter takes (double-sided).
pub fn letter_sheets(address: &str, subject: &str, body: &str) -> i64 {
    let lines: Vec<String> = address.lines().map(str::to_owned).collect();
    let blocks = crate::letters::pdf_blocks(&crate::templates::letter_blocks(body));
    let bytes = pdf::render(&pdf::Letter {
        address_lines: &lines,
        contact_block: None,
        date: "",
        subject,
        blocks: &blocks,
    });
    i64::from(pdf::billable_sheets(
        pdf::page_count(&bytes).unwrap_or(1).max(1),
    ))
}

fn check_file(file: &Map<String, Value>) -> Result<(), SendError> {
    const ALLOWED: [&str; 5] = [
        "file",
        "is_csv",
        "confirm_email_before_download",
        "retention_period",
        "filename",
    ];
    let mut unexpected: Vec<&str> = file
        .keys()
        .map(String::as_str)
        .filter(|k| !ALLOWED.contains(k))
        .collect();
    if !unexpected.is_empty() {
        unexpected.sort_unstable();
        let verb = if unexpected.len() == 1 { "was" } else { "were" };
        return Err(SendError::Validation(format!(
            "Additional properties are not allowed ({} {verb} unexpected)",
            unexpected.join(", ")
        )));
    }
    for flag in ["is_csv", "confirm_email_before_download"] {
        if let Some(v) = file.get(flag).filter(|v| !v.is_null() && !v.is_boolean()) {
            return Err(SendError::BadRequest(format!(
                "Unsupported value for {flag}: {}. Use a boolean true or false value.",
                str_of(v)
            )));
        }
    }
    if let Some(v) = file.get("retention_period").filter(|v| !v.is_null()) {
        let weeks = v.as_str().and_then(|s| {
            let digits = s
                .strip_suffix(" weeks")
                .or_else(|| s.strip_suffix(" week"))?;
            digits
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| digits.parse::<u32>().ok())?
        });
        if !weeks.is_some_and(|w| (1..=78).contains(&w)) {
            return Err(SendError::BadRequest(format!(
                "Unsupported value for retention_period: {}. Supported periods are from 1 to 78 weeks.",
                str_of(v)
            )));
        }
    }
    if let Some(name) = file.get("filename").filter(|v| !v.is_null()) {
        let name = str_of(name);
        if !name
            .rsplit_once('.')
            .is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
        {
            return Err(SendError::BadRequest(
                "`filename` must end with a file extension. For example, filename.csv".into(),
            ));
        }
        if file.get("is_csv").is_some_and(|v| !v.is_null()) {
            return Err(SendError::BadRequest(
                "Do not set a value for `is_csv` if `filename` is set.".into(),
            ));
        }
    }
    Ok(())
}

/// Files sent by email (step 11): each file object is checked, then refused because no notifyd
/// service has the contact details Notify requires for sending files.
pub fn check_files(
    personalisation: &Map<String, Value>,
    service_id: uuid::Uuid,
    admin_url: &str,
) -> Result<(), SendError> {
    for file in personalisation
        .values()
        .filter_map(Value::as_object)
        .filter(|o| o.contains_key("file"))
    {
        check_file(file)?;
    }
    Err(SendError::BadRequest(format!(
        "Send files by email has not been set up - add contact details for your service at \
         {admin_url}/services/{service_id}/service-settings/send-files-by-email"
    )))
}
