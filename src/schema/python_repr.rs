//! Python's `repr()` of the values `json.loads` produces, because jsonschema builds Notify's
//! validation messages with `{instance!r}` (e.g. `phone_number None is not of type string`).
//!
//! Mapping from serde_json: `null` → `None`, booleans → `True`/`False`, integers → decimal,
//! floats → Python's shortest round-trip repr (`1.5`, `100.0`, `1e+16`, `1e-05`), strings →
//! quoted and escaped like `str.__repr__`, arrays → `[a, b]`, objects → `{k: v}` with `: ` and
//! `, `.
//!
//! Two serde_json limits are documented rather than hidden:
//! * without serde_json's `arbitrary_precision` feature an integer outside `i64`/`u64` is parsed
//!   as `f64`, so it is shown as a float (`1.2345678901234568e+22`) where Python shows the exact
//!   integer;
//! * without the `preserve_order` feature objects iterate in sorted key order, so a dict is shown
//!   sorted where Python keeps document order (with `preserve_order` the orders agree, including
//!   for duplicate keys: first position, last value).

use serde_json::Value;

use super::unicode_tables::NON_PRINTABLE;

/// Python `repr()` of a JSON value, e.g. `{"a": [1, true]}` → `{'a': [1, True]}`.
pub fn python_repr(value: &Value) -> String {
    let mut out = String::new();
    write_repr(&mut out, value);
    out
}

/// Appends the Python `repr()` of `value` to `out`.
pub fn write_repr(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(number) => {
            if let Some(int) = number.as_i64() {
                out.push_str(&int.to_string());
            } else if let Some(int) = number.as_u64() {
                out.push_str(&int.to_string());
            } else if let Some(float) = number.as_f64() {
                write_float_repr(out, float);
            }
        }
        Value::String(text) => write_str_repr(out, text),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                write_repr(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (index, (key, item)) in map.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                write_str_repr(out, key);
                out.push_str(": ");
                write_repr(out, item);
            }
            out.push('}');
        }
    }
}

/// Appends Python's `repr()` of a `str`: single quotes unless the text contains `'` and no `"`,
/// backslash escapes for the quote, `\\`, `\t`, `\n`, `\r`, and `\xhh`/`\uhhhh`/`\Uhhhhhhhh`
/// for characters Python considers non-printable.
pub fn write_str_repr(out: &mut String, text: &str) {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ if ch == quote => {
                out.push('\\');
                out.push(ch);
            }
            _ if is_printable(ch) => out.push(ch),
            _ => push_escape(out, ch),
        }
    }
    out.push(quote);
}

/// Python's `str.isprintable()` for one character.
fn is_printable(ch: char) -> bool {
    let code = u32::from(ch);
    if code < 0x80 {
        return (0x20..0x7F).contains(&code);
    }
    // NON_PRINTABLE is [start0, end0, start1, end1, ...]; find the last range starting <= code.
    let starts = NON_PRINTABLE.len() / 2;
    let mut low = 0;
    let mut high = starts;
    while low < high {
        let mid = (low + high) / 2;
        if NON_PRINTABLE[mid * 2] <= code {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low == 0 || NON_PRINTABLE[(low - 1) * 2 + 1] < code
}

fn push_escape(out: &mut String, ch: char) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let code = u32::from(ch);
    let (prefix, digits) = match code {
        0..=0xFF => ("\\x", 2),
        0x100..=0xFFFF => ("\\u", 4),
        _ => ("\\U", 8),
    };
    out.push_str(prefix);
    for shift in (0..digits).rev() {
        out.push(char::from(HEX[((code >> (shift * 4)) & 0xF) as usize]));
    }
}

/// Appends Python's `repr()` of a float (`float_repr_style == 'short'`): the shortest digits
/// that round-trip, in fixed notation when the decimal exponent is in `-4..16` (always with a
/// fractional part, `100.0`), otherwise scientific with a signed two-digit-minimum exponent.
pub fn write_float_repr(out: &mut String, value: f64) {
    if value.is_nan() {
        out.push_str("nan");
        return;
    }
    if value.is_infinite() {
        out.push_str(if value > 0.0 { "inf" } else { "-inf" });
        return;
    }
    let negative = value.is_sign_negative();
    let (digits, exponent) = shortest_digits(value.abs());
    if negative {
        out.push('-');
    }
    if (-4..16).contains(&exponent) {
        write_fixed(out, &digits, exponent);
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exponent < 0 { '-' } else { '+' });
        let magnitude = exponent.unsigned_abs();
        if magnitude < 10 {
            out.push('0');
        }
        out.push_str(&magnitude.to_string());
    }
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
fn write_fixed(out: &mut String, digits: &str, exponent: i32) {
    if exponent < 0 {
        out.push_str("0.");
        for _ in 0..(-exponent - 1) {
            out.push('0');
        }
        out.push_str(digits);
        return;
    }
    let integer_digits = exponent as usize + 1;
    if digits.len() <= integer_digits {
        out.push_str(digits);
        for _ in digits.len()..integer_digits {
            out.push('0');
        }
        out.push_str(".0");
    } else {
        out.push_str(&digits[..integer_digits]);
        out.push('.');
        out.push_str(&digits[integer_digits..]);
    }
}

#[cfg(test)]
mod tests;
