//! Emails: the raw-markdown body, the typographic subject, emptiness and the size limit.

use super::super::{check_length, render, RenderError, TemplateType};
use super::values;
use serde_json::{json, Map, Value};

fn subject(subject: &str, data: Value) -> String {
    let rendered = render(TemplateType::Email, Some(subject), "body", &values(data)).unwrap();
    rendered.subject.unwrap_or_default()
}

#[test]
fn subjects_get_nice_typography() {
    let rows: &[(&str, Value, &str)] = &[
        (
            "Your \"code\" - it's here",
            json!({}),
            "Your “code” – it’s here",
        ),
        (
            "It's John's 'quote' and \"double\" '80s rock'n'roll",
            json!({}),
            "It’s John’s ‘quote’ and “double” ‘80s rock’n’roll",
        ),
        (
            "a - b – c — d --- e ---- f",
            json!({}),
            "a – b – c – d – e ---- f",
        ),
        (
            "Email ‘me@example.com’ or “you@example.com”",
            json!({}),
            "Email 'me@example.com' or “you@example.com”",
        ),
        (
            "Write to ((email))",
            json!({"email": "o'brien@example.com"}),
            "Write to o'brien@example.com",
        ),
        (
            "  lots   of \u{a0} space\u{200b} here  ",
            json!({}),
            "lots of space here",
        ),
        ("Hello , world . ok", json!({}), "Hello, world. ok"),
        ("<b>bold</b> & \"x\"", json!({}), "<b>bold</b> & “x”"),
        ("Line\nbreak - here", json!({}), "Line break – here"),
        ("\"Quoted\"", json!({}), "“Quoted”"),
        ("'Single'", json!({}), "‘Single’"),
        ("((list))", json!({"list": ["a", "b", "c"]}), "a, b and c"),
        ("He said \"'hi'\"", json!({}), "He said “‘hi’”"),
        (
            "Dr. Smith's 1990s-era \"list\"",
            json!({}),
            "Dr. Smith’s 1990s-era “list”",
        ),
        ("Hi ((name))", json!({"name": "<Jo>"}), "Hi <Jo>"),
    ];
    for (template, data, expected) in rows {
        assert_eq!(subject(template, data.clone()), *expected, "{template:?}");
    }
}

#[test]
fn backslash_escapes_become_references_in_the_subject() {
    // smartypants' process_escapes: how a sanitised dot shows as `&#46;` (spec §10.8).
    let data = json!({"ref": "a\\.b \\- c \\\\ d \\( e"});
    assert_eq!(
        subject("Reference ((ref))", data),
        "Reference a&#46;b &#45; c &#92; d \\( e"
    );
    let rendered = render(
        TemplateType::Email,
        Some("((r))"),
        "((r))",
        &values(json!({"r": "x\\.y"})),
    )
    .unwrap();
    assert_eq!(rendered.body, "x\\.y");
    assert_eq!(rendered.subject.as_deref(), Some("x&#46;y"));
}

#[test]
fn body_is_raw_markdown_with_values_stripped() {
    let rows: &[(&str, Value, &str)] = &[
        (
            "Dear ((name)),\n\n((list))\n\nBye",
            json!({"name": "Jo", "list": ["a", "b"]}),
            "Dear Jo,\n\n\n\n* a\n* b\n\nBye",
        ),
        (
            "  \n Hello <b>((x))</b> & \"quotes\" - stay\n\n ",
            json!({"x": "<i>"}),
            "Hello <b><i></b> & \"quotes\" - stay",
        ),
        (
            "# Heading\n\n^ inset\n\n---",
            json!({}),
            "# Heading\n\n^ inset\n\n---",
        ),
        (
            "((a)) and ((b))",
            json!({"a": 1.0, "b": true}),
            "1.0 and True",
        ),
        (
            "Hi ((name))",
            json!({"name": "a\u{a0}b  c"}),
            "Hi a\u{a0}b  c",
        ),
    ];
    for (body, data, expected) in rows {
        let rendered = render(TemplateType::Email, Some("s"), body, &values(data.clone())).unwrap();
        assert_eq!(rendered.body, *expected, "{body:?}");
        assert_eq!(rendered.char_count, expected.chars().count());
    }
}

#[test]
fn emptiness_follows_notify_rules() {
    let rows: &[(&str, Value, bool)] = &[
        ("", json!({}), true),
        ("((placeholder))", json!({"placeholder": ""}), true),
        (
            "((placeholder))",
            json!({"placeholder": "   \t   \r\n"}),
            true,
        ),
        (
            "((placeholder))",
            json!({"placeholder": "Some content"}),
            false,
        ),
        (
            "((placeholder??show_or_hide))",
            json!({"placeholder": false}),
            true,
        ),
        ("Some content", json!({}), false),
        (
            "((placeholder)) some content",
            json!({"placeholder": ""}),
            false,
        ),
        (
            "Some content ((placeholder))",
            json!({"placeholder": ""}),
            false,
        ),
        (" ((placeholder))", json!({"placeholder": ""}), false),
        ("((a))((b))", json!({"a": "", "b": []}), true),
    ];
    for kind in [TemplateType::Email, TemplateType::Letter] {
        for (body, data, empty) in rows {
            let result = render(kind, Some("Hi"), body, &values(data.clone()));
            assert_eq!(
                result.as_ref().err() == Some(&RenderError::Empty),
                *empty,
                "{kind:?} {body:?}"
            );
        }
    }
}

#[test]
fn emails_over_two_million_bytes_are_refused() {
    let ok = render(
        TemplateType::Email,
        Some("s"),
        &"é".repeat(1_000_000),
        &Map::new(),
    )
    .unwrap();
    assert_eq!(check_length(TemplateType::Email, &ok), Ok(()));
    let big = render(
        TemplateType::Email,
        Some("s"),
        &format!("{}a", "é".repeat(1_000_000)),
        &Map::new(),
    )
    .unwrap();
    assert_eq!(
        check_length(TemplateType::Email, &big).unwrap_err().message(),
        "Your message is too long. Emails cannot be longer than 2000000 bytes. Your message is 2000001 bytes."
    );
    assert_eq!(check_length(TemplateType::Letter, &big), Ok(()));
}
