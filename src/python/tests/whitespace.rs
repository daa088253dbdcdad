//! Notify's whitespace formatters and Python's `str.splitlines()`.

use crate::python::{
    normalise_whitespace, remove_whitespace, splitlines, strip_and_remove_obscure_whitespace,
};

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
    assert_eq!(splitlines("a\r\nb\rc\n\nd\n"), vec!["a", "b", "c", "", "d"]);
    assert_eq!(splitlines("a\u{2028}b\x0bc"), vec!["a", "b", "c"]);
    assert!(splitlines("").is_empty());
}

#[test]
fn removes_all_notify_whitespace() {
    assert_eq!(remove_whitespace(" sw1a\u{a0}\t1aa\u{200b}"), "sw1a1aa");
}
