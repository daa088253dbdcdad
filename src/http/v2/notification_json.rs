//! A notification as `GET /v2/notifications/{id}` shows it (spec §4.7): Notify's
//! `serialize_with_cost_data`, fields in sorted order, letters' statuses shown as
//! `accepted`/`received`, cost data by channel.

use crate::clock::format_notify;
use crate::letters::{rates, timings};
use crate::notifications::Status;
use crate::recipients::notification_address_fields;
use crate::store::notifications::Notification;
use crate::templates::TemplateType;
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Serialize)]
pub struct TemplateRef {
    pub id: String,
    pub uri: String,
    pub version: i64,
}

/// `cost_details`: empty, or the fields for the channel.
#[derive(Serialize, Default)]
pub struct CostDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    billable_sheets_of_paper: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    billable_sms_fragments: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    international_rate_multiplier: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    postage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sms_rate: Option<f64>,
}

#[derive(Serialize)]
pub struct NotificationV2 {
    body: String,
    completed_at: Option<String>,
    cost_details: CostDetails,
    cost_in_pounds: Option<f64>,
    created_at: String,
    created_by_name: Option<String>,
    email_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    estimated_delivery: Option<String>,
    id: String,
    is_cost_data_ready: bool,
    line_1: Option<Value>,
    line_2: Option<Value>,
    line_3: Option<Value>,
    line_4: Option<Value>,
    line_5: Option<Value>,
    line_6: Option<Value>,
    one_click_unsubscribe_url: Option<String>,
    phone_number: Option<String>,
    postage: Option<String>,
    postcode: Option<Value>,
    reference: Option<String>,
    scheduled_for: Option<String>,
    sent_at: Option<String>,
    status: &'static str,
    subject: Option<String>,
    template: TemplateRef,
    #[serde(rename = "type")]
    notification_type: &'static str,
}

/// `(is_cost_data_ready, cost_in_pounds, cost_details)`.
fn cost(n: &Notification) -> (bool, Option<f64>, CostDetails) {
    match n.notification_type {
        TemplateType::Email => (true, Some(0.0), CostDetails::default()),
        TemplateType::Sms if n.status == Status::Created => (false, None, CostDetails::default()),
        TemplateType::Sms => {
            let multiplier = n.rate_multiplier.unwrap_or(1.0);
            let cost = n.billable_units as f64 * multiplier * rates::SMS_RATE;
            let details = CostDetails {
                billable_sms_fragments: Some(n.billable_units),
                international_rate_multiplier: Some(multiplier),
                sms_rate: Some(rates::SMS_RATE),
                ..CostDetails::default()
            };
            (true, Some((cost * 10_000.0).round() / 10_000.0), details)
        }
        TemplateType::Letter => {
            if matches!(n.status, Status::Created | Status::PendingVirusCheck) {
                return (false, None, CostDetails::default());
            }
            let postage = n.postage.clone().unwrap_or_else(|| "second".into());
            let not_sent = matches!(
                n.status,
                Status::ValidationFailed
                    | Status::TechnicalFailure
                    | Status::Cancelled
                    | Status::VirusScanFailed
            );
            let sheets = if not_sent { 0 } else { n.billable_units };
            let cost = if not_sent {
                0.0
            } else {
                rates::letter_rate(&postage, sheets)
            };
            let details = CostDetails {
                billable_sheets_of_paper: Some(sheets),
                postage: Some(postage),
                ..CostDetails::default()
            };
            (true, Some(cost), details)
        }
    }
}

/// Builds the v2 JSON of a notification; `url_root` is `scheme://host/`.
pub fn to_v2(n: &Notification, url_root: &str) -> NotificationV2 {
    let (is_cost_data_ready, cost_in_pounds, cost_details) = cost(n);
    let is_letter = n.notification_type == TemplateType::Letter;
    // Letters show the address values as sent (raw JSON values, keys matched insensitively).
    let personalisation: Map<String, Value> = if is_letter {
        serde_json::from_str(&n.personalisation).unwrap_or_default()
    } else {
        Map::new()
    };
    let address = notification_address_fields(&personalisation);
    let line = |i: usize| address[i].filter(|v| !v.is_null()).cloned();
    NotificationV2 {
        body: n.body.clone(),
        completed_at: n
            .status
            .is_completed()
            .then(|| n.updated_at.map(format_notify))
            .flatten(),
        cost_details,
        cost_in_pounds,
        created_at: format_notify(n.created_at),
        created_by_name: None,
        email_address: (n.notification_type == TemplateType::Email).then(|| n.recipient.clone()),
        estimated_delivery: timings::for_notification(n).map(format_notify),
        id: n.id.to_string(),
        is_cost_data_ready,
        line_1: line(0),
        line_2: line(1),
        line_3: line(2),
        line_4: line(3),
        line_5: line(4),
        line_6: line(5),
        one_click_unsubscribe_url: n.one_click_unsubscribe_url.clone(),
        phone_number: (n.notification_type == TemplateType::Sms).then(|| n.recipient.clone()),
        postage: n.postage.clone(),
        postcode: line(6),
        reference: n.client_reference.clone(),
        scheduled_for: None,
        sent_at: n.sent_at.map(format_notify),
        status: if is_letter {
            n.status.for_letter()
        } else {
            n.status.as_str()
        },
        subject: n.subject.clone(),
        template: TemplateRef {
            id: n.template_id.to_string(),
            uri: format!(
                "{url_root}v2/template/{}/version/{}",
                n.template_id, n.template_version
            ),
            version: n.template_version,
        },
        notification_type: n.notification_type.as_str(),
    }
}
