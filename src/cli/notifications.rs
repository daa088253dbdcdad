//! `notifyd notifications list` (what was sent) and `notifyd inbound-sms` (record a text
//! received from the public, so received texts can be tested).

use super::{now, CliError, Output};
use crate::clock::format_notify;
use crate::http::v2::notification_json::to_v2;
use crate::keys::KeyType;
use crate::setup::Opened;
use crate::store::{self, notifications::InboundSms, notifications::ListQuery};
use clap::Subcommand;
use serde::Serialize;
use uuid::Uuid;

/// The number received texts are sent to when the service has no inbound number of its own.
pub const DEFAULT_INBOUND_NUMBER: &str = "07700900000";

#[derive(Debug, Subcommand)]
pub enum NotificationsCommand {
    /// List a service's notifications, newest first
    List {
        #[arg(long)]
        service: Uuid,
        /// Only those sent with this type of key
        #[arg(long = "key-type", value_parser = ["live", "team", "test"])]
        key_type: Option<String>,
        /// How many to show
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(i64).range(1..=10_000))]
        limit: i64,
    },
}

#[derive(Debug, clap::Args)]
pub struct InboundSmsArgs {
    #[arg(long)]
    pub service: Uuid,
    /// The sender's phone number
    #[arg(long)]
    pub from: String,
    #[arg(long)]
    pub text: String,
    /// The service's number it was sent to [default: the service's inbound number]
    #[arg(long)]
    pub to: Option<String>,
}

pub fn run(db: &Opened, command: &NotificationsCommand, out: &Output) -> Result<(), CliError> {
    let NotificationsCommand::List {
        service,
        key_type,
        limit,
    } = command;
    if store::services::get(&db.conn, *service)?.is_none() {
        return Err(CliError(format!("service {service} not found")));
    }
    let key_types: Vec<KeyType> = match key_type.as_deref().and_then(KeyType::parse) {
        Some(k) => vec![k],
        None => vec![KeyType::Live, KeyType::Team, KeyType::Test],
    };
    let mut all = Vec::new();
    for key_type in key_types {
        let query = ListQuery {
            service_id: *service,
            key_type,
            types: Vec::new(),
            statuses: None,
            reference: None,
            older_than: None,
            limit: *limit,
        };
        all.extend(store::notifications::list(&db.conn, &query)?);
    }
    all.sort_by_key(|n| std::cmp::Reverse((n.created_at, n.pk)));
    all.truncate(*limit as usize);
    if out.is_json() {
        let json: Vec<_> = all.iter().map(|n| to_v2(n, "http://localhost/")).collect();
        out.json(&json);
        return Ok(());
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|n| {
            vec![
                format_notify(n.created_at),
                n.notification_type.as_str().into(),
                n.key_type.as_cli().into(),
                n.status.as_str().into(),
                n.recipient.replace('\n', ", "),
                n.id.to_string(),
            ]
        })
        .collect();
    out.table(&["CREATED", "TYPE", "KEY", "STATUS", "TO", "ID"], &rows);
    Ok(())
}

pub fn record_inbound(db: &Opened, args: &InboundSmsArgs, out: &Output) -> Result<(), CliError> {
    let service = store::services::get(&db.conn, args.service)?
        .ok_or_else(|| CliError(format!("service {} not found", args.service)))?;
    let from = crate::recipients::parse(&args.from)
        .map_err(|e| CliError(format!("{} is not a valid phone number: {e}", args.from)))?;
    let message = InboundSms {
        pk: 0,
        id: Uuid::new_v4(),
        service_id: service.id,
        notify_number: args
            .to
            .clone()
            .or(service.inbound_number)
            .unwrap_or_else(|| DEFAULT_INBOUND_NUMBER.to_owned()),
        user_number: from.normalised().to_owned(),
        content: args.text.clone(),
        created_at: now(),
    };
    let tx = db.conn.unchecked_transaction()?;
    store::notifications::insert_inbound(&tx, &message)?;
    crate::callbacks::outbox::enqueue_inbound(&tx, &message, message.created_at)?;
    tx.commit()?;
    #[derive(Serialize)]
    struct Recorded<'a> {
        id: String,
        created_at: String,
        service_id: String,
        notify_number: &'a str,
        user_number: &'a str,
        content: &'a str,
    }
    let json = Recorded {
        id: message.id.to_string(),
        created_at: format_notify(message.created_at),
        service_id: message.service_id.to_string(),
        notify_number: &message.notify_number,
        user_number: &message.user_number,
        content: &message.content,
    };
    out.either(&json, Some(&json.id));
    Ok(())
}
