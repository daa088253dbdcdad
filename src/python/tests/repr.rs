//! Table tests for `repr`; every expected value is CPython 3.13's `repr(json.loads(text))`.

use serde_json::Value;

use crate::python::float_repr::write_float_repr;
use crate::python::repr;

fn repr_of(json_text: &str) -> String {
    let value: Value = serde_json::from_str(json_text).unwrap_or(Value::Null);
    repr(&value)
}

#[test]
fn floats_use_pythons_shortest_repr() {
    let rows = [
        ("1e5", "100000.0"),
        ("1e16", "1e+16"),
        ("1e15", "1000000000000000.0"),
        ("9999999999999998.0", "9999999999999998.0"),
        ("1e-5", "1e-05"),
        ("0.0001", "0.0001"),
        ("0.00012345", "0.00012345"),
        ("123456789012345.6", "123456789012345.6"),
        ("1.5e300", "1.5e+300"),
        ("-2.5", "-2.5"),
        ("0.30000000000000004", "0.30000000000000004"),
        ("1e22", "1e+22"),
        ("-0.0", "-0.0"),
        ("0.0", "0.0"),
        ("100.0", "100.0"),
        ("2.5e-7", "2.5e-07"),
        ("1234567890123456.7", "1234567890123456.8"),
        ("5e-324", "5e-324"),
        ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ("-1e-7", "-1e-07"),
        ("1.0", "1.0"),
        ("0.1", "0.1"),
        ("3.14159", "3.14159"),
        ("1e100", "1e+100"),
    ];
    for (text, expected) in rows {
        assert_eq!(repr_of(text), expected, "{text}");
    }
}

#[test]
fn integers_are_exact_within_64_bits() {
    let rows = [
        ("0", "0"),
        ("-12", "-12"),
        ("7700900001", "7700900001"),
        ("12345678901234567890", "12345678901234567890"),
        ("18446744073709551615", "18446744073709551615"),
        ("-9223372036854775808", "-9223372036854775808"),
    ];
    for (text, expected) in rows {
        assert_eq!(repr_of(text), expected, "{text}");
    }
}

/// Documented limits of serde_json's default features: integers beyond 64 bits arrive as floats
/// (Python prints `-9223372036854775809` and `123456789012345678901234`; the last float digit
/// also depends on serde_json's `float_roundtrip`), and `-0` arrives as the float `-0.0` (Python:
/// the integer `0`).
#[test]
fn serde_json_number_limits() {
    assert_eq!(repr_of("-9223372036854775809"), "-9.223372036854776e+18");
    let big = repr_of("123456789012345678901234");
    assert!(
        big.starts_with("1.23456789012345") && big.ends_with("e+23"),
        "{big}"
    );
    assert!(["0", "-0.0"].contains(&repr_of("-0").as_str()));
}

#[test]
fn containers_and_constants() {
    let rows = [
        (
            r#"[1, "a", null, true, false, 1.5, {"k": "v"}, []]"#,
            "[1, 'a', None, True, False, 1.5, {'k': 'v'}, []]",
        ),
        ("{}", "{}"),
        ("[]", "[]"),
        (r#"{"a": {"b": []}}"#, "{'a': {'b': []}}"),
        (r#"{"a": 1, "b": [null]}"#, "{'a': 1, 'b': [None]}"),
    ];
    for (text, expected) in rows {
        assert_eq!(repr_of(text), expected, "{text}");
    }
}

#[test]
fn strings_quote_and_escape_like_python() {
    let rows = [
        (r#""plain""#, "'plain'"),
        (r#""it's""#, r#""it's""#),
        (r#""say \"hi\"""#, r#"'say "hi"'"#),
        (r#""a\"b'c""#, r#"'a"b\'c'"#),
        (r#""\\""#, r"'\\'"),
        (
            r#""\u0000\u001f\u007f\u0080\u00ff\u0100""#,
            "'\\x00\\x1f\\x7f\\x80\u{ff}\u{100}'",
        ),
        (r#""\u200b\ud83d\ude00\u00e9""#, "'\\u200b\u{1f600}\u{e9}'"),
        (r#""\t\n\r""#, r"'\t\n\r'"),
        (r#""\udb40\udc01""#, r"'\U000e0001'"),
        (r#""\u0378\u00ad\u00a0 ""#, r"'\u0378\xad\xa0 '"),
        (
            r#""\u2028\u3000\ue000\uffff""#,
            r"'\u2028\u3000\ue000\uffff'",
        ),
        (r#""\u20ac\u4e2d\uac00""#, "'\u{20ac}\u{4e2d}\u{ac00}'"),
    ];
    for (text, expected) in rows {
        assert_eq!(repr_of(text), expected, "{text}");
    }
}

/// Exact ties between two equally short digit strings go to the even one, as in CPython.
#[test]
fn float_ties_round_to_even_like_python() {
    let rows = [
        (572_595_284_345_073.0 + 0.25, "572595284345073.2"),
        (-701_697_715_995_790.0 - 0.25, "-701697715995790.2"),
        (1_371_010_358_211_522.2, "1371010358211522.2"),
        (2.5e-323, "2.5e-323"),
        (1e23, "1e+23"),
        (0.125, "0.125"),
        (4.35, "4.35"),
        (1.152_921_504_606_847e18, "1.152921504606847e+18"),
        (f64::NAN, "nan"),
        (f64::NEG_INFINITY, "-inf"),
    ];
    for (value, expected) in rows {
        let mut out = String::new();
        write_float_repr(&mut out, value).unwrap();
        assert_eq!(out, expected);
    }
}
