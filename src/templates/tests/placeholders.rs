//! Placeholders: finding them, naming them, matching keys, substituting values
//! (`test_field.py`) and the missing-personalisation error.

use super::super::field::{substitute, FieldOptions};
use super::super::placeholders::{keys_match, placeholders, str2bool};
use super::super::{
    letter_placeholder_names, placeholder_names, render, RenderError, TemplateType,
};
use super::values;
use serde_json::{json, Value};

const PLAIN: FieldOptions = FieldOptions {
    escape: false,
    markdown_lists: false,
};
const MARKDOWN: FieldOptions = FieldOptions {
    escape: false,
    markdown_lists: true,
};

fn field(content: &str, data: Value, opts: FieldOptions) -> String {
    let mut out = String::new();
    substitute(content, &values(data), opts, &mut out);
    out
}

#[test]
fn text_without_placeholders_is_unchanged() {
    for content in [
        "",
        "the quick brown fox",
        "\n  the\n  quick brown\n\n  fox\n",
        "the ((quick brown fox",
        "the (()) brown fox",
    ] {
        assert_eq!(field(content, json!({}), PLAIN), content);
        assert_eq!(placeholders(content).count(), 0, "{content:?}");
    }
}

#[test]
fn placeholders_are_replaced() {
    let rows: &[(&str, Value, &str)] = &[
        ("((colour))", json!({"colour": "red"}), "red"),
        (
            "the quick ((colour)) fox",
            json!({"colour": "brown"}),
            "the quick brown fox",
        ),
        (
            "((article)) quick ((colour)) ((animal))",
            json!({"article": "the", "colour": "brown", "animal": "fox"}),
            "the quick brown fox",
        ),
        (
            "the quick (((colour))) fox",
            json!({"colour": "brown"}),
            "the quick (brown) fox",
        ),
        (
            "before ((placeholder)) after",
            json!({"placeholder": ""}),
            "before  after",
        ),
        (
            "before ((placeholder)) after",
            json!({"placeholder": "   "}),
            "before     after",
        ),
        (
            "before ((placeholder)) after",
            json!({"placeholder": true}),
            "before True after",
        ),
        (
            "before ((placeholder)) after",
            json!({"placeholder": false}),
            "before False after",
        ),
        (
            "before ((placeholder)) after",
            json!({"placeholder": 0}),
            "before 0 after",
        ),
        (
            "before ((placeholder)) after",
            json!({"placeholder": 0.0}),
            "before 0.0 after",
        ),
        (
            "before ((placeholder)) after",
            json!({"placeholder": 123}),
            "before 123 after",
        ),
        (
            "before ((placeholder)) after",
            json!({"placeholder": 0.1 + 0.2}),
            "before 0.30000000000000004 after",
        ),
        (
            "before ((placeholder)) after",
            json!({"placeholder": {"key": "value"}}),
            "before {'key': 'value'} after",
        ),
        (
            "((warning?))",
            json!({"warning?": "This is not a conditional"}),
            "This is not a conditional",
        ),
        (
            "((warning?warning))",
            json!({"warning?warning": "This is not a conditional"}),
            "This is not a conditional",
        ),
        (
            "((warning??This is a conditional warning))",
            json!({"warning": true}),
            "This is a conditional warning",
        ),
        (
            "((warning??This is a conditional warning\nwith line break))",
            json!({"warning": true}),
            "This is a conditional warning\nwith line break",
        ),
        (
            "((warning??This is a conditional warning))",
            json!({"warning": false}),
            "",
        ),
        ("((a?? b??c))", json!({"a": "yes"}), " b??c"),
        (
            "the quick ((colour)) fox",
            json!({"colour": "<b>x</b>"}),
            "the quick <b>x</b> fox",
        ),
    ];
    for (content, data, expected) in rows {
        assert_eq!(
            field(content, data.clone(), PLAIN),
            *expected,
            "{content:?}"
        );
    }
}

#[test]
fn lists_render_as_sentences_or_markdown() {
    let rows: &[(Value, &str, &str)] = &[
        (json!([]), "list: ", "list: "),
        (json!(["", ""]), "list: ", "list: "),
        (json!([" ", " \t ", "\u{180e}"]), "list: ", "list: "),
        (json!(["one"]), "list: one", "list: \n\n* one"),
        (
            json!(["one", "two"]),
            "list: one and two",
            "list: \n\n* one\n* two",
        ),
        (
            json!(["one", "two", "three"]),
            "list: one, two and three",
            "list: \n\n* one\n* two\n* three",
        ),
        (json!(["one", null, null]), "list: one", "list: \n\n* one"),
        (
            json!([1, {"two": 2}, "three", null]),
            "list: 1, {'two': 2} and three",
            "list: \n\n* 1\n* {'two': 2}\n* three",
        ),
        (
            json!([[1, 2], [3, 4]]),
            "list: [1, 2] and [3, 4]",
            "list: \n\n* [1, 2]\n* [3, 4]",
        ),
        (
            json!([0.1, true, false]),
            "list: 0.1, True and False",
            "list: \n\n* 0.1\n* True\n* False",
        ),
        (
            json!(["\u{a0}a\u{a0}b ", "\u{200b}"]),
            "list: ab",
            "list: \n\n* ab",
        ),
    ];
    for (list, sentence, markdown) in rows {
        let data = json!({ "placeholder": list });
        assert_eq!(
            field("list: ((placeholder))", data.clone(), PLAIN),
            *sentence
        );
        assert_eq!(field("list: ((placeholder))", data, MARKDOWN), *markdown);
    }
}

