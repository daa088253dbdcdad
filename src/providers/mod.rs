//! Providers: who actually delivers what live and team keys send.
//!
//! - Email goes through the SMTP relay named in `[smtp]` (`smtp`), as a MIME message with a
//!   plain-text part and the HTML rendering; without one, through the sink.
//! - Text messages have no real network here: the sink, or a `webhook` that POSTs the rendered
//!   message as JSON to a URL, so a team can wire its own SMS gateway.
//! - Letters: the sink.
//!
//! The sink delivers everything (the status moves to `delivered` / `received`). A provider's
//! answer is an `Outcome`: delivered, refused for good, or refused for now (retried with
//! backoff until the retry window closes, then `temporary-failure`).

pub mod smtp;
pub mod webhook;

use crate::store::notifications::Notification;
use crate::templates::TemplateType;
use std::sync::Arc;
use std::time::Duration;

/// What a provider said about one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Refused for good: `permanent-failure`.
    Permanent(String),
    /// Refused for now (4xx, connection failure): try again later.
    Temporary(String),
}

/// How long temporary refusals are retried, and how far apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// After this long since the notification was created, it ends `temporary-failure`
    /// (Notify: 72 hours).
    pub window: Duration,
    /// The first wait; each retry doubles it, up to `max_backoff`.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            window: Duration::from_secs(72 * 3600),
            first_backoff: Duration::from_secs(30),
            max_backoff: Duration::from_secs(3600),
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt number `attempt` (1 is the first retry).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(20));
        self.first_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

/// The providers configured for this server.
#[derive(Clone, Default)]
pub struct Providers {
    pub email: Option<Arc<smtp::SmtpRelay>>,
    pub sms: Option<Arc<webhook::SmsWebhook>>,
    pub retry: RetryPolicy,
}

impl Providers {
    /// The providers the settings name (the SMTP relay is checked here, at start).
    pub fn from_settings(settings: &crate::config::Settings) -> Result<Providers, String> {
        let email = match &settings.smtp {
            Some(smtp) => Some(Arc::new(smtp::SmtpRelay::new(smtp)?)),
            None => None,
        };
        let sms = settings.sms_webhook.as_ref().map(|(url, token)| {
            Arc::new(webhook::SmsWebhook {
                url: url.clone(),
                bearer_token: token.clone(),
                rules: settings.callbacks.rules.clone(),
                timeout: settings.callbacks.timeout,
            })
        });
        Ok(Providers {
            email,
            sms,
            retry: settings.retry,
        })
    }

    /// Whether a real provider (not the sink) takes this notification.
    pub fn handles(&self, n: &Notification) -> bool {
        if n.key_type == crate::keys::KeyType::Test {
            return false;
        }
        match n.notification_type {
            TemplateType::Email => self.email.is_some(),
            TemplateType::Sms => self.sms.is_some(),
            TemplateType::Letter => false,
        }
    }
}
