//! Notify's whitespace formatters (notifications-utils `formatters.py`), shared by templates and
//! recipients: the "obscure" zero-width and non-breaking characters it deletes or turns into
//! spaces, `strip_and_remove_obscure_whitespace`, `normalise_whitespace`, `remove_whitespace`
//! and `remove_whitespace_before_punctuation`, in Python's terms (`str.split()`,
//! `str.strip(string.whitespace)`).

use std::borrow::Cow;

use super::chars::{is_space, is_string_whitespace};

/// `OBSCURE_ZERO_WIDTH_WHITESPACE`: removed outright.
const OBSCURE_ZERO_WIDTH: [char; 8] = [
    '\u{180e}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{2028}', '\u{2029}',
];

/// `OBSCURE_FULL_WIDTH_WHITESPACE`: non-breaking spaces.
const OBSCURE_FULL_WIDTH: [char; 2] = ['\u{a0}', '\u{202f}'];

/// Zero-width characters Notify deletes (`OBSCURE_ZERO_WIDTH_WHITESPACE`).
pub fn is_obscure_zero_width(c: char) -> bool {
    OBSCURE_ZERO_WIDTH.contains(&c)
}

/// Non-breaking spaces Notify turns into plain spaces (`OBSCURE_FULL_WIDTH_WHITESPACE`).
fn is_obscure_full_width(c: char) -> bool {
    OBSCURE_FULL_WIDTH.contains(&c)
}

/// Member of `ALL_WHITESPACE` (`string.whitespace` + the obscure zero- and full-width characters).
pub fn is_notify_whitespace(c: char) -> bool {
    is_string_whitespace(c) || is_obscure_zero_width(c) || is_obscure_full_width(c)
}

/// `strip_and_remove_obscure_whitespace`: drop every obscure character anywhere, then strip
/// `string.whitespace` from both ends.
pub fn strip_and_remove_obscure_whitespace(value: &str) -> Cow<'_, str> {
    let obscure = |c: char| is_obscure_zero_width(c) || is_obscure_full_width(c);
    if value.chars().any(obscure) {
        let cleaned: String = value.chars().filter(|c| !obscure(*c)).collect();
        Cow::Owned(cleaned.trim_matches(is_string_whitespace).to_owned())
    } else {
        Cow::Borrowed(value.trim_matches(is_string_whitespace))
    }
}

/// `normalise_whitespace`: non-breaking spaces become spaces, zero-width characters go, then
/// `" ".join(value.split())`.
pub fn normalise_whitespace(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut pending_space = false;
    for c in value.chars() {
        if is_obscure_zero_width(c) {
            continue;
        }
        if is_obscure_full_width(c) || is_space(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// `remove_whitespace`: removes every `ALL_WHITESPACE` character.
pub fn remove_whitespace(value: &str) -> String {
    value
        .chars()
        .filter(|c| !is_notify_whitespace(*c))
        .collect()
}

/// `remove_whitespace_before_punctuation`: `(?<![ \t])[ \t]+([,\.])` becomes the punctuation.
pub fn remove_whitespace_before_punctuation(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut run_start: Option<usize> = None;
    for c in value.chars() {
        match c {
            ' ' | '\t' => {
                if run_start.is_none() {
                    run_start = Some(out.len());
                }
                out.push(c);
            }
            ',' | '.' => {
                if let Some(start) = run_start.take() {
                    out.truncate(start);
                }
                out.push(c);
            }
            _ => {
                run_start = None;
                out.push(c);
            }
        }
    }
    out
}
