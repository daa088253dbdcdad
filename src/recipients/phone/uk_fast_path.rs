//! The fast path for the overwhelmingly common recipient: a UK number whose national part is ten
//! digits starting with 7 (`07700 900123`, `+44 7700 900123`, `0044 (0)7700 900123`, ...).
//!
//! It recognises those shapes with a single pass over the bytes and classifies the number from a
//! table of six-digit prefixes, touching neither regexes nor the metadata. The table was
//! generated from libphonenumber 9.0.36 (`tools/gen_uk_mobile_ranges.py`, which checks that the
//! first six digits decide region and type), and the tests check that this path and the general
//! `libphonenumber` path agree. Anything else returns `None` and takes the general path.

use super::metadata::NumberType;
use super::{PhoneError, Recognised, ALLOWED_TYPES};

/// libphonenumber refuses to parse longer strings, whatever they contain.
const MAX_INPUT_STRING_LENGTH: usize = 250;

/// `(first, last six-digit prefix, region_code_for_number, number_type)` for `7xxxxxxxxx`.
const UK_SEVEN_RANGES: &[(u32, u32, Option<&str>, NumberType)] = &[
    (700000, 709999, Some("GB"), NumberType::PersonalNumber),
    (710000, 745759, Some("GB"), NumberType::Mobile),
    (745760, 745769, Some("IM"), NumberType::Mobile),
    (745770, 750899, Some("GB"), NumberType::Mobile),
    (750900, 750999, Some("JE"), NumberType::Mobile),
    (751000, 752399, Some("GB"), NumberType::Mobile),
    (752400, 752499, Some("IM"), NumberType::Mobile),
    (752500, 759999, Some("GB"), NumberType::Mobile),
    (760000, 760299, Some("GB"), NumberType::Pager),
    (760300, 760799, None, NumberType::Unknown),
    (760800, 760899, Some("GB"), NumberType::Pager),
    (760900, 762299, None, NumberType::Unknown),
    (762300, 762399, Some("GB"), NumberType::Pager),
    (762400, 762450, Some("IM"), NumberType::Mobile),
    (762451, 762455, Some("IM"), NumberType::Unknown),
    (762456, 762456, Some("IM"), NumberType::Mobile),
    (762457, 762459, Some("IM"), NumberType::Unknown),
    (762460, 762469, Some("IM"), NumberType::Mobile),
    (762470, 762479, Some("IM"), NumberType::Unknown),
    (762480, 762499, Some("IM"), NumberType::Mobile),
    (762500, 762699, Some("GB"), NumberType::Pager),
    (762700, 763399, None, NumberType::Unknown),
    (763400, 763499, Some("GB"), NumberType::Pager),
    (763500, 763999, None, NumberType::Unknown),
    (764000, 764199, Some("GB"), NumberType::Pager),
    (764200, 764299, None, NumberType::Unknown),
    (764300, 764499, Some("GB"), NumberType::Pager),
    (764500, 764639, None, NumberType::Unknown),
    (764640, 764649, Some("GB"), NumberType::Pager),
    (764650, 764699, None, NumberType::Unknown),
    (764700, 764799, Some("GB"), NumberType::Pager),
    (764800, 765399, None, NumberType::Unknown),
    (765400, 765499, Some("GB"), NumberType::Pager),
    (765500, 765899, None, NumberType::Unknown),
    (765900, 766399, Some("GB"), NumberType::Pager),
    (766400, 766519, None, NumberType::Unknown),
    (766520, 766529, Some("GB"), NumberType::Pager),
    (766530, 766599, None, NumberType::Unknown),
    (766600, 766699, Some("GB"), NumberType::Pager),
    (766700, 766899, None, NumberType::Unknown),
    (766900, 766999, Some("GB"), NumberType::Pager),
    (767000, 767699, None, NumberType::Unknown),
    (767700, 767799, Some("GB"), NumberType::Pager),
    (767800, 768099, None, NumberType::Unknown),
    (768100, 768199, Some("GB"), NumberType::Pager),
    (768200, 768399, None, NumberType::Unknown),
    (768400, 768499, Some("GB"), NumberType::Pager),
    (768500, 769099, None, NumberType::Unknown),
    (769100, 769199, Some("GB"), NumberType::Pager),
    (769200, 769299, None, NumberType::Unknown),
    (769300, 769399, Some("GB"), NumberType::Pager),
    (769400, 769899, None, NumberType::Unknown),
    (769900, 769999, Some("GB"), NumberType::Pager),
    (770000, 770019, Some("GB"), NumberType::Mobile),
    (770020, 770029, None, NumberType::Unknown),
    (770030, 770039, Some("JE"), NumberType::Mobile),
    (770040, 770069, None, NumberType::Unknown),
    (770070, 770089, Some("JE"), NumberType::Mobile),
    (770090, 770099, None, NumberType::Unknown),
    (770100, 778099, Some("GB"), NumberType::Mobile),
    (778100, 778199, Some("GG"), NumberType::Mobile),
    (778200, 779699, Some("GB"), NumberType::Mobile),
    (779700, 779799, Some("JE"), NumberType::Mobile),
    (779800, 782899, Some("GB"), NumberType::Mobile),
    (782900, 782999, Some("JE"), NumberType::Mobile),
    (783000, 783899, Some("GB"), NumberType::Mobile),
    (783900, 783999, Some("GG"), NumberType::Mobile),
    (784000, 791109, Some("GB"), NumberType::Mobile),
    (791110, 791119, Some("GG"), NumberType::Mobile),
    (791120, 791129, Some("GB"), NumberType::Mobile),
    (791130, 791169, None, NumberType::Unknown),
    (791170, 791179, Some("GG"), NumberType::Mobile),
    (791180, 791189, Some("GB"), NumberType::Mobile),
    (791190, 791199, None, NumberType::Unknown),
    (791200, 793699, Some("GB"), NumberType::Mobile),
    (793700, 793799, Some("JE"), NumberType::Mobile),
    (793800, 799999, Some("GB"), NumberType::Mobile),
];

