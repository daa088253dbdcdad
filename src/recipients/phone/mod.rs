//! Phone numbers as Notify validates them (spec §4.2, §10.4): notifications-utils'
//! `recipient_validation/phone_number.py` `PhoneNumber` on top of libphonenumber with region GB.
//!
//! `parse` is the JSON-schema check of `POST /v2/notifications/sms` (international numbers and
//! UK landlines allowed); `validate` adds a service's permissions. UK mobiles take the hand-written
//! `uk_fast_path`; everything else goes through the `libphonenumber` port and its metadata.

mod billing;
mod errors;
mod libphonenumber;
mod metadata;
mod uk_fast_path;

pub use billing::{billing_rate, BillingRate};
pub use errors::{PhoneError, SendPermissionError};
pub use metadata::NumberType;

use crate::python::is_notify_whitespace;
use libphonenumber::{ParsedNumber, Possibility};

/// `ALLOW_LIST`: the types Notify sends to (premium rate and the rest are refused).
const ALLOWED_TYPES: [NumberType; 5] = [
    NumberType::FixedLine,
    NumberType::Mobile,
    NumberType::FixedLineOrMobile,
    NumberType::Uan,
    NumberType::PersonalNumber,
];

/// `LANDLINE_CODES`.
const LANDLINE_TYPES: [NumberType; 3] = [
    NumberType::FixedLine,
    NumberType::FixedLineOrMobile,
    NumberType::Uan,
];

/// What one parsing attempt (`parse_phone_number`) found.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Recognised {
    country_code: u16,
    normalised: String,
    region: Option<&'static str>,
    number_type: NumberType,
    is_tv: bool,
}

/// A phone number Notify accepts, with what the API records about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneNumber {
    recognised: Recognised,
    billing: Option<&'static BillingRate>,
}

impl PhoneNumber {
    /// E.164 without the `+` (`447700900123`): what is stored and sent to providers.
    pub fn normalised(&self) -> &str {
        &self.recognised.normalised
    }

    /// The country calling code (`44`, `1`, `33`, ...).
    pub fn country_code(&self) -> u16 {
        self.recognised.country_code
    }

    /// libphonenumber's region (`GB`, `JE`, `US`, ...); `None` for numbers it does not know,
    /// such as Ofcom TV numbers.
    pub fn region(&self) -> Option<&'static str> {
        self.recognised.region
    }

    /// libphonenumber's number type (`Unknown` for TV numbers).
    pub fn number_type(&self) -> NumberType {
        self.recognised.number_type
    }

    /// `+44`, including Jersey, Guernsey and the Isle of Man (`is_uk_phone_number`).
    pub fn is_uk(&self) -> bool {
        self.recognised.country_code == 44
    }

    /// A UK (or crown dependency) landline: needs the `sms_to_uk_landlines` permission.
    pub fn is_uk_landline(&self) -> bool {
        self.is_uk() && LANDLINE_TYPES.contains(&self.recognised.number_type)
    }

    /// Ofcom's drama range as Notify recognises it: national number `7700` followed by a digit.
    pub fn is_tv_number(&self) -> bool {
        self.recognised.is_tv
    }

    /// `international` in `get_international_phone_info`: region not GB and not a TV number
    /// (so crown dependencies are "international" here, and stored as such).
    pub fn is_international(&self) -> bool {
        self.recognised.region != Some("GB") && !self.recognised.is_tv
    }

    /// Jersey, Guernsey or the Isle of Man.
    pub fn is_crown_dependency(&self) -> bool {
        !self.recognised.is_tv && self.is_uk() && self.recognised.region != Some("GB")
    }

    /// The billing table entry (`phone_prefix`, `rate_multiplier`, `dlr`, country names).
    pub fn billing(&self) -> Option<&'static BillingRate> {
        self.billing
    }

    /// The `phone_prefix` stored on the notification (`44`, `1`, `1664`, ...).
    pub fn phone_prefix(&self) -> &'static str {
        self.billing.map_or("", |b| b.prefix)
    }

    /// The `rate_multiplier` stored on the notification.
    pub fn rate_multiplier(&self) -> u32 {
        self.billing.map_or(1, |b| b.rate_multiplier)
    }

    /// Whether delivery receipts are expected from the destination country.
    pub fn records_delivery(&self) -> bool {
        self.billing.is_some_and(BillingRate::records_delivery)
    }

    /// `PhoneNumber.validate(allow_international_number, allow_uk_landline)` after a successful
    /// `parse`, split the way the API reports it: an international number (not a crown
    /// dependency) gets `Cannot send to international mobile numbers`, anything else that is
    /// refused gets `Not a UK mobile number`.
    pub fn check_service_permissions(
        &self,
        allow_international: bool,
        allow_uk_landline: bool,
    ) -> Result<(), SendPermissionError> {
        let refused = (!allow_international && !self.is_uk())
            || (!allow_uk_landline && self.is_uk_landline());
        match refused {
            false => Ok(()),
            true if self.is_international() && !self.is_crown_dependency() => {
                Err(SendPermissionError::InternationalNotAllowed)
            }
            true => Err(SendPermissionError::NotAUkMobile),
        }
    }
}

