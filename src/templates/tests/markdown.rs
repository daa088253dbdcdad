//! The email HTML of the preview endpoint, with rows ported from `test_markdown.py` and
//! `test_template_types.py` (through the whole pipeline, so typography applies too).

use super::super::{email_document, email_html, RenderError};
use super::{values, A, P};
use serde_json::{json, Map};

const H2: &str = "<h2 style=\"Margin: 0 0 15px 0; padding: 10px 0 0 0; font-size: 27px; line-height: 35px; font-weight: bold; color: #0B0C0C;\">";
const H3: &str = "<h3 style=\"Margin: 0 0 15px 0; padding: 10px 0 0 0; font-size: 19px; line-height: 25px; font-weight: bold; color: #0B0C0C;\">";
const HR: &str =
    "<hr style=\"border: 0; height: 1px; background: #B1B4B6; Margin: 30px 0 30px 0;\">";
const QUOTE: &str = "<div style=\"Margin: 0 0 20px 0;\"><blockquote style=\"Margin: 0; border-left: 10px solid #B1B4B6;padding: 15px 0 0.1px 15px; font-size: 19px; line-height: 25px;\">";
const TABLE: &str = "<table role=\"presentation\" style=\"padding: 0 0 20px 0;\"><tr><td style=\"font-family: Helvetica, Arial, sans-serif;\">";
const OL: &str = "<ol style=\"Margin: 0 0 0 20px; padding: 0; list-style-type: decimal;\">";
const UL: &str = "<ul style=\"Margin: 0 0 0 20px; padding: 0; list-style-type: disc;\">";
const LI: &str = "<li style=\"Margin: 5px 0 5px; padding: 0 0 0 5px; font-size: 19px;line-height: 25px; color: #0B0C0C;\">";
const END_TABLE: &str = "</td></tr></table>";

fn html(body: &str) -> String {
    email_html(body, &Map::new()).unwrap()
}

fn paragraph(inner: &str) -> String {
    format!("{P}{inner}</p>")
}

fn link(href: &str, text: &str) -> String {
    format!("{A} href=\"{href}\">{text}</a>")
}

fn list(open: &str, close: &str, items: &[&str]) -> String {
    let items: String = items.iter().map(|i| format!("{LI}{i}</li>")).collect();
    format!("{TABLE}{open}{items}{close}{END_TABLE}")
}

#[test]
fn urls_become_links() {
    let rows = [
        ("http://example.com", "http://example.com"),
        ("http://www.gov.uk/", "http://www.gov.uk/"),
        ("https://www.gov.uk/", "https://www.gov.uk/"),
        ("http://service.gov.uk", "http://service.gov.uk"),
        (
            "http://service.gov.uk/blah.ext?q=a%20b%20c&order=desc#fragment",
            "http://service.gov.uk/blah.ext?q=a%20b%20c&amp;order=desc#fragment",
        ),
    ];
    for (url, escaped) in rows {
        assert_eq!(html(url), paragraph(&link(escaped, escaped)), "{url}");
    }
    let in_context = [
        (
            "this is some text with a link http://example.com in the middle",
            format!(
                "this is some text with a link {} in the middle",
                link("http://example.com", "http://example.com")
            ),
        ),
        (
            "this link is in brackets (http://example.com)",
            format!(
                "this link is in brackets ({})",
                link("http://example.com", "http://example.com")
            ),
        ),
        (
            "https://example.com\n\nNext paragraph",
            format!(
                "{}</p>{P}Next paragraph",
                link("https://example.com", "https://example.com")
            ),
        ),
    ];
    for (body, inner) in in_context {
        assert_eq!(html(body), paragraph(&inner), "{body}");
    }
}

#[test]
fn non_urls_stay_text() {
    for text in [
        "example.com",
        "www.example.com",
        "ftp://example.com",
        "test@example.com",
        "mailto:test@example.com",
    ] {
        assert_eq!(html(text), paragraph(text), "{text}");
    }
}

