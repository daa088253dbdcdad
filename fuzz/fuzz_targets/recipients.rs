//! Fuzz target `recipients`: phone numbers, email addresses and postal addresses as the API
//! validates them (`recipients::parse`, `validate`, `validate_email`, `allowed_key`,
//! `PostalAddress::new` + `validate_address`, `validate_personalisation_address`).
//!
//! The whole input (UTF-8, lossily) is tried as a phone number, an email address and a
//! recipient; its lines are tried as an address (whole, and as `address_line_1..7` /
//! `postcode` personalisation).
//!
//! Invariants: nothing panics; a number accepted under stricter permissions is accepted under
//! looser ones with the same normalised form, which is digits starting with its country code
//! and, read back with a `+`, keeps that country code; an accepted email address is lower case and validates
//! to itself; `allowed_key` is the normalised number, else the normalised address, else the
//! text; an accepted address has 3 to 7 lines, the first two with a letter or digit, stays
//! accepted when international letters are allowed, and validates to itself when re-read.

#![no_main]

use libfuzzer_sys::fuzz_target;
use notifyd::recipients::{self, PostalAddress};
use serde_json::{Map, Value};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    phone(&text);
    email(&text);
    let key = recipients::allowed_key(&text);
    match (
        recipients::normalise_phone(&text),
        recipients::validate_email(&text),
    ) {
        (Some(number), _) => assert_eq!(key, number),
        (None, Ok(address)) => assert_eq!(key, address),
        (None, Err(_)) => assert_eq!(key, text),
    }
    address(&text);
});

fn phone(text: &str) {
    let flags = [(false, false), (false, true), (true, false), (true, true)];
    let results: Vec<_> = flags
        .iter()
        .map(|&(intl, landline)| recipients::validate(text, intl, landline))
        .collect();
    let parsed = recipients::parse(text);
    assert_eq!(parsed, results[3]);
    for (i, result) in results.iter().enumerate() {
        match result {
            Ok(number) => {
                for (j, looser) in results.iter().enumerate() {
                    if flags[j].0 >= flags[i].0 && flags[j].1 >= flags[i].1 {
                        assert_eq!(looser.as_ref().ok(), Some(number), "{text:?}");
                    }
                }
            }
            Err(e) => assert!(!e.legacy_message().is_empty()),
        }
    }
    if let Ok(number) = parsed {
        let normalised = number.normalised();
        assert!(
            normalised.bytes().all(|b| b.is_ascii_digit()),
            "{normalised}"
        );
        assert!(normalised.starts_with(&number.country_code().to_string()));
        // Re-reading `+<normalised>` keeps the country code, but need not be a fixed point:
        // libphonenumber strips a national prefix again (`+90 0770…` → `+90 770…`), so a
        // national number that still starts with one reads back shorter, in Python too.
        if let Ok(again) = recipients::parse(&format!("+{normalised}")) {
            assert_eq!(again.country_code(), number.country_code(), "{text:?}");
        }
        let _ = number.check_service_permissions(false, false);
    }
}

fn email(text: &str) {
    if let Ok(address) = recipients::validate_email(text) {
        assert_eq!(address, address.to_lowercase());
        assert_eq!(recipients::validate_email(&address).as_ref(), Ok(&address));
    }
}

fn address(text: &str) {
    let parsed = PostalAddress::new(text);
    let uk_only = recipients::validate_address(&parsed, false);
    let anywhere = recipients::validate_address(&parsed, true);
    for valid in [&uk_only, &anywhere].into_iter().flatten() {
        let lines = valid.lines.iter().filter(|l| !l.is_empty()).count();
        assert!((3..=7).contains(&lines), "{:?}", valid.lines);
        for line in valid.lines.iter().take(2) {
            assert!(line.chars().any(|c| c.is_ascii_alphanumeric()), "{line:?}");
        }
        let reread = PostalAddress::new(&valid.normalised());
        let again = recipients::validate_address(&reread, valid.is_international());
        assert_eq!(again.as_ref(), Ok(valid), "{text:?}");
    }
    if let Ok(valid) = &uk_only {
        assert_eq!(anywhere.as_ref(), Ok(valid), "{text:?}");
    }
    let mut personalisation = Map::new();
    for (i, line) in text.lines().take(8).enumerate() {
        let key = match line.strip_prefix("postcode=") {
            Some(_) => "postcode".to_owned(),
            None => format!("address_line_{}", i + 1),
        };
        let value = line.strip_prefix("postcode=").unwrap_or(line);
        personalisation.insert(key, Value::String(value.to_owned()));
    }
    let _ = recipients::validate_personalisation_address(&personalisation, false);
    let _ = recipients::validate_personalisation_address(&personalisation, true);
    let _ = recipients::notification_address_fields(&personalisation);
}
