//! `sanitise_content_for`: which values change, how, and what the API shows afterwards.

use super::super::sanitise::sanitise_text;
use super::super::{email_html, render, sanitise_personalisation, TemplateType};
use super::{values, P};
use serde_json::json;

#[test]
fn text_is_defused_and_escaped() {
    let rows = [
        ("plain words", "plain words"),
        (
            "0f6c4a2e-5b1d-4c1e-9f00-1a2b3c4d5e6f",
            "0f6c4a2e\\-5b1d\\-4c1e\\-9f00\\-1a2b3c4d5e6f",
        ),
        ("Visit example.com today", "Visit example\\. com today"),
        (
            "Visit www.example.co.uk.",
            "Visit www\\. example\\. co\\. uk\\.",
        ),
        ("Go to https://evil.example/login?x=1 now", "Go to  now"),
        ("http://example.com", ""),
        ("file a_b.html", "file "),
        ("mail me@example.com", "mail me@example\\.com"),
        (
            "# *bold* _it_ [x](y) <b> `c` {d} !e +f |g \\h",
            "\\# \\*bold\\* \\_it\\_ \\[x\\]\\(y\\) \\<b\\> \\`c\\` \\{d\\} \\!e \\+f \\|g \\\\h",
        ),
        ("version 1.2", "version 1\\.2"),
    ];
    for (text, expected) in rows {
        assert_eq!(sanitise_text(text), expected, "{text:?}");
    }
}

#[test]
fn only_listed_keys_are_sanitised_and_reported() {
    let personalisation = values(json!({
        "Reference": "ab-cd",
        "name": "J. Smith",
        "count": 3,
        "clean": "nothing to do",
    }));
    let keys = [
        "reference".to_owned(),
        "COUNT".to_owned(),
        "clean".to_owned(),
        "absent".to_owned(),
    ];
    let (sanitised, report) = sanitise_personalisation(&personalisation, &keys);
    assert_eq!(sanitised.get("Reference"), Some(&json!("ab\\-cd")));
    assert_eq!(sanitised.get("name"), Some(&json!("J. Smith")));
    assert_eq!(sanitised.get("count"), Some(&json!(3)));
    assert_eq!(sanitised.get("clean"), Some(&json!("nothing to do")));
    assert_eq!(
        json!(report),
        json!({"Reference": {"unsanitised": "ab-cd", "sanitised": "ab\\-cd"}})
    );
    let (_, empty) = sanitise_personalisation(&personalisation, &[]);
    assert!(empty.is_empty());
}

#[test]
fn sanitised_dots_show_as_notify_shows_them() {
    let personalisation = values(json!({"site": "example.com"}));
    let (sanitised, _) = sanitise_personalisation(&personalisation, &["site".to_owned()]);
    let rendered = render(
        TemplateType::Email,
        Some("About ((site))"),
        "See ((site))",
        &sanitised,
    )
    .unwrap();
    assert_eq!(rendered.body, "See example\\. com");
    assert_eq!(rendered.subject.as_deref(), Some("About example&#46; com"));
    assert_eq!(
        email_html("See ((site))", &sanitised).unwrap(),
        format!("{P}See example. com</p>")
    );
}
