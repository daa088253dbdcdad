//! Sending: the rules between a validated request and the row that is stored, in Notify's
//! order (spec §4.5 steps 5–12; the HTTP layer has done auth, limits, JSON and the schema).
//! The first failure wins and nothing is stored.
//!
//! 5 service permission → 6 (email) sanitise personalisation → 7 template checks and rendering
//! → 8 sender → 9 recipient: team/trial rules, then the recipient itself → 10 smoke-test
//! recipients (accepted, never stored) → 11 files → 12 too long.

use super::recipient::{self, Recipient};
use super::{SendError, Status};
use crate::auth::Principal;
use crate::clock::Micros;
use crate::keys::KeyType;
use crate::limits::{Channel, Limits, Reservation};
use crate::store::notifications::Notification;
use crate::store::templates::Template;
use crate::templates::{self, Rendered, TemplateType};
use serde_json::{Map, Value};
use std::sync::Arc;
use uuid::Uuid;

/// What the request asked for (already schema-valid).
pub struct SendRequest<'a> {
    pub kind: TemplateType,
    pub body: &'a Map<String, Value>,
    /// `scheme://host` for links in messages (the admin's "send files" page).
    pub admin_url: &'a str,
    /// The service's reply-to address for emails, if it has one.
    pub email_reply_to: Option<&'a str>,
}

/// An accepted notification: the row to store (unless it is a smoke test) and what the 201
/// response shows beyond the row.
pub struct Accepted {
    pub notification: Notification,
    pub persist: bool,
    pub sanitised_content: Map<String, Value>,
    pub template: Arc<Template>,
}

fn permission(kind: TemplateType) -> (&'static str, &'static str) {
    match kind {
        TemplateType::Sms => ("sms", "text messages"),
        TemplateType::Email => ("email", "emails"),
        TemplateType::Letter => ("letter", "letters"),
    }
}

/// Checks the service may send this kind of message (step 5).
pub fn check_permission(principal: &Principal, kind: TemplateType) -> Result<(), SendError> {
    let (name, plural) = permission(kind);
    if principal.service.service.has_permission(name) {
        Ok(())
    } else {
        Err(SendError::BadRequest(format!(
            "Service is not allowed to send {plural}"
        )))
    }
}

/// Finds the template and checks it suits the message (step 7, first half).
pub fn find_template(
    principal: &Principal,
    id: &str,
    kind: TemplateType,
) -> Result<Arc<Template>, SendError> {
    let template = crate::auth::python_uuid(id)
        .and_then(|id| principal.service.templates.get(&id))
        .filter(|t| !t.hidden)
        .cloned()
        .ok_or_else(|| SendError::BadRequest("Template not found".into()))?;
    if template.template_type != kind {
        return Err(SendError::BadRequest(format!(
            "{} template is not suitable for {} notification",
            template.template_type.as_str(),
            kind.as_str()
        )));
    }
    if template.archived {
        return Err(SendError::BadRequest("Template has been deleted".into()));
    }
    Ok(template)
}

fn has_file(personalisation: &Map<String, Value>) -> bool {
    personalisation
        .values()
        .any(|v| v.as_object().is_some_and(|o| o.contains_key("file")))
}

/// Renders the template with the personalisation (step 7, second half).
fn render(
    template: &Template,
    personalisation: &Map<String, Value>,
    kind: TemplateType,
) -> Result<Rendered, SendError> {
    let rendered = templates::render(
        kind,
        template.subject.as_deref(),
        &template.body,
        personalisation,
    )
    .map_err(|e| SendError::BadRequest(e.message()))?;
    if kind != TemplateType::Email && has_file(personalisation) {
        return Err(SendError::BadRequest(
            "Can only send a file by email".into(),
        ));
    }
    Ok(rendered)
}

/// The sender given by id (step 8): notifyd services have only their defaults, so any id given
/// is unknown, as Notify says for an id that is not the service's.
fn check_sender(principal: &Principal, body: &Map<String, Value>) -> Result<(), SendError> {
    for field in ["sms_sender_id", "email_reply_to_id"] {
        if let Some(id) = body.get(field).and_then(Value::as_str) {
            return Err(SendError::BadRequest(format!(
                "{field} {id} does not exist in database for service id {}",
                principal.service_id()
            )));
        }
    }
    Ok(())
}

/// The daily-limit places this send holds (taken before its body was read) and when it is.
pub struct Quota<'a> {
    pub limits: &'a Limits,
    pub reservation: Reservation,
    pub now: Micros,
}

/// Runs steps 5–12 for a templated sms, email or letter.
pub fn prepare(
    principal: &Principal,
    req: &SendRequest,
    quota: &mut Quota,
) -> Result<Accepted, SendError> {
    check_permission(principal, req.kind)?;
    let template_id = req
        .body
        .get("template_id")
        .and_then(Value::as_str)
        .unwrap_or("");
    let found = find_template(principal, template_id, req.kind);
    // Sanitising (step 6) comes before the template lookup (step 7) but cannot fail, so the
    // lookup's error can wait until then.
    prepare_with_template(principal, req, found?, quota)
}

