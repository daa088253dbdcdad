//! The parts of libphonenumber (Python `phonenumbers` 9.0.36, `phonenumberutil.py`) that Notify's
//! phone validation calls: `parse`, `is_possible_number_with_reason`, `region_code_for_number`,
//! `number_type` and `is_valid_number`. Ported function by function so that every number gets
//! the answer the real service gives. Inputs only ever contain what Notify lets through (ASCII
//! digits, `()-+` and Notify's whitespace), so alpha numbers, RFC 3966 and extensions, which
//! need other characters, are not implemented.

use super::metadata::{NumberType, RegionMetadata, METADATA};

const MIN_LENGTH_FOR_NSN: usize = 2;
const MAX_LENGTH_FOR_NSN: usize = 17;
const MAX_INPUT_STRING_LENGTH: usize = 250;

/// `NumberParseException` error types (Notify maps them all to INVALID_NUMBER).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ParseError {
    InvalidCountryCode,
    NotANumber,
    TooShortAfterIdd,
    TooShortNsn,
    TooLong,
}

/// `ValidationResult`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Possibility {
    IsPossible,
    IsPossibleLocalOnly,
    InvalidCountryCode,
    TooShort,
    InvalidLength,
    TooLong,
}

/// A parsed `PhoneNumber`: country calling code and national significant number (leading zeros
/// kept, exactly as `national_significant_number` rebuilds them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ParsedNumber {
    pub(super) country_code: u16,
    pub(super) national: String,
}

impl ParsedNumber {
    /// `str(numobj.national_number)`: the national number as an integer, without leading zeros.
    pub(super) fn national_number_digits(&self) -> &str {
        let trimmed = self.national.trim_start_matches('0');
        if trimmed.is_empty() {
            "0"
        } else {
            trimmed
        }
    }
}

/// Characters of `_VALID_PUNCTUATION` that can reach the parser through Notify's filter.
fn is_valid_punctuation(c: char) -> bool {
    matches!(
        c,
        ' ' | '(' | ')' | '-' | '\u{a0}' | '\u{ad}' | '\u{200b}' | '\u{2060}'
    )
}

