//! smartypants 2.0.1 as Notify calls it: `smartypants(text, Attr.q | Attr.u)` with `a` added
//! to the skipped tags. Text outside tags has its backslash escapes turned into numeric
//! references, straight quotes educated into curly ones (the `convert_quotes` rules, applied
//! in the library's order) and the library's own entities converted to Unicode.

mod educate;

use educate::convert_quotes;

const SKIPPED_TAGS: [&str; 9] = [
    "pre", "samp", "code", "tt", "kbd", "script", "style", "math", "a",
];

enum Token<'a> {
    Tag(&'a str),
    Text(&'a str),
}

/// `smartypants._tokenize`: tags (`<...>`, comments) and the text between them.
fn tokenize(s: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut pos = 0;
    while let Some(offset) = s[pos..].find('<') {
        let start = pos + offset;
        let end = match tag_end(s, start) {
            Some(end) => end,
            None => break,
        };
        if start > pos {
            tokens.push(Token::Text(&s[pos..start]));
        }
        let tag = &s[start..end];
        let comment_with_dashes = tag.starts_with("<!--")
            && tag[4..]
                .trim_end_matches('>')
                .trim_end()
                .trim_end_matches('-')
                .contains("--");
        tokens.push(if comment_with_dashes {
            Token::Text(tag)
        } else {
            Token::Tag(tag)
        });
        pos = end;
    }
    if pos < s.len() {
        tokens.push(Token::Text(&s[pos..]));
    }
    tokens
}

/// End of `<!--.*?--\s*>` or `<[^>]*>` starting at `start`.
fn tag_end(s: &str, start: usize) -> Option<usize> {
    if s[start..].starts_with("<!--") {
        let mut search = start + 4;
        while let Some(offset) = s[search..].find("--") {
            let after = search + offset + 2;
            let rest = s[after..].trim_start();
            if rest.starts_with('>') {
                return Some(s.len() - rest.len() + 1);
            }
            search += offset + 1;
        }
    }
    s[start..].find('>').map(|offset| start + offset + 1)
}

/// Which skipped element a tag opens or closes: `(closing, name)`.
fn skipped_tag(tag: &str) -> Option<(bool, &'static str)> {
    let inner = tag.strip_prefix('<')?;
    let (closing, name) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    SKIPPED_TAGS
        .iter()
        .find(|t| {
            name.as_bytes()
                .get(..t.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(t.as_bytes()))
        })
        .map(|t| (closing, *t))
}

/// `make_quotes_smart`.
pub(super) fn make_quotes_smart(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut skipped: Vec<&'static str> = Vec::new();
    let mut in_pre = false;
    let mut prev_last_char: Option<char> = None;
    for token in tokenize(text) {
        match token {
            Token::Tag(tag) => {
                out.push_str(tag);
                if let Some((closing, name)) = skipped_tag(tag) {
                    if !closing {
                        skipped.push(name);
                        in_pre = true;
                    } else {
                        if skipped.last() == Some(&name) {
                            skipped.pop();
                        }
                        if skipped.is_empty() {
                            in_pre = false;
                        }
                    }
                }
            }
            Token::Text(t) => {
                let last = t.chars().last();
                if in_pre {
                    out.push_str(t);
                } else {
                    educate_token(&mut out, t, prev_last_char);
                }
                prev_last_char = last;
            }
        }
    }
    out
}

fn educate_token(out: &mut String, token: &str, prev_last_char: Option<char>) {
    let escaped = process_escapes(token);
    let after_prev_text = prev_last_char.is_some_and(|c| !crate::python::is_space(c));
    let educated = match escaped.as_str() {
        "'" if after_prev_text => "&#8217;".to_owned(),
        "'" => "&#8216;".to_owned(),
        "\"" if after_prev_text => "&#8221;".to_owned(),
        "\"" => "&#8220;".to_owned(),
        _ => convert_quotes(&escaped),
    };
    convert_entities(out, &educated);
}

/// `process_escapes`: `\\ \" \' \. \- \`` become `&#92; &#34; &#39; &#46; &#45; &#96;`.
pub(super) fn process_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let entity = match chars.peek() {
                Some('\\') => Some("&#92;"),
                Some('"') => Some("&#34;"),
                Some('\'') => Some("&#39;"),
                Some('.') => Some("&#46;"),
                Some('-') => Some("&#45;"),
                Some('`') => Some("&#96;"),
                _ => None,
            };
            if let Some(entity) = entity {
                chars.next();
                out.push_str(entity);
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// `convert_entities(text, 0)`: the library's entities become Unicode characters.
fn convert_entities(out: &mut String, text: &str) {
    const TABLE: [(&str, char); 7] = [
        ("&#8211;", '–'),
        ("&#8212;", '—'),
        ("&#8216;", '‘'),
        ("&#8217;", '’'),
        ("&#8220;", '“'),
        ("&#8221;", '”'),
        ("&#8230;", '…'),
    ];
    let mut rest = text;
    while let Some(i) = rest.find("&#82") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match TABLE.iter().find(|(entity, _)| rest.starts_with(entity)) {
            Some((entity, c)) => {
                out.push(*c);
                rest = &rest[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}
