//! Page layout of a GOV.UK Notify letter on A4: the recipient address in the envelope window,
//! the contact block and date top-right, the bold subject, then the body (paragraphs, bold
//! headings, bulleted lists with a hanging indent, page breaks) flowed over as many pages as
//! it needs, each with "Page i of N". Wrapping uses the real glyph widths of `fonts`.

use super::fonts::{encode_winansi, Font};
use super::writer::{ContentStream, PAGE_HEIGHT, PAGE_WIDTH};
use super::{Block, Letter};
use std::io::Write as _;

const MM: f32 = 72.0 / 25.4;
/// Left edge of the address and of the body.
pub(super) const LEFT: f32 = 24.0 * MM;
/// Right edge of the contact block, date and body.
pub(super) const RIGHT: f32 = PAGE_WIDTH - 20.0 * MM;
pub(super) const BODY_WIDTH: f32 = RIGHT - LEFT;
/// Top of the contact block, and of the body on pages after the first.
const TOP: f32 = PAGE_HEIGHT - 20.0 * MM;
/// No body line descends below this.
pub(super) const BOTTOM: f32 = 25.0 * MM;
const FOOTER_BASELINE: f32 = 12.0 * MM;
/// The envelope window: the address starts 50 mm from the top.
const ADDRESS_TOP: f32 = PAGE_HEIGHT - 50.0 * MM;
pub(super) const ADDRESS_WIDTH: f32 = 90.0 * MM;
const MAX_ADDRESS_LINES: usize = 7;
pub(super) const CONTACT_WIDTH: f32 = 75.0 * MM;
/// The body of the first page starts no higher than this, clear of the envelope window.
const FIRST_BODY_TOP: f32 = PAGE_HEIGHT - 95.0 * MM;
const PARAGRAPH_GAP: f32 = 8.0;
const HEADING_GAP: f32 = 12.0;
const LIST_ITEM_GAP: f32 = 3.0;
/// Where list item text starts relative to `LEFT`; the bullet hangs in this indent.
pub(super) const BULLET_INDENT: f32 = 18.0;
const BULLET_OFFSET: f32 = 4.0;
/// WinAnsi bullet.
const BULLET: &[u8] = &[0x95];

/// Font, size and line height of one kind of text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    pub(super) font: Font,
    pub(super) size: f32,
    pub(super) leading: f32,
}

impl Style {
    const fn new(font: Font, size: f32, leading: f32) -> Self {
        Style {
            font,
            size,
            leading,
        }
    }
}

pub(super) const BODY: Style = Style::new(Font::Regular, 11.0, 15.0);
const SUBJECT: Style = Style::new(Font::Bold, 14.0, 18.0);
const HEADING: Style = Style::new(Font::Bold, 12.0, 16.0);
const FOOTER: Style = Style::new(Font::Regular, 9.0, 12.0);

/// Lays the letter out and returns one finished content stream per page.
pub(super) fn compose(letter: &Letter) -> Vec<Vec<u8>> {
    let mut text = Vec::new();
    let mut pages = Composer::new();
    let header_bottom = pages.header(letter, &mut text);
    pages.cursor = (header_bottom - PARAGRAPH_GAP).min(FIRST_BODY_TOP);
    pages.flowing(SUBJECT, 0.0, letter.subject, &mut text);
    pages.space(PARAGRAPH_GAP * 1.5);
    for block in letter.blocks {
        match block {
            Block::Heading(heading) => pages.heading(heading, &mut text),
            Block::Paragraph(paragraph) => {
                pages.flowing(BODY, 0.0, paragraph, &mut text);
                pages.space(PARAGRAPH_GAP);
            }
            Block::List(items) => pages.list(items, &mut text),
            Block::PageBreak => pages.page_break(),
        }
    }
    pages.finish()
}

/// Splits one line of WinAnsi `text` at spaces into lines no wider than `width` points at
/// `size`, breaking words that are wider on their own; runs of spaces collapse.
pub(super) fn wrap(text: &[u8], font: Font, size: f32, width: f32, mut emit: impl FnMut(&[u8])) {
    let max = (width * 1000.0 / size).max(0.0) as u64;
    let space = font.glyph_units(b' ');
    let mut line = Vec::with_capacity(128);
    let mut line_units = 0;
    for word in text.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
        let units = font.text_units(word);
        if !line.is_empty() && line_units + space + units <= max {
            line.push(b' ');
            line.extend_from_slice(word);
            line_units += space + units;
            continue;
        }
        if !line.is_empty() {
            emit(&line);
            line.clear();
        }
        let (mut rest, mut rest_units) = (word, units);
        while rest_units > max {
            let (head, tail) = rest.split_at(fitting_prefix(rest, font, max));
            emit(head);
            rest_units -= font.text_units(head);
            rest = tail;
        }
        line.extend_from_slice(rest);
        line_units = rest_units;
    }
    if !line.is_empty() {
        emit(&line);
    }
}

/// Length of the longest prefix of `word` no wider than `max` units (at least one byte).
fn fitting_prefix(word: &[u8], font: Font, max: u64) -> usize {
    let mut units = 0;
    for (i, &b) in word.iter().enumerate() {
        units += font.glyph_units(b);
        if units > max {
            return i.max(1);
        }
    }
    word.len()
}

