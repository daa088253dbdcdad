//! Letter PDFs for `GET /v2/notifications/{id}/pdf` (spec §4.8) and letter cost data (§4.7).
//!
//! Owns the whole path from a rendered templated letter to PDF bytes, written with std only:
//! the WinAnsi base-14 fonts and their metrics (`fonts`, `widths`), the page layout of a
//! GOV.UK Notify letter (`layout`), the PDF 1.4 file structure (`writer`), and the light
//! inspection of client-supplied precompiled letters (`inspect`).

mod fonts;
mod inspect;
mod layout;
mod widths;
mod writer;

#[cfg(test)]
mod tests;

pub use inspect::{billable_sheets, page_count};

/// One block of a letter body, in reading order (the templates module produces the same list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A bold heading (`#` / `##` in the template markdown).
    Heading(String),
    /// A paragraph; a single `\n` inside it is a line break.
    Paragraph(String),
    /// A bulleted list, one string per item.
    List(Vec<String>),
    /// Start a new page (`***` in the template markdown).
    PageBreak,
}

/// A templated letter ready to print.
#[derive(Debug, Clone, Copy)]
pub struct Letter<'a> {
    /// Recipient address, up to 7 lines with the postcode last; shown in the envelope window.
    pub address_lines: &'a [String],
    /// The service's letter contact block (multi-line), shown top-right.
    pub contact_block: Option<&'a str>,
    /// The letter date as printed, e.g. `24 November 2026`.
    pub date: &'a str,
    /// The letter heading, shown in bold above the body.
    pub subject: &'a str,
    /// The body.
    pub blocks: &'a [Block],
}

/// Renders `letter` as a complete A4 PDF 1.4 document, with "Page i of N" on every page.
pub fn render(letter: &Letter) -> Vec<u8> {
    let pages = layout::compose(letter);
    writer::write_document(&pages, letter.subject)
}
