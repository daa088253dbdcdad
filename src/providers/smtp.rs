//! Real email through an SMTP relay (lettre with rustls): a MIME message with a plain-text
//! part (the rendered body) and the HTML rendering of the template, from the service's sender
//! address. The relay's answer decides the status: accepted → `delivered`, a permanent (5xx)
//! refusal → `permanent-failure`, anything temporary (4xx, no connection) → retried.

use super::Outcome;
use crate::secrets::Secret;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::fmt;
use std::time::Duration;

/// How to reach the relay (the `[smtp]` config section, resolved).
#[derive(Clone, Debug)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    /// `starttls` (required), `tls` (implicit, e.g. port 465) or `none`.
    pub security: Security,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub timeout: Duration,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    StartTls,
    Tls,
    None,
}

impl Security {
    pub fn parse(s: &str) -> Option<Security> {
        match s {
            "starttls" => Some(Security::StartTls),
            "tls" => Some(Security::Tls),
            "none" => Some(Security::None),
            _ => None,
        }
    }
}

/// One email, ready to hand to the relay.
pub struct Email {
    pub message_id: String,
    pub from_name: String,
    pub from_address: String,
    pub reply_to: Option<String>,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub struct SmtpRelay {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    host: String,
}

impl fmt::Debug for SmtpRelay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpRelay")
            .field("host", &self.host)
            .finish_non_exhaustive()
    }
}

impl SmtpRelay {
    pub fn new(settings: &SmtpSettings) -> Result<SmtpRelay, String> {
        let tls = match settings.security {
            Security::None => Tls::None,
            Security::StartTls | Security::Tls => {
                let params = TlsParameters::new_rustls(settings.host.clone())
                    .map_err(|e| format!("smtp: TLS for {}: {e}", settings.host))?;
                if settings.security == Security::Tls {
                    Tls::Wrapper(params)
                } else {
                    Tls::Required(params)
                }
            }
        };
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(settings.host.clone())
                .port(settings.port)
                .tls(tls)
                .timeout(Some(settings.timeout));
        if let (Some(user), Some(password)) = (&settings.username, &settings.password) {
            builder =
                builder.credentials(Credentials::new(user.clone(), password.expose().to_owned()));
        }
        Ok(SmtpRelay {
            transport: builder.build(),
            host: settings.host.clone(),
        })
    }

    fn message(email: &Email) -> Result<Message, String> {
        let mailbox = |name: Option<&str>, address: &str| -> Result<Mailbox, String> {
            let address = address
                .parse()
                .map_err(|e| format!("{address} is not an address the relay can take: {e}"))?;
            Ok(Mailbox::new(name.map(str::to_owned), address))
        };
        let mut builder = Message::builder()
            .message_id(Some(email.message_id.clone()))
            .from(mailbox(Some(&email.from_name), &email.from_address)?)
            .to(mailbox(None, &email.to)?)
            .subject(email.subject.clone());
        if let Some(reply_to) = &email.reply_to {
            builder = builder.reply_to(mailbox(None, reply_to)?);
        }
        let body = MultiPart::alternative()
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(email.text.clone()),
            )
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .body(email.html.clone()),
            );
        builder.multipart(body).map_err(|e| e.to_string())
    }

    /// Hands one email to the relay and reports what it said.
    pub async fn send(&self, email: &Email) -> Outcome {
        let message = match SmtpRelay::message(email) {
            Ok(message) => message,
            Err(e) => return Outcome::Permanent(e),
        };
        match self.transport.send(message).await {
            Ok(_) => Outcome::Delivered,
            Err(e) if e.is_permanent() => {
                Outcome::Permanent(format!("{} refused it: {e}", self.host))
            }
            Err(e) => Outcome::Temporary(format!("{}: {e}", self.host)),
        }
    }
}
