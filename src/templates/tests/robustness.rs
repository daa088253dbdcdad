//! No input makes the engine panic or take quadratic time: generated text from an alphabet
//! of every construct the parsers know, and pathological nesting.

use super::super::{email_html, letter_blocks, render, sanitise_personalisation, TemplateType};
use super::values;
use serde_json::json;
use std::time::Instant;

const PIECES: [&str; 40] = [
    "a",
    " ",
    "\n",
    "\n\n",
    "\t",
    "\r\n",
    "*",
    "-",
    "_",
    "#",
    "^",
    ">",
    "<",
    "&",
    "\"",
    "'",
    ".",
    ",",
    "(",
    ")",
    "[",
    "]",
    "!",
    "\\",
    "1.",
    "•",
    "+",
    "```",
    "http://x.com/a",
    "((n))",
    "((c??t))",
    "\u{a0}",
    "\u{200b}",
    "…",
    "é",
    "😀",
    "ŵ",
    "&amp;",
    "[k]: http://k\n",
    "\n    ",
];

/// A small deterministic generator (xorshift), so failures reproduce.
fn generated(seed: u64, count: usize) -> Vec<String> {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|_| {
            let len = next() % 40;
            (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect()
        })
        .collect()
}

#[test]
fn generated_input_never_panics() {
    let data = values(json!({"n": ["a", "b"], "c": "yes"}));
    for text in generated(0x9e37_79b9_7f4a_7c15, 3000) {
        for kind in [TemplateType::Sms, TemplateType::Email, TemplateType::Letter] {
            if let Ok(rendered) = render(kind, Some(&text), &text, &data) {
                let _ = rendered.sms_fragment_count(Some(&text));
            }
        }
        let _ = email_html(&text, &data);
        let _ = letter_blocks(&text);
        let _ = sanitise_personalisation(&values(json!({ "k": text })), &["k".to_owned()]);
    }
}

#[test]
fn pathological_nesting_is_cheap() {
    let bodies = [
        "^".repeat(20_000) + "x",
        "* ".repeat(10_000) + "x",
        "[".repeat(20_000),
        "[a](".repeat(20_000),
        "](".repeat(20_000),
        "[".repeat(500) + "a" + &"](b)".repeat(500),
        "((".repeat(20_000),
        "```\n".repeat(2_000),
        "'\"".repeat(20_000),
        " - ".repeat(20_000),
        "a@b ".repeat(20_000),
    ];
    let data = values(json!({}));
    for body in bodies {
        let started = Instant::now();
        let _ = email_html(&body, &data);
        let _ = letter_blocks(&body);
        let _ = render(TemplateType::Email, Some(&body), &body, &data);
        assert!(
            started.elapsed().as_secs() < 20,
            "too slow: {:?}",
            &body[..20]
        );
    }
}
