//! Handing a live or team key's notification to its real provider (the SMTP relay for email,
//! the SMS webhook), and turning the provider's answer into a status: `delivered`,
//! `permanent-failure`, or a retry with backoff until the retry window closes, then
//! `temporary-failure`.

use super::delivery::{apply, Action, Context, Step};
use super::Status;
use crate::keys::make_string_safe;
use crate::providers::smtp::Email;
use crate::providers::Outcome;
use crate::store::{self, notifications::Notification};
use crate::templates::{self, TemplateType};
use std::sync::Arc;
use tokio::time::Instant;

/// Delivers notification `pk` (attempt 0 is the first) and records the result.
pub(super) async fn deliver(context: Arc<Context>, pk: i64, attempt: u32) {
    let found = context
        .store
        .read(move |c| store::notifications::get_by_pk(c, pk))
        .await;
    let n = match found {
        Ok(Some(n)) if n.status.is_in_flight() => n,
        Ok(_) => return,
        Err(e) => {
            tracing::error!("cannot read notification {pk} to deliver it: {e}");
            return;
        }
    };
    let outcome = match n.notification_type {
        TemplateType::Email => send_email(&context, &n).await,
        TemplateType::Sms => match &context.settings.providers.sms {
            Some(webhook) => webhook.send(&n).await,
            None => Outcome::Delivered,
        },
        TemplateType::Letter => Outcome::Delivered,
    };
    let status = match outcome {
        Outcome::Delivered => Status::Delivered,
        Outcome::Permanent(reason) => {
            tracing::info!("notification {} refused for good: {reason}", n.id);
            Status::PermanentFailure
        }
        Outcome::Temporary(reason) => {
            let retry = context.settings.providers.retry;
            let age = context.clock.now_us() - n.created_at;
            if age < retry.window.as_micros() as i64 {
                let wait = retry.backoff(attempt + 1);
                tracing::info!(
                    "notification {} not delivered yet ({reason}); retrying in {wait:?}",
                    n.id
                );
                let _ = context.steps.send(Step {
                    due: Instant::now() + wait,
                    pk: n.pk,
                    id: n.id,
                    service_id: n.service_id,
                    action: Action::Deliver {
                        attempt: attempt + 1,
                    },
                });
                return;
            }
            tracing::info!("notification {} timed out undelivered: {reason}", n.id);
            Status::TemporaryFailure
        }
    };
    apply(&context, vec![(n.pk, n.id, n.service_id, status)]).await;
}

async fn send_email(context: &Context, n: &Notification) -> Outcome {
    let Some(relay) = context.settings.providers.email.clone() else {
        return Outcome::Delivered;
    };
    match compose(context, n).await {
        Ok(email) => relay.send(&email).await,
        Err(e) => Outcome::Temporary(e),
    }
}

/// The email for a notification: the body as sent for the plain-text part, the template
/// version it was sent with rendered to HTML for the other.
async fn compose(context: &Context, n: &Notification) -> Result<Email, String> {
    let (service_id, template_id, version) = (n.service_id, n.template_id, n.template_version);
    let found = context
        .store
        .read(move |c| {
            let service = store::services::get(c, service_id)?;
            let template = store::templates::get_version(c, service_id, template_id, version)?;
            Ok((service, template))
        })
        .await
        .map_err(|e| e.to_string())?;
    let (Some(service), Some(template)) = found else {
        return Err("the service or template is gone".into());
    };
    let personalisation: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&n.personalisation).unwrap_or_default();
    let fragment =
        templates::email_html(&template.body, &personalisation).map_err(|e| e.message())?;
    let subject = n.subject.clone().unwrap_or_default();
    Ok(Email {
        message_id: format!("<{}@notifyd>", n.id),
        from_address: format!(
            "{}@{}",
            make_string_safe(&service.name, '.'),
            context.settings.email_domain
        ),
        html: templates::email_document(&subject, &fragment, &service.name),
        from_name: service.name,
        reply_to: n.reply_to_text.clone(),
        to: n.recipient.clone(),
        subject,
        text: n.body.clone(),
    })
}
