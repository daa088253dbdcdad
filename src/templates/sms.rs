//! Text-message body normalisation (`SMSMessageTemplate.__str__`): after substitution Notify
//! removes spaces/tabs before `,` and `.`, normalises each line's whitespace, turns 3+ line
//! breaks into 2, strips the ends and finally applies the GSM downgrade. This module does all
//! of that in one streaming pass into a single output buffer, counting the characters the
//! way Notify's `content_count` does (before the downgrade), and counts fragments.

use super::field::Sink;
use super::sanitise_sms::{encode_char, fragments_for, is_extended_gsm, is_welsh_non_gsm, Encoded};
use crate::python::{is_line_break, is_obscure_zero_width, is_space};

/// Streaming equivalent of `remove_whitespace_before_punctuation`,
/// `normalise_whitespace_and_newlines`, `normalise_multiple_newlines`, `str.strip` and
/// `sms_encode`, in that order.
pub(super) struct SmsNormaliser {
    out: String,
    /// Characters emitted before encoding (Notify's `content_count`).
    count: usize,
    /// Line breaks seen since the last emitted character.
    pending_breaks: usize,
    /// Whitespace that will become one space before the next character.
    space_committed: bool,
    /// A run of spaces/tabs directly before the next character (dropped before `,` `.`).
    space_tab_run: bool,
    line_has_text: bool,
    after_cr: bool,
}

impl SmsNormaliser {
    pub fn with_capacity(capacity: usize) -> Self {
        SmsNormaliser {
            out: String::with_capacity(capacity),
            count: 0,
            pending_breaks: 0,
            space_committed: false,
            space_tab_run: false,
            line_has_text: false,
            after_cr: false,
        }
    }

    /// The encoded body and the number of characters before encoding.
    pub fn finish(self) -> (String, usize) {
        (self.out, self.count)
    }

    fn emit(&mut self, c: char) {
        self.count += 1;
        match encode_char(c) {
            Encoded::Char(e) => self.out.push(e),
            Encoded::Text(t) => self.out.push_str(t),
        }
    }

    fn line_break(&mut self) {
        self.pending_breaks += 1;
        self.space_committed = false;
        self.space_tab_run = false;
        self.line_has_text = false;
    }

    fn text(&mut self, c: char) {
        if c == ',' || c == '.' {
            self.space_tab_run = false;
        }
        if self.pending_breaks > 0 {
            if self.count > 0 {
                for _ in 0..self.pending_breaks.min(2) {
                    self.emit('\n');
                }
            }
            self.pending_breaks = 0;
        }
        if self.line_has_text && (self.space_committed || self.space_tab_run) {
            self.emit(' ');
        }
        self.space_committed = false;
        self.space_tab_run = false;
        self.line_has_text = true;
        self.emit(c);
    }
}

/// Printable ASCII that is sent unchanged and is neither whitespace nor a backtick.
fn is_plain_ascii(b: u8) -> bool {
    (0x21..=0x7e).contains(&b) && b != b'`'
}

impl Sink for SmsNormaliser {
    /// Runs of plain printable ASCII (with single spaces between words) are copied in one go:
    /// only their first character can be affected by pending whitespace or line breaks.
    fn put_str(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if is_plain_ascii(bytes[i]) {
                let start = i;
                i += 1;
                loop {
                    if i < bytes.len() && is_plain_ascii(bytes[i]) {
                        i += 1;
                    } else if bytes.get(i) == Some(&b' ')
                        && bytes
                            .get(i + 1)
                            .is_some_and(|b| is_plain_ascii(*b) && *b != b',' && *b != b'.')
                    {
                        // A single space between words is kept exactly as it is.
                        i += 2;
                    } else {
                        break;
                    }
                }
                self.after_cr = false;
                self.text(char::from(bytes[start]));
                self.out.push_str(&s[start + 1..i]);
                self.count += i - start - 1;
            } else {
                let c = s[i..].chars().next().unwrap_or('\u{fffd}');
                self.put(c);
                i += c.len_utf8();
            }
        }
    }

    fn put(&mut self, c: char) {
        let after_cr = std::mem::replace(&mut self.after_cr, c == '\r');
        if c == '\n' && after_cr {
            return;
        }
        if is_line_break(c) {
            self.line_break();
        } else if c == ' ' || c == '\t' {
            self.space_tab_run = true;
        } else if is_obscure_zero_width(c) {
            self.space_committed |= self.space_tab_run;
            self.space_tab_run = false;
        } else if is_space(c) {
            self.space_committed = true;
            self.space_tab_run = false;
        } else {
            self.text(c);
        }
    }
}

/// Fragments for an already rendered (downgraded) body whose Notify character count is
/// `char_count`: extended GSM characters count twice, a Welsh non-GSM letter means UCS-2.
pub(super) fn fragment_count(body: &str, char_count: usize) -> u32 {
    let mut extended = 0;
    let mut welsh = false;
    for c in body.chars() {
        if is_extended_gsm(c) {
            extended += 1;
        }
        welsh |= is_welsh_non_gsm(c);
    }
    fragments_for(char_count + extended, welsh)
}
