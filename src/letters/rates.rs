//! What notifyd reports a letter and a text message cost (`cost_in_pounds` in §4.7).
//!
//! Notify reads these from its rates tables. A stand-in has no invoices, so notifyd uses one
//! fixed, documented table: Notify's own test fixtures where they exist (0.0227 per text
//! message fragment; 0.54 for one sheet second class; 0.85 for two sheets first class), and
//! 5p per additional sheet.

/// Price of one text message fragment, in pounds.
pub const SMS_RATE: f64 = 0.0227;

/// Price of a letter of `sheets` double-sided sheets sent with `postage`, in pounds.
pub fn letter_rate(postage: &str, sheets: i64) -> f64 {
    let first_sheet = match postage {
        "first" => 0.80,
        "economy" => 0.49,
        "europe" | "rest-of-world" => 1.44,
        _ => 0.54,
    };
    let extra = (sheets.max(1) - 1) as f64 * 0.05;
    ((first_sheet + extra) * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_match_notifys_fixtures() {
        assert_eq!(letter_rate("second", 1), 0.54);
        assert_eq!(letter_rate("first", 2), 0.85);
        assert_eq!(letter_rate("rest-of-world", 3), 1.54);
    }
}