/// The finished pages and the flowing position on the current one.
struct Composer {
    done: Vec<ContentStream>,
    page: ContentStream,
    /// Top of the next body line, in points from the bottom of the page.
    cursor: f32,
    /// Space still owed before the next body line (dropped at the top of a page).
    gap: f32,
    /// Nothing has been placed on the current page yet.
    at_top: bool,
}

impl Composer {
    fn new() -> Self {
        Composer {
            done: Vec::new(),
            page: ContentStream::new(),
            cursor: TOP,
            gap: 0.0,
            at_top: false,
        }
    }

    fn new_page(&mut self) {
        let full = std::mem::replace(&mut self.page, ContentStream::new());
        self.done.push(full);
        self.cursor = TOP;
        self.gap = 0.0;
        self.at_top = true;
    }

    fn page_break(&mut self) {
        if !self.at_top {
            self.new_page();
        }
    }

    fn space(&mut self, gap: f32) {
        if !self.at_top {
            self.gap = self.gap.max(gap);
        }
    }

    /// True when `height` more points of body (after the owed gap) fit above the bottom margin.
    fn fits(&self, height: f32) -> bool {
        self.at_top || self.cursor - self.gap - height >= BOTTOM
    }

    /// Places one body line at `x`, turning the page first if it would not fit; returns
    /// the baseline used.
    fn line(&mut self, style: Style, x: f32, text: &[u8]) -> f32 {
        if !self.fits(style.leading) {
            self.new_page();
        }
        self.cursor -= self.gap + style.leading;
        self.gap = 0.0;
        self.at_top = false;
        let baseline = self.cursor + style.leading * 0.25;
        self.page
            .show_text(style.font, style.size, x, baseline, text);
        baseline
    }

    /// Flows `source` (`\n` breaks lines) at `indent` from the left margin, with a bullet
    /// hanging in the indent beside the first line when indented (list items).
    fn flowing(&mut self, style: Style, indent: f32, source: &str, text: &mut Vec<u8>) {
        let mut bullet = indent > 0.0;
        for hard_line in source.split('\n') {
            text.clear();
            encode_winansi(hard_line, text);
            let width = BODY_WIDTH - indent;
            wrap(text, style.font, style.size, width, |line| {
                let baseline = self.line(style, LEFT + indent, line);
                if std::mem::take(&mut bullet) {
                    let x = LEFT + BULLET_OFFSET;
                    self.page
                        .show_text(style.font, style.size, x, baseline, BULLET);
                }
            });
        }
    }

    fn heading(&mut self, heading: &str, text: &mut Vec<u8>) {
        self.space(HEADING_GAP);
        // Keep a heading with at least one line of what follows it.
        if !self.fits(HEADING.leading + BODY.leading) {
            self.new_page();
        }
        self.flowing(HEADING, 0.0, heading, text);
        self.space(PARAGRAPH_GAP / 2.0);
    }

    fn list(&mut self, items: &[String], text: &mut Vec<u8>) {
        for item in items {
            self.flowing(BODY, BULLET_INDENT, item, text);
            self.space(LIST_ITEM_GAP);
        }
        self.space(PARAGRAPH_GAP);
    }

    /// Draws the fixed first-page blocks and returns the lowest point they reach.
    fn header(&mut self, letter: &Letter, text: &mut Vec<u8>) -> f32 {
        let mut top = TOP;
        if let Some(contact_block) = letter.contact_block {
            for line in contact_block.trim_end().split('\n') {
                top = match line.trim() {
                    "" => top - BODY.leading, // blank lines of the block keep their space
                    line => self.fixed(line, true, top, text),
                };
            }
            top -= PARAGRAPH_GAP;
        }
        top = self.fixed(letter.date, true, top, text);
        let mut address_top = ADDRESS_TOP;
        for line in letter.address_lines.iter().take(MAX_ADDRESS_LINES) {
            address_top = self.fixed(line, false, address_top, text);
        }
        top.min(address_top)
    }

    /// Draws `source` with its top at `top`, either right-aligned in the contact column or
    /// left-aligned in the address window; returns the new top.
    fn fixed(&mut self, source: &str, right: bool, mut top: f32, text: &mut Vec<u8>) -> f32 {
        text.clear();
        encode_winansi(source, text);
        let width = if right { CONTACT_WIDTH } else { ADDRESS_WIDTH };
        wrap(text, BODY.font, BODY.size, width, |line| {
            top -= BODY.leading;
            let x = if right {
                RIGHT - BODY.font.text_width(line, BODY.size)
            } else {
                LEFT
            };
            let baseline = top + BODY.leading * 0.25;
            self.page.show_text(BODY.font, BODY.size, x, baseline, line);
        });
        top
    }

    /// Adds "Page i of N" to every page and closes the content streams.
    fn finish(mut self) -> Vec<Vec<u8>> {
        self.done.push(self.page);
        let total = self.done.len();
        let mut label = Vec::with_capacity(32);
        let mut finished = Vec::with_capacity(total);
        for (i, mut page) in self.done.into_iter().enumerate() {
            label.clear();
            let _ = write!(label, "Page {} of {total}", i + 1);
            let x = (PAGE_WIDTH - FOOTER.font.text_width(&label, FOOTER.size)) / 2.0;
            page.show_text(FOOTER.font, FOOTER.size, x, FOOTER_BASELINE, &label);
            finished.push(page.finish());
        }
        finished
    }
}

#[cfg(test)]
mod tests;
