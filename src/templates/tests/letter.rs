//! Letters: the escaped subject, the body, contact-block placeholders and layout blocks.

use super::super::{letter_blocks, render, render_letter, Block, TemplateType};
use super::values;
use serde_json::{json, Value};

fn paragraph(lines: &[&str]) -> Block {
    Block::Paragraph(lines.iter().map(|l| (*l).to_owned()).collect())
}

#[test]
fn letter_subjects_escape_html_and_get_typography() {
    let rows: &[(&str, Value, &str)] = &[
        (
            "<b>((a))</b> & \"x\" ((b))",
            json!({"a": "<i>", "b": "&amp; &lt; &#46;"}),
            "&lt;b&gt;&lt;i&gt;&lt;/b&gt; &amp; “x” &amp; &lt;.",
        ),
        ("Ref ((r))", json!({"r": "a\\.b"}), "Ref a&#46;b"),
        ("Caf&eacute; ((x))", json!({"x": "&copy;"}), "Café ©"),
        (
            "Your 'letter' - ((n))",
            json!({"n": 2}),
            "Your ‘letter’ – 2",
        ),
    ];
    for (subject, data, expected) in rows {
        let rendered = render(
            TemplateType::Letter,
            Some(subject),
            "body",
            &values(data.clone()),
        )
        .unwrap();
        assert_eq!(rendered.subject.as_deref(), Some(*expected), "{subject:?}");
    }
}

#[test]
fn letter_bodies_are_raw_markdown() {
    let data = values(json!({"name": "<Jo>", "items": ["a", "b"]}));
    let rendered = render(
        TemplateType::Letter,
        Some("s"),
        " Dear ((name))\n((items)) ",
        &data,
    )
    .unwrap();
    assert_eq!(rendered.body, "Dear <Jo>\n\n\n* a\n* b");
}

#[test]
fn contact_block_placeholders_must_have_values() {
    let data = values(json!({"name": "Jo"}));
    let error = render_letter(
        Some("((team)) office"),
        "Hi ((name))",
        "Body ((ref))",
        &data,
    )
    .unwrap_err();
    assert_eq!(error.message(), "Missing personalisation: team, ref");
    let data = values(json!({"team": "X", "ref": "1", "name": "Jo"}));
    let rendered = render_letter(
        Some("((team)) office"),
        "Hi ((name))",
        "Body ((ref))",
        &data,
    )
    .unwrap();
    assert_eq!(rendered.body, "Body 1");
    assert_eq!(rendered.subject.as_deref(), Some("Hi Jo"));
}

#[test]
fn letter_blocks_follow_notify_letter_markdown() {
    let rows: Vec<(&str, Vec<Block>)> = vec![
        ("# Title", vec![Block::Heading("Title".into())]),
        ("#Title ##", vec![Block::Heading("Title".into())]),
        ("## Sub heading", vec![paragraph(&["Sub heading"])]),
        (
            "Dear Jo,\nline two",
            vec![paragraph(&["Dear Jo,", "line two"])],
        ),
        (
            "a\n\n---\n\nb",
            vec![paragraph(&["a"]), Block::PageBreak, paragraph(&["b"])],
        ),
        (
            "a\n\n***\n\nb",
            vec![paragraph(&["a"]), Block::PageBreak, paragraph(&["b"])],
        ),
        (
            "New \"quoted\" - it's",
            vec![paragraph(&["New “quoted” – it’s"])],
        ),
        ("^ inset text", vec![paragraph(&["inset text"])]),
        (
            "Visit https://www.gov.uk/x now",
            vec![paragraph(&["Visit www.gov.uk/x now"])],
        ),
        (
            "[site](https://example.com)",
            vec![paragraph(&["[site](https://example.com)"])],
        ),
        ("|a|b|\n|-|-|\n|c|d|", vec![]),
        ("![img](x.png)", vec![]),
        ("a   b\t c <d> & e", vec![paragraph(&["a b c <d> & e"])]),
        (
            "* one\n* two",
            vec![Block::List {
                ordered: false,
                items: vec![vec![paragraph(&["one"])], vec![paragraph(&["two"])]],
            }],
        ),
        (
            "1. first\n2. second\nmore",
            vec![Block::List {
                ordered: true,
                items: vec![
                    vec![paragraph(&["first"])],
                    vec![paragraph(&["second", "more"])],
                ],
            }],
        ),
        (
            "* a\n\n  more\n* b\n  * nested",
            vec![Block::List {
                ordered: false,
                items: vec![
                    vec![paragraph(&["a"]), paragraph(&["more"])],
                    vec![
                        paragraph(&["b"]),
                        Block::List {
                            ordered: false,
                            items: vec![vec![paragraph(&["nested"])]],
                        },
                    ],
                ],
            }],
        ),
    ];
    for (body, expected) in rows {
        assert_eq!(letter_blocks(body), expected, "{body:?}");
    }
}
