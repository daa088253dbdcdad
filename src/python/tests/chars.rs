//! Python's character classes where they differ from Rust's.

use crate::python::{decimal_digit, is_line_break, is_space, is_string_whitespace};

#[test]
fn isspace_is_wider_than_string_whitespace() {
    for c in ['\u{1c}', '\u{1f}', '\u{85}', '\u{a0}', '\u{3000}'] {
        assert!(is_space(c), "{c:?}");
        assert!(!is_string_whitespace(c), "{c:?}");
    }
    for c in [' ', '\t', '\n', '\r', '\u{b}', '\u{c}'] {
        assert!(is_space(c) && is_string_whitespace(c), "{c:?}");
    }
    assert!(!is_space('\u{200b}'));
}

#[test]
fn splitlines_breaks_at_file_and_group_separators() {
    assert!(is_line_break('\u{1c}') && is_line_break('\u{85}'));
    assert!(!is_line_break('\u{1f}') && !is_line_break(' '));
}

#[test]
fn decimal_digits_include_other_scripts() {
    assert_eq!(decimal_digit('7'), Some(7));
    assert_eq!(decimal_digit('\u{663}'), Some(3));
    assert_eq!(decimal_digit('\u{ff19}'), Some(9));
    assert_eq!(decimal_digit('a'), None);
    assert_eq!(decimal_digit('\u{b2}'), None);
}
