//! Personalisation values as Notify shows them. Notify renders every value with Python's
//! `str()` (`field.py` `get_replacement`), so JSON `true` is `True`, `1.0` stays `1.0`,
//! `1e16` is `1e+16` and an object is the repr of a Python dict (`{'a': 1}`). Lists are
//! handled by the caller (`field.rs`); lists nested inside other values use Python's repr.

use serde_json::{Number, Value};
use std::fmt::{self, Write};

/// Writes Python's `str(value)` for a top-level personalisation value.
pub(super) fn write_py_str<W: Write>(out: &mut W, value: &Value) -> fmt::Result {
    match value {
        Value::String(s) => out.write_str(s),
        other => write_py_repr(out, other),
    }
}

/// Python's `str(value)` as an owned string (used off the hot path).
pub(super) fn py_str(value: &Value) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write_py_str(&mut out, value);
    out
}

/// Writes Python's `repr(value)` for a value parsed from JSON.
pub(super) fn write_py_repr<W: Write>(out: &mut W, value: &Value) -> fmt::Result {
    match value {
        Value::Null => out.write_str("None"),
        Value::Bool(true) => out.write_str("True"),
        Value::Bool(false) => out.write_str("False"),
        Value::Number(n) => write_py_number(out, n),
        Value::String(s) => write_py_repr_str(out, s),
        Value::Array(items) => {
            out.write_char('[')?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_str(", ")?;
                }
                write_py_repr(out, item)?;
            }
            out.write_char(']')
        }
        Value::Object(map) => {
            out.write_char('{')?;
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.write_str(", ")?;
                }
                write_py_repr_str(out, key)?;
                out.write_str(": ")?;
                write_py_repr(out, item)?;
            }
            out.write_char('}')
        }
    }
}

fn write_py_number<W: Write>(out: &mut W, n: &Number) -> fmt::Result {
    if let Some(i) = n.as_i64() {
        write!(out, "{i}")
    } else if let Some(u) = n.as_u64() {
        write!(out, "{u}")
    } else {
        write_py_float(out, n.as_f64().unwrap_or(0.0))
    }
}

/// A fixed stack buffer, so formatting a float does not touch the heap.
struct StackBuf {
    bytes: [u8; 48],
    len: usize,
}

impl Write for StackBuf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > self.bytes.len() {
            return Err(fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl StackBuf {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

/// Python's `repr(float)`: shortest round-trip digits, fixed notation when the decimal
/// exponent is in -4..16 (always with a fractional part), otherwise `1e+16` / `1.5e-05`.
pub(super) fn write_py_float<W: Write>(out: &mut W, f: f64) -> fmt::Result {
    if f.is_nan() {
        return out.write_str("nan");
    }
    if f.is_infinite() {
        return out.write_str(if f > 0.0 { "inf" } else { "-inf" });
    }
    let mut buf = StackBuf {
        bytes: [0; 48],
        len: 0,
    };
    write!(buf, "{:e}", f.abs())?;
    let sci = buf.as_str();
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((sci, "0"));
    let exp: i32 = exponent.parse().unwrap_or(0);
    let (first, rest) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if f.is_sign_negative() {
        out.write_char('-')?;
    }
    if (-4..16).contains(&exp) {
        write_fixed(out, first, rest, exp)
    } else {
        out.write_str(first)?;
        if !rest.is_empty() {
            out.write_char('.')?;
            out.write_str(rest)?;
        }
        let sign = if exp < 0 { '-' } else { '+' };
        write!(out, "e{sign}{:02}", exp.unsigned_abs())
    }
}

fn write_fixed<W: Write>(out: &mut W, first: &str, rest: &str, exp: i32) -> fmt::Result {
    let digits = first.chars().chain(rest.chars());
    if exp < 0 {
        out.write_str("0.")?;
        for _ in 0..(-exp - 1) {
            out.write_char('0')?;
        }
        for d in digits {
            out.write_char(d)?;
        }
        return Ok(());
    }
    let int_len = exp as usize + 1;
    let all: usize = first.len() + rest.len();
    for (i, d) in digits.enumerate() {
        if i == int_len {
            out.write_char('.')?;
        }
        out.write_char(d)?;
    }
    if all <= int_len {
        for _ in all..int_len {
            out.write_char('0')?;
        }
        out.write_str(".0")?;
    }
    Ok(())
}

/// Python's `repr(str)`: single quotes unless the text has `'` and no `"`.
fn write_py_repr_str<W: Write>(out: &mut W, s: &str) -> fmt::Result {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.write_char(quote)?;
    for c in s.chars() {
        match c {
            '\\' => out.write_str("\\\\")?,
            '\n' => out.write_str("\\n")?,
            '\r' => out.write_str("\\r")?,
            '\t' => out.write_str("\\t")?,
            c if c == quote => {
                out.write_char('\\')?;
                out.write_char(c)?;
            }
            c if !is_py_printable(c) => {
                let cp = u32::from(c);
                if cp < 0x100 {
                    write!(out, "\\x{cp:02x}")?;
                } else if cp < 0x10000 {
                    write!(out, "\\u{cp:04x}")?;
                } else {
                    write!(out, "\\U{cp:08x}")?;
                }
            }
            c => out.write_char(c)?,
        }
    }
    out.write_char(quote)
}

/// Python's `str.isprintable()` for the characters that realistically occur: controls,
/// separators other than the space, format characters and private-use characters are not.
fn is_py_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() {
        return false;
    }
    !matches!(
        c,
        '\u{a0}'
            | '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{1680}'
            | '\u{180e}'
            | '\u{2000}'..='\u{200f}'
            | '\u{2028}'..='\u{202f}'
            | '\u{205f}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{3000}'
            | '\u{e000}'..='\u{f8ff}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{f0000}'..='\u{10ffff}'
    )
}
