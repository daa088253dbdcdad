//! HTML escaping as Notify does it: `formatters.escape_html` (decode character references
//! with mandatory semicolons, keep `&nbsp;`/`&amp;`, then escape `&`, `<`, `>`), mistune's
//! "smart" text escaping, and `create_sanitised_html_for_url` (Python `urllib.parse.quote`
//! with Notify's safe set). Named references are decoded from `html_entities.rs`.

use super::html_entities::NAMED;
use std::fmt::Write;

/// `formatters.escape_html`.
pub(super) fn escape_html(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        if c == '&' {
            if let Some(kept) = ["&nbsp;", "&amp;"]
                .into_iter()
                .find(|e| rest.starts_with(e))
            {
                out.push_str(kept);
                rest = &rest[kept.len()..];
                continue;
            }
            if let Some((decoded, used)) = decode_charref(rest) {
                escape_into(&mut out, &decoded);
                rest = &rest[used..];
                continue;
            }
        }
        escape_char(&mut out, c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        escape_char(out, c);
    }
}

fn escape_char(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        _ => out.push(c),
    }
}

/// Decodes a character reference at the start of `s` (which starts with `&`), as
/// `html._replace_charref` does for `&(#[0-9]+;|#[xX][0-9a-fA-F]+;|[^\t\n\f <&#;]{1,32};)`.
/// Returns the replacement text and the number of bytes used.
fn decode_charref(s: &str) -> Option<(String, usize)> {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (num, 10, 1),
        };
        let len = digits
            .bytes()
            .take_while(|b| (*b as char).is_digit(radix))
            .count();
        if len == 0 || digits.as_bytes().get(len) != Some(&b';') {
            return None;
        }
        let code = u32::from_str_radix(&digits[..len], radix).unwrap_or(u32::MAX);
        return Some((numeric_charref(code), 1 + skip + len + 1));
    }
    let len = body
        .char_indices()
        .find(|(_, c)| matches!(c, '\t' | '\n' | '\u{c}' | ' ' | '<' | '&' | '#' | ';'))
        .map(|(i, _)| i)?;
    let name = &body[..len];
    if name.is_empty() || name.chars().count() > 32 || body.as_bytes().get(len) != Some(&b';') {
        return None;
    }
    let used = 1 + len + 1;
    if let Some(value) = named_entity(name) {
        return Some((value.to_owned(), used));
    }
    // Longest legacy name (no semicolon needed) that prefixes the reference.
    for cut in (2..len).rev() {
        if !name.is_char_boundary(cut) {
            continue;
        }
        if let Some(value) = legacy_entity(&name[..cut]) {
            return Some((format!("{value}{};", &name[cut..]), used));
        }
    }
    None
}

fn numeric_charref(code: u32) -> String {
    const CP1252: [char; 32] = [
        '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}',
        '\u{8f}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}',
        '\u{178}',
    ];
    match code {
        0 => '\u{fffd}'.to_string(),
        0x0d => '\r'.to_string(),
        0x80..=0x9f => CP1252[(code - 0x80) as usize].to_string(),
        0xd800..=0xdfff | 0x11_0000.. => '\u{fffd}'.to_string(),
        0x1..=0x8 | 0xb | 0xe..=0x1f | 0x7f | 0xfdd0..=0xfdef => String::new(),
        c if c & 0xfffe == 0xfffe => String::new(),
        c => char::from_u32(c).map(String::from).unwrap_or_default(),
    }
}

/// A named reference (given without its semicolon).
fn named_entity(name: &str) -> Option<&'static str> {
    NAMED
        .binary_search_by(|(n, _, _)| (*n).cmp(name))
        .ok()
        .map(|i| NAMED[i].1)
}

/// A legacy name, which HTML also accepts without a semicolon.
fn legacy_entity(name: &str) -> Option<&'static str> {
    NAMED
        .binary_search_by(|(n, _, _)| (*n).cmp(name))
        .ok()
        .filter(|i| NAMED[*i].2)
        .map(|i| NAMED[i].1)
}

/// mistune 0.8's `escape(text, smart_amp=True)`: `&` not starting `&#?\w+;`, `<`, `>`.
pub(super) fn escape_text(out: &mut String, text: &str) {
    for (i, c) in text.char_indices() {
        match c {
            '&' if starts_reference(&text[i + 1..]) => out.push('&'),
            _ => escape_char(out, c),
        }
    }
}

fn starts_reference(after_amp: &str) -> bool {
    let body = after_amp.strip_prefix('#').unwrap_or(after_amp);
    let word = body
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map(|(i, _)| i)
        .unwrap_or(body.len());
    word > 0 && body[word..].starts_with(';')
}

/// Python's `urllib.parse.quote(link, safe)`: UTF-8 bytes outside the safe set become `%XX`.
pub(super) fn quote(link: &str, safe: &str) -> String {
    let mut out = String::with_capacity(link.len());
    for c in link.chars() {
        if c.is_ascii_alphanumeric()
            || matches!(c, '_' | '.' | '-' | '~')
            || (c.is_ascii() && safe.contains(c))
        {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// `formatters.create_sanitised_html_for_url`.
pub(super) fn sanitised_link(
    link: &str,
    style: &str,
    title: Option<&str>,
    link_text: Option<&str>,
) -> String {
    let text = match link_text {
        Some(t) if !t.is_empty() => t,
        _ => link,
    };
    let lower = link.to_ascii_lowercase();
    let recognised = ["ftp:", "file:", "http:", "https:", "mailto:", "tel:"]
        .iter()
        .any(|p| lower.starts_with(p));
    let href = if recognised {
        quote(link, ":/?#=&;%")
    } else {
        quote(&format!("http://{link}"), ":/?#=&;%")
    };
    match title {
        Some(t) if !t.is_empty() => {
            format!("<a style=\"{style}\" href=\"{href}\" title=\"{t}\">{text}</a>")
        }
        _ => format!("<a style=\"{style}\" href=\"{href}\">{text}</a>"),
    }
}
