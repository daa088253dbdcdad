//! Tests of page counting on hand-written, real and garbage PDFs, and of sheet arithmetic.

use super::{billable_sheets, page_count};

const TWO_PAGES: &str = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
    2 0 obj\n<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>\nendobj\n\
    3 0 obj\n<< /Type /Page /Parent 2 0 R >>\nendobj\n\
    4 0 obj\n<< /Type /Page /Parent 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

#[test]
fn page_count_table() {
    let rows: [(&[u8], Option<u32>); 19] = [
        (b"", None),
        (b"hello", None),
        (b"%PDF", None),
        (b" %PDF-1.4", None),
        (b"PK\x03\x04%PDF-1.4", None),
        (b"%PDF-", Some(0)),
        (b"%PDF-1.7\n%%EOF", Some(0)),
        (TWO_PAGES.as_bytes(), Some(2)),
        // Compact syntax, no root count: the page objects are counted.
        (b"%PDF-1.3 1 0 obj<</Type/Page>>endobj 2 0 obj<</Type/Page/Parent 3 0 R>>endobj", Some(2)),
        // `/Pages`, `/Pagex` and `/Types` are not pages.
        (b"%PDF-1.4 1 0 obj <</Type /Pagex>> endobj 2 0 obj <</Types /Page>> endobj 3 0 obj <</Type\n/Page>> endobj", Some(1)),
        // The root count wins over intermediate nodes and over visible page objects.
        (b"%PDF-1.5 1 0 obj <</Type/Pages/Count 5/Kids[2 0 R]>> endobj 2 0 obj <</Type/Pages/Parent 1 0 R/Count 3>> endobj 3 0 obj <</Type/Page>> endobj", Some(5)),
        // Pages hidden in an object stream: only the root node is visible.
        (b"%PDF-1.5\n7 0 obj\n<< /Type /Pages /Count 12 /Kids [8 0 R] >>\nendobj\n9 0 obj\n<< /Type /ObjStm /Length 3 >>stream\nxyz\nendstream\nendobj", Some(12)),
        // An incremental update: the last root node wins.
        (b"%PDF-1.4\n2 0 obj <</Type/Pages/Count 2>> endobj\n2 0 obj <</Type/Pages/Count 3>> endobj", Some(3)),
        // Unreadable counts fall back to the page objects.
        (b"%PDF-1.4 1 0 obj <</Type/Pages/Count 99999999999>> endobj 2 0 obj <</Type/Page>> endobj", Some(1)),
        (b"%PDF-1.4 1 0 obj <</Type/Pages/Count>> endobj 2 0 obj <</Type/Page>> endobj", Some(1)),
        // Linearized with compressed objects: the linearization dictionary's /N.
        (b"%PDF-1.5\n4 0 obj\n<< /Linearized 1 /L 9000 /H [ 600 140 ] /O 6 /E 5000 /N 3 /T 8000 >>\nendobj", Some(3)),
        (b"%PDF-1.5\n4 0 obj\n<< /Linearized 1 /N >>\nendobj", Some(0)),
        // Truncated in the middle of a dictionary.
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Page", Some(1)),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /", Some(0)),
    ];
    for (pdf, expected) in rows {
        assert_eq!(
            page_count(pdf),
            expected,
            "{}",
            String::from_utf8_lossy(pdf)
        );
    }
}

#[test]
fn garbage_never_panics() {
    let mut state: u32 = 0x2545_F491;
    let mut bytes = b"%PDF-1.4\n".to_vec();
    for _ in 0..20_000 {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let alphabet = b"/TypePagesCount obj endobj 0123456789<>[]\n\r\0";
        bytes.push(alphabet[state as usize % alphabet.len()]);
    }
    for end in (5..bytes.len()).step_by(997) {
        assert!(page_count(&bytes[..end]).is_some());
        assert!(page_count(&bytes[end..]).is_none() || bytes[end..].starts_with(b"%PDF-"));
    }
}

#[test]
fn billable_sheets_table() {
    let rows: [(u32, u32); 7] = [
        (0, 0),
        (1, 1),
        (2, 1),
        (3, 2),
        (10, 5),
        (11, 6),
        (u32::MAX, 1 << 31),
    ];
    for (pages, sheets) in rows {
        assert_eq!(billable_sheets(pages), sheets, "{pages}");
    }
}
