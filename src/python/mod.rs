//! What Notify's behaviour inherits from Python: repr()/str() of JSON values (ints, floats with
//! Python's shortest repr, True/False/None, quoting rules of str repr), truthiness,
//! str.isspace()/splitlines() character classes, and Notify's 'obscure whitespace' rules.
//!
//! GOV.UK Notify is written in Python, so its messages and formatters leak Python semantics:
//! jsonschema's messages carry `repr()`s, personalisation is rendered with `str()`, addresses
//! use `str(value or "")`, and `str.split()`/`str.strip()`/`str.splitlines()` decide what is a
//! space or a line break. This module is the one place that reproduces those rules; `schema`,
//! `templates`, `recipients` and `notifications` use it.
//!
//! - `repr`: `repr()`, `str()` and truthiness of the values `json.loads` produces.
//! - `float_repr`: `repr(float)`, Python's shortest round-trip digits.
//! - `chars`: `str.isspace()`, `str.isprintable()`, `string.whitespace`, `str.splitlines()`
//!   and Unicode decimal digits.
//! - `whitespace`: notifications-utils' whitespace formatters (obscure zero- and full-width
//!   whitespace, `normalise_whitespace`, `remove_whitespace_before_punctuation`).
//! - `unicode_tables`: generated tables behind `chars`.

mod chars;
mod float_repr;
mod repr;
mod unicode_tables;
mod whitespace;

pub use self::chars::{decimal_digit, is_line_break, is_space, is_string_whitespace, splitlines};
pub use self::repr::{is_truthy, repr, str_of, write_repr, write_str_of, write_str_repr};
pub use self::whitespace::{
    is_notify_whitespace, is_obscure_zero_width, normalise_whitespace, remove_whitespace,
    remove_whitespace_before_punctuation, strip_and_remove_obscure_whitespace,
};

#[cfg(test)]
mod tests;
