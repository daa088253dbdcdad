//! `notifyd notifications list` (what was sent) and `notifyd inbound-sms` (record a text
//! received from the public, so received texts can be tested).

use super::{now, CliError, Output};
use crate::clock::format_notify;
use crate::http::v2::notification_json::to_v2;
use crate::keys::KeyType;
use crate::setup::Opened;
use crate::store::finding::Filter;
use crate::store::{self, inbound_sms::InboundSms};
use clap::Subcommand;
use serde::Serialize;
use uuid::Uuid;

/// The number received texts are sent to when the service has no inbound number of its own.
pub const DEFAULT_INBOUND_NUMBER: &str = "07700900000";

#[derive(Debug, Subcommand)]
pub enum NotificationsCommand {
    /// Wait until a matching notification exists and print it (exit 1 at the timeout)
    Wait {
        #[arg(long)]
        service: Uuid,
        #[command(flatten)]
        filter: WaitFilter,
        /// How long to wait, e.g. 5s, 500ms, 2m
        #[arg(long, default_value = "5s", value_parser = parse_timeout)]
        timeout: std::time::Duration,
    },
    /// Delete the service's notifications and received texts (keys, templates and settings stay)
    Clear {
        #[arg(long)]
        service: Uuid,
    },
    /// Print each new notification of the service as it is sent, until interrupted
    Tail {
        #[arg(long)]
        service: Uuid,
    },
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

/// Filters for `notifications wait`.
#[derive(Debug, clap::Args)]
pub struct WaitFilter {
    /// The recipient (compared normalised: +44 7700 900123 matches 07700900123)
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long)]
    pub template_id: Option<Uuid>,
    #[arg(long)]
    pub reference: Option<String>,
    #[arg(long = "key-type", value_parser = ["live", "team", "test"])]
    pub key_type: Option<String>,
    /// A status, or failed / accepted / received
    #[arg(long)]
    pub status: Option<String>,
}

fn parse_timeout(s: &str) -> Result<std::time::Duration, String> {
    crate::clock::parse_duration(s).ok_or_else(|| format!("{s:?} is not a duration like 5s"))
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
    match command {
        NotificationsCommand::List {
            service,
            key_type,
            limit,
        } => list(db, *service, key_type.as_deref(), *limit, out),
        NotificationsCommand::Wait {
            service,
            filter,
            timeout,
        } => super::watch::wait(db, *service, filter, *timeout, out),
        NotificationsCommand::Clear { service } => {
            require_service(db, *service)?;
            let (notifications, texts) = store::notifications::clear(&db.conn, *service)?;
            let json = serde_json::json!({"notifications": notifications, "received_text_messages": texts});
            out.either(&json, None);
            Ok(())
        }
        NotificationsCommand::Tail { service } => super::watch::tail(db, *service, out),
    }
}

fn require_service(db: &Opened, service: Uuid) -> Result<(), CliError> {
    match store::services::get(&db.conn, service)? {
        Some(_) => Ok(()),
        None => Err(CliError(format!("service {service} not found"))),
    }
}

fn list(
    db: &Opened,
    service: Uuid,
    key_type: Option<&str>,
    limit: i64,
    out: &Output,
) -> Result<(), CliError> {
    require_service(db, service)?;
    let filter = Filter {
        service_id: service,
        key_type: key_type.and_then(KeyType::parse),
        limit,
        ..Filter::default()
    };
    let all = store::finding::find(&db.conn, &filter)?;
    if out.is_json() {
        let json: Vec<_> = all.iter().map(|n| to_v2(n, "http://localhost/")).collect();
        out.json(&json);
        return Ok(());
    }
    let rows: Vec<Vec<String>> = all.iter().map(row).collect();
    out.table(&HEADERS, &rows);
    Ok(())
}

pub const HEADERS: [&str; 6] = ["CREATED", "TYPE", "KEY", "STATUS", "TO", "ID"];

/// One notification as a table row.
pub fn row(n: &crate::store::notifications::Notification) -> Vec<String> {
    vec![
        format_notify(n.created_at),
        n.notification_type.as_str().into(),
        n.key_type.as_cli().into(),
        n.status.as_str().into(),
        n.recipient.replace('\n', ", "),
        n.id.to_string(),
    ]
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
    store::inbound_sms::insert(&tx, &message)?;
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
