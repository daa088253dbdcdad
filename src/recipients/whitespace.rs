//! Whitespace rules from notifications-utils' `formatters.py`, shared by the email, phone and
//! letter-address validators: which characters Notify treats as whitespace, how it strips them and
//! how it normalises a line. Python's `str.isspace`/`str.split` semantics are reproduced exactly,
//! because they differ from Rust's `char::is_whitespace` (U+001C..U+001F, U+0085).

/// `OBSCURE_ZERO_WIDTH_WHITESPACE`: removed outright.
pub(super) const OBSCURE_ZERO_WIDTH: [char; 8] = [
    '\u{180e}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{2028}', '\u{2029}',
];

/// `OBSCURE_FULL_WIDTH_WHITESPACE`: non-breaking spaces.
pub(super) const OBSCURE_FULL_WIDTH: [char; 2] = ['\u{a0}', '\u{202f}'];

/// Python's `string.whitespace`.
pub(super) fn is_ascii_python_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// Member of `ALL_WHITESPACE` (`string.whitespace` + the obscure zero- and full-width characters).
pub(super) fn is_notify_whitespace(c: char) -> bool {
    is_ascii_python_whitespace(c)
        || OBSCURE_ZERO_WIDTH.contains(&c)
        || OBSCURE_FULL_WIDTH.contains(&c)
}

/// Python's `str.isspace()` for one character (also what `\s` matches in a `str` regex).
pub(super) fn is_python_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\x1c'..='\x20'
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

/// `strip_and_remove_obscure_whitespace`: drop every obscure character anywhere, then strip
/// `string.whitespace` from both ends.
pub(super) fn strip_and_remove_obscure_whitespace(value: &str) -> std::borrow::Cow<'_, str> {
    let obscure = |c: char| OBSCURE_ZERO_WIDTH.contains(&c) || OBSCURE_FULL_WIDTH.contains(&c);
    if value.chars().any(obscure) {
        let cleaned: String = value.chars().filter(|c| !obscure(*c)).collect();
        std::borrow::Cow::Owned(cleaned.trim_matches(is_ascii_python_whitespace).to_owned())
    } else {
        std::borrow::Cow::Borrowed(value.trim_matches(is_ascii_python_whitespace))
    }
}

/// `normalise_whitespace`: non-breaking spaces become spaces, zero-width characters go, then
/// `" ".join(value.split())`.
pub(super) fn normalise_whitespace(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut pending_space = false;
    for c in value.chars() {
        if OBSCURE_ZERO_WIDTH.contains(&c) {
            continue;
        }
        if OBSCURE_FULL_WIDTH.contains(&c) || is_python_space(c) {
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

/// Python's `str.splitlines()` boundaries.
pub(super) fn is_python_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Python's `str.splitlines()` (a `\r\n` pair is one boundary; no trailing empty line).
pub(super) fn python_splitlines(value: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_python_line_break(c) {
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

/// `remove_whitespace`: removes every `ALL_WHITESPACE` character.
pub(super) fn remove_whitespace(value: &str) -> String {
    value
        .chars()
        .filter(|c| !is_notify_whitespace(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_obscure_whitespace_like_notify() {
        let cases = [
            (" email@domain.com ", "email@domain.com"),
            ("\temail@domain.com\n", "email@domain.com"),
            ("\u{200b}email@domain.com\u{200b}", "email@domain.com"),
            ("a\u{a0}b", "ab"),
            ("\u{85}x\u{85}", "\u{85}x\u{85}"),
            ("", ""),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                strip_and_remove_obscure_whitespace(raw),
                expected,
                "{raw:?}"
            );
        }
    }

    #[test]
    fn normalises_whitespace_like_python_split() {
        let cases = [
            ("  123  Example\tStreet  ", "123 Example Street"),
            ("a\u{a0}\u{202f}b", "a b"),
            ("a\u{200b}b", "ab"),
            ("a\u{1c}b\u{85}c", "a b c"),
            ("   ", ""),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalise_whitespace(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn splits_lines_like_python() {
        assert_eq!(
            python_splitlines("a\r\nb\rc\n\nd\n"),
            vec!["a", "b", "c", "", "d"]
        );
        assert_eq!(python_splitlines("a\u{2028}b\x0bc"), vec!["a", "b", "c"]);
        assert!(python_splitlines("").is_empty());
    }

    #[test]
    fn removes_all_notify_whitespace() {
        assert_eq!(remove_whitespace(" sw1a\u{a0}\t1aa\u{200b}"), "sw1a1aa");
    }
}
