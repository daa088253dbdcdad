//! UK postcodes as notifications-utils' `postal_address.py` checks and formats them:
//! `normalise_postcode` (all whitespace removed, upper-cased), `_is_a_real_uk_postcode`
//! (a Royal Mail postcode area from `countries/_data/uk-postcode-zones.txt`, then
//! `[0-9][0-9A-Z]?[0-9][A-BD-HJLNP-UW-Z]{2}`) and `format_postcode_for_printing`.

use crate::python::remove_whitespace;

/// `UK_POSTCODE_ZONES`.
const UK_POSTCODE_ZONES: &[&str] = &[
    "AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN", "BR", "BS", "BT", "BX", "CA", "CB",
    "CF", "CH", "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT",
    "DY", "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP",
    "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "GIR", "LA",
    "LD", "LE", "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR",
    "NW", "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG",
    "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ",
    "TR", "TS", "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
];

/// `normalise_postcode`.
pub(super) fn normalise_postcode(postcode: &str) -> String {
    remove_whitespace(postcode)
        .chars()
        .flat_map(char::to_uppercase)
        .collect()
}

/// `format_postcode_or_none`: the postcode ready for printing (`SW1A 1AA`), or `None` when the
/// line is not a real UK postcode.
pub(super) fn format_postcode(line: &str) -> Option<String> {
    let normalised = normalise_postcode(line);
    if !is_real_uk_postcode(&normalised) {
        return None;
    }
    let split = normalised.len() - 3;
    Some(format!("{} {}", &normalised[..split], &normalised[split..]))
}

fn is_real_uk_postcode(normalised: &str) -> bool {
    UK_POSTCODE_ZONES
        .iter()
        .filter_map(|zone| normalised.strip_prefix(zone))
        .any(is_inward_and_district)
}

/// `[0-9][0-9A-Z]?[0-9][A-BD-HJLNP-UW-Z]{2}` as a full match.
fn is_inward_and_district(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    let unit_letter = |b: &u8| b.is_ascii_uppercase() && !b"CIKMOV".contains(b);
    let tail_ok = |tail: &[u8]| matches!(tail, [d, a, b] if d.is_ascii_digit() && unit_letter(a) && unit_letter(b));
    match bytes {
        [first, tail @ ..] if tail.len() == 3 => first.is_ascii_digit() && tail_ok(tail),
        [first, second, tail @ ..] if tail.len() == 3 => {
            first.is_ascii_digit()
                && (second.is_ascii_digit() || second.is_ascii_uppercase())
                && tail_ok(tail)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_real_uk_postcodes() {
        let cases = [
            ("SW1 3EF", true),
            ("SW13EF", true),
            ("SE1 63EF", true),
            ("N5 1AA", true),
            ("SO14 6WB", true),
            ("so14 6wb", true),
            ("so14\u{a0}6wb", true),
            ("N5", false),
            ("SO144 6WB", false),
            ("SO14 6WBA", false),
            ("NF1 1AA", false),
            ("", false),
            ("Bad postcode", false),
            ("BFPO1234", false),
            ("BFPO C/O 1234", false),
            ("BFPO 1234", false),
            ("BFPO", false),
            ("BF1 3AA", true),
            (" BF2 0FR ", true),
            ("GIR0AA", false),
            ("GX111AA", false),
            ("SW1A 1AA", true),
            ("EC1A 1BB", true),
            ("SW1A 1AC", false),
            ("ſw1a 1aa", true),
        ];
        for (postcode, real) in cases {
            assert_eq!(format_postcode(postcode).is_some(), real, "{postcode:?}");
        }
    }

    #[test]
    fn formats_postcodes_for_printing() {
        let cases = [
            ("SW13EF", "SW1 3EF"),
            ("SW1 3EF", "SW1 3EF"),
            ("N5 3EF", "N5 3EF"),
            ("N5     3EF", "N5 3EF"),
            ("N53EF   ", "N5 3EF"),
            ("n53Ef", "N5 3EF"),
            ("n5 \u{a0} \t 3Ef", "N5 3EF"),
            ("SO146WB", "SO14 6WB"),
            ("BF11AA", "BF1 1AA"),
            ("s w1 a 1 aa", "SW1A 1AA"),
        ];
        for (raw, formatted) in cases {
            assert_eq!(format_postcode(raw).as_deref(), Some(formatted), "{raw:?}");
        }
        assert_eq!(normalise_postcode(" SW1    3EF  "), "SW13EF");
    }
}
