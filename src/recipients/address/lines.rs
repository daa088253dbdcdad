//! `PostalAddress`: how notifications-utils splits, normalises and reads an address — line
//! normalisation, BFPO extraction, trailing UK country names, the country on the last line,
//! the postcode and the normalised lines printed on the letter.

use serde_json::{Map, Value};

use super::countries::{find_country, united_kingdom, Country};
use super::personalisation_value::address_text;
use super::postcode::format_postcode;
use super::Postage;
use crate::python::{normalise_whitespace, remove_whitespace_before_punctuation, splitlines};

const ADDRESS_LINE_7: &str = "address_line_7";
const LINES_1_TO_6: [&str; 6] = [
    "address_line_1",
    "address_line_2",
    "address_line_3",
    "address_line_4",
    "address_line_5",
    "address_line_6",
];

/// An address as Notify reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostalAddress {
    bfpo_number: Option<String>,
    country: Country,
    lines_without_country_or_bfpo: Vec<String>,
}

impl PostalAddress {
    pub const MIN_LINES: usize = 3;
    pub const MAX_LINES: usize = 7;
    /// `INVALID_CHARACTERS_AT_START_OF_ADDRESS_LINE`.
    pub const INVALID_FIRST_CHARACTERS: &'static [char] = &[
        '@', '(', ')', '=', '[', ']', '"', '\\', '/', ',', '<', '>', '~',
    ];

    /// `PostalAddress(raw_address)`.
    pub fn new(raw: &str) -> Self {
        let mut lines: Vec<String> = splitlines(raw)
            .into_iter()
            .map(normalise_whitespace)
            .filter_map(|line| {
                let trimmed = line.trim_end_matches([' ', ',']);
                (!trimmed.is_empty()).then(|| remove_whitespace_before_punctuation(trimmed))
            })
            .collect();
        if lines.is_empty() {
            lines.push(String::new());
        }
        let (bfpo_number, lines_without_bfpo) = extract_bfpo(lines);
        let trailing_uk_countries = count_trailing_uk_countries(&lines_without_bfpo);
        let last_line_country = lines_without_bfpo
            .last()
            .and_then(|line| find_country(line));
        let (country, lines_without_country_or_bfpo) = match last_line_country {
            Some(country) => {
                let keep = lines_without_bfpo
                    .len()
                    .saturating_sub(trailing_uk_countries.max(1));
                let mut lines = lines_without_bfpo;
                lines.truncate(keep);
                (country, lines)
            }
            None => (united_kingdom(), lines_without_bfpo),
        };
        PostalAddress {
            bfpo_number,
            country,
            lines_without_country_or_bfpo,
        }
    }

    /// `PostalAddress.from_personalisation`: `address_line_1`..`address_line_6` and `postcode`,
    /// or `address_line_1`..`address_line_7` when `address_line_7` is present (exact keys).
    pub fn from_personalisation(personalisation: &Map<String, Value>) -> Self {
        let last_key = if personalisation.contains_key(ADDRESS_LINE_7) {
            ADDRESS_LINE_7
        } else {
            "postcode"
        };
        let raw: Vec<String> = LINES_1_TO_6
            .iter()
            .chain(std::iter::once(&last_key))
            .map(|key| address_text(personalisation.get(*key)))
            .collect();
        Self::new(&raw.join("\n"))
    }

    /// The country on the last line (the United Kingdom when there is none).
    pub fn country(&self) -> Country {
        self.country
    }

    /// `postage`: the country's postage zone.
    pub fn postage(&self) -> Postage {
        self.country.postage
    }

    /// `international`: the postage zone is not the UK.
    pub fn is_international(&self) -> bool {
        self.postage() != Postage::Uk
    }

    /// `bfpo_number`, without leading zeros.
    pub fn bfpo_number(&self) -> Option<&str> {
        self.bfpo_number.as_deref()
    }

    /// `is_bfpo_address`.
    pub fn is_bfpo(&self) -> bool {
        self.bfpo_number.is_some()
    }

    /// `postcode`: the formatted postcode on the last line of a UK address, if it is real.
    pub fn postcode(&self) -> Option<String> {
        if self.is_international() {
            return None;
        }
        self.lines_without_country_or_bfpo
            .last()
            .and_then(|line| format_postcode(line))
    }

    /// `normalised_lines`.
    pub fn normalised_lines(&self) -> Vec<String> {
        let mut lines = self.lines_without_country_or_bfpo.clone();
        let bfpo_line = self.bfpo_number.as_ref().map(|n| format!("BFPO {n}"));
        if self.is_international() {
            lines.extend(bfpo_line);
            lines.push(self.country.canonical_name.to_owned());
            return lines;
        }
        if let Some(postcode) = self.postcode() {
            lines.pop();
            lines.push(postcode);
        }
        lines.extend(bfpo_line);
        lines
    }

    /// `normalised`: the normalised lines joined with newlines.
    pub fn normalised(&self) -> String {
        self.normalised_lines().join("\n")
    }

    /// `has_invalid_country_for_bfpo_address`.
    pub(super) fn has_invalid_country_for_bfpo_address(&self) -> bool {
        self.is_international() && self.is_bfpo()
    }

    /// `has_valid_last_line`.
    pub(super) fn has_valid_last_line(&self, allow_international_letters: bool) -> bool {
        (allow_international_letters && self.is_international() && !self.is_bfpo())
            || self.postcode().is_some()
            || (self.is_bfpo() && !self.has_invalid_country_for_bfpo_address())
    }

    /// `has_no_fixed_abode_address`: a line that is just `NFA`, or `no fixed abode`/`address`.
    pub(super) fn has_no_fixed_abode_address(&self) -> bool {
        self.normalised_lines().iter().any(|line| {
            let folded: String = line.chars().map(fold_case).collect();
            folded == "nfa"
                || folded.contains("no fixed abode")
                || folded.contains("no fixed address")
        })
    }
}

