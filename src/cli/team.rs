//! `notifyd team add` and `notifyd guest-list set|show`.

use super::{now, CliError, Output};
use crate::setup::Opened;
use crate::store::team::{GuestList, TeamMember};
use crate::team;
use clap::Subcommand;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Add (or update) a team member; prints the user id
    Add {
        #[arg(long)]
        service: Uuid,
        #[arg(long)]
        email: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        name: Option<String>,
        /// Comma-separated: manage_api_keys, send_messages, view_activity, manage_service,
        /// manage_templates [default: all of them]
        #[arg(long, value_delimiter = ',')]
        permissions: Option<Vec<String>>,
    },
}

#[derive(Debug, Subcommand)]
pub enum GuestListCommand {
    /// Replace the whole guest list
    Set {
        #[arg(long)]
        service: Uuid,
        #[arg(long = "email")]
        emails: Vec<String>,
        #[arg(long = "phone")]
        phones: Vec<String>,
    },
    /// Show the guest list
    Show {
        #[arg(long)]
        service: Uuid,
    },
}

#[derive(Serialize)]
struct MemberJson<'a> {
    id: String,
    email: &'a str,
    phone: Option<&'a str>,
    name: Option<&'a str>,
    permissions: &'a [String],
}

#[derive(Serialize)]
struct GuestListJson<'a> {
    email_addresses: &'a [String],
    phone_numbers: &'a [String],
}

pub fn run_team(db: &Opened, command: &TeamCommand, out: &Output) -> Result<(), CliError> {
    let TeamCommand::Add {
        service,
        email,
        phone,
        name,
        permissions,
    } = command;
    let member = TeamMember {
        id: Uuid::new_v4(),
        email: email.clone(),
        phone: phone.clone(),
        name: name.clone(),
        permissions: permissions
            .clone()
            .map(|p| {
                p.into_iter()
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_else(team::default_permissions),
    };
    let added = team::add_member(&db.conn, *service, member, now())?;
    let json = MemberJson {
        id: added.id.to_string(),
        email: &added.email,
        phone: added.phone.as_deref(),
        name: added.name.as_deref(),
        permissions: &added.permissions,
    };
    out.either(&json, Some(&json.id));
    Ok(())
}

pub fn run_guest_list(
    db: &Opened,
    command: &GuestListCommand,
    out: &Output,
) -> Result<(), CliError> {
    match command {
        GuestListCommand::Set {
            service,
            emails,
            phones,
        } => {
            let list = GuestList {
                email_addresses: emails.clone(),
                phone_numbers: phones.clone(),
            };
            let saved = team::set_guest_list(&db.conn, *service, &list)?;
            out.either(&to_json(&saved), None);
        }
        GuestListCommand::Show { service } => {
            let list = team::guest_list(&db.conn, *service)?;
            if out.is_json() {
                out.json(&to_json(&list));
            } else {
                for entry in list.email_addresses.iter().chain(&list.phone_numbers) {
                    println!("{entry}");
                }
            }
        }
    }
    Ok(())
}

fn to_json(list: &GuestList) -> GuestListJson<'_> {
    GuestListJson {
        email_addresses: &list.email_addresses,
        phone_numbers: &list.phone_numbers,
    }
}