#[test]
fn str2bool_rules() {
    for truthy in [
        "1", "yes", "y", "true", "True", "TRUE", "include", "show", "Show", "Y",
    ] {
        assert!(str2bool(truthy), "{truthy}");
    }
    for falsy in [
        "", "0", "2", "99.99999", "off", "exclude", "no", "false", "False", "1.0", "['true']",
        "yes ",
    ] {
        assert!(!str2bool(falsy), "{falsy}");
    }
}

#[test]
fn conditionals_use_the_rendered_value() {
    let rows: &[(Value, &str)] = &[
        (json!(true), "shown"),
        (json!(1), "shown"),
        (json!("Yes"), "shown"),
        (json!(["true"]), "shown"),
        (json!(false), ""),
        (json!(0), ""),
        (json!(1.0), ""),
        (json!(""), ""),
        (json!([]), ""),
        (json!({"True": true}), ""),
    ];
    for (value, expected) in rows {
        let data = json!({ "flag": value });
        assert_eq!(field("((flag??shown))", data, PLAIN), *expected, "{value}");
    }
}

#[test]
fn keys_match_ignoring_case_spaces_underscores_and_hyphens() {
    let rows = [
        ("first name", "FIRST_NAME", true),
        ("First Name", "first-name", true),
        ("firstname", " first name ", true),
        ("name", "Name", true),
        ("name", "names", false),
        ("ÉCOLE", "école", true),
        ("a.b", "ab", false),
        ("", "_- ", true),
    ];
    for (a, b, expected) in rows {
        assert_eq!(keys_match(a, b), expected, "{a:?} {b:?}");
    }
}

#[test]
fn names_in_notify_order() {
    let rows: &[(TemplateType, Option<&str>, &str, &[&str])] = &[
        (
            TemplateType::Sms,
            Some("((ignored))"),
            "((b)) ((a)) ((B))",
            &["b", "a"],
        ),
        (
            TemplateType::Email,
            Some("Hi ((Name))"),
            "Hello ((name)) ((first_name)) ((First Name))",
            &["Name", "first_name"],
        ),
        (TemplateType::Email, None, "((x??y)) ((x))", &["x"]),
        (
            TemplateType::Letter,
            Some("((s))"),
            "((b))((s))",
            &["s", "b"],
        ),
        (TemplateType::Sms, None, "(( name ))", &[" name "]),
        (TemplateType::Sms, None, "no placeholders", &[]),
    ];
    for (kind, subject, body, expected) in rows {
        assert_eq!(
            placeholder_names(*kind, *subject, body),
            *expected,
            "{body:?}"
        );
    }
    assert_eq!(
        letter_placeholder_names(Some("((team))"), "((ref))", "((name)) ((Team))"),
        ["team", "ref", "name"]
    );
}

#[test]
fn missing_personalisation_is_reported_in_template_order() {
    let rows: &[(TemplateType, Option<&str>, &str, Value, &str)] = &[
        (
            TemplateType::Sms,
            None,
            "((a)) ((b))",
            json!({}),
            "Missing personalisation: a, b",
        ),
        (
            TemplateType::Sms,
            None,
            "((a)) ((b))",
            json!({"a": null, "b": "x"}),
            "Missing personalisation: a",
        ),
        (
            TemplateType::Email,
            Some("((subject))"),
            "((body)) ((Subject))",
            json!({}),
            "Missing personalisation: subject, body",
        ),
        (
            TemplateType::Email,
            Some("x"),
            "((flag??text))",
            json!({"other": 1}),
            "Missing personalisation: flag",
        ),
        (
            TemplateType::Letter,
            Some("((A B))"),
            "((c))",
            json!({"c": 1}),
            "Missing personalisation: A B",
        ),
    ];
    for (kind, subject, body, data, message) in rows {
        let error = render(*kind, *subject, body, &values(data.clone())).unwrap_err();
        assert_eq!(error.message(), *message);
        assert!(matches!(error, RenderError::MissingPersonalisation(_)));
    }
}

#[test]
fn empty_string_and_extra_keys_are_not_missing() {
    let rendered = render(
        TemplateType::Sms,
        None,
        "x ((a))",
        &values(json!({"a": "", "extra": 1})),
    )
    .unwrap();
    assert_eq!(rendered.body, "x");
}

#[test]
fn later_duplicate_keys_win() {
    let data = values(json!({"Name": "first", "name": "second"}));
    assert_eq!(
        render(TemplateType::Sms, None, "((NAME))", &data)
            .unwrap()
            .body,
        "second"
    );
}
