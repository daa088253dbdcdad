//! Notify's international SMS billing table (notifications-utils
//! `international_billing_rates.yml`), embedded from `data/billing_rates.txt`. Its keys are the
//! supported country prefixes (anything else is UNSUPPORTED_COUNTRY_CODE); each entry gives the
//! rate multiplier, whether delivery receipts come back (`dlr`) and the country names.

use std::collections::HashMap;
use std::sync::LazyLock;

const DATA: &str = include_str!("../data/billing_rates.txt");

/// One entry of the billing table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillingRate {
    /// The key: a country calling code, or `1` + area code for some NANP countries (`1664`).
    pub prefix: &'static str,
    /// `billable_units` / `rate_multiplier`: fragments are multiplied by this.
    pub rate_multiplier: u32,
    /// The `dlr` attribute as written (`YES`, `NO`, `Carrier DLR`, empty), `None` for null.
    pub dlr: Option<&'static str>,
    /// The `names` list.
    pub names: Vec<&'static str>,
}

impl BillingRate {
    /// The API's `country_records_delivery`: `dlr` is `yes` (any case).
    pub fn records_delivery(&self) -> bool {
        self.dlr.is_some_and(|d| d.eq_ignore_ascii_case("yes"))
    }

    /// The country names joined with `, `.
    pub fn country_names(&self) -> String {
        self.names.join(", ")
    }
}

static RATES: LazyLock<HashMap<&'static str, BillingRate>> = LazyLock::new(|| {
    DATA.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let prefix = fields.next()?;
            let rate_multiplier = fields.next()?.parse().ok()?;
            let dlr = fields.next().filter(|d| *d != "-");
            let names = fields.next()?.split('|').collect();
            Some((
                prefix,
                BillingRate {
                    prefix,
                    rate_multiplier,
                    dlr,
                    names,
                },
            ))
        })
        .collect()
});

/// Looks up an entry by its exact key.
pub fn billing_rate(prefix: &str) -> Option<&'static BillingRate> {
    RATES.get(prefix)
}

/// The entries keyed by a country calling code, for lookups without formatting the number.
static BY_COUNTRY_CODE: LazyLock<HashMap<u16, &'static BillingRate>> = LazyLock::new(|| {
    RATES
        .values()
        .filter_map(|rate| Some((rate.prefix.parse().ok()?, rate)))
        .collect()
});

/// `str(country_code) in COUNTRY_PREFIXES`.
pub(super) fn is_supported_country_code(country_code: u16) -> bool {
    BY_COUNTRY_CODE.contains_key(&country_code)
}

/// The `prefix` property of Notify's `PhoneNumber`: for +1 numbers the first four digits when
/// they are a key of the table (`1664` Montserrat), otherwise the country calling code.
pub(super) fn billing_prefix(country_code: u16, normalised: &str) -> Option<&'static BillingRate> {
    if country_code == 1 {
        let area = normalised.get(..4).unwrap_or(normalised);
        if let Some(rate) = RATES.get(area) {
            return Some(rate);
        }
    }
    BY_COUNTRY_CODE.get(&country_code).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_the_whole_table() {
        assert_eq!(RATES.len(), 220);
        let uk = billing_rate("44").expect("44");
        assert_eq!((uk.rate_multiplier, uk.records_delivery()), (1, true));
        assert_eq!(uk.names, vec!["Guernsey", "Isle of Man", "Jersey"]);
        let us = billing_rate("1").expect("1");
        assert_eq!(
            (us.rate_multiplier, us.dlr, us.records_delivery()),
            (1, Some("Carrier DLR"), false)
        );
        assert_eq!(billing_rate("593").and_then(|r| r.dlr), Some(""));
        assert_eq!(billing_rate("211").and_then(|r| r.dlr), None);
        assert_eq!(
            billing_rate("91")
                .map(BillingRate::country_names)
                .as_deref(),
            Some("India")
        );
    }

    #[test]
    fn supported_country_codes_are_the_table_keys() {
        for code in [1, 7, 33, 44, 91, 212, 998] {
            assert!(is_supported_country_code(code), "{code}");
        }
        for code in [247, 290, 688, 800, 850, 870, 882, 979] {
            assert!(!is_supported_country_code(code), "{code}");
        }
    }

    #[test]
    fn nanp_prefixes_use_the_area_code_when_listed() {
        assert_eq!(
            billing_prefix(1, "16644912345").map(|r| r.prefix),
            Some("1664")
        );
        assert_eq!(
            billing_prefix(1, "12025550104").map(|r| r.prefix),
            Some("1")
        );
        assert_eq!(
            billing_prefix(33, "33612345678").map(|r| r.prefix),
            Some("33")
        );
    }
}
