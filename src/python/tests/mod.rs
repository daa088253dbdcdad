//! Tests of the Python semantics: every expected value is what CPython prints.

mod chars;
mod repr;
mod str_of;
mod whitespace;
