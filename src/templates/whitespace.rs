//! Python's idea of whitespace and Notify's whitespace formatters (`formatters.py`:
//! `normalise_whitespace`, `strip_and_remove_obscure_whitespace`,
//! `remove_whitespace_before_punctuation`). Notify runs on Python, so `str.split()`,
//! `str.strip()` and `str.splitlines()` decide what counts as a space or a line break; this
//! module reproduces those rules exactly instead of using Rust's slightly different ones.

/// Zero-width characters Notify deletes (`OBSCURE_ZERO_WIDTH_WHITESPACE`).
pub(super) fn is_obscure_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{180e}'
            | '\u{200b}'
            | '\u{200c}'
            | '\u{200d}'
            | '\u{2060}'
            | '\u{feff}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Non-breaking spaces Notify turns into plain spaces (`OBSCURE_FULL_WIDTH_WHITESPACE`).
pub(super) fn is_obscure_full_width(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}')
}

/// Python's `str.isspace()` (what `str.split()` and `str.strip()` use).
pub(super) fn is_py_space(c: char) -> bool {
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

/// Characters at which Python's `str.splitlines()` breaks a line (`\r\n` counts once).
pub(super) fn is_py_line_break(c: char) -> bool {
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

/// `string.whitespace` as used by `strip_and_remove_obscure_whitespace`.
fn is_ascii_py_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}')
}

/// `strip_and_remove_obscure_whitespace`: list items lose zero-width and non-breaking spaces
/// entirely, then ASCII whitespace is stripped from both ends.
pub(super) fn strip_and_remove_obscure_whitespace(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|&c| !is_obscure_zero_width(c) && !is_obscure_full_width(c))
        .collect();
    kept.trim_matches(is_ascii_py_whitespace).to_owned()
}

/// `normalise_whitespace`: non-breaking spaces become spaces, zero-width characters vanish,
/// runs of whitespace become one space and the ends are trimmed.
pub(super) fn normalise_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_obscure_zero_width(c) {
            continue;
        }
        if is_py_space(c) {
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

/// `remove_whitespace_before_punctuation`: `(?<![ \t])[ \t]+([,\.])` becomes the punctuation.
pub(super) fn remove_whitespace_before_punctuation(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run_start: Option<usize> = None;
    for c in s.chars() {
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
