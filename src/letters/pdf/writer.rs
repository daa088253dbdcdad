//! The PDF 1.4 file structure of a letter: numbered objects, uncompressed page content
//! streams, the cross-reference table with exact byte offsets, trailer, `startxref` and
//! `%%EOF`. Layout hands over finished content streams; nothing here knows about letters.

use super::fonts::Font;
use std::io::Write as _;

/// Object numbers of the fixed objects; pages follow as (page, content) pairs.
const CATALOG: usize = 1;
const PAGES: usize = 2;
const FIRST_FONT: usize = 3;
const INFO: usize = FIRST_FONT + Font::ALL.len();
const FIRST_PAGE: usize = INFO + 1;

/// A4 in points.
pub(super) const PAGE_WIDTH: f32 = 595.0;
pub(super) const PAGE_HEIGHT: f32 = 842.0;

/// Text operators of one page, inside a single `BT … ET` text object.
pub(super) struct ContentStream {
    ops: Vec<u8>,
    /// Font and size (in 1/100 pt) last selected with `Tf`.
    selected: Option<(Font, i64)>,
}

impl ContentStream {
    pub(super) fn new() -> Self {
        let mut ops = Vec::with_capacity(4096);
        ops.extend_from_slice(b"BT\n");
        ContentStream {
            ops,
            selected: None,
        }
    }

    /// Draws WinAnsi-encoded `text` with its baseline starting at (`x`, `y`) points.
    pub(super) fn show_text(&mut self, font: Font, size: f32, x: f32, y: f32, text: &[u8]) {
        if text.is_empty() {
            return;
        }
        let size_key = hundredths(size);
        if self.selected != Some((font, size_key)) {
            self.selected = Some((font, size_key));
            self.ops.push(b'/');
            self.ops.extend_from_slice(font.resource_name().as_bytes());
            self.ops.push(b' ');
            write_number(&mut self.ops, size);
            self.ops.extend_from_slice(b" Tf\n");
        }
        self.ops.extend_from_slice(b"1 0 0 1 ");
        write_number(&mut self.ops, x);
        self.ops.push(b' ');
        write_number(&mut self.ops, y);
        self.ops.extend_from_slice(b" Tm\n");
        write_literal_string(&mut self.ops, text);
        self.ops.extend_from_slice(b" Tj\n");
    }

    /// Closes the text object and returns the stream data.
    pub(super) fn finish(mut self) -> Vec<u8> {
        self.ops.extend_from_slice(b"ET\n");
        self.ops
    }
}

fn hundredths(value: f32) -> i64 {
    (f64::from(value) * 100.0).round() as i64
}

/// Writes `value` rounded to 1/100 with trailing zeros dropped (`68.03`, `11`, `-0.5`).
pub(super) fn write_number(out: &mut Vec<u8>, value: f32) {
    let n = hundredths(value);
    if n < 0 {
        out.push(b'-');
    }
    let n = n.unsigned_abs();
    let _ = write!(out, "{}", n / 100);
    match n % 100 {
        0 => {}
        f if f % 10 == 0 => {
            let _ = write!(out, ".{}", f / 10);
        }
        f => {
            let _ = write!(out, ".{f:02}");
        }
    }
}

/// Writes `bytes` as a PDF literal string, escaping the delimiters `(`, `)`, `\` and
/// writing control bytes as octal so that line ends inside strings cannot be reinterpreted.
pub(super) fn write_literal_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            0..=0x1F | 0x7F => {
                let _ = write!(out, "\\{b:03o}");
            }
            _ => out.push(b),
        }
    }
    out.push(b')');
}

/// Writes a document-information text string: a literal string when it is printable ASCII,
/// otherwise UTF-16BE with a byte-order mark, as PDF text strings allow.
fn write_text_string(out: &mut Vec<u8>, text: &str) {
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        write_literal_string(out, text.as_bytes());
        return;
    }
    out.extend_from_slice(b"<FEFF");
    for unit in text.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push(b'>');
}

/// Accumulates numbered objects and remembers where each starts.
struct ObjectWriter {
    out: Vec<u8>,
    /// Byte offset of object `i + 1`.
    offsets: Vec<usize>,
}

impl ObjectWriter {
    fn new(capacity: usize) -> Self {
        let mut out = Vec::with_capacity(capacity);
        // The comment with high bytes marks the file as binary for transfer tools.
        out.extend_from_slice(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
        ObjectWriter {
            out,
            offsets: Vec::new(),
        }
    }

    /// Writes the next object (numbered in order from 1) whose body is `dict`.
    fn object(&mut self, dict: impl FnOnce(&mut Vec<u8>)) {
        self.offsets.push(self.out.len());
        let _ = writeln!(self.out, "{} 0 obj", self.offsets.len());
        dict(&mut self.out);
        self.out.extend_from_slice(b"\nendobj\n");
    }

    fn stream(&mut self, data: &[u8]) {
        self.object(|out| {
            let _ = write!(out, "<< /Length {} >>\nstream\n", data.len());
            out.extend_from_slice(data);
            out.extend_from_slice(b"\nendstream");
        });
    }

    /// Writes the cross-reference table and trailer and returns the finished file.
    fn finish(mut self) -> Vec<u8> {
        let xref = self.out.len();
        let size = self.offsets.len() + 1;
        let _ = write!(self.out, "xref\n0 {size}\n0000000000 65535 f \n");
        for offset in &self.offsets {
            let _ = writeln!(self.out, "{offset:010} 00000 n ");
        }
        let _ = write!(
            self.out,
            "trailer\n<< /Size {size} /Root {CATALOG} 0 R /Info {INFO} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        );
        self.out
    }
}

/// Builds the whole file: catalog, page tree, fonts, info, then each page and its content.
pub(super) fn write_document(pages: &[Vec<u8>], title: &str) -> Vec<u8> {
    let content_len: usize = pages.iter().map(Vec::len).sum();
    let mut w = ObjectWriter::new(content_len + 1024 + pages.len() * 160);
    w.object(|out| {
        let _ = write!(out, "<< /Type /Catalog /Pages {PAGES} 0 R >>");
    });
    w.object(|out| {
        out.extend_from_slice(b"<< /Type /Pages /Kids [");
        for i in 0..pages.len() {
            let _ = write!(out, " {} 0 R", FIRST_PAGE + 2 * i);
        }
        let _ = write!(out, " ] /Count {} >>", pages.len());
    });
    for font in Font::ALL {
        w.object(|out| {
            let _ = write!(
                out,
                "<< /Type /Font /Subtype /Type1 /BaseFont /{} /Encoding /WinAnsiEncoding >>",
                font.base_font()
            );
        });
    }
    w.object(|out| {
        out.extend_from_slice(b"<< /Producer (notifyd) /Title ");
        write_text_string(out, title);
        out.extend_from_slice(b" >>");
    });
    for (i, content) in pages.iter().enumerate() {
        let page_obj = FIRST_PAGE + 2 * i;
        w.object(|out| {
            let _ = write!(
                out,
                "<< /Type /Page /Parent {PAGES} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] \
                 /Resources << /Font <<"
            );
            for (k, font) in Font::ALL.iter().enumerate() {
                let _ = write!(out, " /{} {} 0 R", font.resource_name(), FIRST_FONT + k);
            }
            let _ = write!(out, " >> >> /Contents {} 0 R >>", page_obj + 1);
        });
        w.stream(content);
    }
    w.finish()
}

#[cfg(test)]
mod tests;
