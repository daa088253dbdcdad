//! Python's `repr(float)` (`float_repr_style == 'short'`): the shortest digits that round-trip,
//! with an exact tie between two equally short candidates going to the even one as in David
//! Gay's algorithm (Rust's `{:e}` breaks such ties upwards: `572595284345073.25` is
//! `572595284345073.2` in Python, `572595284345073.3` in Rust).

use std::fmt::{self, Write};

/// Writes Python's `repr()` of a float: fixed notation when the decimal exponent is in `-4..16`
/// (always with a fractional part, `100.0`), otherwise scientific with a signed
/// two-digit-minimum exponent (`1e+16`, `1e-05`); `nan`, `inf` and `-inf` for the rest.
pub(super) fn write_float_repr<W: Write + ?Sized>(out: &mut W, value: f64) -> fmt::Result {
    if value.is_nan() {
        return out.write_str("nan");
    }
    if value.is_infinite() {
        return out.write_str(if value > 0.0 { "inf" } else { "-inf" });
    }
    let (digits, exponent) = shortest_digits(value.abs());
    if value.is_sign_negative() {
        out.write_char('-')?;
    }
    if (-4..16).contains(&exponent) {
        return write_fixed(out, &digits, exponent);
    }
    out.write_str(&digits[..1])?;
    if digits.len() > 1 {
        out.write_char('.')?;
        out.write_str(&digits[1..])?;
    }
    let sign = if exponent < 0 { '-' } else { '+' };
    write!(out, "e{sign}{:02}", exponent.unsigned_abs())
}

/// The shortest round-trip digits of a finite non-negative float and the decimal exponent of the
/// first one (`d1.d2…dn × 10^exponent`). Rust's `{:e}` gives the shortest digits but breaks an
/// exact tie between two equally short candidates upwards, where Python's `repr` (David Gay's
/// algorithm) takes the even one; the exact expansion detects and settles those ties.
fn shortest_digits(value: f64) -> (String, i32) {
    let (digits, exponent) = split_scientific(&format!("{value:e}"));
    // Every f64 has at most 767 significant decimal digits, so this is exact.
    let (exact, exact_exponent) = split_scientific(&format!("{value:.780e}"));
    let exact = exact.trim_end_matches('0');
    let n = digits.len();
    let is_tie = exact.len() == n + 1 && exact.ends_with('5') && exact_exponent == exponent;
    if !is_tie {
        return (digits, exponent);
    }
    let low = &exact[..n];
    let Some(last) = low.bytes().last().filter(|&byte| byte != b'9') else {
        return (digits, exponent);
    };
    let mut high = low[..n - 1].to_owned();
    high.push(char::from(last + 1));
    let (even, odd) = if (last - b'0').is_multiple_of(2) {
        (low.to_owned(), high)
    } else {
        (high, low.to_owned())
    };
    let round_trips =
        |candidate: &str| format!("0.{candidate}e{}", exponent + 1).parse::<f64>() == Ok(value);
    if round_trips(&even) {
        (even, exponent)
    } else {
        (odd, exponent)
    }
}

/// Splits Rust's `{:e}` output (`d.ddde-7`) into its digits and exponent.
fn split_scientific(text: &str) -> (String, i32) {
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    let digits = mantissa.chars().filter(char::is_ascii_digit).collect();
    (digits, exponent.parse().unwrap_or(0))
}

/// Fixed notation for digits `d1d2…dn` meaning `d1.d2…dn × 10^exponent`.
fn write_fixed<W: Write + ?Sized>(out: &mut W, digits: &str, exponent: i32) -> fmt::Result {
    if exponent < 0 {
        out.write_str("0.")?;
        for _ in 0..(-exponent - 1) {
            out.write_char('0')?;
        }
        return out.write_str(digits);
    }
    let integer_digits = exponent as usize + 1;
    if digits.len() <= integer_digits {
        out.write_str(digits)?;
        for _ in digits.len()..integer_digits {
            out.write_char('0')?;
        }
        out.write_str(".0")
    } else {
        out.write_str(&digits[..integer_digits])?;
        out.write_char('.')?;
        out.write_str(&digits[integer_digits..])
    }
}
