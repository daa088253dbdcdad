//! Placeholder substitution (`field.py` `Field.replaced`). Text between placeholders is copied,
//! each placeholder becomes `str(value)` (lists as markdown bullets or "a, b and c"), and
//! conditionals show their text when the value is truthy. In "escape" mode the template text
//! and every value go through `escape_html` first, as `Field(html="escape")` does.
//! Output goes to a [`Sink`], so the SMS path can normalise while it substitutes.

use super::html::escape_html;
use super::placeholders::{keys_match, placeholders, str2bool, Placeholder};
use crate::python::{str_of, strip_and_remove_obscure_whitespace, write_str_of};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

/// Where substituted text goes, one character or string at a time.
pub(super) trait Sink {
    fn put(&mut self, c: char);
    fn put_str(&mut self, s: &str) {
        for c in s.chars() {
            self.put(c);
        }
    }
}

impl Sink for String {
    fn put(&mut self, c: char) {
        self.push(c);
    }
    fn put_str(&mut self, s: &str) {
        self.push_str(s);
    }
}

struct SinkWriter<'a, S: Sink>(&'a mut S);

impl<S: Sink> fmt::Write for SinkWriter<'_, S> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.put_str(s);
        Ok(())
    }
}

/// How lists are shown and whether HTML is escaped (`Field(html=..., markdown_lists=...)`).
#[derive(Debug, Clone, Copy)]
pub(super) struct FieldOptions {
    pub escape: bool,
    pub markdown_lists: bool,
}

/// Writes `content` with every placeholder replaced. Callers check for missing values first;
/// a placeholder without a value is copied through unchanged.
pub(super) fn substitute<S: Sink>(
    content: &str,
    values: &Map<String, Value>,
    opts: FieldOptions,
    sink: &mut S,
) {
    let escaped;
    let content = if opts.escape {
        escaped = escape_html(content);
        escaped.as_str()
    } else {
        content
    };
    let mut copied = 0;
    for placeholder in placeholders(content) {
        sink.put_str(&content[copied..placeholder.start]);
        copied = placeholder.end;
        replace(&placeholder, values, opts, sink);
    }
    sink.put_str(&content[copied..]);
}

fn replace<S: Sink>(
    placeholder: &Placeholder<'_>,
    values: &Map<String, Value>,
    opts: FieldOptions,
    sink: &mut S,
) {
    let value = match find_value(values, placeholder.name(), opts.escape) {
        Some(v) if !v.is_null() => v,
        _ => {
            sink.put_str("((");
            sink.put_str(placeholder.body);
            sink.put_str("))");
            return;
        }
    };
    if let Some(text) = placeholder.conditional_text() {
        if str2bool(&replacement_text(value, opts)) {
            sink.put_str(text);
        }
        return;
    }
    match value {
        Value::String(s) if !opts.escape => sink.put_str(s),
        Value::Array(_) => sink.put_str(&replacement_text(value, opts)),
        other if !opts.escape => {
            let _ = write_str_of(&mut SinkWriter(sink), other);
        }
        other => sink.put_str(&escape_html(&str_of(other))),
    }
}

/// The value for `name`; in escape mode keys are compared in their escaped form, as
/// `Field` stores `escape_html(key)`.
fn find_value<'v>(values: &'v Map<String, Value>, name: &str, escape: bool) -> Option<&'v Value> {
    values
        .iter()
        .rev()
        .find(|(key, _)| {
            if escape && key.contains(['&', '<', '>']) {
                keys_match(&escape_html(key), name)
            } else {
                keys_match(key, name)
            }
        })
        .map(|(_, value)| value)
}

/// `Field.get_replacement` as a string: `str(value)`, or the formatted list, sanitised.
fn replacement_text(value: &Value, opts: FieldOptions) -> Cow<'_, str> {
    let text: Cow<'_, str> = match value {
        Value::String(s) => Cow::Borrowed(s.as_str()),
        Value::Array(items) => Cow::Owned(format_list(items, opts.markdown_lists)),
        other => Cow::Owned(str_of(other)),
    };
    if opts.escape {
        Cow::Owned(escape_html(&text))
    } else {
        text
    }
}

/// A list value: blank and null items dropped, then `"\n\n* a\n* b"` (email and letter
/// bodies) or `"a, b and c"` (everything else).
pub(super) fn format_list(items: &[Value], markdown: bool) -> String {
    let items: Vec<String> = items
        .iter()
        .filter(|item| !item.is_null())
        .map(|item| strip_and_remove_obscure_whitespace(&str_of(item)).into_owned())
        .filter(|item| !item.is_empty())
        .collect();
    let mut out = String::new();
    if markdown {
        if !items.is_empty() {
            out.push_str("\n\n");
        }
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str("* ");
            out.push_str(item);
        }
        return out;
    }
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == items.len() { " and " } else { ", " });
        }
        out.push_str(item);
    }
    out
}
