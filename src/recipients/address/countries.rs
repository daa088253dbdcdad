//! Country names for international letters: notifications-utils' `countries/` (`Country`,
//! `CountryMapping.make_key`, `SanitiseASCII`) with its data (GOV.UK country register graph,
//! synonyms, Welsh names, UK and European islands, Royal Mail's Europe zone), embedded from
//! `data/countries.txt` and `data/decompositions.txt` (made by `tools/gen_countries.py`).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::Postage;

const COUNTRIES: &str = include_str!("../data/countries.txt");
const DECOMPOSITIONS: &str = include_str!("../data/decompositions.txt");

/// A country or territory Notify recognises on the last line of an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    /// The canonical name printed on the letter (`Germany`, `United Kingdom`, ...).
    pub canonical_name: &'static str,
    /// Royal Mail's postage zone for it.
    pub postage: Postage,
}

struct CountryTable {
    countries: Vec<Country>,
    by_key: HashMap<&'static str, usize>,
    first_decomposed: HashMap<char, char>,
}

static TABLE: LazyLock<CountryTable> = LazyLock::new(|| {
    let mut countries = Vec::new();
    let mut by_key = HashMap::new();
    for line in COUNTRIES.lines() {
        let Some((left, right)) = line.split_once('\t') else {
            continue;
        };
        if let Some(name) = left.strip_prefix('#') {
            let postage = match right {
                "u" => Postage::Uk,
                "e" => Postage::Europe,
                _ => Postage::RestOfWorld,
            };
            countries.push(Country {
                canonical_name: name,
                postage,
            });
        } else if let Ok(index) = right.parse::<usize>() {
            by_key.insert(left, index);
        }
    }
    let first_decomposed = DECOMPOSITIONS
        .lines()
        .filter_map(|line| {
            let (from, to) = line.split_once('\t')?;
            let char_at = |hex: &str| char::from_u32(u32::from_str_radix(hex, 16).ok()?);
            Some((char_at(from)?, char_at(to)?))
        })
        .collect();
    CountryTable {
        countries,
        by_key,
        first_decomposed,
    }
});

/// The United Kingdom (the country of any address whose last line is not a country).
pub fn united_kingdom() -> Country {
    Country {
        canonical_name: "United Kingdom",
        postage: Postage::Uk,
    }
}

/// `Country(name)`: tries the name, then `the …`, `yr …` and `y …`. Names with a digit are never
/// countries.
pub fn find_country(name: &str) -> Option<Country> {
    if name.chars().any(char::is_numeric) {
        return None;
    }
    let table = &*TABLE;
    let key = make_key(name);
    ["", "the", "yr", "y"].iter().find_map(|prefix| {
        let index = if prefix.is_empty() {
            table.by_key.get(key.as_str())
        } else {
            table
                .by_key
                .get(make_key(&format!("{prefix} {name}")).as_str())
        }?;
        table.countries.get(*index).copied()
    })
}

/// `CountryMapping.make_key`.
fn make_key(original: &str) -> String {
    let mut normalised = String::with_capacity(original.len());
    for c in original.chars() {
        match c {
            '&' | '+' => normalised.push_str("and"),
            ' ' | '_' | '-' | '\'' | '’' | ',' | '.' | '(' | ')' => {}
            _ => normalised.extend(c.to_lowercase()),
        }
    }
    let mut sanitised = String::with_capacity(normalised.len());
    for c in normalised.chars() {
        if (' '..='~').contains(&c) {
            sanitised.push(c);
        } else if let Some(first) = TABLE.first_decomposed.get(&c) {
            sanitised.push(*first);
        } else if let Some(replacement) = ascii_replacement(c) {
            sanitised.push_str(replacement);
        } else {
            return normalised;
        }
    }
    if sanitised.contains('?') {
        normalised
    } else {
        sanitised
    }
}

/// `SanitiseText.REPLACEMENT_CHARACTERS`.
fn ascii_replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '–' | '—' => "-",
        '…' => "...",
        '‘' | '’' => "'",
        '“' | '”' => "\"",
        '\u{180e}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        | '\u{2028}' | '\u{2029}' => "",
        '\u{a0}' | '\u{202f}' | '\t' => " ",
        'Ł' => "L",
        'ł' => "l",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(name: &str) -> Option<&'static str> {
        find_country(name).map(|c| c.canonical_name)
    }

    #[test]
    fn finds_countries_by_name_synonym_and_welsh_name() {
        let cases = [
            ("Germany", Some("Germany")),
            ("Deutschland", Some("Germany")),
            ("  germany", Some("Germany")),
            ("Deutschland.", Some("Germany")),
            ("Great Britain", Some("United Kingdom")),
            ("Isle of Man", Some("United Kingdom")),
            ("Dubai UAE", Some("Dubai")),
            ("NFA", None),
            ("GERMANY", Some("Germany")),
            ("United Kingdom", Some("United Kingdom")),
            ("UK", Some("United Kingdom")),
            ("Wales", Some("United Kingdom")),
            ("Cymru", Some("United Kingdom")),
            ("Yr Alban", Some("United Kingdom")),
            ("Alban", Some("United Kingdom")),
            ("Jersey", Some("United Kingdom")),
            ("Guernsey", Some("United Kingdom")),
            ("Côte d'Ivoire", Some("Ivory Coast")),
            ("Cote dIvoire", Some("Ivory Coast")),
            ("USA", Some("United States")),
            ("Bahamas", Some("The Bahamas")),
            ("Tenerife", Some("Canary Islands")),
            ("East Germany", Some("Germany")),
            ("Yugoslavia", None),
            ("Trinidad & Tobago", Some("Trinidad and Tobago")),
            ("Россия", Some("Russia")),
            ("SW1A 1AA", None),
            ("London", None),
            ("", None),
        ];
        for (name, expected) in cases {
            assert_eq!(canonical(name), expected, "{name:?}");
        }
    }

    #[test]
    fn gives_the_royal_mail_postage_zone() {
        let zone = |name: &str| find_country(name).map(|c| c.postage);
        assert_eq!(zone("France"), Some(Postage::Europe));
        assert_eq!(zone("Madeira"), Some(Postage::Europe));
        assert_eq!(zone("Guinea-Bissau"), Some(Postage::RestOfWorld));
        assert_eq!(zone("Bhutan"), Some(Postage::RestOfWorld));
        assert_eq!(zone("Scotland"), Some(Postage::Uk));
    }

    #[test]
    fn makes_keys_like_country_mapping() {
        assert_eq!(make_key("Côte d’Ivoire"), "cotedivoire");
        assert_eq!(make_key("Trinidad + Tobago"), "trinidadandtobago");
        assert_eq!(make_key("Россия"), "россия");
        assert_eq!(make_key("São Tomé"), "saotome");
    }
}
