//! Tests of line wrapping with the real glyph widths.

use super::{wrap, Font, BODY_WIDTH};

fn lines(text: &str, font: Font, size: f32, width: f32) -> Vec<String> {
    let mut out = Vec::new();
    wrap(text.as_bytes(), font, size, width, |line| {
        out.push(String::from_utf8(line.to_vec()).unwrap());
    });
    out
}

#[test]
fn wraps_at_word_boundaries_by_real_widths() {
    // "The quick" and "brown fox" are both exactly 4335/1000 em wide in Helvetica.
    let rows: [(&str, f32, &[&str]); 6] = [
        (
            "The quick brown fox jumps",
            43.5,
            &["The quick", "brown fox", "jumps"],
        ),
        (
            "The quick brown fox jumps",
            43.3,
            &["The", "quick", "brown", "fox jumps"],
        ),
        ("  The   quick  ", 43.5, &["The quick"]),
        ("", 43.5, &[]),
        ("   ", 43.5, &[]),
        ("iiiiiiiiii WWW", 22.3, &["iiiiiiiiii", "WW", "W"]),
    ];
    for (text, width, expected) in rows {
        assert_eq!(
            lines(text, Font::Regular, 10.0, width),
            expected,
            "{text:?}"
        );
    }
}

#[test]
fn breaks_words_wider_than_the_line() {
    let rows: [(&str, f32, &[&str]); 3] = [
        ("WWWWW", 20.0, &["WW", "WW", "W"]),
        ("ab WWWWW i", 20.0, &["ab", "WW", "WW", "W i"]),
        ("WWW", 0.0, &["W", "W", "W"]),
    ];
    for (text, width, expected) in rows {
        assert_eq!(
            lines(text, Font::Regular, 10.0, width),
            expected,
            "{text:?}"
        );
    }
}

#[test]
fn lines_never_exceed_the_width() {
    let text = "Lorem ipsum dolor sit amet, consectetur https://example.com/a-very-long-path-without-any-spaces-at-all-that-keeps-going-and-going adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ".repeat(5);
    for font in Font::ALL {
        for width in [30.0, 55.5, 120.0, BODY_WIDTH] {
            let wrapped = lines(&text, font, 11.0, width);
            assert!(wrapped.len() > 1);
            for line in &wrapped {
                assert!(font.text_width(line.as_bytes(), 11.0) <= width, "{line:?}");
            }
            let joined: String = wrapped.concat();
            let original: String = text.split_whitespace().collect();
            let rejoined: String = joined.split_whitespace().collect();
            assert_eq!(rejoined, original, "no text lost at width {width}");
        }
    }
}
