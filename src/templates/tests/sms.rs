//! Text messages: whitespace rules, the GSM downgrade (`test_sanitise_text.py`), counting,
//! fragments, emptiness and the length limit.

use super::super::sanitise_sms::{encode, encode_char, Encoded};
use super::super::{
    check_length, render, sms_char_count, sms_fragment_count, RenderError, TemplateType,
};
use super::values;
use serde_json::{json, Map, Value};

fn sms(body: &str) -> String {
    render(TemplateType::Sms, None, body, &Map::new())
        .unwrap()
        .body
}

#[test]
fn newlines_are_normalised() {
    let rows = [
        "one newline\ntwo newlines\n\nend",
        "one newline\r\ntwo newlines\r\n\r\nend",
        "one newline\rtwo newlines\r\rend",
        "\t\t\n\r one newline\ntwo newlines\r\r\nend\n\n  \r \n \t ",
        "one newline\u{2028}two newlines\u{85}\u{b}end",
    ];
    for body in rows {
        assert_eq!(sms(body), "one newline\ntwo newlines\n\nend", "{body:?}");
    }
}

#[test]
fn whitespace_is_normalised() {
    let rows = [
        (
            "  Hi\u{a0}there\u{a0} what's\u{200d} up\t",
            "Hi there what's up",
        ),
        ("a , b . c", "a, b. c"),
        ("a \t, b", "a, b"),
        ("a \u{a0} . b", "a . b"),
        ("a \u{200b}. b", "a . b"),
        ("a\u{a0}\u{200b}.", "a ."),
        ("line   one\n\n\n\nline  two", "line one\n\nline two"),
        ("x\u{1f}y\u{3000}z", "x y z"),
        ("\n\n  start", "start"),
    ];
    for (body, expected) in rows {
        assert_eq!(sms(body), expected, "{body:?}");
    }
}

#[test]
fn characters_are_downgraded_for_gsm() {
    let same_for_sms_and_ascii = [
        ('a', "a"),
        ('\t', " "),
        ('ç', "c"),
        ('–', "-"),
        ('—', "-"),
        ('…', "..."),
        ('\u{200b}', ""),
        ('‘', "'"),
        ('’', "'"),
        ('“', "\""),
        ('”', "\""),
        ('\u{a0}', " "),
        ('😬', "?"),
        ('↉', "?"),
    ];
    let kept_by_sms = ['\n', '\r', 'à', '€', 'â', 'Ŷ', 'ë', 'Ò', 'í', 'ŵ', 'Δ', '{'];
    for (c, expected) in same_for_sms_and_ascii {
        let got = match encode_char(c) {
            Encoded::Char(e) => e.to_string(),
            Encoded::Text(t) => t.to_owned(),
        };
        assert_eq!(got, expected, "{c:?}");
    }
    for c in kept_by_sms {
        assert_eq!(encode_char(c), Encoded::Char(c), "{c:?}");
    }
    let strings = [
        ("Łōdź", "?odz"),
        (
            "The quick brown fox jumps over the lazy dog",
            "The quick brown fox jumps over the lazy dog",
        ),
        ("Ǻ ǖ ḉ `", "Å ü ? ?"),
        ("привет Ά", "?????? ?"),
    ];
    for (text, expected) in strings {
        assert_eq!(encode(text), expected, "{text:?}");
    }
}

#[test]
fn rendered_body_is_downgraded_without_prefix() {
    let data = values(json!({"name": "Zoë “Z” O’Brien"}));
    let rendered = render(TemplateType::Sms, None, "Hello ((name)) – it’s … 😀", &data).unwrap();
    assert_eq!(rendered.body, "Hello Zoë \"Z\" O'Brien - it's ... ?");
    assert_eq!(rendered.subject, None);
    // Notify counts before the downgrade: `…` is one character, `😀` one.
    assert_eq!(rendered.char_count, 32);
    assert_eq!(sms_char_count(&rendered.body), 34);
}

