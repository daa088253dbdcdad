//! End-to-end tests of `render` (the PDF is self-consistent, text lands where the layout
//! says, pages flow and are numbered), plus the small PDF reader the other test files share.

use super::layout::{BODY_WIDTH, BOTTOM, BULLET_INDENT, LEFT, RIGHT};
use super::writer::{PAGE_HEIGHT, PAGE_WIDTH};
use super::{page_count, render, Block, Letter};

fn find_from(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

fn number_at(pdf: &[u8], at: usize) -> usize {
    let digits: Vec<u8> = pdf[at..]
        .iter()
        .copied()
        .take_while(u8::is_ascii_digit)
        .collect();
    String::from_utf8(digits).unwrap().parse().unwrap()
}

/// Asserts the file structure (header, xref entries pointing at `N 0 obj`, `startxref`
/// pointing at `xref`, trailer, `%%EOF`) and returns each object's offset.
pub(super) fn checked_offsets(pdf: &[u8]) -> Vec<usize> {
    assert!(pdf.starts_with(b"%PDF-1.4\n"));
    assert!(pdf.ends_with(b"\n%%EOF\n"));
    let startxref = pdf.windows(10).rposition(|w| w == b"startxref\n").unwrap();
    let xref = number_at(pdf, startxref + 10);
    assert!(
        pdf[xref..].starts_with(b"xref\n0 "),
        "startxref must point at xref"
    );
    let size = number_at(pdf, xref + 7);
    let first = find_from(pdf, xref + 5, b"\n").unwrap() + 1;
    assert_eq!(&pdf[first..first + 20], b"0000000000 65535 f \n");
    let offsets: Vec<usize> = (1..size)
        .map(|n| {
            let entry = &pdf[first + 20 * n..first + 20 * (n + 1)];
            assert!(entry.ends_with(b" 00000 n \n"), "entry {n}");
            let offset = number_at(entry, 0);
            let header = format!("{n} 0 obj\n");
            assert!(pdf[offset..].starts_with(header.as_bytes()), "object {n}");
            offset
        })
        .collect();
    let trailer = &pdf[first + 20 * size..startxref];
    let expected = format!("trailer\n<< /Size {size} /Root 1 0 R");
    assert!(trailer.starts_with(expected.as_bytes()));
    offsets
}

/// The data of every stream, checked against its `/Length`.
pub(super) fn streams(pdf: &[u8]) -> Vec<&[u8]> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(key) = find_from(pdf, at, b"<< /Length ") {
        let length = number_at(pdf, key + 11);
        let start = find_from(pdf, key, b"stream\n").unwrap() + 7;
        assert!(pdf[start + length..].starts_with(b"\nendstream\nendobj\n"));
        found.push(&pdf[start..start + length]);
        at = start + length;
    }
    found
}

/// One `Tj` of a content stream with the state it was drawn in.
#[derive(Debug, Clone)]
pub(super) struct Shown {
    pub(super) font: String,
    pub(super) size: f32,
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) text: Vec<u8>,
}

fn unescape(literal: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < literal.len() {
        if literal[i] != b'\\' {
            out.push(literal[i]);
            i += 1;
        } else if literal[i + 1].is_ascii_digit() {
            let octal = std::str::from_utf8(&literal[i + 1..i + 4]).unwrap();
            out.push(u8::from_str_radix(octal, 8).unwrap());
            i += 4;
        } else {
            out.push(literal[i + 1]);
            i += 2;
        }
    }
    out
}

/// The text operations of one content stream, in order.
pub(super) fn shown(content: &[u8]) -> Vec<Shown> {
    let mut state = Shown {
        font: String::new(),
        size: 0.0,
        x: 0.0,
        y: 0.0,
        text: Vec::new(),
    };
    let mut ops = Vec::new();
    for line in content.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let words: Vec<&str> = std::str::from_utf8(line)
            .map(|l| l.split(' ').collect())
            .unwrap_or_default();
        if line.ends_with(b" Tj") {
            state.text = unescape(&line[1..line.len() - 4]);
            ops.push(state.clone());
        } else if line.ends_with(b" Tf") {
            state.font = words[0].to_string();
            state.size = words[1].parse().unwrap();
        } else if line.ends_with(b" Tm") {
            state.x = words[4].parse().unwrap();
            state.y = words[5].parse().unwrap();
        } else {
            assert!(line == b"BT" || line == b"ET", "unexpected {line:?}");
        }
    }
    ops
}

