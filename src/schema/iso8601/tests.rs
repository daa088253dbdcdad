//! Table tests for the pyiso8601 emulation; expected values are CPython 3.13 + iso8601 2.1.0's
//! `parse_date(text).replace(tzinfo=None)` as microseconds since the epoch.

use super::{check_scheduled_for, parse_naive_micros, ScheduledFor};

#[test]
fn parses_like_pyiso8601() {
    let rows: &[(&str, Option<i64>)] = &[
        ("2026", Some(1_767_225_600_000_000)),
        ("2026-08", Some(1_785_542_400_000_000)),
        ("2026-8", Some(1_785_542_400_000_000)),
        ("202608", None),
        ("20260820", Some(1_787_184_000_000_000)),
        ("2026-08-20", Some(1_787_184_000_000_000)),
        ("2026-08-20T13", Some(1_787_230_800_000_000)),
        ("2026-08-20T13:00", Some(1_787_230_800_000_000)),
        ("2026-08-20T1300", Some(1_787_230_800_000_000)),
        ("2026-08-20T13:00:00", Some(1_787_230_800_000_000)),
        ("2026-08-20T130001", Some(1_787_230_801_000_000)),
        ("2026-08-20T13:0001", Some(1_787_230_801_000_000)),
        ("2026-08-20T13:00:5", Some(1_787_230_805_000_000)),
        ("2026-08-20 13:00:00.123456789", Some(1_787_230_800_123_456)),
        ("2026-08-20T13:00:00,5", Some(1_787_230_800_500_000)),
        ("2026-08-20T13:00:00Z", Some(1_787_230_800_000_000)),
        ("2026-08-20T13:00:00+05:30", Some(1_787_230_800_000_000)),
        ("2026-08-20T13:00:00-0530", Some(1_787_230_800_000_000)),
        ("2026-08-20T13:00:00+05", Some(1_787_230_800_000_000)),
        ("2026-08-20T13:00:00\n", Some(1_787_230_800_000_000)),
        ("1970-01-01", Some(0)),
        ("1969-12-31T23:59:59.999999", Some(-1)),
        ("0001-01-01", Some(-62_135_596_800_000_000)),
        ("9999-12-31T23:59:59.999999", Some(253_402_300_799_999_999)),
        ("2024-02-29", Some(1_709_164_800_000_000)),
        ("2026-0820T13:00", Some(1_787_230_800_000_000)),
        ("202608-20T13:00", Some(1_787_230_800_000_000)),
        ("2026-08-20T13:0", Some(1_787_230_800_000_000)),
        ("2026-08-20T13:00:0", Some(1_787_230_800_000_000)),
        ("2026-08-20T13:00:00+24:00", None),
        ("2026-08-20T24:00", None),
        ("2026-02-29", None),
        ("2100-02-29", None),
        ("0000-01-01", None),
        ("2026-08-20t13:00", None),
        ("2026-08-20T13:00:00\r", None),
        ("2026-08-20T13:00:00\n\n", None),
        (" 2026-08-20", None),
        ("", None),
        ("\u{ff12}026", None),
    ];
    for &(text, expected) in rows {
        assert_eq!(parse_naive_micros(text), expected, "{text:?}");
    }
}

/// `int(Decimal("0.F") * Decimal("1000000.0"))` under 28 significant digits.
#[test]
fn fraction_rounding_follows_python_decimal() {
    let base = parse_naive_micros("2026-08-20T11:59:59").unwrap_or_default();
    let nines = |count: usize| "9".repeat(count);
    let rows = [
        (nines(28), Some(base + 999_999)),
        (nines(29), None),
        (format!("{}85", nines(27)), Some(base + 999_999)),
        (format!("{}5", nines(28)), None),
        (format!("{}4", nines(28)), Some(base + 999_999)),
        (format!("{}50000001", nines(28)), None),
        (format!("000{}", nines(29)), Some(base + 1_000)),
        (format!("000{}", nines(28)), Some(base + 999)),
        ("0000000001".to_owned(), Some(base)),
    ];
    for (fraction, expected) in rows {
        let text = format!("2026-08-20T11:59:59.{fraction}");
        assert_eq!(parse_naive_micros(&text), expected, "{text}");
    }
}

#[test]
fn scheduled_for_window_is_now_to_now_plus_a_day() {
    let now = parse_naive_micros("2026-08-20T12:00:00").unwrap_or_default();
    let rows = [
        ("2026-08-20T12:00:00", ScheduledFor::Valid),
        ("2026-08-21T12:00:00", ScheduledFor::Valid),
        ("2026-08-20T11:59:59.999999", ScheduledFor::Past),
        ("2026-08-21T12:00:00.000001", ScheduledFor::TooFarAhead),
        ("2026-08-21T13:00:00+05:00", ScheduledFor::TooFarAhead),
        ("2026-08-20 13:15", ScheduledFor::Valid),
        ("13:00:00 2017-01-01", ScheduledFor::Invalid),
        ("2017-05-12 13:00:00", ScheduledFor::Past),
    ];
    for (text, expected) in rows {
        assert_eq!(check_scheduled_for(text, now), expected, "{text}");
    }
    assert_eq!(
        check_scheduled_for("9999-12-31", i64::MAX),
        ScheduledFor::Past
    );
    assert_eq!(
        check_scheduled_for("0001-01-01", i64::MIN),
        ScheduledFor::TooFarAhead
    );
}