/// `_normalize` for Notify's input: keep the ASCII digits.
fn digits_only(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// `_extract_possible_number`: from the first `+` or digit to the last digit.
fn extract_possible_number(number: &str) -> &str {
    let Some(start) = number.find(|c: char| c == '+' || c.is_ascii_digit()) else {
        return "";
    };
    let rest = &number[start..];
    match rest.rfind(|c: char| c.is_ascii_digit()) {
        Some(end) => &rest[..=end],
        None => "",
    }
}

/// `_is_viable_phone_number`.
fn is_viable_phone_number(number: &str) -> bool {
    if number.chars().count() < MIN_LENGTH_FOR_NSN {
        return false;
    }
    if number.len() == 2 && number.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let body = number.trim_start_matches('+');
    body.chars()
        .all(|c| c.is_ascii_digit() || is_valid_punctuation(c))
        && body.chars().filter(char::is_ascii_digit).count() >= 3
}

/// `_test_number_length` against the general description (type UNKNOWN).
pub(super) fn test_number_length(national: &str, metadata: &RegionMetadata) -> Possibility {
    let lengths = &metadata.general.lengths;
    let length = national.len();
    if metadata.general.local_lengths.contains(&length) {
        return Possibility::IsPossibleLocalOnly;
    }
    match (lengths.first(), lengths.last()) {
        (Some(&min), _) if length == min => Possibility::IsPossible,
        (Some(&min), _) if length < min => Possibility::TooShort,
        (_, Some(&max)) if length > max => Possibility::TooLong,
        (Some(_), _) if lengths[1..].contains(&length) => Possibility::IsPossible,
        _ => Possibility::InvalidLength,
    }
}

/// `_maybe_strip_national_prefix_carrier_code`, returning the (possibly) stripped number.
fn strip_national_prefix(number: &str, metadata: &RegionMetadata) -> String {
    let unchanged = || number.to_owned();
    let Some(prefix) = metadata.national_prefix_for_parsing.as_ref() else {
        return unchanged();
    };
    let Some(captures) = prefix.regex().and_then(|re| re.captures(number)) else {
        return unchanged();
    };
    let whole = captures.get(0).map_or(0..0, |m| m.range());
    let viable_original = metadata.general.pattern.is_match(number);
    let group_count = captures.len() - 1;
    let last_group_missing = group_count == 0 || captures.get(group_count).is_none();
    let candidate = match metadata.national_prefix_transform_rule.as_deref() {
        Some(rule) if !last_group_missing => {
            let mut transformed = String::new();
            captures.expand(rule, &mut transformed);
            transformed.push_str(&number[whole.end..]);
            transformed
        }
        _ => number[whole.end..].to_owned(),
    };
    if viable_original && !metadata.general.pattern.is_match(&candidate) {
        return unchanged();
    }
    candidate
}

/// `_extract_country_code`.
fn extract_country_code(number: &str) -> Option<(u16, &str)> {
    if number.is_empty() || number.starts_with('0') {
        return None;
    }
    (1..=number.len().min(3)).find_map(|i| {
        let code: u16 = number[..i].parse().ok()?;
        METADATA.region_codes(code).map(|_| (code, &number[i..]))
    })
}

/// `_maybe_extract_country_code`: `Ok((0, _))` when no country calling code is present.
fn maybe_extract_country_code(
    number: &str,
    metadata: Option<&RegionMetadata>,
) -> Result<(u16, String), ParseError> {
    if number.is_empty() {
        return Ok((0, String::new()));
    }
    let (international, full_number) = strip_international_prefix(number, metadata);
    if international {
        if full_number.len() <= MIN_LENGTH_FOR_NSN {
            return Err(ParseError::TooShortAfterIdd);
        }
        let (code, rest) =
            extract_country_code(&full_number).ok_or(ParseError::InvalidCountryCode)?;
        return Ok((code, rest.to_owned()));
    }
    if let Some(metadata) = metadata {
        let code = metadata.country_code.to_string();
        if let Some(potential) = full_number.strip_prefix(code.as_str()) {
            let potential = strip_national_prefix(potential, metadata);
            let general = &metadata.general.pattern;
            if (!general.is_match(&full_number) && general.is_match(&potential))
                || test_number_length(&full_number, metadata) == Possibility::TooLong
            {
                return Ok((metadata.country_code, potential));
            }
        }
    }
    Ok((0, String::new()))
}

/// `_maybe_strip_i18n_prefix_and_normalize`: (prefix found, normalised remainder).
fn strip_international_prefix(number: &str, metadata: Option<&RegionMetadata>) -> (bool, String) {
    if let Some(rest) = number.strip_prefix('+') {
        return (true, digits_only(rest.trim_start_matches('+')));
    }
    let normalised = digits_only(number);
    let idd = metadata.and_then(|m| m.international_prefix.as_ref());
    if let Some(found) = idd
        .and_then(|p| p.regex())
        .and_then(|re| re.find(&normalised))
    {
        let rest = &normalised[found.end()..];
        if !rest.starts_with('0') {
            return (true, rest.to_owned());
        }
    }
    (false, normalised)
}

/// `phonenumbers.parse(number, region)` with `region` either `"GB"` or `None`.
pub(super) fn parse(
    number: &str,
    default_region: Option<&str>,
) -> Result<ParsedNumber, ParseError> {
    if number.chars().count() > MAX_INPUT_STRING_LENGTH {
        return Err(ParseError::TooLong);
    }
    let national = extract_possible_number(number);
    if !is_viable_phone_number(national) {
        return Err(ParseError::NotANumber);
    }
    let region_metadata = default_region.and_then(|r| METADATA.region(r));
    if region_metadata.is_none() && !national.starts_with('+') {
        return Err(ParseError::InvalidCountryCode);
    }
    let (mut country_code, mut normalised) =
        match maybe_extract_country_code(national, region_metadata) {
            Err(ParseError::InvalidCountryCode) if national.starts_with('+') => {
                let retried =
                    maybe_extract_country_code(national.trim_start_matches('+'), region_metadata)?;
                if retried.0 == 0 {
                    return Err(ParseError::InvalidCountryCode);
                }
                retried
            }
            other => other?,
        };
    let mut metadata = region_metadata;
    if country_code != 0 {
        let main_region = METADATA
            .region_codes(country_code)
            .and_then(|r| r.first().copied());
        if main_region != default_region {
            metadata = main_region.and_then(|r| METADATA.region_or_calling_code(country_code, r));
        }
    } else {
        normalised.push_str(&digits_only(national));
        if let Some(m) = region_metadata {
            country_code = m.country_code;
        }
    }
    if normalised.len() < MIN_LENGTH_FOR_NSN {
        return Err(ParseError::TooShortNsn);
    }
    if let Some(metadata) = metadata {
        let potential = strip_national_prefix(&normalised, metadata);
        let keep_original = matches!(
            test_number_length(&potential, metadata),
            Possibility::TooShort | Possibility::IsPossibleLocalOnly | Possibility::InvalidLength
        );
        if !keep_original {
            normalised = potential;
        }
    }
    if normalised.len() < MIN_LENGTH_FOR_NSN {
        return Err(ParseError::TooShortNsn);
    }
    if normalised.len() > MAX_LENGTH_FOR_NSN {
        return Err(ParseError::TooLong);
    }
    Ok(ParsedNumber {
        country_code,
        national: normalised,
    })
}

/// `is_possible_number_with_reason`.
pub(super) fn possibility(number: &ParsedNumber) -> Possibility {
    let main_region = METADATA
        .region_codes(number.country_code)
        .and_then(|r| r.first().copied());
    match main_region.and_then(|r| METADATA.region_or_calling_code(number.country_code, r)) {
        Some(metadata) => test_number_length(&number.national, metadata),
        None => Possibility::InvalidCountryCode,
    }
}

/// `_number_type_helper`.
pub(super) fn number_type_for(national: &str, metadata: &RegionMetadata) -> NumberType {
    if !metadata.general.matches(national) {
        return NumberType::Unknown;
    }
    let matches = |kind| {
        metadata
            .descriptor(kind)
            .is_some_and(|d| d.matches(national))
    };
    let before_fixed_line = [
        NumberType::PremiumRate,
        NumberType::TollFree,
        NumberType::SharedCost,
        NumberType::Voip,
        NumberType::PersonalNumber,
        NumberType::Pager,
        NumberType::Uan,
        NumberType::Voicemail,
    ];
    if let Some(kind) = before_fixed_line.into_iter().find(|kind| matches(*kind)) {
        return kind;
    }
    if matches(NumberType::FixedLine) {
        if metadata.same_mobile_and_fixed_line_pattern || matches(NumberType::Mobile) {
            return NumberType::FixedLineOrMobile;
        }
        return NumberType::FixedLine;
    }
    if !metadata.same_mobile_and_fixed_line_pattern && matches(NumberType::Mobile) {
        return NumberType::Mobile;
    }
    NumberType::Unknown
}

/// `region_code_for_number`, returning the region's metadata.
pub(super) fn region_for(number: &ParsedNumber) -> Option<&'static RegionMetadata> {
    let regions = METADATA.region_codes(number.country_code)?;
    if let [only] = regions {
        return METADATA.region_or_calling_code(number.country_code, only);
    }
    regions
        .iter()
        .filter_map(|r| METADATA.region(r))
        .find(|metadata| match &metadata.leading_digits {
            Some(leading) => leading.is_match(&number.national),
            None => number_type_for(&number.national, metadata) != NumberType::Unknown,
        })
}