/// Steps 6–12 with the template already chosen (also used for notify.cx emails, whose template
/// is the service's hidden one).
pub fn prepare_with_template(
    principal: &Principal,
    req: &SendRequest,
    template: Arc<Template>,
    quota: &mut Quota,
) -> Result<Accepted, SendError> {
    let kind = req.kind;
    let now = quota.now;
    let mut personalisation = req
        .body
        .get("personalisation")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut sanitised_content = Map::new();
    if kind == TemplateType::Email {
        if let Some(keys) = req
            .body
            .get("sanitise_content_for")
            .and_then(Value::as_array)
        {
            let keys: Vec<String> = keys
                .iter()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect();
            let (sanitised, changes) = templates::sanitise_personalisation(&personalisation, &keys);
            personalisation = sanitised;
            sanitised_content = changes;
        }
    }
    let rendered = render(&template, &personalisation, kind)?;
    check_sender(principal, req.body)?;
    let to = recipient::check(principal, kind, req.body, &personalisation)?;
    if to.international {
        let service = &principal.service.service;
        quota
            .limits
            .reserve_also(
                &mut quota.reservation,
                service.id,
                principal.key_type,
                Channel::InternationalSms,
                &service.limits,
                now,
            )
            .map_err(|e| SendError::TooManyRequests(e.to_string()))?;
    }
    if kind == TemplateType::Email && has_file(&personalisation) {
        recipient::check_files(&personalisation, principal.service_id(), req.admin_url)?;
    }
    templates::check_length(kind, &rendered).map_err(|e| SendError::BadRequest(e.message()))?;
    let persist = !to.smoke_test;
    let notification = build(
        principal,
        req,
        &template,
        rendered,
        to,
        &personalisation,
        now,
    );
    Ok(Accepted {
        persist,
        notification,
        sanitised_content,
        template,
    })
}

/// A time-ordered (UUIDv7) id for a notification created at `now`.
pub fn new_id(now: Micros) -> Uuid {
    let millis = now.div_euclid(1000).max(0) as u64;
    uuid::Builder::from_unix_timestamp_millis(millis, &id_randomness()).into_uuid()
}

/// Ten bytes of the operating system's randomness for an id, drawn 4 KiB at a time per thread:
/// one system call per 409 ids instead of one per id.
fn id_randomness() -> [u8; 10] {
    thread_local! {
        static POOL: std::cell::RefCell<(usize, [u8; 4096])> =
            const { std::cell::RefCell::new((4096, [0; 4096])) };
    }
    POOL.with_borrow_mut(|(used, pool)| {
        if *used + 10 > pool.len() {
            *pool = crate::secrets::random_bytes::<4096>();
            *used = 0;
        }
        let mut out = [0u8; 10];
        out.copy_from_slice(&pool[*used..*used + 10]);
        *used += 10;
        out
    })
}

fn build(
    principal: &Principal,
    req: &SendRequest,
    template: &Template,
    rendered: Rendered,
    to: Recipient,
    personalisation: &Map<String, Value>,
    now: Micros,
) -> Notification {
    let service = &principal.service.service;
    let billable_units = match req.kind {
        TemplateType::Sms => i64::from(rendered.sms_fragment_count(Some(&service.name))),
        TemplateType::Letter => recipient::letter_sheets(
            &to.as_supplied,
            rendered.subject.as_deref().unwrap_or(""),
            &rendered.body,
        ),
        TemplateType::Email => 0,
    };
    Notification {
        pk: 0,
        id: new_id(now),
        service_id: service.id,
        api_key_id: Some(principal.key_id),
        key_type: principal.key_type,
        notification_type: req.kind,
        template_id: template.id,
        template_version: template.version,
        recipient: to.as_supplied,
        normalised_to: to.normalised,
        client_reference: req
            .body
            .get("reference")
            .and_then(Value::as_str)
            .map(str::to_owned),
        personalisation: serde_json::to_string(personalisation).unwrap_or_default(),
        body: rendered.body,
        subject: rendered.subject,
        status: Status::Created,
        created_at: now,
        sent_at: None,
        updated_at: None,
        billable_units,
        international: to.international,
        phone_prefix: to.phone_prefix,
        rate_multiplier: to.rate_multiplier,
        postage: to.postage.or_else(|| {
            (req.kind == TemplateType::Letter)
                .then(|| template.postage.clone().unwrap_or_else(|| "second".into()))
        }),
        reply_to_text: match req.kind {
            TemplateType::Sms => Some(service.sms_sender.clone()),
            TemplateType::Email => req.email_reply_to.map(str::to_owned),
            TemplateType::Letter => None,
        },
        one_click_unsubscribe_url: req
            .body
            .get("one_click_unsubscribe_url")
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

/// Whether a key of this type may send letters in this service (spec §3.1, letters).
pub fn check_letter_key(principal: &Principal) -> Result<(), SendError> {
    if principal.key_type == KeyType::Team {
        return Err(SendError::Forbidden(
            "Cannot send letters with a team api key".into(),
        ));
    }
    if principal.service.service.trial_mode && principal.key_type != KeyType::Test {
        return Err(SendError::Forbidden(
            "Cannot send letters when service is in trial mode".into(),
        ));
    }
    Ok(())
}
