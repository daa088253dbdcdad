//! Personalisation values shown with Python's `str()`.

use crate::python::float_repr::write_float_repr;
use crate::python::str_of;
use serde_json::{json, Value};

#[test]
fn values_render_like_python_str() {
    let rows: &[(Value, &str)] = &[
        (json!("text"), "text"),
        (json!(""), ""),
        (json!(5), "5"),
        (json!(-7), "-7"),
        (json!(18446744073709551615u64), "18446744073709551615"),
        (json!(true), "True"),
        (json!(false), "False"),
        (json!(null), "None"),
        (json!(1.0), "1.0"),
        (json!(0.1), "0.1"),
        (json!(1.5), "1.5"),
        (json!(100.0), "100.0"),
        (json!(1e16), "1e+16"),
        (json!(1e15), "1000000000000000.0"),
        (json!(1e-5), "1e-05"),
        (json!(0.0001), "0.0001"),
        (json!(123456789.123), "123456789.123"),
        (json!(2.5e-7), "2.5e-07"),
        (json!(1.5e300), "1.5e+300"),
        (json!(-0.0), "-0.0"),
        (json!({"a": 1}), "{'a': 1}"),
        (
            json!({"a": [1, "two", null, true, 2.0]}),
            "{'a': [1, 'two', None, True, 2.0]}",
        ),
        (json!({"k": {"n": null}}), "{'k': {'n': None}}"),
        (json!([[1, 2], {"a": "b"}]), "[[1, 2], {'a': 'b'}]"),
    ];
    for (value, expected) in rows {
        assert_eq!(str_of(value), *expected, "{value}");
    }
}

#[test]
fn strings_inside_containers_use_python_repr() {
    let rows: &[(&str, &str)] = &[
        ("plain", "['plain']"),
        ("it's", "[\"it's\"]"),
        ("say \"hi\"", "['say \"hi\"']"),
        ("both ' and \"", "['both \\' and \"']"),
        ("tab\there\nnew", "['tab\\there\\nnew']"),
        ("back\\slash", "['back\\\\slash']"),
        ("\u{a0}\u{200b}\u{7}", "['\\xa0\\u200b\\x07']"),
        ("é😀", "['é😀']"),
    ];
    for (text, expected) in rows {
        assert_eq!(str_of(&json!([text])), *expected, "{text:?}");
    }
}

#[test]
fn float_special_values() {
    let mut out = String::new();
    for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        write_float_repr(&mut out, f).unwrap();
        out.push(' ');
    }
    assert_eq!(out, "nan inf -inf ");
}
