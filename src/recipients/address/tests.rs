//! Table tests for letter addresses: every message of spec §4.6 (in the API's order of checks)
//! and cases ported from notifications-utils' `tests/recipient_validation/test_postal_address.py`.

use super::*;
use serde_json::json;

fn personalisation(value: serde_json::Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

fn check(raw: &str, international: bool) -> Result<ValidAddress, &'static str> {
    validate_address(&PostalAddress::new(raw), international).map_err(|e| e.message())
}

#[test]
fn every_message_in_the_apis_order() {
    let cases: &[(&str, bool, &str)] = &[
        ("", false, "Address must be at least 3 lines"),
        ("A\nSW1A 1AA", false, "Address must be at least 3 lines"),
        ("1\n2\n3\n4\n5\n6\n7\n8", false, "Address must be no more than 7 lines"),
        ("...\nStreet\nSW1A 1AA", false, "The first 2 lines of the address must both include at least one alphanumeric character"),
        ("Name\n--\nSW1A 1AA", false, "The first 2 lines of the address must both include at least one alphanumeric character"),
        ("Mx One\nBFPO 1\nFrance", true, "The last line of a BFPO address must not be a country."),
        ("Mx One\nStreet\nNot a postcode", false, "Must be a real UK postcode"),
        ("Mx One\nStreet\nFrance", false, "Must be a real UK postcode"),
        ("Mx One\nStreet\nNot a postcode", true, "Last line of address must be a real UK postcode or another country"),
        ("Mx One\n(Street)\nSW1A 1AA", false, "Address lines must not start with any of the following characters: @ ( ) = [ ] ” \\ / , < >"),
        ("Mx One\n~Street\nSW1A 1AA", false, "Address lines must not start with any of the following characters: @ ( ) = [ ] ” \\ / , < >"),
        ("Mx One\nNo fixed abode\nSW1A 1AA", false, "Must be a real address"),
        ("Mx One\nNFA,\nSW1A 1AA", false, "Must be a real address"),
        ("User with no Fixed Address,\nLondon\nSW1 A 1 AA", false, "Must be a real address"),
    ];
    for (raw, international, message) in cases {
        assert_eq!(check(raw, *international).err(), Some(*message), "{raw:?}");
    }
}

#[test]
fn messages_are_exact() {
    let all = [
        (
            AddressError::NotEnoughLines,
            "Address must be at least 3 lines",
        ),
        (
            AddressError::TooManyLines,
            "Address must be no more than 7 lines",
        ),
        (
            AddressError::BfpoWithCountry,
            "The last line of a BFPO address must not be a country.",
        ),
        (AddressError::NotAUkPostcode, "Must be a real UK postcode"),
        (AddressError::NoFixedAbode, "Must be a real address"),
    ];
    for (error, message) in all {
        assert_eq!(error.to_string(), message);
    }
    assert!(AddressError::InvalidCharacters
        .message()
        .contains("[ ] \u{201d} \\ / ,"));
}

#[test]
fn valid_uk_address_is_normalised() {
    let valid = check(
        "  123 Example    St  .\nCity    of Town\n\nS W1 A 1 AA\n",
        false,
    )
    .expect("valid");
    assert_eq!(
        valid.lines,
        vec!["123 Example St.", "City of Town", "SW1A 1AA"]
    );
    assert_eq!(valid.postcode.as_deref(), Some("SW1A 1AA"));
    assert_eq!((valid.is_international(), valid.is_bfpo()), (false, false));
    let raw = "123 Example St. \t  ,    \n, , ,  ,   ,     ,        ,\nCity of Town, Region,\nSW1A 1AA,,\n";
    assert_eq!(
        PostalAddress::new(raw).normalised(),
        "123 Example St.\nCity of Town, Region\nSW1A 1AA"
    );
}

#[test]
fn international_addresses_give_their_postage() {
    let europe = check("123 Example Straße\nBerlin\nDeutschland", true).expect("valid");
    assert_eq!(
        europe.lines,
        vec!["123 Example Straße", "Berlin", "Germany"]
    );
    assert_eq!(
        (europe.international_postage, europe.postcode.clone()),
        (Some(Postage::Europe), None)
    );
    let rest = check("123 Rue Example\nAbidjan\nCôte d'Ivoire", true).expect("valid");
    assert_eq!(rest.international_postage, Some(Postage::RestOfWorld));
    assert_eq!(rest.lines.last().map(String::as_str), Some("Ivory Coast"));
    assert_eq!(
        check("A\nB\nChad", false).err(),
        Some("Must be a real UK postcode")
    );
    assert!(check(
        "Overseas address\nService can send internationally\nGuinea-Bissau",
        true
    )
    .is_ok());
}

