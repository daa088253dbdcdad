//! `notifyd service create|set|list`.

use super::{now, CliError, Output};
use crate::clock::format_notify;
use crate::setup::Opened;
use crate::store::services::{Limits, Service};
use crate::store::{self};
use clap::Subcommand;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Subcommand)]
pub enum ServiceCommand {
    /// Create a service (in trial mode unless --live); prints its id
    Create {
        #[arg(long)]
        name: String,
        /// Create it live (not in trial mode)
        #[arg(long)]
        live: bool,
        /// Use this id instead of a new one
        #[arg(long)]
        id: Option<Uuid>,
    },
    /// Change a service's mode, limits or state
    Set(SetArgs),
    /// List services
    List,
}

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    pub id: Uuid,
    #[arg(long, value_parser = ["on", "off"])]
    pub trial_mode: Option<String>,
    /// Requests per 60 seconds, per key type
    #[arg(long, value_parser = clap::value_parser!(i64).range(0..))]
    pub rate_limit: Option<i64>,
    /// Sets the sms, email and letter daily limits at once
    #[arg(long, value_parser = clap::value_parser!(i64).range(0..))]
    pub message_limit: Option<i64>,
    #[arg(long, value_parser = clap::value_parser!(i64).range(0..))]
    pub sms_limit: Option<i64>,
    #[arg(long, value_parser = clap::value_parser!(i64).range(0..))]
    pub email_limit: Option<i64>,
    #[arg(long, value_parser = clap::value_parser!(i64).range(0..))]
    pub letter_limit: Option<i64>,
    #[arg(long, value_parser = clap::value_parser!(i64).range(0..))]
    pub international_sms_limit: Option<i64>,
    /// Archive the service: its keys stop working
    #[arg(long)]
    pub archive: bool,
}

/// A service with its limits, as `--json` prints it.
#[derive(Serialize)]
pub struct ServiceJson {
    id: String,
    name: String,
    trial_mode: bool,
    active: bool,
    rate_limit: i64,
    sms_limit: i64,
    email_limit: i64,
    letter_limit: i64,
    international_sms_limit: i64,
    permissions: Vec<String>,
    created_at: String,
}

impl From<&Service> for ServiceJson {
    fn from(s: &Service) -> ServiceJson {
        ServiceJson {
            id: s.id.to_string(),
            name: s.name.clone(),
            trial_mode: s.trial_mode,
            active: s.active,
            rate_limit: s.limits.rate_limit,
            sms_limit: s.limits.sms,
            email_limit: s.limits.email,
            letter_limit: s.limits.letter,
            international_sms_limit: s.limits.international_sms,
            permissions: s.permissions.clone(),
            created_at: format_notify(s.created_at),
        }
    }
}

pub fn run(db: &Opened, command: &ServiceCommand, out: &Output) -> Result<(), CliError> {
    match command {
        ServiceCommand::Create { name, live, id } => create(db, name, *live, *id, out),
        ServiceCommand::Set(args) => set(db, args, out),
        ServiceCommand::List => list(db, out),
    }
}

fn create(
    db: &Opened,
    name: &str,
    live: bool,
    id: Option<Uuid>,
    out: &Output,
) -> Result<(), CliError> {
    if name.trim().is_empty() {
        return Err(CliError("a service needs a name".into()));
    }
    let service = Service::new(id.unwrap_or_else(Uuid::new_v4), name, !live, now());
    store::services::insert(&db.conn, &service)?;
    #[derive(Serialize)]
    struct Created<'a> {
        id: String,
        name: &'a str,
        trial_mode: bool,
        active: bool,
    }
    let created = Created {
        id: service.id.to_string(),
        name: &service.name,
        trial_mode: service.trial_mode,
        active: service.active,
    };
    out.either(&created, Some(&created.id));
    Ok(())
}

fn set(db: &Opened, args: &SetArgs, out: &Output) -> Result<(), CliError> {
    let mut service = store::services::get(&db.conn, args.id)?
        .ok_or_else(|| CliError(format!("service {} not found", args.id)))?;
    if let Some(mode) = &args.trial_mode {
        let trial = mode == "on";
        // Going live (or back to trial) brings Notify's limits for the new mode, unless the
        // limits had been changed by hand.
        if trial != service.trial_mode && service.limits == Limits::defaults(service.trial_mode) {
            service.limits = Limits::defaults(trial);
        }
        service.trial_mode = trial;
    }
    let l = &mut service.limits;
    let message = args.message_limit;
    for (value, field) in [
        (args.rate_limit, &mut l.rate_limit),
        (args.sms_limit.or(message), &mut l.sms),
        (args.email_limit.or(message), &mut l.email),
        (args.letter_limit.or(message), &mut l.letter),
        (args.international_sms_limit, &mut l.international_sms),
    ] {
        if let Some(value) = value {
            *field = value;
        }
    }
    if args.archive {
        service.active = false;
    }
    store::services::update(&db.conn, &service, now())?;
    out.either(&ServiceJson::from(&service), None);
    Ok(())
}

fn list(db: &Opened, out: &Output) -> Result<(), CliError> {
    let services = store::services::list(&db.conn)?;
    if out.is_json() {
        out.json(&services.iter().map(ServiceJson::from).collect::<Vec<_>>());
        return Ok(());
    }
    let rows: Vec<Vec<String>> = services
        .iter()
        .map(|s| {
            vec![
                s.id.to_string(),
                s.name.clone(),
                if s.trial_mode { "trial" } else { "live" }.into(),
                if s.active { "active" } else { "archived" }.into(),
                format!(
                    "sms {} / email {} / letter {} / intl sms {} a day; {} req/min",
                    s.limits.sms,
                    s.limits.email,
                    s.limits.letter,
                    s.limits.international_sms,
                    s.limits.rate_limit
                ),
            ]
        })
        .collect();
    out.table(&["ID", "NAME", "MODE", "STATE", "LIMITS"], &rows);
    Ok(())
}
