//! `notifyd callback set|remove|list|attempts`: a service's delivery-status and received-text
//! callbacks. The bearer token is never printed back: it shows as `bearer_token_set`.

use super::{now, CliError, Output};
use crate::callbacks::{self, CallbackType, NewCallback, DUMMY_BEARER_TOKEN};
use crate::clock::format_notify;
use crate::config::Settings;
use crate::secrets::Secret;
use crate::setup::Opened;
use crate::store::{self, callbacks::CallbackConfig};
use clap::Subcommand;
use serde::Serialize;
use uuid::Uuid;

const TYPES: [&str; 2] = ["delivery-status", "inbound-sms"];

#[derive(Debug, Subcommand)]
pub enum CallbackCommand {
    /// Set (or replace) a callback
    Set {
        #[arg(long)]
        service: Uuid,
        #[arg(long = "type", value_parser = TYPES)]
        callback_type: String,
        #[arg(long)]
        url: String,
        /// At least 10 characters; sent as `Authorization: Bearer <token>`
        #[arg(long)]
        bearer_token: String,
    },
    /// Remove a callback
    Remove {
        #[arg(long)]
        service: Uuid,
        #[arg(long = "type", value_parser = TYPES)]
        callback_type: String,
    },
    /// Show a service's callbacks
    List {
        #[arg(long)]
        service: Uuid,
    },
    /// Show the attempts made, newest first
    Attempts {
        #[arg(long)]
        service: Uuid,
        /// Only those about this notification (or received text)
        #[arg(long)]
        notification: Option<Uuid>,
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(i64).range(1..=100_000))]
        limit: i64,
    },
}

#[derive(Serialize)]
struct CallbackJson<'a> {
    service_id: String,
    #[serde(rename = "type")]
    callback_type: &'static str,
    url: &'a str,
    bearer_token: &'static str,
    created_at: String,
    updated_at: Option<String>,
}

fn to_json(c: &CallbackConfig) -> CallbackJson<'_> {
    CallbackJson {
        service_id: c.service_id.to_string(),
        callback_type: c.callback_type.as_cli(),
        url: &c.url,
        bearer_token: DUMMY_BEARER_TOKEN,
        created_at: format_notify(c.created_at),
        updated_at: c.updated_at.map(format_notify),
    }
}

fn kind(s: &str) -> CallbackType {
    CallbackType::parse(s).unwrap_or(CallbackType::DeliveryStatus)
}

pub fn run(
    db: &Opened,
    settings: &Settings,
    command: &CallbackCommand,
    out: &Output,
) -> Result<(), CliError> {
    match command {
        CallbackCommand::Set {
            service,
            callback_type,
            url,
            bearer_token,
        } => {
            let token = Secret::new(bearer_token.clone());
            let new = NewCallback {
                service_id: *service,
                kind: kind(callback_type),
                url,
                bearer_token: &token,
            };
            let config =
                callbacks::set(&db.conn, &db.master, new, &settings.callbacks.rules, now())?;
            out.either(&to_json(&config), None);
        }
        CallbackCommand::Remove {
            service,
            callback_type,
        } => {
            if !callbacks::remove(&db.conn, *service, kind(callback_type))? {
                return Err(CliError(format!(
                    "service {service} has no {callback_type} callback"
                )));
            }
            out.either(&serde_json::json!({"removed": true}), None);
        }
        CallbackCommand::List { service } => {
            let all = store::callbacks::for_service(&db.conn, *service)?;
            if out.is_json() {
                out.json(&all.iter().map(to_json).collect::<Vec<_>>());
            } else {
                let rows: Vec<Vec<String>> = all
                    .iter()
                    .map(|c| {
                        vec![
                            c.callback_type.as_cli().into(),
                            c.url.clone(),
                            DUMMY_BEARER_TOKEN.into(),
                        ]
                    })
                    .collect();
                out.table(&["TYPE", "URL", "BEARER TOKEN"], &rows);
            }
        }
        CallbackCommand::Attempts {
            service,
            notification,
            limit,
        } => attempts(db, *service, *notification, *limit, out)?,
    }
    Ok(())
}

fn attempts(
    db: &Opened,
    service: Uuid,
    notification: Option<Uuid>,
    limit: i64,
    out: &Output,
) -> Result<(), CliError> {
    let subject = notification.map(|n| n.to_string());
    let all = store::callbacks::attempts(&db.conn, service, subject.as_deref(), limit)?;
    #[derive(Serialize)]
    struct AttemptJson<'a> {
        notification_id: &'a str,
        url: &'a str,
        attempted_at: String,
        duration_ms: i64,
        http_status: Option<u16>,
        error: Option<&'a str>,
    }
    if out.is_json() {
        let json: Vec<AttemptJson> = all
            .iter()
            .map(|a| AttemptJson {
                notification_id: &a.subject_id,
                url: &a.url,
                attempted_at: format_notify(a.attempted_at),
                duration_ms: a.duration_ms,
                http_status: a.http_status,
                error: a.error.as_deref(),
            })
            .collect();
        out.json(&json);
        return Ok(());
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|a| {
            vec![
                format_notify(a.attempted_at),
                a.subject_id.clone(),
                a.http_status
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "-".into()),
                format!("{} ms", a.duration_ms),
                a.error.clone().unwrap_or_default(),
            ]
        })
        .collect();
    out.table(
        &["ATTEMPTED", "NOTIFICATION", "STATUS", "TOOK", "ERROR"],
        &rows,
    );
    Ok(())
}