/// The text drawn on each page, one entry per `Tj`.
pub(super) fn page_texts(pdf: &[u8]) -> Vec<Vec<String>> {
    checked_offsets(pdf);
    streams(pdf)
        .into_iter()
        .map(|s| {
            shown(s)
                .into_iter()
                .map(|op| op.text.iter().map(|&b| char::from(b)).collect())
                .collect()
        })
        .collect()
}

fn address() -> Vec<String> {
    ["A Person", "1 Street", "Town", "SW1A 1AA"]
        .map(String::from)
        .to_vec()
}

fn letter<'a>(address: &'a [String], blocks: &'a [Block]) -> Letter<'a> {
    Letter {
        address_lines: address,
        contact_block: Some("Service\nPO Box 1\n\n0300 000 0000"),
        date: "24 November 2026",
        subject: "Your licence",
        blocks,
    }
}

fn lorem(n: usize) -> Vec<Block> {
    (0..n)
        .map(|i| Block::Paragraph(format!("Paragraph {i} lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.")))
        .collect()
}

#[test]
fn render_is_self_consistent() {
    let address = address();
    let pdf = render(&letter(&address, &lorem(3)));
    assert_eq!(checked_offsets(&pdf).len(), 7);
    assert_eq!(streams(&pdf).len(), 1);
    assert_eq!(page_count(&pdf), Some(1));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/BaseFont /Helvetica /Encoding /WinAnsiEncoding"));
    assert!(text.contains("/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding"));
    assert!(text.contains("/Title (Your licence)"));
    assert!(pdf.len() < 4096, "kept small: {}", pdf.len());
}

#[test]
fn reading_order_of_first_page() {
    let address = address();
    let blocks = [
        Block::Paragraph("Dear A Person,".into()),
        Block::Heading("Next steps".into()),
        Block::List(vec!["One".into(), "Two".into()]),
    ];
    let pages = page_texts(&render(&letter(&address, &blocks)));
    let expected = [
        "Service",
        "PO Box 1",
        "0300 000 0000",
        "24 November 2026",
        "A Person",
        "1 Street",
        "Town",
        "SW1A 1AA",
        "Your licence",
        "Dear A Person,",
        "Next steps",
        "One",
        "\u{95}",
        "Two",
        "\u{95}",
        "Page 1 of 1",
    ];
    assert_eq!(pages, vec![expected.map(String::from).to_vec()]);
}

#[test]
fn long_body_makes_numbered_pages_within_margins() {
    let address = address();
    let pdf = render(&letter(&address, &lorem(80)));
    let pages = streams(&pdf);
    assert!(pages.len() >= 4, "{} pages", pages.len());
    assert_eq!(page_count(&pdf), Some(pages.len() as u32));
    let mut paragraphs_seen = 0;
    for (i, content) in pages.iter().enumerate() {
        let ops = shown(content);
        let footer = ops.last().unwrap();
        let label = format!("Page {} of {}", i + 1, pages.len());
        assert_eq!(footer.text, label.as_bytes());
        for op in &ops[..ops.len() - 1] {
            let width = text_width(op);
            assert!(
                op.x >= LEFT - 0.01 && op.x + width <= RIGHT + 0.01,
                "{op:?}"
            );
            assert!(op.y >= BOTTOM && op.y <= PAGE_HEIGHT, "{op:?}");
            paragraphs_seen += usize::from(op.text.starts_with(b"Paragraph "));
        }
        assert!((footer.x * 2.0 + text_width(footer) - PAGE_WIDTH).abs() < 0.05);
    }
    assert_eq!(
        paragraphs_seen, 80,
        "every paragraph starts exactly once, in order"
    );
}

