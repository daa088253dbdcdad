//! Python's character classes, which differ from Rust's: `str.isspace()` (what `str.split()`,
//! `str.strip()` and `\s` in a `str` regex use) includes U+001C..U+001F and U+0085 where
//! `char::is_whitespace` does not; `string.whitespace` is only six ASCII characters;
//! `str.splitlines()` breaks at ten characters; `str.isprintable()` decides what `repr()`
//! escapes; and `int()` accepts any Unicode decimal digit.

use super::unicode_tables::{DECIMAL_ZEROS, NON_PRINTABLE};

/// Python's `str.isspace()` for one character.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\u{1c}'..=' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Membership of Python's `string.whitespace` (`' \t\n\r\x0b\x0c'`), which is also what C's
/// `isspace` (and so `int()` around its digits) accepts.
pub fn is_string_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}')
}

/// Characters at which Python's `str.splitlines()` breaks a line (`\r\n` counts once).
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Python's `str.splitlines()` (a `\r\n` pair is one boundary; no trailing empty line).
pub fn splitlines(value: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_line_break(c) {
            continue;
        }
        lines.push(&value[start..i]);
        let mut end = i + c.len_utf8();
        if c == '\r' {
            if let Some(&(j, '\n')) = chars.peek() {
                chars.next();
                end = j + 1;
            }
        }
        start = end;
    }
    if start < value.len() {
        lines.push(&value[start..]);
    }
    lines
}

/// Python's `str.isprintable()` for one character.
pub(super) fn is_printable(ch: char) -> bool {
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

/// The value of a Unicode decimal digit (category Nd, ASCII or not), as `int()` reads it.
pub fn decimal_digit(ch: char) -> Option<u8> {
    if let Some(digit) = ch.to_digit(10) {
        return Some(digit as u8);
    }
    let code = u32::from(ch);
    let run = DECIMAL_ZEROS.partition_point(|&zero| zero <= code);
    if run == 0 {
        return None;
    }
    let offset = code - DECIMAL_ZEROS[run - 1];
    (offset < 10).then_some(offset as u8)
}
