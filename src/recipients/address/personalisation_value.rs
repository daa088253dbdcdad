//! How a personalisation value becomes address text: `str(value or "")` in
//! `PostalAddress.from_personalisation`, i.e. Python's truthiness and `str()`/`repr()` of the
//! value `json.loads` produced (`True`, `1.0`, `['a', 'b']`, `{'a': 1}`).

use serde_json::Value;

use crate::python::{is_truthy, str_of};

/// `str(value or "")`.
pub(super) fn address_text(value: Option<&Value>) -> String {
    match value {
        Some(value) if is_truthy(value) => str_of(value),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renders_values_like_python_str() {
        let cases = [
            (json!("123 Example Street"), "123 Example Street"),
            (json!(123), "123"),
            (json!(-7), "-7"),
            (json!(1.0), "1.0"),
            (json!(1.5), "1.5"),
            (json!(100.0), "100.0"),
            (json!(0.0001), "0.0001"),
            (json!(0.00001), "1e-05"),
            (json!(1e16), "1e+16"),
            (json!(1234567890123456.0), "1234567890123456.0"),
            (json!(1.5e300), "1.5e+300"),
            (json!(true), "True"),
            (json!(["a", "b's", 1]), "['a', \"b's\", 1]"),
            (json!({"a": null, "b": [true]}), "{'a': None, 'b': [True]}"),
        ];
        for (value, text) in cases {
            assert_eq!(address_text(Some(&value)), text, "{value}");
        }
    }

    #[test]
    fn falsy_values_become_empty() {
        for value in [
            json!(null),
            json!(false),
            json!(0),
            json!(0.0),
            json!(""),
            json!([]),
            json!({}),
        ] {
            assert_eq!(address_text(Some(&value)), "", "{value}");
        }
        assert_eq!(address_text(None), "");
    }
}