/// Python's case-insensitive regex matching for the letters of the patterns above.
fn fold_case(c: char) -> char {
    match c {
        'ſ' => 's',
        'ı' | 'İ' => 'i',
        '\u{212a}' => 'k',
        c => c.to_ascii_lowercase(),
    }
}

/// `_parse_and_extract_bfpo`: the number of the first `BFPO <n>` line, and the lines without
/// any BFPO line (numbered or not). Without a numbered line nothing is removed.
fn extract_bfpo(lines: Vec<String>) -> (Option<String>, Vec<String>) {
    let matches: Vec<Option<Option<&str>>> = lines.iter().map(|l| match_bfpo_line(l)).collect();
    let Some(number) = matches.iter().find_map(|m| m.flatten()) else {
        return (None, lines);
    };
    let trimmed = number.trim_start_matches('0');
    let number = if trimmed.is_empty() { "0" } else { trimmed }.to_owned();
    let kept = lines
        .iter()
        .zip(&matches)
        .filter(|(_, m)| m.is_none())
        .map(|(l, _)| l.clone())
        .collect();
    (Some(number), kept)
}

/// `^\s*bfpo\s*(?:c\/o)?(?:\s*(\d+))?\s*$` on the lower-cased line: `Some(number)` on a match.
fn match_bfpo_line(line: &str) -> Option<Option<&str>> {
    let rest = line.trim_start_matches(' ');
    let rest = strip_prefix_ignore_ascii_case(rest, "bfpo")?.trim_start_matches(' ');
    let rest = strip_prefix_ignore_ascii_case(rest, "c/o")
        .unwrap_or(rest)
        .trim_start_matches(' ');
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (digits, tail) = rest.split_at(digits_end);
    if !tail.trim_start_matches(' ').is_empty() {
        return None;
    }
    Some((!digits.is_empty()).then_some(digits))
}

fn strip_prefix_ignore_ascii_case<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let head = value.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &value[prefix.len()..])
}

/// `trailing_uk_countries`: walking up from the last line, count UK country names; a line that
/// is not a country is skipped, the first other country stops the count.
fn count_trailing_uk_countries(lines: &[String]) -> usize {
    let mut count = 0;
    for line in lines.iter().rev() {
        match find_country(line) {
            Some(country) if country.postage == Postage::Uk => count += 1,
            Some(_) => break,
            None => {}
        }
    }
    count
}
