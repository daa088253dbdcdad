//! Putting callbacks in the outbox: the JSON bodies of spec §6.1 (delivery status) and §6.2
//! (received text), written in the same transaction as the change they report, so a callback
//! is never lost and never made for a change that was rolled back.

use super::CallbackType;
use crate::clock::{format_notify, Micros};
use crate::notifications::Status;
use crate::store::inbound_sms::InboundSms;
use crate::store::notifications::Notification;
use crate::store::{self, callbacks::Callback, Result};
use crate::templates::TemplateType;
use rusqlite::Connection;
use serde::Serialize;
use uuid::Uuid;

/// §6.1, fields in the order Notify sends them.
#[derive(Serialize)]
struct DeliveryStatus<'a> {
    id: String,
    reference: Option<&'a str>,
    to: &'a str,
    status: &'a str,
    created_at: String,
    completed_at: Option<String>,
    sent_at: Option<String>,
    notification_type: &'a str,
    template_id: String,
    template_version: i64,
}

/// §6.2.
#[derive(Serialize)]
struct Inbound<'a> {
    id: String,
    source_number: &'a str,
    destination_number: &'a str,
    message: &'a str,
    date_received: String,
}

pub fn delivery_status_body(n: &Notification) -> String {
    let body = DeliveryStatus {
        id: n.id.to_string(),
        reference: n.client_reference.as_deref(),
        to: &n.recipient,
        status: n.status.as_str(),
        created_at: format_notify(n.created_at),
        completed_at: n.updated_at.map(format_notify),
        sent_at: n.sent_at.map(format_notify),
        notification_type: n.notification_type.as_str(),
        template_id: n.template_id.to_string(),
        template_version: n.template_version,
    };
    serde_json::to_string(&body).unwrap_or_default()
}

pub fn inbound_body(m: &InboundSms) -> String {
    let body = Inbound {
        id: m.id.to_string(),
        source_number: &m.user_number,
        destination_number: &m.notify_number,
        message: &m.content,
        date_received: format_notify(m.created_at),
    };
    serde_json::to_string(&body).unwrap_or_default()
}

/// Whether Notify calls back when a notification of this type reaches `status` (not for
/// `created`/`sending`/`pending`, nor for letters).
pub fn calls_back(kind: TemplateType, status: Status) -> bool {
    kind != TemplateType::Letter && status.calls_back()
}

/// Queues the delivery-status callback for notification `pk` (just moved to `status`) if its
/// service has one. Returns whether one was queued. Cheap when there is nothing to do: the
/// status and the service's callback are checked before the notification is read.
pub fn enqueue_delivery_status(
    conn: &Connection,
    service_id: Uuid,
    pk: i64,
    status: Status,
    now: Micros,
) -> Result<bool> {
    if !status.calls_back()
        || store::callbacks::get(conn, service_id, CallbackType::DeliveryStatus)?.is_none()
    {
        return Ok(false);
    }
    let Some(n) = store::notifications::get_by_pk(conn, pk)? else {
        return Ok(false);
    };
    if !calls_back(n.notification_type, n.status) {
        return Ok(false);
    }
    let callback = Callback {
        pk: 0,
        service_id: n.service_id,
        callback_type: CallbackType::DeliveryStatus,
        subject_id: n.id.to_string(),
        payload: delivery_status_body(&n),
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
    };
    store::callbacks::enqueue(conn, &callback)?;
    Ok(true)
}

/// Queues the received-text callback for `message` if its service has one.
pub fn enqueue_inbound(conn: &Connection, message: &InboundSms, now: Micros) -> Result<bool> {
    if store::callbacks::get(conn, message.service_id, CallbackType::InboundSms)?.is_none() {
        return Ok(false);
    }
    let callback = Callback {
        pk: 0,
        service_id: message.service_id,
        callback_type: CallbackType::InboundSms,
        subject_id: message.id.to_string(),
        payload: inbound_body(message),
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
    };
    store::callbacks::enqueue(conn, &callback)?;
    Ok(true)
}
