//! `notifyd team add|set-password` and `notifyd guest-list set|show`.

use super::{now, CliError, Output};
use crate::admin::password;
use crate::setup::Opened;
use crate::store::team::{GuestList, TeamMember};
use crate::team;
use clap::Subcommand;
use serde::Serialize;
use std::io::Read;
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
    /// Set a team member's password for the admin pages; prints nothing
    SetPassword {
        #[arg(long)]
        service: Uuid,
        #[arg(long)]
        email: String,
        /// Read the password from standard input (one trailing newline is dropped)
        #[arg(long, required = true)]
        password_stdin: bool,
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
    let (service, email, phone, name, permissions) = match command {
        TeamCommand::Add {
            service,
            email,
            phone,
            name,
            permissions,
        } => (service, email, phone, name, permissions),
        TeamCommand::SetPassword { service, email, .. } => {
            return set_password(db, *service, email, out)
        }
    };
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

/// `team set-password`: the password comes from standard input, never from an argument.
fn set_password(db: &Opened, service: Uuid, email: &str, out: &Output) -> Result<(), CliError> {
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .map_err(|e| CliError(format!("cannot read the password from standard input: {e}")))?;
    let password = password
        .strip_suffix('\n')
        .map(|p| p.strip_suffix('\r').unwrap_or(p))
        .unwrap_or(&password);
    let user = password::set_password(&db.conn, service, email, password)?;
    #[derive(Serialize)]
    struct UserJson<'a> {
        id: String,
        email: &'a str,
    }
    let json = UserJson {
        id: user.id.to_string(),
        email: &user.email,
    };
    out.either(&json, None);
    Ok(())
}

fn to_json(list: &GuestList) -> GuestListJson<'_> {
    GuestListJson {
        email_addresses: &list.email_addresses,
        phone_numbers: &list.phone_numbers,
    }
}