#[test]
fn uk_countries_and_islands_stay_uk() {
    for raw in [
        "123 Example Street\nCity of Town\nSW1A 1AA\nUnited Kingdom",
        "1 Road\nSt Helier\nJE2 3AB\nJersey",
    ] {
        let valid = check(raw, false).expect(raw);
        assert!(!valid.is_international(), "{raw}");
        assert!(valid.postcode.is_some(), "{raw}");
    }
    let wales = PostalAddress::new("123 Example Street\nCity of Town\nWales");
    assert_eq!((wales.is_international(), wales.postcode()), (false, None));
    assert_eq!(
        wales.normalised_lines(),
        vec!["123 Example Street", "City of Town"]
    );
}

#[test]
fn trailing_uk_country_names_are_all_dropped() {
    let address = PostalAddress::new("1 Street\nTown\nSW1A 1AA\nEngland\nUnited Kingdom");
    assert_eq!(
        address.normalised_lines(),
        vec!["1 Street", "Town", "SW1A 1AA"]
    );
    // Lines that are not countries do not stop the count (as in notifications-utils).
    let quirk = PostalAddress::new("1 Street\nEngland\nTown\nSW1A 1AA\nUnited Kingdom");
    assert_eq!(
        quirk.normalised_lines(),
        vec!["1 Street", "England", "Town"]
    );
    assert_eq!(
        validate_address(&quirk, false).err(),
        Some(AddressError::NotAUkPostcode)
    );
}

#[test]
fn bfpo_addresses() {
    let cases: &[(&str, &[&str], Option<&str>)] = &[
        ("Mr X\nBFPO 1", &["Mr X", "BFPO 1"], Some("1")),
        (
            "Mr X\nBFPO 1\nBF1 1AA",
            &["Mr X", "BF1 1AA", "BFPO 1"],
            Some("1"),
        ),
        ("Mr X\nBFPO\nBFPO 1", &["Mr X", "BFPO 1"], Some("1")),
        (
            "Mr X\nbfpo\nBF1 1AA\nbfpo1",
            &["Mr X", "BF1 1AA", "BFPO 1"],
            Some("1"),
        ),
        (
            "Mr X\nbfpo\nbf11aa\nbfpo1",
            &["Mr X", "BF1 1AA", "BFPO 1"],
            Some("1"),
        ),
        ("Mr X\nBFPO C/O 0042", &["Mr X", "BFPO 42"], Some("42")),
        ("Mr X\nBFPOC/O1", &["Mr X", "BFPO 1"], Some("1")),
        (
            "Mr X\nUnit 5\nBFPO\nBFPO 5432\nLondon\nBF1 1AA",
            &["Mr X", "Unit 5", "London", "BF1 1AA", "BFPO 5432"],
            Some("5432"),
        ),
        ("Mr X\nBF1 1AA", &["Mr X", "BF1 1AA"], None),
        (
            "International BFPO\nBFPO 1\nBF1 1AA\nusa",
            &["International BFPO", "BF1 1AA", "BFPO 1", "United States"],
            Some("1"),
        ),
    ];
    for (raw, lines, number) in cases {
        let address = PostalAddress::new(raw);
        assert_eq!(address.normalised_lines(), *lines, "{raw:?}");
        assert_eq!(address.bfpo_number(), *number, "{raw:?}");
    }
    let valid = check("Mx One\nUnit 1\nBFPO 123", false).expect("BFPO without postcode");
    assert_eq!((valid.is_bfpo(), valid.postcode.clone()), (true, None));
    assert_eq!(
        check("Mx One\nUnit 1\nBFPO 123", true).map(|v| v.is_bfpo()),
        Ok(true)
    );
}