fn text_width(op: &Shown) -> f32 {
    let font = match op.font.as_str() {
        "/F1" => super::fonts::Font::Regular,
        _ => super::fonts::Font::Bold,
    };
    font.text_width(&op.text, op.size)
}

#[test]
fn special_characters_do_not_break_strings() {
    let address = ["(Flat) 1\\2".to_string(), "a)b(c".into(), "Town".into()];
    let blocks = [Block::Paragraph(
        "Costs (£5) \\ €6 – “quoted” ‘x’ — • … 中 😀 tab\there\rend)".into(),
    )];
    let mut letter = letter(&address, &blocks);
    letter.subject = "Re: (1) “thing” \\ €";
    let pdf = render(&letter);
    let pages = page_texts(&pdf);
    let page = &pages[0];
    assert!(page.contains(&"(Flat) 1\\2".to_string()));
    assert!(page.contains(&"a)b(c".to_string()));
    let body: String = "Costs (£5) \\ \u{80}6 \u{96} \u{93}quoted\u{94} \u{91}x\u{92} \u{97} \u{95} \u{85} ? ? tab here end)".into();
    assert!(page.contains(&body), "{page:?}");
    let title = String::from_utf8_lossy(&pdf);
    assert!(title.contains("/Title <FEFF00520065003A00200028003100290020201C"));
}

#[test]
fn address_is_limited_to_seven_lines() {
    let address: Vec<String> = (1..=9).map(|i| format!("Line {i}")).collect();
    let pages = page_texts(&render(&letter(&address, &[])));
    assert!(pages[0].contains(&"Line 7".to_string()));
    assert!(!pages[0].contains(&"Line 8".to_string()));
}

#[test]
fn page_breaks_start_one_new_page() {
    let address = address();
    let cases: [(&[Block], usize); 5] = [
        (&[], 1),
        (&[Block::PageBreak], 2),
        (&[Block::PageBreak, Block::PageBreak], 2),
        (
            &[
                Block::Paragraph("a".into()),
                Block::PageBreak,
                Block::Paragraph("b".into()),
            ],
            2,
        ),
        (
            &[
                Block::PageBreak,
                Block::Paragraph("b".into()),
                Block::PageBreak,
            ],
            3,
        ),
    ];
    for (blocks, pages) in cases {
        let pdf = render(&letter(&address, blocks));
        assert_eq!(page_count(&pdf), Some(pages as u32), "{blocks:?}");
        assert_eq!(streams(&pdf).len(), pages);
    }
}

#[test]
fn list_items_hang_under_their_bullet() {
    let address = address();
    let item = "word ".repeat(60);
    let blocks = [Block::List(vec![item])];
    let pdf = render(&letter(&address, &blocks));
    let ops = shown(streams(&pdf)[0]);
    let start = ops
        .iter()
        .position(|op| op.text.starts_with(b"word"))
        .unwrap();
    let bullet = &ops[start + 1];
    assert_eq!(bullet.text, [0x95]);
    assert_eq!(bullet.y, ops[start].y);
    assert!(bullet.x < ops[start].x);
    let continuation = &ops[start + 2];
    assert!(continuation.text.starts_with(b"word"));
    assert!((continuation.x - (LEFT + BULLET_INDENT)).abs() < 0.01);
    assert!(continuation.y < bullet.y);
    assert!(text_width(&ops[start]) <= BODY_WIDTH - BULLET_INDENT);
}

#[test]
fn empty_letter_is_one_valid_page() {
    let pdf = render(&Letter {
        address_lines: &[],
        contact_block: None,
        date: "",
        subject: "",
        blocks: &[],
    });
    assert_eq!(page_texts(&pdf), vec![vec!["Page 1 of 1".to_string()]]);
    assert_eq!(page_count(&pdf), Some(1));
}

#[test]
fn page_count_of_every_prefix_never_panics() {
    let address = address();
    let pdf = render(&letter(&address, &lorem(30)));
    assert_eq!(page_count(&pdf), Some(2));
    for end in (0..pdf.len()).step_by(3) {
        let count = page_count(&pdf[..end]);
        assert_eq!(count.is_some(), end >= 5);
    }
}
