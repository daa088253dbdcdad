//! Tests of the WinAnsi mapping and the AFM widths.

use super::{encode_winansi, winansi_byte, Font};

#[test]
fn winansi_byte_table() {
    let rows: [(char, Option<u8>); 24] = [
        ('A', Some(b'A')),
        (' ', Some(b' ')),
        ('~', Some(b'~')),
        ('£', Some(0xA3)),
        ('é', Some(0xE9)),
        ('ÿ', Some(0xFF)),
        ('€', Some(0x80)),
        ('‘', Some(0x91)),
        ('’', Some(0x92)),
        ('“', Some(0x93)),
        ('”', Some(0x94)),
        ('•', Some(0x95)),
        ('–', Some(0x96)),
        ('—', Some(0x97)),
        ('…', Some(0x85)),
        ('\u{A0}', Some(b' ')),
        ('\t', Some(b' ')),
        ('\u{2003}', Some(b' ')),
        ('\u{2011}', Some(b'-')),
        ('\u{AD}', None),
        ('\u{200B}', None),
        ('\u{7}', None),
        ('中', Some(b'?')),
        ('😀', Some(b'?')),
    ];
    for (c, expected) in rows {
        assert_eq!(winansi_byte(c), expected, "{c:?}");
    }
}

#[test]
fn every_cp1252_extension_maps_to_its_code() {
    let defined = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
    let codes: Vec<u8> = (0x80..=0x9F)
        .filter(|c| ![0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(c))
        .collect();
    let mut encoded = Vec::new();
    encode_winansi(defined, &mut encoded);
    assert_eq!(encoded, codes);
}

#[test]
fn afm_widths() {
    let rows: [(Font, u8, u64); 10] = [
        (Font::Regular, b' ', 278),
        (Font::Regular, b'A', 667),
        (Font::Regular, b'W', 944),
        (Font::Regular, b'i', 222),
        (Font::Regular, 0x80, 556),
        (Font::Regular, 0x97, 1000),
        (Font::Bold, b'A', 722),
        (Font::Bold, b'i', 278),
        (Font::Bold, 0x95, 350),
        (Font::Regular, b'\n', 0),
    ];
    for (font, code, width) in rows {
        assert_eq!(font.glyph_units(code), width, "{font:?} {code:#x}");
    }
    assert_eq!(Font::Regular.text_units(b"The quick"), 4335);
    assert!((Font::Bold.text_width(b"AA", 10.0) - 14.44).abs() < 1e-4);
}

#[test]
fn every_encodable_byte_has_a_width() {
    let mut encoded = Vec::new();
    let all: String = (' '..='\u{FF}').chain('\u{100}'..='\u{2200}').collect();
    encode_winansi(&all, &mut encoded);
    for font in Font::ALL {
        for &b in &encoded {
            assert!(font.glyph_units(b) > 0, "{font:?} {b:#x}");
        }
    }
}
