//! Text messages to a webhook: the rendered message is POSTed as JSON to a configured URL
//! (with an optional bearer token), so a team can connect its own SMS gateway. 2xx is
//! `delivered`; 5xx, 429 and connection failures are retried; other answers are permanent.

use super::Outcome;
use crate::callbacks::{outbound, UrlRules};
use crate::clock::format_notify;
use crate::secrets::Secret;
use crate::store::notifications::Notification;
use serde::Serialize;
use std::time::Duration;

#[derive(Debug)]
pub struct SmsWebhook {
    pub url: String,
    pub bearer_token: Option<Secret>,
    pub rules: UrlRules,
    pub timeout: Duration,
}

#[derive(Serialize)]
struct Message<'a> {
    id: String,
    to: &'a str,
    normalised_to: &'a str,
    from: Option<&'a str>,
    body: &'a str,
    reference: Option<&'a str>,
    created_at: String,
}

impl SmsWebhook {
    pub async fn send(&self, n: &Notification) -> Outcome {
        let message = Message {
            id: n.id.to_string(),
            to: &n.recipient,
            normalised_to: &n.normalised_to,
            from: n.reply_to_text.as_deref(),
            body: &n.body,
            reference: n.client_reference.as_deref(),
            created_at: format_notify(n.created_at),
        };
        let body = bytes::Bytes::from(serde_json::to_vec(&message).unwrap_or_default());
        let token = self.bearer_token.as_ref().map(Secret::expose);
        let result = outbound::post_json(&self.url, token, body, &self.rules, self.timeout).await;
        if result.is_success() {
            Outcome::Delivered
        } else {
            let what = match (&result.status, &result.error) {
                (Some(status), _) => format!("the SMS webhook answered {status}"),
                (None, Some(error)) => format!("the SMS webhook: {error}"),
                (None, None) => "the SMS webhook failed".to_owned(),
            };
            if result.is_retryable() {
                Outcome::Temporary(what)
            } else {
                Outcome::Permanent(what)
            }
        }
    }
}