#[test]
fn builds_the_address_from_personalisation() {
    let cases = [
        json!({"address_line_1": "123 Example Street", "address_line_3": "City of Town", "address_line_4": "", "postcode": "SW1A1AA", "ignore me": "x"}),
        json!({"address_line_1": "123 Example Street", "address_line_3": "City of Town", "address_line_4": "SW1A1AA"}),
        json!({"address_line_2": "123 Example Street", "address_line_5": "City of Town", "address_line_7": "SW1A1AA"}),
        json!({"address_line_1": "123 Example Street", "address_line_3": "City of Town", "address_line_7": "SW1A1AA", "postcode": "ignored"}),
    ];
    for case in cases {
        let address = PostalAddress::from_personalisation(&personalisation(case.clone()));
        assert_eq!(
            address.normalised(),
            "123 Example Street\nCity of Town\nSW1A 1AA",
            "{case}"
        );
    }
    let numbers = json!({"address_line_1": 123, "address_line_2": "Example Street", "address_line_3": "City of Town", "address_line_4": "SW1A1AA"});
    assert_eq!(
        PostalAddress::from_personalisation(&personalisation(numbers)).normalised(),
        "123\nExample Street\nCity of Town\nSW1A 1AA"
    );
    let nulls = json!({"address_line_1": "Notify user", "address_line_2": "Notifyland", "address_line_3": null, "address_line_7": "SW1 1AA"});
    assert_eq!(
        PostalAddress::from_personalisation(&personalisation(nulls)).normalised_lines(),
        vec!["Notify user", "Notifyland", "SW1 1AA"]
    );
}

#[test]
fn personalisation_keys_must_be_snake_case() {
    let insensitive = personalisation(
        json!({"Address Line 1": "A", "address-line-2": "B", "ADDRESS_LINE_3": "SW1A 1AA"}),
    );
    assert_eq!(
        validate_personalisation_address(&insensitive, false).err(),
        Some(AddressError::NotEnoughLines)
    );
    let chad = personalisation(
        json!({"address_line_1": "A", "address_line_2": "B", "address_line_3": "Chad"}),
    );
    assert!(validate_personalisation_address(&chad, true).is_ok());
    assert_eq!(
        validate_personalisation_address(&chad, false).err(),
        Some(AddressError::NotAUkPostcode)
    );
    assert_eq!(
        validate_personalisation_address(&Map::new(), true).err(),
        Some(AddressError::NotEnoughLines)
    );
}

#[test]
fn seven_lines_from_the_api_can_never_be_too_many() {
    let all = json!({"address_line_1": "1", "address_line_2": "2", "address_line_3": "3", "address_line_4": "4",
                     "address_line_5": "5", "address_line_6": "6", "address_line_7": "SW1A 1AA", "postcode": "x"});
    assert!(validate_personalisation_address(&personalisation(all), false).is_ok());
}

#[test]
fn notification_fields_read_personalisation_insensitively() {
    let map = personalisation(
        json!({"Address Line 1": "A", "address-line-2": 2, "POSTCODE": "sw1a1aa", "other": "x"}),
    );
    let fields = notification_address_fields(&map);
    assert_eq!(fields[0], Some(&json!("A")));
    assert_eq!(fields[1], Some(&json!(2)));
    assert_eq!(fields[2], None);
    assert_eq!(fields[6], Some(&json!("sw1a1aa")));
}

#[test]
fn an_address_of_only_bfpo_lines_does_not_panic() {
    let address = PostalAddress::new("BFPO 123\nBFPO");
    assert_eq!(address.normalised_lines(), vec!["BFPO 123"]);
    assert_eq!(
        validate_address(&address, false).err(),
        Some(AddressError::NotEnoughLines)
    );
}

/// `reference_cases.tsv`: 700 addresses answered by a Python restatement of notifications-utils'
/// `PostalAddress` and the API's check order (`tools/notify_address_reference.py`).
#[test]
fn matches_notifys_answers_on_the_reference_table() {
    let mut checked = 0;
    for line in include_str!("reference_cases.tsv").lines() {
        let (input, expected) = line.split_once('\t').expect("tab-separated row");
        let (raw, international): (String, bool) = serde_json::from_str(input).expect("JSON pair");
        let outcome = match validate_address(&PostalAddress::new(&raw), international) {
            Err(e) => format!("err:{}", e.message()),
            Ok(v) => format!(
                "ok:{}:{}:{}:{}",
                v.lines.join("|"),
                v.postcode.as_deref().unwrap_or("-"),
                v.international_postage.map_or("-", |p| p.as_str()),
                v.bfpo_number.as_deref().unwrap_or("-")
            ),
        };
        assert_eq!(outcome, expected, "{input}");
        checked += 1;
    }
    assert!(checked > 700, "{checked}");
}
