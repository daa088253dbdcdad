//! Precompiled letters (spec §4.6): the client sends the PDF itself, base64-encoded. It is
//! stored with the notification, which starts `pending-virus-check` and belongs to the
//! service's hidden "Pre-compiled PDF" template, as in Notify. Bytes that are not a PDF end
//! `validation-failed` (they are counted as zero sheets).

use super::send::{check_letter_key, new_id};
use super::{SendError, Status};
use crate::auth::Principal;
use crate::clock::Micros;
use crate::letters::pdf;
use crate::store::notifications::Notification;
use crate::store::templates::Template;
use crate::templates::TemplateType;
use base64::Engine;
use serde_json::{json, Map, Value};
use uuid::Uuid;

pub const PRECOMPILED_TEMPLATE_NAME: &str = "Pre-compiled PDF";
/// What a precompiled letter's recipient shows until its address is read from the PDF.
pub const PROVIDED_AS_PDF: &str = "Provided as PDF";

pub struct Precompiled {
    pub notification: Notification,
    pub pdf: Vec<u8>,
    /// The hidden template, created with the first precompiled letter of the service.
    pub template: Template,
}

/// A hidden template with an id derived from the service and its purpose, so it is created at
/// most once per service whoever gets there first.
pub fn hidden_template(
    service_id: Uuid,
    purpose: &str,
    kind: TemplateType,
    subject: &str,
    body: &str,
    now: Micros,
) -> Template {
    Template {
        id: crate::provision::derived_id(&format!("hidden template {purpose}"), service_id),
        service_id,
        template_type: kind,
        version: 1,
        name: purpose.to_owned(),
        subject: Some(subject.to_owned()),
        body: body.to_owned(),
        postage: (kind == TemplateType::Letter).then(|| "second".to_owned()),
        created_by: None,
        created_at: now,
        updated_at: None,
        archived: false,
        hidden: true,
    }
}

/// Python's `base64.b64decode`: characters outside the alphabet are skipped; the rest must be
/// correctly padded.
fn decode(content: &str) -> Option<Vec<u8>> {
    let clean: String = content
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        .collect();
    if !clean.len().is_multiple_of(4) {
        return None;
    }
    base64::engine::general_purpose::STANDARD.decode(clean).ok()
}

pub fn prepare(
    principal: &Principal,
    body: &Map<String, Value>,
    now: Micros,
) -> Result<Precompiled, SendError> {
    check_letter_key(principal)?;
    let content = body.get("content").and_then(Value::as_str).unwrap_or("");
    let pdf = decode(content).ok_or_else(|| {
        SendError::BadRequest("Cannot decode letter content (invalid base64 encoding)".into())
    })?;
    let sheets = pdf::page_count(&pdf)
        .filter(|pages| *pages > 0)
        .map(|pages| i64::from(pdf::billable_sheets(pages)))
        .unwrap_or(0);
    let service = &principal.service.service;
    let template = hidden_template(
        service.id,
        PRECOMPILED_TEMPLATE_NAME,
        TemplateType::Letter,
        PRECOMPILED_TEMPLATE_NAME,
        "",
        now,
    );
    let postage = body
        .get("postage")
        .and_then(Value::as_str)
        .unwrap_or("second");
    let notification = Notification {
        pk: 0,
        id: new_id(now),
        service_id: service.id,
        api_key_id: Some(principal.key_id),
        key_type: principal.key_type,
        notification_type: TemplateType::Letter,
        template_id: template.id,
        template_version: template.version,
        recipient: PROVIDED_AS_PDF.to_owned(),
        normalised_to: PROVIDED_AS_PDF.to_lowercase(),
        client_reference: body
            .get("reference")
            .and_then(Value::as_str)
            .map(str::to_owned),
        personalisation: json!({ "address_line_1": PROVIDED_AS_PDF }).to_string(),
        body: String::new(),
        subject: Some(PRECOMPILED_TEMPLATE_NAME.to_owned()),
        status: Status::PendingVirusCheck,
        created_at: now,
        sent_at: None,
        updated_at: None,
        billable_units: sheets,
        international: false,
        phone_prefix: None,
        rate_multiplier: None,
        postage: Some(postage.to_owned()),
        reply_to_text: None,
        one_click_unsubscribe_url: None,
    };
    Ok(Precompiled {
        notification,
        pdf,
        template,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_like_python() {
        assert_eq!(decode("JVBERi0=").unwrap(), b"%PDF-");
        assert_eq!(decode("JVBE\nRi0=").unwrap(), b"%PDF-");
        assert!(decode("JVBERi0").is_none());
        assert!(decode("abc").is_none());
    }
}
