//! Fuzz target `templates`: template rendering with arbitrary text and personalisation
//! (`templates::render`, `render_letter`, `email_html`, `sanitise_personalisation`,
//! `letter_blocks`, `placeholder_names`, the length and fragment checks).
//!
//! Input (UTF-8, lossily): a kind letter (`s`, `e`, `l`; anything else picks by its value),
//! then fields separated by U+001E: subject, body, and personalisation entries `key U+001F
//! value` (the value is JSON when it parses, else a string).
//!
//! Invariants: nothing panics; `Missing personalisation` lists exactly the placeholder names
//! without a value, as computed here independently (Python's `((name))` regex, names compared
//! as `InsensitiveDict` keys, first spelling kept, subject first, the last matching key giving
//! the value, `null` counting as absent), and only they stop a render; `email_html` agrees for
//! the body alone; a template without placeholders renders the same whatever the
//! personalisation, and an email or letter body then equals the template body stripped of
//! Python whitespace; counts match the text; sanitising changes only the named string values
//! and reports exactly the changes.

#![no_main]

use libfuzzer_sys::fuzz_target;
use notifyd::python::is_space;
use notifyd::templates::{self, RenderError, TemplateType};
use serde_json::{Map, Value};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut chars = text.chars();
    let kind = match chars.next() {
        Some('s') => TemplateType::Sms,
        Some('e') => TemplateType::Email,
        Some('l') => TemplateType::Letter,
        Some(c) => [TemplateType::Sms, TemplateType::Email, TemplateType::Letter][c as usize % 3],
        None => return,
    };
    let mut fields = chars.as_str().split('\u{1e}');
    let subject = fields.next().unwrap_or("");
    let body = fields.next().unwrap_or("");
    let mut values = Map::new();
    for entry in fields {
        let (key, raw) = entry.split_once('\u{1f}').unwrap_or((entry, ""));
        let value = serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_owned()));
        values.insert(key.to_owned(), value);
    }
    check(kind, subject, body, &values);
});

fn check(kind: TemplateType, subject: &str, body: &str, values: &Map<String, Value>) {
    let texts: Vec<&str> = match kind {
        TemplateType::Sms => vec![body],
        _ => vec![subject, body],
    };
    let names = unique_names(&texts);
    let shown: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    assert_eq!(
        templates::placeholder_names(kind, Some(subject), body),
        shown
    );
    let absent: Vec<String> = missing(&names, values);
    let rendered = templates::render(kind, Some(subject), body, values);
    match &rendered {
        Err(RenderError::MissingPersonalisation(listed)) => assert_eq!(*listed, absent),
        Err(RenderError::Empty) | Ok(_) => assert!(absent.is_empty(), "{absent:?} missing"),
    }
    if names.is_empty() && no_placeholders(&texts) {
        let bare = templates::render(kind, Some(subject), body, &Map::new());
        assert_eq!(
            rendered, bare,
            "personalisation changed a template without placeholders"
        );
        if kind != TemplateType::Sms {
            match &rendered {
                Ok(r) => assert_eq!(r.body, body.trim_matches(is_space)),
                Err(e) => assert!(body.is_empty() && *e == RenderError::Empty, "{e:?}"),
            }
        }
    }
    if let Ok(r) = &rendered {
        let _ = templates::check_length(kind, r);
        match kind {
            TemplateType::Sms => {
                assert!(r.char_count > 0);
                let _ = templates::sms_fragment_count(&r.body);
                let _ = r.sms_fragment_count(Some(subject));
            }
            _ => assert_eq!(r.char_count, r.body.chars().count()),
        }
        if kind == TemplateType::Letter {
            let _ = templates::letter_blocks(&r.body);
        }
    }
    if kind == TemplateType::Letter {
        let letter = templates::render_letter(Some(subject), subject, body, values);
        if let Err(RenderError::MissingPersonalisation(listed)) = letter {
            assert_eq!(
                listed,
                missing(&unique_names(&[subject, subject, body]), values)
            );
        }
    }
    let body_missing = missing(&unique_names(&[body]), values);
    match templates::email_html(body, values) {
        Err(RenderError::MissingPersonalisation(listed)) => assert_eq!(listed, body_missing),
        Err(RenderError::Empty) => panic!("email_html is never empty"),
        Ok(_) => assert!(body_missing.is_empty()),
    }
    sanitise(values, &shown);
}

/// `sanitise_personalisation`: only named string values change, each change reported.
fn sanitise(values: &Map<String, Value>, names: &[String]) {
    let (clean, report) = templates::sanitise_personalisation(values, names);
    assert_eq!(clean.len(), values.len());
    for (key, before) in values {
        let after = &clean[key];
        let named = names.iter().any(|n| make_key(n) == make_key(key));
        if !named || !before.is_string() {
            assert_eq!(before, after, "{key} changed");
        }
        match report.get(key) {
            Some(entry) => {
                assert_ne!(before, after);
                assert_eq!(&entry["unsanitised"], before);
                assert_eq!(&entry["sanitised"], after);
            }
            None => assert_eq!(before, after, "{key} changed silently"),
        }
    }
}

/// `InsensitiveDict.make_key`: spaces, underscores and hyphens removed, then `str.lower()`.
fn make_key(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .collect::<String>()
        .to_lowercase()
}

/// The bodies of `\({2}([^()]+)\){2}` matches, left to right, as `re.finditer` finds them.
fn placeholder_bodies(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with("((") {
            let start = i + 2;
            let len = text[start..].find(['(', ')']).unwrap_or(text.len() - start);
            if len > 0 && text[start + len..].starts_with("))") {
                found.push(&text[start..start + len]);
                i = start + len + 2;
                continue;
            }
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    found
}

fn no_placeholders(texts: &[&str]) -> bool {
    texts.iter().all(|t| placeholder_bodies(t).is_empty())
}

/// Placeholder names (a conditional's part before `??`), first spelling of each key kept.
fn unique_names<'a>(texts: &[&'a str]) -> Vec<&'a str> {
    let mut names: Vec<&'a str> = Vec::new();
    for text in texts {
        for body in placeholder_bodies(text) {
            let name = body.split_once("??").map_or(body, |(name, _)| name);
            if !names.iter().any(|seen| make_key(seen) == make_key(name)) {
                names.push(name);
            }
        }
    }
    names
}

/// Names whose value is absent or null; the last key (in map order) that matches wins.
fn missing(names: &[&str], values: &Map<String, Value>) -> Vec<String> {
    names
        .iter()
        .filter(|name| {
            let value = values
                .iter()
                .filter(|(key, _)| make_key(key) == make_key(name))
                .last()
                .map(|(_, v)| v);
            matches!(value, None | Some(Value::Null))
        })
        .map(|name| name.to_string())
        .collect()
}