#[test]
fn urls_are_escaped() {
    let expected = format!(
        "{A} href=\"https://example.com%22onclick=%22alert%28%27hi\">https://example.com\"onclick=\"alert('hi</a>‘)"
    );
    assert_eq!(
        html("https://example.com\"onclick=\"alert('hi')"),
        paragraph(&expected)
    );
    let raw = "<a href=\"https://example.com\">Example</a>";
    let expected = format!(
        "&lt;a href=”{A} href=\"https://example.com%22&gt;Example&lt;/a&gt;\">https://example.com\"&gt;Example&lt;/a&gt;</a>"
    );
    assert_eq!(html(raw), paragraph(&expected));
}

#[test]
fn markdown_links() {
    let rows = [
        ("[Example](http://example.com)", link("http://example.com", "Example")),
        (
            "[Example](http://example.com \"An example URL\")",
            format!("{A} href=\"http://example.com\" title=\"An example URL\">Example</a>"),
        ),
        ("Visit our [website](www.example.com/xyz).", format!("Visit our {}.", link("http://www.example.com/xyz", "website"))),
        (
            "Visit our [website](https://www.example.com/xyz).",
            format!("Visit our {}.", link("https://www.example.com/xyz", "website")),
        ),
        (
            "Visit our [website](www.example.com/xyz 'Link Title').",
            format!("Visit our {A} href=\"http://www.example.com/xyz\" title=\"Link Title\">website</a>."),
        ),
        ("Unusual [link](mailto:unsubscribe@example.com)", format!("Unusual {}", link("mailto:unsubscribe%40example.com", "link"))),
        ("Unusual [link](tel:+44123)", format!("Unusual {}", link("tel:%2B44123", "link"))),
        (
            "Unusual [link](ftp://username:password@ftp.example.com/folder/)",
            format!("Unusual {}", link("ftp://username:password%40ftp.example.com/folder/", "link")),
        ),
        ("[a][k]\n\n[k]: http://x.y \"t\"", format!("{A} href=\"http://x.y\" title=\"t\">a</a>")),
    ];
    for (body, inner) in rows {
        assert_eq!(html(body), paragraph(&inner), "{body}");
    }
    assert_eq!(html("![alt text](http://example.com/image.png)"), "");
}

#[test]
fn blocks() {
    let rows: Vec<(&str, String)> = vec![
        (
            "^ inset text",
            format!("{QUOTE}{}</blockquote></div>", paragraph("inset text")),
        ),
        ("# heading", format!("{H2}heading</h2>")),
        ("#heading", format!("{H2}heading</h2>")),
        (
            "Title\n=====\n\nText",
            format!("{H2}Title</h2>{}", paragraph("Text")),
        ),
        ("## heading", format!("{H3}heading</h3>")),
        ("### inset text", paragraph("inset text")),
        (
            "a\n\n***\n\nb",
            format!("{}{HR}{}", paragraph("a"), paragraph("b")),
        ),
        (
            "a\n\n---\n\nb",
            format!("{}{HR}{}", paragraph("a"), paragraph("b")),
        ),
        (
            "line one\nline two\n\nnew paragraph",
            format!(
                "{}{}",
                paragraph("line one<br>line two"),
                paragraph("new paragraph")
            ),
        ),
        (
            "before\n\n\n\n\n\nafter",
            format!("{}{}", paragraph("before"), paragraph("after")),
        ),
        ("col | col\n----|----\nval | val\n", String::new()),
        ("```\nprint(\"hello\")\n```", "print(“hello”)".to_owned()),
        (
            "+ one\n+ two\n+ three\n",
            format!(
                "{}{}{}",
                paragraph("+ one"),
                paragraph("+ two"),
                paragraph("+ three")
            ),
        ),
        ("text\n• item", paragraph("text<br>• item")),
    ];
    for (body, expected) in rows {
        assert_eq!(html(body), expected, "{body:?}");
    }
}

