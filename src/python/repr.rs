//! Python's `repr()`, `str()` and truthiness of the values `json.loads` produces: jsonschema
//! builds Notify's validation messages with `{instance!r}` (`phone_number None is not of type
//! string`), `field.py` renders personalisation with `str()`, and a letter address takes
//! `str(value or "")`.
//!
//! Mapping from serde_json: `null` → `None`, booleans → `True`/`False`, integers → decimal,
//! floats → Python's shortest round-trip repr (`1.5`, `100.0`, `1e+16`, `1e-05`), strings →
//! quoted and escaped like `str.__repr__`, arrays → `[a, b]`, objects → `{k: v}` with `: ` and
//! `, `. `str()` is the same except that a top-level string is itself.
//!
//! Two serde_json limits are documented rather than hidden:
//! * without serde_json's `arbitrary_precision` feature an integer outside `i64`/`u64` is parsed
//!   as `f64`, so it is shown as a float (`1.2345678901234568e+22`) where Python shows the exact
//!   integer;
//! * without the `preserve_order` feature objects iterate in sorted key order, so a dict is shown
//!   sorted where Python keeps document order (with `preserve_order` the orders agree, including
//!   for duplicate keys: first position, last value).

use std::fmt::{self, Write};

use serde_json::{Number, Value};

use super::chars::is_printable;
use super::float_repr::write_float_repr;

/// Python `repr()` of a JSON value, e.g. `{"a": [1, true]}` → `{'a': [1, True]}`.
pub fn repr(value: &Value) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write_repr(&mut out, value);
    out
}

/// Python `str()` of a JSON value: a string is itself, anything else its `repr()`.
pub fn str_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => repr(other),
    }
}

/// Writes Python's `str()` of a JSON value.
pub fn write_str_of<W: Write + ?Sized>(out: &mut W, value: &Value) -> fmt::Result {
    match value {
        Value::String(text) => out.write_str(text),
        other => write_repr(out, other),
    }
}

/// Python's `bool()`: `None`, `False`, zero, and empty strings, lists and dicts are false.
pub fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

/// Writes the Python `repr()` of `value`.
pub fn write_repr<W: Write + ?Sized>(out: &mut W, value: &Value) -> fmt::Result {
    match value {
        Value::Null => out.write_str("None"),
        Value::Bool(true) => out.write_str("True"),
        Value::Bool(false) => out.write_str("False"),
        Value::Number(number) => write_number(out, number),
        Value::String(text) => write_str_repr(out, text),
        Value::Array(items) => {
            out.write_char('[')?;
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.write_str(", ")?;
                }
                write_repr(out, item)?;
            }
            out.write_char(']')
        }
        Value::Object(map) => {
            out.write_char('{')?;
            for (index, (key, item)) in map.iter().enumerate() {
                if index > 0 {
                    out.write_str(", ")?;
                }
                write_str_repr(out, key)?;
                out.write_str(": ")?;
                write_repr(out, item)?;
            }
            out.write_char('}')
        }
    }
}

fn write_number<W: Write + ?Sized>(out: &mut W, number: &Number) -> fmt::Result {
    if let Some(int) = number.as_i64() {
        write!(out, "{int}")
    } else if let Some(int) = number.as_u64() {
        write!(out, "{int}")
    } else {
        write_float_repr(out, number.as_f64().unwrap_or(0.0))
    }
}

/// Writes Python's `repr()` of a `str`: single quotes unless the text contains `'` and no `"`,
/// backslash escapes for the quote, `\\`, `\t`, `\n`, `\r`, and `\xhh`/`\uhhhh`/`\Uhhhhhhhh`
/// for characters Python considers non-printable.
pub fn write_str_repr<W: Write + ?Sized>(out: &mut W, text: &str) -> fmt::Result {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    out.write_char(quote)?;
    for ch in text.chars() {
        match ch {
            '\\' => out.write_str("\\\\")?,
            '\t' => out.write_str("\\t")?,
            '\n' => out.write_str("\\n")?,
            '\r' => out.write_str("\\r")?,
            _ if ch == quote => {
                out.write_char('\\')?;
                out.write_char(ch)?;
            }
            _ if is_printable(ch) => out.write_char(ch)?,
            _ => write_escape(out, ch)?,
        }
    }
    out.write_char(quote)
}

/// `\xhh`, `\uhhhh` or `\Uhhhhhhhh`, the shortest that holds the code point.
fn write_escape<W: Write + ?Sized>(out: &mut W, ch: char) -> fmt::Result {
    let code = u32::from(ch);
    match code {
        0..=0xFF => write!(out, "\\x{code:02x}"),
        0x100..=0xFFFF => write!(out, "\\u{code:04x}"),
        _ => write!(out, "\\U{code:08x}"),
    }
}
