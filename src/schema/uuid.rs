//! Python `uuid.UUID(text)` acceptance, because Notify's `validate_uuid` format checker (and the
//! by-id routes) call it, so every UUID Notify accepts must be accepted here and vice versa.
//!
//! CPython does: remove every `urn:` then every `uuid:`, strip `{`/`}` from both ends, remove every
//! `-`, require exactly 32 characters, then `int(text, 16)`. `int()` is lenient: surrounding
//! whitespace (any Unicode space), a `+` sign, a `0x` prefix, single underscores between digits and
//! any Unicode decimal digit are accepted. So `" 2ebe…"` padded to 32 characters is a valid UUID
//! while a canonical UUID followed by a space (33 characters) is not.

use crate::python::{decimal_digit, is_space, is_string_whitespace};

/// Parses `text` exactly as Python's `uuid.UUID(text)` would, returning the 16 bytes
/// (big-endian, as `UUID.bytes`), or `None` where Python raises.
pub fn parse_python_uuid(text: &str) -> Option<[u8; 16]> {
    if let Some(bytes) = parse_canonical(text) {
        return Some(bytes);
    }
    let without_prefixes = text.replace("urn:", "").replace("uuid:", "");
    let stripped = without_prefixes.trim_matches(|ch| ch == '{' || ch == '}');
    let hex: String = stripped.chars().filter(|&ch| ch != '-').collect();
    if hex.chars().count() != 32 {
        return None;
    }
    python_int_base16(&hex).map(u128::to_be_bytes)
}

/// Fast path for the usual `8-4-4-4-12` form, without allocating.
fn parse_canonical(text: &str) -> Option<[u8; 16]> {
    let bytes = text.as_bytes();
    if bytes.len() != 36 {
        return None;
    }
    let mut value: u128 = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        if matches!(index, 8 | 13 | 18 | 23) {
            if byte != b'-' {
                return None;
            }
            continue;
        }
        value = (value << 4) | u128::from(hex_value(byte)?);
    }
    Some(value.to_be_bytes())
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`: ASCII (below DEL) is kept, Unicode
/// whitespace becomes a space, Unicode decimal digits become ASCII digits, anything else becomes
/// `?` (which no parser accepts).
fn to_ascii(ch: char) -> u8 {
    let code = u32::from(ch);
    if code < 0x7F {
        return code as u8;
    }
    if is_space(ch) {
        return b' ';
    }
    decimal_digit(ch).map_or(b'?', |digit| b'0' + digit)
}

/// `int(text, 16)` for a 32-character string, or `None` where Python raises `ValueError` (or
/// where the value would be negative or too big for a UUID).
fn python_int_base16(text: &str) -> Option<u128> {
    let mut ascii = [0u8; 32];
    for (slot, ch) in ascii.iter_mut().zip(text.chars()) {
        *slot = to_ascii(ch);
    }
    // `PyLong_FromString` strips C's ASCII `isspace`, i.e. `string.whitespace`.
    let mut rest: &[u8] = &ascii;
    while let [first, tail @ ..] = rest {
        if !is_string_whitespace(char::from(*first)) {
            break;
        }
        rest = tail;
    }
    while let [head @ .., last] = rest {
        if !is_string_whitespace(char::from(*last)) {
            break;
        }
        rest = head;
    }
    let negative = rest.first() == Some(&b'-');
    if matches!(rest.first(), Some(b'+' | b'-')) {
        rest = &rest[1..];
    }
    if rest.len() >= 2 && rest[0] == b'0' && matches!(rest[1], b'x' | b'X') {
        rest = &rest[2..];
        if rest.first() == Some(&b'_') {
            rest = &rest[1..];
        }
    }
    let value = parse_hex_digits(rest)?;
    if negative && value != 0 {
        return None;
    }
    Some(value)
}

/// Hex digits with single underscores between them (none leading or trailing, no doubles).
fn parse_hex_digits(digits: &[u8]) -> Option<u128> {
    if digits.is_empty() || digits[0] == b'_' || digits[digits.len() - 1] == b'_' {
        return None;
    }
    let mut value: u128 = 0;
    let mut previous = 0u8;
    for &byte in digits {
        if byte == b'_' {
            if previous == b'_' {
                return None;
            }
        } else {
            value = value.checked_mul(16)? | u128::from(hex_value(byte)?);
        }
        previous = byte;
    }
    Some(value)
}

#[cfg(test)]
mod tests;
