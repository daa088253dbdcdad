//! `sanitise_content_for` (POST /v2/notifications/email): personalisation values named by the
//! caller are made inert before rendering. URL-like tokens made only of letters, digits, dots
//! and hyphens (bare domains) get a space after each dot so they no longer link, other URLs
//! are removed, and markdown's special characters are backslash-escaped. The escapes show as
//! `\.` in the response body and, through smartypants, as `&#46;` in the email subject.

use super::placeholders::keys_match;
use serde_json::{Map, Value};

/// Characters escaped with a backslash.
const ESCAPED: [char; 18] = [
    '`', '*', '_', '(', ')', '\\', '{', '}', '[', ']', '<', '>', '#', '+', '-', '.', '!', '|',
];

/// The sanitised copy of `personalisation` and the `sanitised_content` object
/// (`{key: {"unsanitised": ..., "sanitised": ...}}` for every value that changed).
pub(super) fn sanitise_personalisation(
    personalisation: &Map<String, Value>,
    keys: &[String],
) -> (Map<String, Value>, Map<String, Value>) {
    let mut sanitised = personalisation.clone();
    let mut report = Map::new();
    for (key, value) in sanitised.iter_mut() {
        if !keys.iter().any(|wanted| keys_match(wanted, key)) {
            continue;
        }
        let Value::String(original) = value else {
            continue;
        };
        let clean = sanitise_text(original);
        if clean != *original {
            let mut entry = Map::new();
            entry.insert("unsanitised".to_owned(), Value::String(original.clone()));
            entry.insert("sanitised".to_owned(), Value::String(clean.clone()));
            report.insert(key.clone(), Value::Object(entry));
            *value = Value::String(clean);
        }
    }
    (sanitised, report)
}

/// Sanitises one value: links defused, then markdown characters escaped.
pub(super) fn sanitise_text(text: &str) -> String {
    let defused = defuse_urls(text);
    let mut out = String::with_capacity(defused.len() + 8);
    for c in defused.chars() {
        if ESCAPED.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn defuse_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut pos = 0;
    while pos < text.len() {
        match url_at(text, pos) {
            Some(end) => {
                out.push_str(&text[copied..pos]);
                let url = &text[pos..end];
                if url
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
                {
                    out.push_str(&url.replace('.', ". "));
                }
                copied = end;
                pos = end;
            }
            None => pos += text[pos..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out.push_str(&text[copied..]);
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Notify's URL pattern (`formatters.url`) anchored at `pos`:
/// `\b(?<![@.])(https?://)?([\w-]+\.)+([a-z]{2,63})(?!@)\b([/?#][^<\s]*)?`, case-insensitive.
fn url_at(text: &str, pos: usize) -> Option<usize> {
    let before = text[..pos].chars().next_back();
    let first = text[pos..].chars().next()?;
    if !is_word(first) || before.is_some_and(|c| is_word(c) || c == '@' || c == '.') {
        return None;
    }
    let starts = |prefix: &str| {
        text.as_bytes()
            .get(pos..pos + prefix.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    let scheme = if starts("https://") {
        8
    } else if starts("http://") {
        7
    } else {
        0
    };
    let host_start = pos + scheme;
    let labels: Vec<(usize, usize)> = host_labels(text, host_start);
    // Try the longest run of `label.` first, then shorter ones (regex backtracking).
    for count in (1..=labels.len()).rev() {
        let tld_start = labels[count - 1].1 + 1;
        let tld = text[tld_start..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .count();
        for len in (2..=tld.min(63)).rev() {
            let end = tld_start + len;
            let next = text[end..].chars().next();
            if next.is_some_and(|c| is_word(c) || c == '@') {
                continue;
            }
            return Some(end + path_len(&text[end..]));
        }
    }
    None
}

/// `([\w-]+\.)+` from `start`: the (start, dot position) of each label.
fn host_labels(text: &str, start: usize) -> Vec<(usize, usize)> {
    let mut labels = Vec::new();
    let mut at = start;
    loop {
        let len: usize = text[at..]
            .chars()
            .take_while(|c| is_word(*c) || *c == '-')
            .map(char::len_utf8)
            .sum();
        if len == 0 || !text[at + len..].starts_with('.') {
            return labels;
        }
        labels.push((at, at + len));
        at += len + 1;
    }
}

/// `([/?#][^<\s]*)?`.
fn path_len(rest: &str) -> usize {
    if !rest.starts_with(['/', '?', '#']) {
        return 0;
    }
    rest.char_indices()
        .find(|(_, c)| *c == '<' || c.is_whitespace())
        .map_or(rest.len(), |(i, _)| i)
}
