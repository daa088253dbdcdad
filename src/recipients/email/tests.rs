//! Table tests for `validate_email`, ported from notifications-utils'
//! `tests/recipient_validation/test_email_address.py` plus the spec §4.3 examples.

use super::*;

const VALID: &[&str] = &[
    "email@domain.com",
    "email@domain.COM",
    "firstname.lastname@domain.com",
    "firstname.o'lastname@domain.com",
    "email@subdomain.domain.com",
    "firstname+lastname@domain.com",
    "1234567890@domain.com",
    "email@domain-one.com",
    "_______@domain.com",
    "email@domain.name",
    "email@domain.superlongtld",
    "email@domain.co.jp",
    "firstname-lastname@domain.com",
    "info@german-financial-services.vermögensberatung",
    "info@german-financial-services.reallylongarbitrarytldthatiswaytoohugejustincase",
    "japanese-info@例え.テスト",
    "email@double--hyphen.com",
    "temp-fail@simulator.notify",
    "simulate-delivered@notifications.service.gov.uk",
    "a!#$%&'*+/=?^_`{|}~-z@example.com",
    "email@xn--bcher-kva.example",
];

const INVALID: &[&str] = &[
    "email@123.123.123.123",
    "email@[123.123.123.123]",
    "plainaddress",
    "example",
    "@no-local-part.com",
    "Outlook Contact <outlook-contact@domain.com>",
    "no-at.domain.com",
    "no-tld@domain",
    ";beginning-semicolon@domain.co.uk",
    "middle-semicolon@domain.co;uk",
    "trailing-semicolon@domain.com;",
    "\"email+leading-quotes@domain.com",
    "email+middle\"-quotes@domain.com",
    "\"quoted-local-part\"@domain.com",
    "\"quoted@domain.com\"",
    "lots-of-dots@domain..gov..uk",
    "two-dots..in-local@domain.com",
    "multiple@domains@domain.com",
    "spaces in local@domain.com",
    "spaces-in-domain@dom ain.com",
    "underscores-in-domain@dom_ain.com",
    "pipe-in-domain@example.com|gov.uk",
    "comma,in-local@gov.uk",
    "comma-in-domain@domain,gov.uk",
    "pound-sign-in-local£@domain.com",
    "local-with-’-apostrophe@domain.com",
    "local-with-”-quotes@domain.com",
    "domain-starts-with-a-dot@.domain.com",
    "brackets(in)local@domain.com",
    "with(brackets)@example.com",
    "incorrect-punycode@xn---something.com",
    "triple-hyphen@a---b.com",
    "leading-hyphen@-domain.com",
    "trailing-hyphen@domain-.com",
    "numeric-tld@domain.c0m",
    "one-letter-tld@domain.c",
    "trailing-dot@domain.com.",
    "",
    "   ",
    "@",
    "a@b",
];

#[test]
fn accepts_valid_addresses_and_lower_cases_them() {
    for raw in VALID {
        assert_eq!(validate_email(raw), Ok(raw.to_lowercase()), "{raw}");
    }
}

#[test]
fn rejects_invalid_addresses_with_notifys_message() {
    for raw in INVALID {
        let err = validate_email(raw).expect_err(raw);
        assert_eq!(err.message(), "Not a valid email address", "{raw}");
        assert_eq!(err.to_string(), "Not a valid email address");
    }
}

#[test]
fn strips_whitespace_before_validating() {
    let cases = [
        " email@domain.com ",
        "\temail@domain.com",
        "\temail@domain.com\n",
        "\u{200b}email@domain.com\u{200b}",
        "email@\u{a0}domain.com",
        "Email@Domain.COM\u{feff}",
    ];
    for raw in cases {
        assert_eq!(
            validate_email(raw).as_deref(),
            Ok("email@domain.com"),
            "{raw:?}"
        );
    }
}

#[test]
fn enforces_length_limits() {
    let too_long = format!("email-too-long-{}@example.com", "a".repeat(320));
    assert!(validate_email(&too_long).is_err());
    let label_64 = format!("a@{}.com", "b".repeat(64));
    assert!(validate_email(&label_64).is_err());
    let label_63 = format!("a@{}.com", "b".repeat(63));
    assert!(validate_email(&label_63).is_ok());
    let host_254 = format!(
        "a@{}.{}.{}.{}",
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(63),
        "e".repeat(62)
    );
    assert!(validate_email(&host_254).is_err());
    let host_253 = format!(
        "a@{}.{}.{}.{}",
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(63),
        "e".repeat(61)
    );
    assert!(validate_email(&host_253).is_ok());
}

#[test]
fn whitespace_inside_the_hostname_is_refused() {
    for raw in ["a@b.c\u{85}om", "a@b.com\u{3000}x", "a@exa mple.com"] {
        assert!(validate_email(raw).is_err(), "{raw:?}");
    }
}

#[test]
fn keeps_unicode_lower_casing_of_the_hostname() {
    assert_eq!(
        validate_email("Info@BÜCHER.Example").as_deref(),
        Ok("info@bücher.example")
    );
}
