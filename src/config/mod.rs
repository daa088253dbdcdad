//! Configuration: built-in defaults < the TOML file < `NOTIFYD_*` environment variables < flags.
//!
//! The file may also declare services with their keys (fixed secrets), team, guest list and
//! templates (fixed ids), which `serve` applies idempotently at start (see `provision`), so an
//! app's test suite can hard-code a key. Unknown fields are errors, so a typo never silently
//! does nothing. `Debug` never shows a secret: they are held as `Secret`.

use crate::callbacks::worker::CallbackSettings;
use crate::http::server::ConnectionLimits;
use crate::notifications::simulate::Timing;
use crate::providers::smtp::SmtpSettings;
use crate::providers::RetryPolicy;
use crate::secrets::Secret;
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod delivery;
mod services;

use delivery::{callback_settings, retry_policy, sms_webhook, smtp_settings};
pub use delivery::{CallbacksSection, DeliverySection, SmsSection, SmtpSection};
pub use services::{
    GuestListConfig, KeyConfig, OutcomeConfig, ServiceConfig, TeamConfig, TemplateConfig,
};

pub const DEFAULT_LISTEN: &str = "127.0.0.1:6011";
pub const DEFAULT_DB: &str = "notifyd.db";

/// The TOML file, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    #[serde(default)]
    pub server: ServerSection,
    #[serde(default)]
    pub simulation: SimulationSection,
    #[serde(default)]
    pub email: EmailSection,
    #[serde(default)]
    pub callbacks: CallbacksSection,
    pub smtp: Option<SmtpSection>,
    #[serde(default)]
    pub sms: SmsSection,
    #[serde(default)]
    pub delivery: DeliverySection,
    #[serde(default)]
    pub services: Vec<ServiceConfig>,
}

/// When simulated statuses happen (test keys, and the sink for live and team keys).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulationSection {
    /// Milliseconds from `created` to `sending` (default 100).
    pub sending_after_ms: Option<u64>,
    /// Milliseconds from `created` to the final status (default 1000).
    pub final_after_ms: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailSection {
    /// The domain of `from_email` (`{service name made safe}@{from_domain}`).
    pub from_domain: Option<String>,
}

/// Notify's `NOTIFY_EMAIL_DOMAIN` in production.
pub const DEFAULT_EMAIL_DOMAIN: &str = "notifications.service.gov.uk";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSection {
    pub listen: Option<String>,
    pub db: Option<PathBuf>,
    pub master_key_file: Option<PathBuf>,
    pub log: Option<String>,
    /// Create the "Local development" service on an empty database (default true).
    pub bootstrap: Option<bool>,
    /// Milliseconds a client may take to send its request headers (and to start the next
    /// request on a kept-alive connection) before it is disconnected (default 10000).
    pub header_timeout_ms: Option<u64>,
    /// Connections served at once; more get 503 and are closed (default 1024).
    pub max_connections: Option<usize>,
    /// The URL people reach notifyd at, when it is not `http://{listen}` (e.g. behind a TLS
    /// proxy). An `https://` URL makes the admin's session cookie `Secure`.
    pub public_url: Option<String>,
}

#[derive(Debug)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Reads and parses a config file.
pub fn load_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError(format!("cannot read config file {}: {e}", path.display())))?;
    parse(&text).map_err(|e| ConfigError(format!("config file {}: {}", path.display(), e.0)))
}

/// Parses config text (one line of error: TOML's message without its source excerpt).
pub fn parse(text: &str) -> Result<FileConfig, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_owned();
        let line = e.span().map(|span| {
            text.as_bytes()[..span.start.min(text.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1
        });
        ConfigError(match line {
            Some(line) => format!("line {line}: {message}"),
            None => message,
        })
    })
}

/// Settings after every source has been applied.
#[derive(Debug)]
pub struct Settings {
    pub listen: String,
    pub db: PathBuf,
    pub master_key_file: Option<PathBuf>,
    pub log: String,
    pub bootstrap: bool,
    pub timing: Timing,
    pub email_domain: String,
    /// `[server] public_url` / `NOTIFYD_PUBLIC_URL`, without a trailing slash.
    pub public_url: Option<String>,
    pub callbacks: CallbackSettings,
    /// The SMTP relay for live and team keys' email (none: the sink).
    pub smtp: Option<SmtpSettings>,
    /// The SMS webhook URL and its bearer token (none: the sink).
    pub sms_webhook: Option<(String, Option<Secret>)>,
    pub retry: RetryPolicy,
    /// `serve --test-clock`: `POST /notifyd/v1/clock` may move notifyd's time.
    pub test_clock: bool,
    pub connections: ConnectionLimits,
    pub file: FileConfig,
}

