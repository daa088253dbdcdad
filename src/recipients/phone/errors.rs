//! Phone number errors and their exact wording, from notifications-utils'
//! `recipient_validation/errors.py` (`InvalidPhoneError`), plus the API's split between an
//! international number a service may not send to and a UK landline it may not send to
//! (`app/notifications/validators.py` `validate_and_return_extended_phone_number_info`).

/// `InvalidPhoneError.Codes` (spec §4.2 table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PhoneError {
    InvalidNumber,
    TooLong,
    TooShort,
    NotAUkMobile,
    UnknownCharacter,
    UnsupportedCountryCode,
}

impl PhoneError {
    /// The code name Notify uses (`INVALID_NUMBER`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            PhoneError::InvalidNumber => "INVALID_NUMBER",
            PhoneError::TooLong => "TOO_LONG",
            PhoneError::TooShort => "TOO_SHORT",
            PhoneError::NotAUkMobile => "NOT_A_UK_MOBILE",
            PhoneError::UnknownCharacter => "UNKNOWN_CHARACTER",
            PhoneError::UnsupportedCountryCode => "UNSUPPORTED_COUNTRY_CODE",
        }
    }

    /// The message the v2 API returns (`get_legacy_v2_api_error_message`).
    pub fn legacy_message(&self) -> &'static str {
        match self {
            PhoneError::TooLong => "Too many digits",
            PhoneError::TooShort => "Not enough digits",
            PhoneError::NotAUkMobile => "Not a UK mobile number",
            PhoneError::UnknownCharacter => "Must not contain letters or symbols",
            PhoneError::UnsupportedCountryCode => "Not a valid country prefix",
            PhoneError::InvalidNumber => self.admin_message(),
        }
    }

    /// The message the admin interface shows (`ERROR_MESSAGES`).
    pub fn admin_message(&self) -> &'static str {
        match self {
            PhoneError::InvalidNumber => "Number is not valid – double check the phone number you entered",
            PhoneError::TooLong => "Mobile number is too long",
            PhoneError::TooShort => "Mobile number is too short",
            PhoneError::NotAUkMobile => {
                "This does not look like a UK mobile number – double check the mobile number you entered"
            }
            PhoneError::UnknownCharacter => "Mobile numbers can only include: 0 1 2 3 4 5 6 7 8 9 ( ) + -",
            PhoneError::UnsupportedCountryCode => {
                "Country code not found - double check the mobile number you entered"
            }
        }
    }
}

impl std::fmt::Display for PhoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.legacy_message())
    }
}

impl std::error::Error for PhoneError {}

/// Why a service may not send a text message to an otherwise valid number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendPermissionError {
    /// No `international_sms` permission and the number is abroad (not a crown dependency):
    /// 400 `BadRequestError` `Cannot send to international mobile numbers`.
    InternationalNotAllowed,
    /// Any other NOT_A_UK_MOBILE (a UK landline without `sms_to_uk_landlines`, a crown
    /// dependency landline, ...): 400 `InvalidPhoneError` `Not a UK mobile number`.
    NotAUkMobile,
}

impl SendPermissionError {
    /// The `message` of the API's error response.
    pub fn message(&self) -> &'static str {
        match self {
            SendPermissionError::InternationalNotAllowed => {
                "Cannot send to international mobile numbers"
            }
            SendPermissionError::NotAUkMobile => PhoneError::NotAUkMobile.legacy_message(),
        }
    }

    /// The `error` of the API's error response.
    pub fn error_name(&self) -> &'static str {
        match self {
            SendPermissionError::InternationalNotAllowed => "BadRequestError",
            SendPermissionError::NotAUkMobile => "InvalidPhoneError",
        }
    }
}

impl std::fmt::Display for SendPermissionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for SendPermissionError {}
