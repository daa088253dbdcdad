//! `notifyd keys create|list|revoke|regenerate`. The full key is printed once, by create and
//! regenerate; list shows only an 8-character prefix.

use super::{now, CliError, Output};
use crate::clock::format_notify;
use crate::keys::{self, KeyInfo, KeySpec, KeyType, NewKey};
use crate::setup::Opened;
use clap::Subcommand;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create a key; prints the full key, once
    Create {
        #[arg(long)]
        service: Uuid,
        #[arg(long)]
        name: String,
        #[arg(long = "type", value_parser = ["live", "team", "test"])]
        key_type: String,
    },
    /// List a service's keys (never their secrets)
    List {
        #[arg(long)]
        service: Uuid,
    },
    /// Revoke a key: it is refused from the next request
    Revoke {
        #[arg(long)]
        service: Uuid,
        key_id: Uuid,
    },
    /// Give a key a new secret; prints the new full key, once
    Regenerate {
        #[arg(long)]
        service: Uuid,
        key_id: Uuid,
    },
}

#[derive(Serialize)]
struct NewKeyJson {
    id: String,
    name: String,
    key_type: &'static str,
    key: String,
    service_id: String,
    created_at: String,
}

impl From<&NewKey> for NewKeyJson {
    fn from(k: &NewKey) -> NewKeyJson {
        NewKeyJson {
            id: k.id.to_string(),
            name: k.name.clone(),
            key_type: k.key_type.as_cli(),
            key: k.full_key.expose().to_owned(),
            service_id: k.service_id.to_string(),
            created_at: format_notify(k.created_at),
        }
    }
}

#[derive(Serialize)]
struct KeyJson {
    id: String,
    name: String,
    key_type: &'static str,
    created_at: String,
    revoked_at: Option<String>,
    last_used_at: Option<String>,
    prefix: String,
}

impl From<&KeyInfo> for KeyJson {
    fn from(k: &KeyInfo) -> KeyJson {
        KeyJson {
            id: k.id.to_string(),
            name: k.name.clone(),
            key_type: k.key_type.as_cli(),
            created_at: format_notify(k.created_at),
            revoked_at: k.revoked_at.map(format_notify),
            last_used_at: k.last_used_at.map(format_notify),
            prefix: k.prefix.clone(),
        }
    }
}

pub fn run(db: &Opened, command: &KeysCommand, out: &Output) -> Result<(), CliError> {
    match command {
        KeysCommand::Create {
            service,
            name,
            key_type,
        } => {
            let spec = KeySpec {
                service_id: *service,
                name,
                key_type: KeyType::parse(key_type).unwrap_or(KeyType::Test),
                fixed: None,
            };
            let key = keys::create(&db.conn, &db.master, spec, now())?;
            out.either(&NewKeyJson::from(&key), Some(key.full_key.expose()));
        }
        KeysCommand::List { service } => list(db, *service, out)?,
        KeysCommand::Revoke { service, key_id } => {
            let key = keys::revoke(&db.conn, &db.master, *service, *key_id, now())?;
            out.either(&KeyJson::from(&key), None);
        }
        KeysCommand::Regenerate { service, key_id } => {
            let key = keys::regenerate(&db.conn, &db.master, *service, *key_id, now())?;
            out.either(&NewKeyJson::from(&key), Some(key.full_key.expose()));
        }
    }
    Ok(())
}

fn list(db: &Opened, service: Uuid, out: &Output) -> Result<(), CliError> {
    let keys = keys::list(&db.conn, &db.master, service)?;
    if out.is_json() {
        out.json(&keys.iter().map(KeyJson::from).collect::<Vec<_>>());
        return Ok(());
    }
    let rows: Vec<Vec<String>> = keys
        .iter()
        .map(|k| {
            vec![
                k.name.clone(),
                k.key_type.as_cli().into(),
                k.id.to_string(),
                k.prefix.clone(),
                format_notify(k.created_at),
                k.last_used_at
                    .map(format_notify)
                    .unwrap_or_else(|| "never used".into()),
                match k.revoked_at {
                    Some(at) => format!("revoked {}", format_notify(at)),
                    None => "active".into(),
                },
            ]
        })
        .collect();
    out.table(
        &[
            "NAME",
            "TYPE",
            "ID",
            "PREFIX",
            "CREATED",
            "LAST USED",
            "STATUS",
        ],
        &rows,
    );
    Ok(())
}
