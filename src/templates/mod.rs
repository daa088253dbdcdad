//! Notify's template engine for notifyd: placeholders and personalisation, the bodies and
//! subjects the v2 API returns for text messages, emails and letters, "message is empty" and
//! "message is too long", SMS fragments, the email HTML of the preview endpoint, letter
//! layout blocks and `sanitise_content_for`. Behaviour follows alphagov/notifications-utils
//! (`field.py`, `template.py`, `formatters.py`, `insensitive_dict.py`, `sanitise_text.py`,
//! `markdown.py`) and smartypants 2.0.1; submodules say which part each reproduces.

mod decompositions;
mod document;
mod field;
mod html;
mod html_entities;
pub mod manage;
mod markdown;
mod placeholders;
mod render;
mod sanitise;
mod sanitise_sms;
mod smartypants;
mod sms;
mod typography;

#[cfg(test)]
mod tests;

use serde_json::{Map, Value};
use std::fmt;

/// The three kinds of Notify template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateType {
    Sms,
    Email,
    Letter,
}

impl TemplateType {
    /// The API's name for the type: `sms`, `email` or `letter`.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateType::Sms => "sms",
            TemplateType::Email => "email",
            TemplateType::Letter => "letter",
        }
    }

    /// Parses the API's name for a type.
    pub fn parse(name: &str) -> Option<TemplateType> {
        match name {
            "sms" => Some(TemplateType::Sms),
            "email" => Some(TemplateType::Email),
            "letter" => Some(TemplateType::Letter),
            _ => None,
        }
    }
}

/// A notification's content as the API shows it (`content.body`/`subject` of the POST
/// response, `body`/`subject` of GET notification).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub body: String,
    /// `None` for text messages.
    pub subject: Option<String>,
    /// The character count Notify uses for limits and fragments: for text messages the
    /// characters before the GSM downgrade (Python `len`, so a `…` counts once although it is
    /// sent as `...`); for emails and letters the characters of `body`.
    pub char_count: usize,
}

impl Rendered {
    /// Billable fragments of a rendered text message, counting the `"{prefix}: "` Notify adds
    /// when the service's name is shown (pass `None` when it is not).
    pub fn sms_fragment_count(&self, prefix: Option<&str>) -> u32 {
        render::rendered_fragments(self, prefix)
    }
}

/// Why a template could not be rendered (both are 400 `BadRequestError`s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// Placeholder names, as written, in template order (subject first).
    MissingPersonalisation(Vec<String>),
    Empty,
}

impl RenderError {
    /// The API's error message.
    pub fn message(&self) -> String {
        match self {
            RenderError::MissingPersonalisation(names) => {
                format!("Missing personalisation: {}", names.join(", "))
            }
            RenderError::Empty => "Your message is empty.".to_owned(),
        }
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for RenderError {}

/// A message over Notify's size limits (400 `BadRequestError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthError {
    SmsTooLong { chars: usize },
    EmailTooLong { bytes: usize },
}

impl LengthError {
    /// The API's error message.
    pub fn message(&self) -> String {
        match self {
            LengthError::SmsTooLong { chars } => format!(
                "Your message is too long. Text messages cannot be longer than {} characters. \
                 Your message is {chars} characters long.",
                render::SMS_CHAR_COUNT_LIMIT
            ),
            LengthError::EmailTooLong { bytes } => format!(
                "Your message is too long. Emails cannot be longer than {} bytes. Your message is {bytes} bytes.",
                render::EMAIL_MAX_BYTES
            ),
        }
    }
}

impl fmt::Display for LengthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for LengthError {}

/// A block of a letter's body, for a PDF writer to lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    /// Lines of one paragraph (a new line wherever the text had one).
    Paragraph(Vec<String>),
    /// Each item is itself a list of blocks (usually one paragraph, maybe a nested list).
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    PageBreak,
}

/// Unique placeholder names as written (first spelling wins), subject first for emails and
/// letters; a conditional `((name??text))` contributes `name`.
pub fn placeholder_names(kind: TemplateType, subject: Option<&str>, body: &str) -> Vec<String> {
    let texts: Vec<&str> = match kind {
        TemplateType::Sms => vec![body],
        _ => vec![subject.unwrap_or(""), body],
    };
    placeholders::unique_names(&texts)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// Placeholder names of a letter including its contact block, which Notify lists first.
pub fn letter_placeholder_names(
    contact_block: Option<&str>,
    subject: &str,
    body: &str,
) -> Vec<String> {
    placeholders::unique_names(&[contact_block.unwrap_or(""), subject, body])
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// Renders a template with a notification's personalisation, as the API shows it.
pub fn render(
    kind: TemplateType,
    subject: Option<&str>,
    body: &str,
    personalisation: &Map<String, Value>,
) -> Result<Rendered, RenderError> {
    render::render(kind, None, subject, body, personalisation)
}

/// Renders a letter whose contact block may also hold placeholders (all must have values).
pub fn render_letter(
    contact_block: Option<&str>,
    subject: &str,
    body: &str,
    personalisation: &Map<String, Value>,
) -> Result<Rendered, RenderError> {
    render::render(
        TemplateType::Letter,
        contact_block,
        Some(subject),
        body,
        personalisation,
    )
}

/// Notify's length limits: 918 characters for a text message, 2,000,000 bytes for an email.
pub fn check_length(kind: TemplateType, rendered: &Rendered) -> Result<(), LengthError> {
    render::check_length(kind, rendered)
}

/// Characters in a rendered text message body (after the downgrade every character is in the
/// Basic Multilingual Plane, so this is also its UTF-16 length).
pub fn sms_char_count(body: &str) -> usize {
    body.chars().count()
}

/// Fragments of a rendered text message body: 160 per message or 153 per part in GSM
/// (extension characters `^{}\[~]|€` count twice), 70/67 when a Welsh accented letter outside
/// GSM forces UCS-2.
pub fn sms_fragment_count(body: &str) -> u32 {
    sms::fragment_count(body, sms_char_count(body))
}

/// The `html` of POST /v2/template/{id}/preview for an email template's body.
pub fn email_html(body: &str, personalisation: &Map<String, Value>) -> Result<String, RenderError> {
    render::email_html(body, personalisation)
}

/// A complete HTML email wrapping an [`email_html`] fragment, for SMTP delivery.
pub fn email_document(subject: &str, html_fragment: &str, service_name: &str) -> String {
    document::email_document(subject, html_fragment, service_name)
}

/// `sanitise_content_for`: the sanitised personalisation and the `sanitised_content` object
/// (`{key: {"unsanitised": ..., "sanitised": ...}}`, only for values that changed).
pub fn sanitise_personalisation(
    personalisation: &Map<String, Value>,
    keys: &[String],
) -> (Map<String, Value>, Map<String, Value>) {
    sanitise::sanitise_personalisation(personalisation, keys)
}

/// Layout blocks of a rendered letter body (`Rendered::body` of a letter).
pub fn letter_blocks(rendered_body: &str) -> Vec<Block> {
    markdown::letter::blocks(&markdown::parse(rendered_body))
}