impl Settings {
    /// Whether people reach notifyd over https (the admin's cookies are then `Secure`).
    pub fn served_over_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.to_ascii_lowercase().starts_with("https://"))
    }

    /// Defaults for a database at `db`, listening on a free loopback port, without the
    /// bootstrap service: what tests and the benchmark start from.
    pub fn for_database(db: PathBuf) -> Settings {
        Settings {
            listen: "127.0.0.1:0".to_owned(),
            db,
            master_key_file: None,
            log: "warn".to_owned(),
            bootstrap: false,
            timing: Timing::default(),
            email_domain: DEFAULT_EMAIL_DOMAIN.to_owned(),
            public_url: None,
            callbacks: CallbackSettings::default(),
            smtp: None,
            sms_webhook: None,
            retry: RetryPolicy::default(),
            test_clock: false,
            connections: ConnectionLimits::default(),
            file: FileConfig::default(),
        }
    }
}

/// What the command line said (flags and the env vars clap reads for them).
#[derive(Debug, Default)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub db: Option<PathBuf>,
    pub listen: Option<String>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Resolves defaults < file < environment < flags.
pub fn resolve(overrides: Overrides) -> Result<Settings, ConfigError> {
    let file = match &overrides.config {
        Some(path) => load_file(path)?,
        None => FileConfig::default(),
    };
    let server = &file.server;
    let listen = overrides
        .listen
        .or_else(|| env("NOTIFYD_LISTEN"))
        .or_else(|| server.listen.clone())
        .unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
    let db = overrides
        .db
        .or_else(|| env("NOTIFYD_DB").map(PathBuf::from))
        .or_else(|| server.db.clone())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DB));
    let master_key_file = env("NOTIFYD_MASTER_KEY_FILE")
        .map(PathBuf::from)
        .or_else(|| server.master_key_file.clone());
    let log = env("NOTIFYD_LOG")
        .or_else(|| server.log.clone())
        .unwrap_or_else(|| "info".to_owned());
    if !matches!(log.as_str(), "error" | "warn" | "info" | "debug" | "trace") {
        return Err(ConfigError(format!(
            "log level {log:?} is not one of error, warn, info, debug, trace"
        )));
    }
    let defaults = Timing::default();
    let ms = |v: Option<u64>, d: Duration| v.map(Duration::from_millis).unwrap_or(d);
    let timing = Timing {
        sending_after: ms(file.simulation.sending_after_ms, defaults.sending_after),
        final_after: ms(file.simulation.final_after_ms, defaults.final_after),
    };
    let public_url = env("NOTIFYD_PUBLIC_URL")
        .or_else(|| server.public_url.clone())
        .map(|u| u.trim_end_matches('/').to_owned());
    let callbacks = callback_settings(&file.callbacks);
    let smtp = file.smtp.as_ref().map(smtp_settings).transpose()?;
    let sms_webhook = sms_webhook(&file.sms)?;
    let retry = retry_policy(&file.delivery);
    Ok(Settings {
        public_url,
        listen,
        db,
        master_key_file,
        log,
        bootstrap: server.bootstrap.unwrap_or(true),
        timing,
        email_domain: file
            .email
            .from_domain
            .clone()
            .unwrap_or_else(|| DEFAULT_EMAIL_DOMAIN.to_owned()),
        callbacks,
        smtp,
        sms_webhook,
        retry,
        test_clock: false,
        connections: ConnectionLimits {
            header_timeout: server
                .header_timeout_ms
                .map(Duration::from_millis)
                .unwrap_or(ConnectionLimits::default().header_timeout),
            max_connections: server
                .max_connections
                .unwrap_or(ConnectionLimits::default().max_connections)
                .max(1),
        },
        file,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_refused_with_a_line_number() {
        let err = parse("[server]\nlisten = \"x\"\nlisen = 1\n").unwrap_err();
        assert!(err.0.starts_with("line 3:"), "{}", err.0);
        assert!(err.0.contains("lisen"), "{}", err.0);
    }

    #[test]
    fn services_parse_and_secrets_stay_hidden() {
        let text = r#"
            [[services]]
            id = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"
            name = "Tests"
            [[services.keys]]
            name = "ci"
            type = "test"
            secret = "11111111-2222-3333-4444-555555555555"
        "#;
        let config = parse(text).unwrap();
        let debug = format!("{config:?}");
        assert!(!debug.contains("11111111"), "{debug}");
        assert_eq!(config.services[0].keys[0].secret.expose().len(), 36);
    }
}