#[test]
fn lists() {
    let ordered = list(OL, "</ol>", &["one", "two", "three"]);
    assert_eq!(html("1. one\n2. two\n3. three\n"), ordered);
    assert_eq!(html("1.one\n2.two\n3.three\n"), ordered);
    let unordered = list(UL, "</ul>", &["one", "two", "three"]);
    for body in [
        "*one\n*two\n*three\n",
        "* one\n* two\n* three\n",
        "*  one\n*  two\n*  three\n",
        "*\tone\n*\ttwo\n*\tthree\n",
        "- one\n- two\n- three\n",
        "• one\n• two\n• three\n",
    ] {
        assert_eq!(html(body), unordered, "{body:?}");
    }
    let nested = format!("one{}", list(UL, "</ul>", &["nested"]));
    assert_eq!(
        html("* one\n  * nested\n* two"),
        list(UL, "</ul>", &[&nested, "two"])
    );
    let loose = [paragraph(" one"), paragraph(" two")];
    assert_eq!(
        html("* one\n\n* two"),
        list(UL, "</ul>", &[&loose[0], &loose[1]])
    );
    assert_eq!(
        html("text\n* item"),
        format!("{}{}", paragraph("text"), list(UL, "</ul>", &["item"]))
    );
}

#[test]
fn emphasis_code_and_strikethrough_are_not_supported() {
    for text in [
        "variable called `thing`",
        "something **important**",
        "something *important*",
        "foo ****** bar",
        "~~Strike~~",
    ] {
        assert_eq!(html(text), paragraph(text), "{text}");
    }
    assert_eq!(html("a\\*b\\_c\\.d\\<e"), paragraph("a*b_c.d\\&lt;e"));
}

#[test]
fn email_pipeline_details() {
    let rows = [
        ("gov.uk and GOV.UK", "gov.\u{200b}uk and GOV.\u{200b}UK"),
        ("https://gov.uk", "<a"),
        ("line one\u{2028}line two", "line oneline two"),
        ("Hello \"world\" - it's", "Hello “world” – it’s"),
        (
            "the <em>quick</em> brown fox",
            "the &lt;em&gt;quick&lt;/em&gt; brown fox",
        ),
    ];
    for (body, fragment) in rows {
        assert!(html(body).contains(fragment), "{body:?}: {}", html(body));
    }
}

#[test]
fn personalisation_is_escaped_before_markdown() {
    let data =
        values(json!({"name": "<b>Jo</b>", "items": ["a", "# b"], "link": "https://x.y/?a=1&b=2"}));
    let got = email_html("Hello ((name))\n\n((items))\n\n((link))", &data).unwrap();
    let expected = format!(
        "{}{}{}",
        paragraph("Hello &lt;b&gt;Jo&lt;/b&gt;"),
        list(UL, "</ul>", &["a", "# b"]),
        paragraph(&link(
            "https://x.y/?a=1&amp;b=2",
            "https://x.y/?a=1&amp;b=2"
        ))
    );
    assert_eq!(got, expected);
    assert_eq!(
        email_html("((a)) ((b))", &values(json!({"b": 1}))),
        Err(RenderError::MissingPersonalisation(vec!["a".to_owned()]))
    );
}

#[test]
fn email_document_wraps_the_fragment() {
    let doc = email_document("Your <code> & “news”", &paragraph("Hi"), "Tom & Jerry's");
    assert!(doc.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(doc.contains("<title>Your &lt;code&gt; &amp; “news”</title>"));
    assert!(doc.contains(">Tom &amp; Jerry's</span>"));
    assert!(doc.contains(&paragraph("Hi")));
    assert!(doc.trim_end().ends_with("</html>"));
    assert_eq!(doc.matches("<div").count(), doc.matches("</div>").count());
}
