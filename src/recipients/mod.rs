//! Recipient validation for notifyd: phone numbers (spec §4.2), email addresses (§4.3), letter
//! addresses (§4.6), and the normalisation used to match recipients against a service's team
//! and guest list (§3.1) and the smoke-test recipients (§3.3).
//!
//! Everything here follows notifications-utils (`recipient_validation/*`, `recipients.py`,
//! `countries/`, `international_billing_rates.yml`) and the libphonenumber version Notify pins.

pub mod address;
pub mod email;
mod matching;
pub mod phone;

pub use address::{
    notification_address_fields, validate_address, validate_personalisation_address, AddressError,
    Postage, PostalAddress, ValidAddress,
};
pub use email::{validate_email, EmailError};
pub use matching::{
    allowed_key, is_smoke_test_email, is_smoke_test_sms, SIMULATED_EMAIL_ADDRESSES,
    SIMULATED_SMS_NUMBERS,
};
pub use phone::{normalise_phone, parse, validate, PhoneError, PhoneNumber, SendPermissionError};
