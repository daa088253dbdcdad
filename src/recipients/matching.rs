//! Recipient matching: the key notifications-utils' `format_recipient` gives a recipient (used by
//! `allowed_to_send_to` for team-only keys and trial mode, spec §3.1), and the API's simulated
//! ("smoke test") recipients from `app/config.py` (spec §3.3).

use super::email::validate_email;
use super::phone::normalise_phone;

/// `SIMULATED_EMAIL_ADDRESSES`.
pub const SIMULATED_EMAIL_ADDRESSES: [&str; 3] = [
    "simulate-delivered@notifications.service.gov.uk",
    "simulate-delivered-2@notifications.service.gov.uk",
    "simulate-delivered-3@notifications.service.gov.uk",
];

/// `SIMULATED_SMS_NUMBERS`, normalised (the config lists them as `+447700900000`, ...).
pub const SIMULATED_SMS_NUMBERS: [&str; 3] = ["447700900000", "447700900111", "447700900222"];

/// `format_recipient`: a phone number Notify accepts becomes E.164 without `+`, otherwise a
/// valid email address becomes lower-cased, otherwise the recipient is used as given. Compare
/// the key of the recipient with the keys of the team members and guest list.
pub fn allowed_key(recipient: &str) -> String {
    normalise_phone(recipient)
        .or_else(|| validate_email(recipient).ok())
        .unwrap_or_else(|| recipient.to_owned())
}

/// `simulated_recipient` for text messages; takes the normalised number.
pub fn is_smoke_test_sms(normalised: &str) -> bool {
    SIMULATED_SMS_NUMBERS.contains(&normalised)
}

/// `simulated_recipient` for emails; takes the normalised (lower-cased) address.
pub fn is_smoke_test_email(normalised: &str) -> bool {
    SIMULATED_EMAIL_ADDRESSES.contains(&normalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_recipients_like_notifications_utils() {
        let cases = [
            ("foo", "foo"),
            ("TeSt@ExAmPl3.com", "test@exampl3.com"),
            ("+4407900 900 123", "447900900123"),
            ("+1 202-555-0104", "12025550104"),
            ("07700 900123", "447700900123"),
            ("0044 (0)7700-900-123", "447700900123"),
            ("020 7946 0000", "442079460000"),
            (
                " Simulate-Delivered@Notifications.Service.Gov.UK ",
                "simulate-delivered@notifications.service.gov.uk",
            ),
            ("not a number", "not a number"),
            ("", ""),
        ];
        for (recipient, key) in cases {
            assert_eq!(allowed_key(recipient), key, "{recipient:?}");
        }
    }

    #[test]
    fn team_member_and_recipient_match_through_their_keys() {
        let team = ["07700 900 111", "Someone@Example.com"];
        let keys: Vec<String> = team.iter().map(|r| allowed_key(r)).collect();
        for recipient in ["+447700900111", "0044 7700 900111", "someone@example.COM"] {
            assert!(keys.contains(&allowed_key(recipient)), "{recipient}");
        }
        assert!(!keys.contains(&allowed_key("07700900112")));
    }

    #[test]
    fn recognises_smoke_test_recipients_after_normalisation() {
        for raw in ["07700 900000", "+447700900111", "0044 7700 900222"] {
            let normalised = normalise_phone(raw).expect(raw);
            assert!(is_smoke_test_sms(&normalised), "{raw}");
        }
        assert!(!is_smoke_test_sms("447700900003"));
        assert!(!is_smoke_test_sms("+447700900000"));
        for raw in SIMULATED_EMAIL_ADDRESSES {
            let upper = raw.to_uppercase();
            assert!(
                is_smoke_test_email(&validate_email(&upper).expect(raw)),
                "{raw}"
            );
        }
        assert!(!is_smoke_test_email("temp-fail@simulator.notify"));
    }
}