/// The JSON-schema `phone_number` check: `PhoneNumber(raw)` then
/// `validate(allow_international_number=True, allow_uk_landline=True)`.
pub fn parse(raw: &str) -> Result<PhoneNumber, PhoneError> {
    validate(raw, true, true)
}

/// `PhoneNumber(raw).validate(allow_international, allow_uk_landline)`.
pub fn validate(
    raw: &str,
    allow_international: bool,
    allow_uk_landline: bool,
) -> Result<PhoneNumber, PhoneError> {
    let recognised = match attempt(raw) {
        Ok(found) => found,
        Err(_) => attempt(&thoroughly_normalise(raw))?,
    };
    let number = PhoneNumber {
        billing: billing::billing_prefix(recognised.country_code, &recognised.normalised),
        recognised,
    };
    if !allow_international && !number.is_uk() {
        return Err(PhoneError::NotAUkMobile);
    }
    if !allow_uk_landline && number.is_uk_landline() {
        return Err(PhoneError::NotAUkMobile);
    }
    if !billing::is_supported_country_code(number.country_code()) {
        return Err(PhoneError::UnsupportedCountryCode);
    }
    Ok(number)
}

/// The number in E.164 without `+` when Notify accepts it, for matching recipients.
pub fn normalise_phone(raw: &str) -> Option<String> {
    parse(raw).ok().map(|n| n.recognised.normalised)
}

/// `_thoroughly_normalise_number`: drop every `+`, strip leading zeros.
fn thoroughly_normalise(raw: &str) -> String {
    raw.replace('+', "").trim_start_matches('0').to_owned()
}

/// `parse_phone_number`: one attempt, fast path first.
fn attempt(raw: &str) -> Result<Recognised, PhoneError> {
    if let Some(result) = uk_fast_path::recognise(raw) {
        return result;
    }
    attempt_general(raw)
}

/// `parse_phone_number` through the libphonenumber port only.
fn attempt_general(raw: &str) -> Result<Recognised, PhoneError> {
    if raw
        .chars()
        .any(|c| !(c.is_ascii_digit() || "()-+".contains(c) || is_notify_whitespace(c)))
    {
        return Err(PhoneError::UnknownCharacter);
    }
    if raw.is_empty() {
        return Err(PhoneError::TooShort);
    }
    let mut number =
        libphonenumber::parse(raw, Some("GB")).map_err(|_| PhoneError::InvalidNumber)?;
    let reason = libphonenumber::possibility(&number);
    if reason != Possibility::IsPossible {
        number = forced_international(raw).ok_or(match reason {
            Possibility::TooLong => PhoneError::TooLong,
            Possibility::TooShort | Possibility::IsPossibleLocalOnly => PhoneError::TooShort,
            Possibility::InvalidCountryCode => PhoneError::UnsupportedCountryCode,
            Possibility::InvalidLength | Possibility::IsPossible => PhoneError::InvalidNumber,
        })?;
    }
    let (region, number_type) = libphonenumber::classify(&number);
    let is_tv = is_tv_number(&number);
    // Valid means a known type, and `Unknown` is not an allowed type.
    if !(ALLOWED_TYPES.contains(&number_type) || is_tv) {
        return Err(PhoneError::InvalidNumber);
    }
    let normalised = format!("{}{}", number.country_code, number.national);
    Ok(Recognised {
        country_code: number.country_code,
        normalised,
        region,
        number_type,
        is_tv,
    })
}

/// `_validate_forced_international_number`: the same digits read as `+<raw>`.
fn forced_international(raw: &str) -> Option<ParsedNumber> {
    let forced = libphonenumber::parse(&format!("+{raw}"), None).ok()?;
    matches!(
        libphonenumber::possibility(&forced),
        Possibility::IsPossible | Possibility::IsPossibleLocalOnly
    )
    .then_some(forced)
}

/// `_is_tv_number`: `re.match("7700[900000-900999]", str(national_number))`; the character
/// class is any digit, so every number whose national part starts 7700 and a digit qualifies.
fn is_tv_number(number: &ParsedNumber) -> bool {
    let digits = number.national_number_digits();
    digits.starts_with("7700") && digits.len() > 4
}

#[cfg(test)]
mod tests;
