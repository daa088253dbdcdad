//! The two base-14 fonts a letter uses (Helvetica, Helvetica-Bold) with WinAnsiEncoding:
//! mapping Unicode text to WinAnsi (cp1252) bytes and measuring those bytes with the real AFM
//! advance widths, so that wrapping matches what a PDF viewer draws.

use super::widths::{CP1252_HIGH, HELVETICA, HELVETICA_BOLD};

/// The byte written for a character WinAnsi cannot show.
const REPLACEMENT: u8 = b'?';

/// A font of the letter, named after its PDF resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Font {
    Regular,
    Bold,
}

impl Font {
    /// Both fonts, in resource order (`/F1`, `/F2`).
    pub(super) const ALL: [Font; 2] = [Font::Regular, Font::Bold];

    /// Name of the font in a page's `/Resources /Font` dictionary.
    pub(super) fn resource_name(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
        }
    }

    /// PostScript name of the base-14 font.
    pub(super) fn base_font(self) -> &'static str {
        match self {
            Font::Regular => "Helvetica",
            Font::Bold => "Helvetica-Bold",
        }
    }

    /// Advance width of one WinAnsi code in 1/1000 em (0 for control codes).
    pub(super) fn glyph_units(self, code: u8) -> u64 {
        let table = match self {
            Font::Regular => &HELVETICA,
            Font::Bold => &HELVETICA_BOLD,
        };
        usize::from(code)
            .checked_sub(32)
            .and_then(|i| table.get(i))
            .map_or(0, |w| u64::from(*w))
    }

    /// Advance width of WinAnsi-encoded text in 1/1000 em (no kerning: `Tj` applies none).
    pub(super) fn text_units(self, text: &[u8]) -> u64 {
        text.iter().map(|&b| self.glyph_units(b)).sum()
    }

    /// Width in points of WinAnsi-encoded text set at `size` points.
    pub(super) fn text_width(self, text: &[u8], size: f32) -> f32 {
        self.text_units(text) as f32 * size / 1000.0
    }
}

/// WinAnsi byte for `c`: `None` for characters that print nothing (controls, soft hyphen,
/// zero-width marks), a space for any other whitespace, `?` for anything WinAnsi lacks.
pub(super) fn winansi_byte(c: char) -> Option<u8> {
    let code = u32::from(c);
    match c {
        ' '..='~' | '\u{A1}'..='\u{AC}' | '\u{AE}'..='\u{FF}' => u8::try_from(code).ok(),
        '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
        '\u{2010}' | '\u{2011}' | '\u{2212}' => Some(b'-'),
        _ if c.is_whitespace() => Some(b' '),
        _ if c.is_control() => None,
        _ => Some(cp1252_high(c).unwrap_or(REPLACEMENT)),
    }
}

/// The cp1252 extensions in 0x80..=0x9F (curly quotes, dashes, euro, bullet, …).
fn cp1252_high(c: char) -> Option<u8> {
    let index = CP1252_HIGH.iter().position(|&known| known == c)?;
    u8::try_from(0x80 + index).ok()
}

/// Appends the WinAnsi encoding of `text` to `out` (see [`winansi_byte`]).
pub(super) fn encode_winansi(text: &str, out: &mut Vec<u8>) {
    out.extend(text.chars().filter_map(winansi_byte));
}

#[cfg(test)]
mod tests;