/// `number_type` together with `is_valid_number` (valid exactly when the type is known).
pub(super) fn classify(number: &ParsedNumber) -> (Option<&'static str>, NumberType) {
    match region_for(number) {
        Some(metadata) => (
            Some(metadata.id),
            number_type_for(&number.national, metadata),
        ),
        None => (None, NumberType::Unknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> Result<(u16, String), ParseError> {
        parse(raw, Some("GB")).map(|n| (n.country_code, n.national))
    }

    #[test]
    fn parses_like_phonenumbers_with_region_gb() {
        let ok = |cc, nsn: &str| Ok((cc, nsn.to_owned()));
        assert_eq!(parsed("07700 900123"), ok(44, "7700900123"));
        assert_eq!(parsed("+44 (0)7700 900123"), ok(44, "7700900123"));
        assert_eq!(parsed("0044 7700 900123"), ok(44, "7700900123"));
        assert_eq!(parsed("447700900123"), ok(44, "7700900123"));
        assert_eq!(parsed("+1 202-555-0104"), ok(1, "2025550104"));
        assert_eq!(parsed("+44 7700 1"), ok(44, "77001"));
        assert_eq!(parsed("+4407900 900 123"), ok(44, "7900900123"));
        assert_eq!(parsed("07700\t900123"), Err(ParseError::NotANumber));
        assert_eq!(parsed("0+447700900100"), Err(ParseError::NotANumber));
        assert_eq!(parsed("+07700900100"), Err(ParseError::InvalidCountryCode));
        assert_eq!(parsed("1"), Err(ParseError::NotANumber));
        assert_eq!(parsed(&"1".repeat(251)), Err(ParseError::TooLong));
    }

    #[test]
    fn classifies_crown_dependencies_and_tv_numbers() {
        let number = |nsn: &str| ParsedNumber {
            country_code: 44,
            national: nsn.to_owned(),
        };
        assert_eq!(
            classify(&number("7911123456")),
            (Some("GG"), NumberType::Mobile)
        );
        assert_eq!(
            classify(&number("7624123456")),
            (Some("IM"), NumberType::Mobile)
        );
        assert_eq!(
            classify(&number("7797712345")),
            (Some("JE"), NumberType::Mobile)
        );
        assert_eq!(classify(&number("7700900123")), (None, NumberType::Unknown));
        assert_eq!(
            classify(&number("2079460000")),
            (Some("GB"), NumberType::FixedLine)
        );
        assert_eq!(
            possibility(&number("77001")),
            Possibility::IsPossibleLocalOnly
        );
    }
}
