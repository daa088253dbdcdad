//! Tests of PDF syntax details: numbers, strings and the document skeleton.

use super::super::fonts::Font;
use super::super::tests::{checked_offsets, shown, streams};
use super::{write_document, write_literal_string, write_number, write_text_string, ContentStream};

#[test]
fn numbers_are_rounded_to_hundredths() {
    let rows: [(f32, &str); 8] = [
        (11.0, "11"),
        (68.031_5, "68.03"),
        (0.5, "0.5"),
        (-3.25, "-3.25"),
        (0.004, "0"),
        (595.0, "595"),
        (12.999, "13"),
        (-0.05, "-0.05"),
    ];
    for (value, expected) in rows {
        let mut out = Vec::new();
        write_number(&mut out, value);
        assert_eq!(String::from_utf8(out).unwrap(), expected, "{value}");
    }
}

#[test]
fn literal_strings_escape_delimiters_and_controls() {
    let rows: [(&[u8], &[u8]); 6] = [
        (b"plain", b"(plain)"),
        (b"a(b)c", b"(a\\(b\\)c)"),
        (b"back\\slash", b"(back\\\\slash)"),
        (b"))((", b"(\\)\\)\\(\\()"),
        (b"\r\n", b"(\\015\\012)"),
        (&[0x80, 0x95, 0xFF], &[b'(', 0x80, 0x95, 0xFF, b')']),
    ];
    for (raw, expected) in rows {
        let mut out = Vec::new();
        write_literal_string(&mut out, raw);
        assert_eq!(out, expected, "{raw:?}");
    }
}

#[test]
fn text_strings_fall_back_to_utf16() {
    let rows: [(&str, &str); 3] = [
        ("Plain (1)", "(Plain \\(1\\))"),
        ("é", "<FEFF00E9>"),
        ("😀", "<FEFFD83DDE00>"),
    ];
    for (text, expected) in rows {
        let mut out = Vec::new();
        write_text_string(&mut out, text);
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }
}

#[test]
fn content_stream_selects_fonts_once() {
    let mut page = ContentStream::new();
    page.show_text(Font::Regular, 11.0, 10.0, 20.0, b"a");
    page.show_text(Font::Regular, 11.0, 10.0, 5.5, b"b");
    page.show_text(Font::Bold, 11.0, 10.0, 0.0, b"");
    page.show_text(Font::Bold, 14.0, 1.0, 2.0, b"c)");
    let ops = page.finish();
    let expected = "BT\n/F1 11 Tf\n1 0 0 1 10 20 Tm\n(a) Tj\n1 0 0 1 10 5.5 Tm\n(b) Tj\n\
                    /F2 14 Tf\n1 0 0 1 1 2 Tm\n(c\\)) Tj\nET\n";
    assert_eq!(String::from_utf8(ops.clone()).unwrap(), expected);
    assert_eq!(shown(&ops).len(), 3);
}

#[test]
fn document_skeleton_for_any_page_count() {
    for pages in [0usize, 1, 2, 7] {
        let contents: Vec<Vec<u8>> = (0..pages)
            .map(|i| format!("% page {i}").into_bytes())
            .collect();
        let pdf = write_document(&contents, "t");
        assert_eq!(checked_offsets(&pdf).len(), 5 + 2 * pages);
        assert_eq!(
            streams(&pdf),
            contents.iter().map(Vec::as_slice).collect::<Vec<_>>()
        );
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains(&format!("/Count {pages} >>")));
        assert_eq!(super::super::page_count(&pdf), Some(pages as u32));
    }
}
