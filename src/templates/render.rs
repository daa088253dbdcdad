//! The rendering pipelines of the template classes the API uses (`SMSMessageTemplate`,
//! `PlainTextEmailTemplate`, `LetterPrintTemplate`): `content_with_placeholders_filled_in`
//! for the body, the typographic subject, Notify's "is the message empty" rule and its
//! length limits. Also the email HTML body (`html_body`) for the preview endpoint.

use super::field::{substitute, FieldOptions};
use super::markdown;
use super::placeholders::{missing_names, value_bytes};
use super::sanitise_sms::encode;
use super::sms::{fragment_count, SmsNormaliser};
use super::typography::nice_typography;
use super::{LengthError, RenderError, Rendered, TemplateType};
use crate::python::{is_space, normalise_whitespace};
use serde_json::{Map, Value};

/// Notify's SMS length limit (`SMS_CHAR_COUNT_LIMIT`).
pub(super) const SMS_CHAR_COUNT_LIMIT: usize = 918;
/// Notify's email body limit in bytes.
pub(super) const EMAIL_MAX_BYTES: usize = 2_000_000;

const PLAIN: FieldOptions = FieldOptions {
    escape: false,
    markdown_lists: false,
};
const PLAIN_BODY: FieldOptions = FieldOptions {
    escape: false,
    markdown_lists: true,
};
const ESCAPED: FieldOptions = FieldOptions {
    escape: true,
    markdown_lists: false,
};
const ESCAPED_BODY: FieldOptions = FieldOptions {
    escape: true,
    markdown_lists: true,
};

/// Missing check, then the body (with the empty check) and subject of `kind`. For letters the
/// contact block's placeholders must have values too.
pub(super) fn render(
    kind: TemplateType,
    contact_block: Option<&str>,
    subject: Option<&str>,
    body: &str,
    values: &Map<String, Value>,
) -> Result<Rendered, RenderError> {
    let subject = subject.unwrap_or("");
    let all = [contact_block.unwrap_or(""), subject, body];
    let texts = match kind {
        TemplateType::Sms => &all[2..],
        TemplateType::Email => &all[1..],
        TemplateType::Letter => &all[..],
    };
    let extra = value_bytes(texts, values).map_err(RenderError::MissingPersonalisation)?;
    match kind {
        TemplateType::Sms => render_sms(body, values, extra),
        TemplateType::Email => {
            let rendered_body = plain_body(body, values, extra)?;
            let mut raw_subject = String::with_capacity(subject.len());
            substitute(subject, values, PLAIN, &mut raw_subject);
            Ok(with_subject(rendered_body, &raw_subject))
        }
        TemplateType::Letter => {
            let rendered_body = plain_body(body, values, extra)?;
            let mut raw_subject = String::with_capacity(subject.len());
            substitute(subject, values, ESCAPED, &mut raw_subject);
            Ok(with_subject(rendered_body, &raw_subject))
        }
    }
}

fn render_sms(
    body: &str,
    values: &Map<String, Value>,
    extra: usize,
) -> Result<Rendered, RenderError> {
    let mut sink = SmsNormaliser::with_capacity(body.len() + extra);
    substitute(body, values, PLAIN, &mut sink);
    let (rendered, char_count) = sink.finish();
    if char_count == 0 {
        return Err(RenderError::Empty);
    }
    Ok(Rendered {
        body: rendered,
        subject: None,
        char_count,
    })
}

/// `content_with_placeholders_filled_in` for email and letter bodies, with the empty check.
fn plain_body(
    body: &str,
    values: &Map<String, Value>,
    extra: usize,
) -> Result<String, RenderError> {
    let mut out = String::with_capacity(body.len() + extra);
    substitute(body, values, PLAIN_BODY, &mut out);
    let end = out.trim_end_matches(is_space).len();
    out.truncate(end);
    let start = out.len() - out.trim_start_matches(is_space).len();
    out.drain(..start);
    let only_placeholders = body.starts_with("((") && body.ends_with("))");
    if body.is_empty() || (only_placeholders && out.is_empty()) {
        return Err(RenderError::Empty);
    }
    Ok(out)
}

fn with_subject(body: String, raw_subject: &str) -> Rendered {
    let subject = normalise_whitespace(&nice_typography(raw_subject));
    let char_count = body.chars().count();
    Rendered {
        body,
        subject: Some(subject),
        char_count,
    }
}

pub(super) fn check_length(kind: TemplateType, rendered: &Rendered) -> Result<(), LengthError> {
    match kind {
        TemplateType::Sms if rendered.char_count > SMS_CHAR_COUNT_LIMIT => {
            Err(LengthError::SmsTooLong {
                chars: rendered.char_count,
            })
        }
        TemplateType::Email if rendered.body.len() > EMAIL_MAX_BYTES => {
            Err(LengthError::EmailTooLong {
                bytes: rendered.body.len(),
            })
        }
        _ => Ok(()),
    }
}

/// Fragments of a rendered text message, with the service-name prefix Notify adds when sending
/// (`"{prefix}: {body}"`) if there is one.
pub(super) fn rendered_fragments(rendered: &Rendered, prefix: Option<&str>) -> u32 {
    match prefix
        .map(|p| p.trim_matches(is_space))
        .filter(|p| !p.is_empty())
    {
        None => fragment_count(&rendered.body, rendered.char_count),
        Some(prefix) => {
            let sent = format!("{}: {}", encode(prefix), rendered.body);
            fragment_count(&sent, rendered.char_count + prefix.chars().count() + 2)
        }
    }
}

/// `html_body`: the body escaped, substituted, GOV.UK unlinked, rendered as Notify's email
/// markdown and given nice typography.
pub(super) fn email_html(body: &str, values: &Map<String, Value>) -> Result<String, RenderError> {
    let missing = missing_names(&[body], values);
    if !missing.is_empty() {
        return Err(RenderError::MissingPersonalisation(missing));
    }
    let mut substituted = String::with_capacity(body.len() + 64);
    substitute(body, values, ESCAPED_BODY, &mut substituted);
    let mut text = unlink_govuk(&substituted);
    text.retain(|c| c != '\u{2028}' && c != '\u{3164}');
    text.push('\n');
    let html = markdown::email::render(&markdown::parse(&text));
    Ok(nice_typography(&html))
}

/// `unlink_govuk_escaped`: `(^|\s)(#|\*|\^)?(GOV)\.(UK)(?!/|\?|#)` gets a zero-width space
/// after the dot, so email clients do not link it.
fn unlink_govuk(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous: Option<char> = None;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let at_start = previous.is_none_or(is_regex_space);
        let after_marker = rest.strip_prefix(['#', '*', '^']).unwrap_or(rest);
        let marker_len = rest.len() - after_marker.len();
        if at_start && is_govuk(after_marker) {
            out.push_str(&rest[..marker_len + 4]);
            out.push('\u{200b}');
            out.push_str(&rest[marker_len + 4..marker_len + 6]);
            previous = Some('K');
            rest = &rest[marker_len + 6..];
            continue;
        }
        out.push(c);
        previous = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn is_regex_space(c: char) -> bool {
    is_space(c)
}

fn is_govuk(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.len() >= 6
        && bytes[..4].eq_ignore_ascii_case(b"gov.")
        && bytes[4..6].eq_ignore_ascii_case(b"uk")
        && !matches!(bytes.get(6), Some(b'/' | b'?' | b'#'))
}
