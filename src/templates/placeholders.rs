//! Placeholders: finding `((name))` and `((name??text))` in template text (`field.py`'s
//! regex `\({2}([^()]+)\){2}`), their names in Notify's order (`InsensitiveSet`: first
//! spelling wins), and matching them to personalisation keys the way `InsensitiveDict` does
//! (case-insensitive, ignoring spaces, `_` and `-`). Everything here is allocation-free so it
//! can run for every request.

use serde_json::{Map, Value};

/// One `((...))` in a piece of template text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placeholder<'a> {
    /// Byte offset of the opening `((`.
    pub start: usize,
    /// Byte offset just after the closing `))`.
    pub end: usize,
    /// Everything between the brackets.
    pub body: &'a str,
}

impl<'a> Placeholder<'a> {
    /// The name (for a conditional, the part before the first `??`).
    pub fn name(&self) -> &'a str {
        match self.conditional_split() {
            Some(i) => &self.body[..i],
            None => self.body,
        }
    }

    /// For `((name??text))`, the text shown when the value is truthy.
    pub fn conditional_text(&self) -> Option<&'a str> {
        self.conditional_split().map(|i| &self.body[i + 2..])
    }

    fn conditional_split(&self) -> Option<usize> {
        self.body
            .as_bytes()
            .windows(2)
            .position(|pair| pair == b"??")
    }
}

/// Iterates the placeholders of `text`, left to right, as Python's `re.finditer` would.
pub(super) struct Placeholders<'a> {
    text: &'a str,
    pos: usize,
}

pub(super) fn placeholders(text: &str) -> Placeholders<'_> {
    Placeholders { text, pos: 0 }
}

impl<'a> Iterator for Placeholders<'a> {
    type Item = Placeholder<'a>;

    fn next(&mut self) -> Option<Placeholder<'a>> {
        let bytes = self.text.as_bytes();
        while self.pos + 1 < bytes.len() {
            let offset = self.text.get(self.pos..)?.find('(')?;
            let start = self.pos + offset;
            self.pos = start + 1;
            if bytes.get(start + 1) != Some(&b'(') {
                continue;
            }
            let body_start = start + 2;
            let body_len = bytes[body_start..]
                .iter()
                .position(|&b| b == b'(' || b == b')')
                .unwrap_or(bytes.len() - body_start);
            let close = body_start + body_len;
            if body_len > 0
                && bytes.get(close) == Some(&b')')
                && bytes.get(close + 1) == Some(&b')')
            {
                self.pos = close + 2;
                return Some(Placeholder {
                    start,
                    end: close + 2,
                    body: &self.text[body_start..close],
                });
            }
        }
        None
    }
}

fn key_chars(key: &str) -> impl Iterator<Item = char> + '_ {
    key.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
}

/// `InsensitiveDict.make_key(a) == InsensitiveDict.make_key(b)` without allocating: one pass
/// over the bytes, falling back to Unicode lower-casing at the first non-ASCII byte.
pub(super) fn keys_match(a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    loop {
        while x.get(i).is_some_and(|c| matches!(c, b' ' | b'_' | b'-')) {
            i += 1;
        }
        while y.get(j).is_some_and(|c| matches!(c, b' ' | b'_' | b'-')) {
            j += 1;
        }
        match (x.get(i), y.get(j)) {
            (None, None) => return true,
            (Some(p), Some(q)) if p.is_ascii() && q.is_ascii() => {
                if !p.eq_ignore_ascii_case(q) {
                    return false;
                }
                i += 1;
                j += 1;
            }
            (Some(p), None) | (None, Some(p)) if p.is_ascii() => return false,
            _ => return key_chars(a).eq(key_chars(b)),
        }
    }
}

/// The value Notify would use for `name`: the last personalisation entry whose key matches
/// (later duplicates overwrite earlier ones in `InsensitiveDict`), or `None`.
pub(super) fn lookup<'v>(personalisation: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    personalisation
        .iter()
        .rev()
        .find(|(key, _)| keys_match(key, name))
        .map(|(_, value)| value)
}

/// A value is missing when it is absent or JSON `null` (`values.get(name) is None`).
pub(super) fn is_missing(personalisation: &Map<String, Value>, name: &str) -> bool {
    matches!(lookup(personalisation, name), None | Some(Value::Null))
}

/// Unique placeholder names of several texts, in order, first spelling winning.
pub(super) fn unique_names<'a>(texts: &[&'a str]) -> Vec<&'a str> {
    let mut names: Vec<&'a str> = Vec::new();
    for text in texts {
        for placeholder in placeholders(text) {
            let name = placeholder.name();
            if !names.iter().any(|seen| keys_match(seen, name)) {
                names.push(name);
            }
        }
    }
    names
}

/// Names (from `texts`, in order) whose value is missing; empty when everything is there.
/// Only allocates when something is missing.
pub(super) fn missing_names(texts: &[&str], personalisation: &Map<String, Value>) -> Vec<String> {
    match value_bytes(texts, personalisation) {
        Ok(_) => Vec::new(),
        Err(missing) => missing,
    }
}

/// When every placeholder of `texts` has a value: roughly how many bytes the values add
/// (for sizing the output once). Otherwise the missing names, in Notify's order.
pub(super) fn value_bytes(
    texts: &[&str],
    personalisation: &Map<String, Value>,
) -> Result<usize, Vec<String>> {
    let mut bytes = 0;
    for placeholder in texts.iter().flat_map(|text| placeholders(text)) {
        match lookup(personalisation, placeholder.name()) {
            None | Some(Value::Null) => {
                let missing = unique_names(texts)
                    .into_iter()
                    .filter(|name| is_missing(personalisation, name))
                    .map(str::to_owned)
                    .collect();
                return Err(missing);
            }
            Some(Value::String(s)) => bytes += s.len(),
            Some(_) => bytes += 16,
        }
    }
    Ok(bytes)
}

/// Python's `str2bool` applied to the rendered value text.
pub(super) fn str2bool(text: &str) -> bool {
    const TRUTHY: [&str; 7] = ["yes", "y", "true", "t", "1", "include", "show"];
    !text.is_empty()
        && text.len() <= 7
        && TRUTHY
            .iter()
            .any(|word| word.chars().eq(text.chars().flat_map(char::to_lowercase)))
}
