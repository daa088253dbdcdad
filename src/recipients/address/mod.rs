//! Letter addresses (spec §4.6, §10.7): notifications-utils' `recipient_validation/
//! postal_address.py` `PostalAddress` and the API's `validate_address`
//! (`app/notifications/validators.py`), with the exact messages in the API's check order.
//!
//! The API builds the address from the request's `personalisation` with the exact snake_case
//! keys `address_line_1`..`address_line_6` and `postcode` (or `address_line_1`..`address_line_7`
//! when `address_line_7` is present); "The API only accepts snake_case placeholders". Only the
//! `line_1`..`postcode` fields of a notification's JSON are read case-insensitively
//! (`notification_address_fields`).

mod countries;
mod errors;
mod lines;
mod personalisation_value;
mod postcode;

pub use countries::{find_country, Country};
pub use errors::AddressError;
pub use lines::PostalAddress;

use serde_json::{Map, Value};

/// Royal Mail postage zone of an address (`Postage` in `countries/data.py`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Postage {
    Uk,
    Europe,
    RestOfWorld,
}

impl Postage {
    /// `united-kingdom`, `europe` or `rest-of-world`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Postage::Uk => "united-kingdom",
            Postage::Europe => "europe",
            Postage::RestOfWorld => "rest-of-world",
        }
    }
}

/// An address that passed `validate_address`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAddress {
    /// `normalised_lines`: what is printed, postcode formatted, country canonical.
    pub lines: Vec<String>,
    /// The formatted UK postcode (`SW1A 1AA`); `None` for international and postcode-less BFPO.
    pub postcode: Option<String>,
    /// The postage the address implies when international (`europe`/`rest-of-world`); the
    /// API uses it instead of the template's postage. `None` for UK addresses.
    pub international_postage: Option<Postage>,
    /// The BFPO number, without leading zeros, for British Forces addresses.
    pub bfpo_number: Option<String>,
}

impl ValidAddress {
    /// The notification's `to`: the normalised lines joined with newlines.
    pub fn normalised(&self) -> String {
        self.lines.join("\n")
    }

    /// Whether the letter goes abroad.
    pub fn is_international(&self) -> bool {
        self.international_postage.is_some()
    }

    /// Whether this is a British Forces Post Office address.
    pub fn is_bfpo(&self) -> bool {
        self.bfpo_number.is_some()
    }
}

/// The API's `validate_address`, in its order of checks.
pub fn validate_address(
    address: &PostalAddress,
    allow_international_letters: bool,
) -> Result<ValidAddress, AddressError> {
    let lines = address.normalised_lines();
    let line_count = lines.iter().filter(|l| !l.is_empty()).count();
    if line_count < PostalAddress::MIN_LINES {
        return Err(AddressError::NotEnoughLines);
    }
    if line_count > PostalAddress::MAX_LINES {
        return Err(AddressError::TooManyLines);
    }
    let has_alphanumeric = |line: &String| line.chars().any(|c| c.is_ascii_alphanumeric());
    if !lines.iter().take(2).all(has_alphanumeric) {
        return Err(AddressError::FirstTwoLinesNotAlphanumeric);
    }
    if address.has_invalid_country_for_bfpo_address() {
        return Err(AddressError::BfpoWithCountry);
    }
    if !address.has_valid_last_line(allow_international_letters) {
        return Err(match allow_international_letters {
            true => AddressError::NotAUkPostcodeOrCountry,
            false => AddressError::NotAUkPostcode,
        });
    }
    if lines
        .iter()
        .any(|line| line.starts_with(PostalAddress::INVALID_FIRST_CHARACTERS))
    {
        return Err(AddressError::InvalidCharacters);
    }
    if address.has_no_fixed_abode_address() {
        return Err(AddressError::NoFixedAbode);
    }
    Ok(ValidAddress {
        postcode: address.postcode(),
        international_postage: address.is_international().then(|| address.postage()),
        bfpo_number: address.bfpo_number().map(str::to_owned),
        lines,
    })
}

/// `PostalAddress.from_personalisation(personalisation)` then `validate_address`.
pub fn validate_personalisation_address(
    personalisation: &Map<String, Value>,
    allow_international_letters: bool,
) -> Result<ValidAddress, AddressError> {
    validate_address(
        &PostalAddress::from_personalisation(personalisation),
        allow_international_letters,
    )
}

/// The `line_1`..`line_6` and `postcode` of a letter notification's JSON (`Notification.serialize`):
/// the raw personalisation values of `address_line_1`..`address_line_6` and `postcode`, looked up
/// ignoring case, spaces, underscores and hyphens (`InsensitiveDict`).
pub fn notification_address_fields(personalisation: &Map<String, Value>) -> [Option<&Value>; 7] {
    const KEYS: [&str; 7] = [
        "addressline1",
        "addressline2",
        "addressline3",
        "addressline4",
        "addressline5",
        "addressline6",
        "postcode",
    ];
    let mut fields = [None; 7];
    for (key, value) in personalisation {
        let insensitive: String = key
            .chars()
            .filter(|c| !" _-".contains(*c))
            .flat_map(char::to_lowercase)
            .collect();
        if let Some(index) = KEYS.iter().position(|k| *k == insensitive) {
            fields[index] = Some(value);
        }
    }
    fields
}

#[cfg(test)]
mod tests;
