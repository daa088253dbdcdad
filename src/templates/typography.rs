//! Notify's `do_nice_typography` (`template.py`): remove spaces before `,`/`.`, smart quotes
//! via smartypants 2 (`Attr.q | Attr.u`, with `<a>` added to the skipped tags), straight
//! quotes put back inside email addresses, and ` - ` (1–3 of `-–—`) turned into an en dash.
//! smartypants also turns backslash escapes into numeric references (`\.` -> `&#46;`),
//! which is why a sanitised dot shows as `&#46;` in an email subject.

use super::smartypants::make_quotes_smart;
use crate::python::remove_whitespace_before_punctuation;

/// `do_nice_typography`.
pub(super) fn nice_typography(value: &str) -> String {
    let value = remove_whitespace_before_punctuation(value);
    let value = make_quotes_smart(&value);
    let value = remove_smart_quotes_from_email_addresses(&value);
    replace_hyphens_with_en_dashes(&value)
}

fn is_re_space(c: char) -> bool {
    crate::python::is_space(c)
}

/// `replace_hyphens_with_en_dashes`: `(?<!\s)\s+[-–—]{1,3}\s+` becomes ` – `.
pub(super) fn replace_hyphens_with_en_dashes(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let mut out = String::with_capacity(value.len());
    let mut i = 0;
    while i < chars.len() {
        if is_re_space(chars[i]) && (i == 0 || !is_re_space(chars[i - 1])) {
            let dashes_at = i + chars[i..].iter().take_while(|c| is_re_space(**c)).count();
            let dashes = chars[dashes_at..]
                .iter()
                .take_while(|c| matches!(c, '-' | '–' | '—'))
                .count();
            let after = dashes_at + dashes;
            if (1..=3).contains(&dashes) && chars.get(after).is_some_and(|c| is_re_space(*c)) {
                let end = after
                    + chars[after..]
                        .iter()
                        .take_while(|c| is_re_space(**c))
                        .count();
                out.push_str(" \u{2013} ");
                i = end;
                continue;
            }
            out.extend(&chars[i..dashes_at]);
            i = dashes_at;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// `remove_smart_quotes_from_email_addresses`: inside each match of
/// `(^|\s)\S+@\S+(\s|$)` (multiline) curly single quotes become `'`.
pub(super) fn remove_smart_quotes_from_email_addresses(value: &str) -> String {
    if !value.contains('@') {
        return value.to_owned();
    }
    let chars: Vec<char> = value.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let line_start = i == 0 || chars[i - 1] == '\n';
        let word_start = if line_start && !is_re_space(chars[i]) {
            Some(i)
        } else if is_re_space(chars[i]) && chars.get(i + 1).is_some_and(|c| !is_re_space(*c)) {
            Some(i + 1)
        } else {
            None
        };
        if let Some(start) = word_start {
            let end = start
                + chars[start..]
                    .iter()
                    .take_while(|c| !is_re_space(**c))
                    .count();
            if chars[start + 1..end.saturating_sub(1).max(start + 1)].contains(&'@') {
                let stop = if end < chars.len() { end + 1 } else { end };
                out.extend(chars[i..stop].iter().map(|c| {
                    if matches!(c, '‘' | '’') {
                        '\''
                    } else {
                        *c
                    }
                }));
                i = stop;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out.into_iter().collect()
}