#[test]
fn fragments_follow_gsm_and_welsh_rules() {
    let welsh = |n: usize| format!("ŵ{}", "a".repeat(n - 1));
    let rows: Vec<(String, u32)> = vec![
        ("a".repeat(160), 1),
        ("a".repeat(161), 2),
        ("a".repeat(306), 2),
        ("a".repeat(307), 3),
        ("a".repeat(918), 6),
        ("^".repeat(80), 1),
        ("^".repeat(81), 2),
        ("€".repeat(153), 2),
        (welsh(70), 1),
        (welsh(71), 2),
        (welsh(134), 2),
        (welsh(135), 3),
        ("é".repeat(160), 1),
        (String::new(), 1),
    ];
    for (body, expected) in rows {
        assert_eq!(
            sms_fragment_count(&body),
            expected,
            "{} chars",
            body.chars().count()
        );
    }
}

#[test]
fn fragments_of_rendered_messages_can_include_the_prefix() {
    let rendered = render(TemplateType::Sms, None, &"a".repeat(150), &Map::new()).unwrap();
    assert_eq!(rendered.sms_fragment_count(None), 1);
    assert_eq!(rendered.sms_fragment_count(Some("")), 1);
    // "Service name: " adds 14 characters.
    assert_eq!(rendered.sms_fragment_count(Some(" Service name ")), 2);
    assert_eq!(rendered.sms_fragment_count(Some("Ŵ")), 3);
    let ellipses = render(TemplateType::Sms, None, &"…".repeat(100), &Map::new()).unwrap();
    assert_eq!(ellipses.char_count, 100);
    assert_eq!(ellipses.sms_fragment_count(None), 1);
}

#[test]
fn too_long_messages_are_refused() {
    let rows: Vec<(String, Option<&str>)> = vec![
        ("a".repeat(918), None),
        (
            "a".repeat(919),
            Some("Your message is too long. Text messages cannot be longer than 918 characters. Your message is 919 characters long."),
        ),
        // Counted after the downgrade's whitespace rules and without a prefix: 460 emoji pass.
        ("😀".repeat(460), None),
        (
            "😀".repeat(919),
            Some("Your message is too long. Text messages cannot be longer than 918 characters. Your message is 919 characters long."),
        ),
        (format!("  {}  \n\n", "b".repeat(918)), None),
    ];
    for (body, expected) in rows {
        let rendered = render(TemplateType::Sms, None, &body, &Map::new()).unwrap();
        let result = check_length(TemplateType::Sms, &rendered).map_err(|e| e.to_string());
        assert_eq!(
            result.err().as_deref(),
            expected,
            "{} chars",
            body.chars().count()
        );
    }
}

#[test]
fn empty_messages_are_refused() {
    let rows: &[(&str, Value)] = &[
        ("", json!({})),
        ("((a))", json!({"a": ""})),
        ("((a))", json!({"a": "   \t  \r\n"})),
        ("((a))", json!({"a": "\u{200b}"})),
        ("((a??show))", json!({"a": false})),
        ("((a)) ((b))", json!({"a": [], "b": " "})),
    ];
    for (body, data) in rows {
        let error = render(TemplateType::Sms, None, body, &values(data.clone())).unwrap_err();
        assert_eq!(error, RenderError::Empty, "{body:?}");
        assert_eq!(error.message(), "Your message is empty.");
    }
    assert!(render(
        TemplateType::Sms,
        None,
        "((a))",
        &values(json!({"a": "😀"}))
    )
    .is_ok());
}

#[test]
fn values_are_python_strings_and_lists_are_sentences() {
    let data = values(json!({"n": 1.0, "b": true, "l": ["x", "y", "z"], "d": {"a": 1}}));
    let rendered = render(TemplateType::Sms, None, "((n)) ((b)) ((l)) ((d))", &data).unwrap();
    assert_eq!(rendered.body, "1.0 True x, y and z {'a': 1}");
}