/// Notify's `parse_phone_number` for the shapes this path knows; `None` for any other input.
pub(super) fn recognise(raw: &str) -> Option<Result<Recognised, PhoneError>> {
    let national = uk_seven_national_number(raw)?;
    let prefix = national[..6]
        .iter()
        .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
    let index = UK_SEVEN_RANGES.partition_point(|(_, last, _, _)| *last < prefix);
    let (region, number_type) = match UK_SEVEN_RANGES.get(index) {
        Some((first, _, region, kind)) if *first <= prefix => (*region, *kind),
        _ => (None, NumberType::Unknown),
    };
    let is_tv = national.starts_with(b"7700");
    // Valid means a known type, and `Unknown` is not an allowed type.
    if !(ALLOWED_TYPES.contains(&number_type) || is_tv) {
        return Some(Err(PhoneError::InvalidNumber));
    }
    let mut normalised = String::with_capacity(12);
    normalised.push_str("44");
    normalised.extend(national.iter().map(|d| char::from(*d)));
    Some(Ok(Recognised {
        country_code: 44,
        normalised,
        region,
        number_type,
        is_tv,
    }))
}

/// The ten national digits when `raw` is one of the shapes below, written with any mix of
/// spaces, brackets and hyphens (all valid libphonenumber punctuation):
/// `7…`, `07…`, `447…`, `4407…`, `00447…`, `004407…`, `+447…`, `+4407…`.
fn uk_seven_national_number(raw: &str) -> Option<[u8; 10]> {
    if raw.len() > MAX_INPUT_STRING_LENGTH {
        return None;
    }
    let mut digits = [0u8; 15];
    let mut count = 0;
    let mut plus = false;
    for byte in raw.bytes() {
        match byte {
            b'0'..=b'9' => {
                *digits.get_mut(count)? = byte;
                count += 1;
            }
            b'+' if !plus && count == 0 => plus = true,
            b' ' | b'(' | b')' | b'-' => {}
            _ => return None,
        }
    }
    let digits = &digits[..count];
    let national = match (plus, digits) {
        (true, [b'4', b'4', b'0', rest @ ..]) | (true, [b'4', b'4', rest @ ..]) => rest,
        (false, [b'0', b'0', b'4', b'4', b'0', rest @ ..])
        | (false, [b'0', b'0', b'4', b'4', rest @ ..]) => rest,
        (false, [b'4', b'4', b'0', rest @ ..]) | (false, [b'4', b'4', rest @ ..]) => rest,
        (false, [b'0', rest @ ..]) => rest,
        (false, rest) => rest,
        _ => return None,
    };
    match national {
        [b'7', ..] => national.try_into().ok(),
        _ => None,
    }
}
