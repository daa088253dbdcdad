//! Provisioning at start: the services, keys, team members, guest lists and templates a config
//! file declares are applied idempotently (run twice, change nothing), and an empty database
//! with nothing declared gets a "Local development" service with a test key and a local admin
//! (with a one-time sign-in link for the admin pages), so `cargo run --release` is useful at
//! once.

use crate::clock::Micros;
use crate::config::{KeyConfig, OutcomeConfig, ServiceConfig, TemplateConfig};
use crate::keys::{self, KeySpec, KeyType, NewKey};
use crate::notifications::outcomes::OutcomeRule;
use crate::secrets::MasterKey;
use crate::store::services::{Limits, Service};
use crate::store::team::{GuestList, TeamMember};
use crate::store::{self, StoreError};
use crate::team::{self, TeamError};
use crate::templates::manage::{self, NewTemplate, TemplateEdit};
use crate::templates::TemplateType;
use ring::digest;
use rusqlite::Connection;
use std::fmt;
use uuid::Uuid;

#[derive(Debug)]
pub struct ProvisionError(pub String);

impl fmt::Display for ProvisionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProvisionError {}

impl From<StoreError> for ProvisionError {
    fn from(e: StoreError) -> ProvisionError {
        ProvisionError(e.to_string())
    }
}

/// The name of the service made for a newcomer.
pub const LOCAL_SERVICE_NAME: &str = "Local development";
const LOCAL_KEY_NAME: &str = "local dev";
/// The team member made for a newcomer, with every permission.
pub const LOCAL_ADMIN_EMAIL: &str = "admin@notifyd.localhost";

/// Applies every declared service, in one transaction.
pub fn apply(
    conn: &Connection,
    master: &MasterKey,
    services: &[ServiceConfig],
    now: Micros,
) -> Result<(), ProvisionError> {
    let tx = conn.unchecked_transaction().map_err(StoreError::from)?;
    for service in services {
        apply_service(&tx, master, service, now).map_err(|e| {
            ProvisionError(format!(
                "config: service {} ({}): {e}",
                service.id, service.name
            ))
        })?;
    }
    tx.commit().map_err(StoreError::from)?;
    Ok(())
}

fn check_reply_to(config: &ServiceConfig) -> Result<(), ProvisionError> {
    match &config.email_reply_to {
        Some(address) if crate::recipients::validate_email(address).is_err() => {
            Err(ProvisionError(format!(
                "email_reply_to {address:?} is not a valid email address"
            )))
        }
        _ => Ok(()),
    }
}

fn apply_service(
    conn: &Connection,
    master: &MasterKey,
    config: &ServiceConfig,
    now: Micros,
) -> Result<(), ProvisionError> {
    check_reply_to(config)?;
    let trial_mode = config.trial_mode.unwrap_or(true);
    let existing = store::services::get(conn, config.id)?;
    let mut service = existing
        .clone()
        .unwrap_or_else(|| Service::new(config.id, &config.name, trial_mode, now));
    if service.trial_mode != trial_mode && service.limits == Limits::defaults(service.trial_mode) {
        service.limits = Limits::defaults(trial_mode);
    }
    service.name = config.name.clone();
    service.trial_mode = trial_mode;
    let limits = &mut service.limits;
    for (value, field) in [
        (config.rate_limit, &mut limits.rate_limit),
        (config.sms_limit, &mut limits.sms),
        (config.email_limit, &mut limits.email),
        (config.letter_limit, &mut limits.letter),
        (
            config.international_sms_limit,
            &mut limits.international_sms,
        ),
    ] {
        if let Some(value) = value {
            *field = value;
        }
    }
    if let Some(permissions) = &config.permissions {
        service.permissions = permissions.clone();
    }
    match existing {
        None => store::services::insert(conn, &service)?,
        Some(old) if old != service => store::services::update(conn, &service, now)?,
        Some(_) => {}
    }
    for key in &config.keys {
        apply_key(conn, master, config.id, key, now)?;
    }
    for member in &config.team {
        let added = team::add_member(
            conn,
            config.id,
            TeamMember {
                id: Uuid::new_v4(),
                email: member.email.clone(),
                phone: member.phone.clone(),
                name: member.name.clone(),
                permissions: member
                    .permissions
                    .clone()
                    .unwrap_or_else(team::default_permissions),
            },
            now,
        );
        added.map_err(|e: TeamError| ProvisionError(e.to_string()))?;
    }
    if let Some(list) = &config.guest_list {
        let list = GuestList {
            email_addresses: list.email_addresses.clone(),
            phone_numbers: list.phone_numbers.clone(),
        };
        team::set_guest_list(conn, config.id, &list).map_err(|e| ProvisionError(e.to_string()))?;
    }
    for template in &config.templates {
        apply_template(conn, config.id, template, now)?;
    }
    if let Some(outcomes) = &config.outcomes {
        apply_outcomes(conn, config.id, outcomes, now)?;
    }
    Ok(())
}

/// The id of a config key that does not name one: stable, from the service and the key name.
pub fn derived_key_id(service_id: Uuid, name: &str) -> Uuid {
    derived_id(&format!("config key {}", keys::name_key(name)), service_id)
}

/// A stable id for something of a service that has no id of its own (a UUIDv8 from SHA-256).
pub fn derived_id(purpose: &str, service_id: Uuid) -> Uuid {
    let seed = format!("notifyd {purpose} {service_id}");
    let hash = digest::digest(&digest::SHA256, seed.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hash.as_ref()[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

fn apply_key(
    conn: &Connection,
    master: &MasterKey,
    service_id: Uuid,
    key: &KeyConfig,
    now: Micros,
) -> Result<(), ProvisionError> {
    let what = format!("key {:?}", key.name);
    let key_type = KeyType::parse(&key.key_type).ok_or_else(|| {
        ProvisionError(format!(
            "{what}: type must be live, team or test, not {:?}",
            key.key_type
        ))
    })?;
    if !keys::is_secret_shaped(key.secret.expose()) {
        return Err(ProvisionError(format!(
            "{what}: secret must be 36 characters shaped like a lower-case UUID (for example from `uuidgen | tr A-Z a-z`)"
        )));
    }
    let id = key
        .id
        .unwrap_or_else(|| derived_key_id(service_id, &key.name));
    match store::keys::get(conn, service_id, id)? {
        Some(row) => {
            let current = master
                .open_secret(&id.to_string(), &row.secret_sealed)
                .map_err(|e| ProvisionError(e.to_string()))?;
            if current != key.secret {
                let sealed = master.seal_secret(&id.to_string(), &key.secret);
                store::keys::replace_secret(conn, id, &sealed, now)?;
            }
            Ok(())
        }
        None => {
            let spec = KeySpec {
                service_id,
                name: &key.name,
                key_type,
                fixed: Some((id, key.secret.clone())),
            };
            keys::create(conn, master, spec, now)
                .map_err(|e| ProvisionError(format!("{what}: {e}")))?;
            Ok(())
        }
    }
}

fn apply_template(
    conn: &Connection,
    service_id: Uuid,
    t: &TemplateConfig,
    now: Micros,
) -> Result<(), ProvisionError> {
    let what = format!("template {}", t.id);
    let kind = TemplateType::parse(&t.template_type).ok_or_else(|| {
        ProvisionError(format!(
            "{what}: type must be sms, email or letter, not {:?}",
            t.template_type
        ))
    })?;
    let result = match store::templates::get(conn, t.id)? {
        Some(existing) if existing.service_id != service_id => {
            return Err(ProvisionError(format!("{what} belongs to another service")));
        }
        Some(existing) if existing.template_type != kind => {
            return Err(ProvisionError(format!(
                "{what} is already a {} template",
                existing.template_type.as_str()
            )));
        }
        Some(_) => {
            let edit = TemplateEdit {
                name: Some(t.name.clone()),
                subject: t.subject.clone(),
                body: Some(t.body.clone()),
            };
            manage::update(conn, t.id, edit, now).map(|_| ())
        }
        None => {
            let new = NewTemplate {
                id: Some(t.id),
                service_id,
                template_type: kind,
                name: t.name.clone(),
                subject: t.subject.clone(),
                body: t.body.clone(),
                created_by: None,
            };
            manage::create(conn, new, now).map(|_| ())
        }
    };
    result.map_err(|e| ProvisionError(format!("{what}: {e}")))
}

fn apply_outcomes(
    conn: &Connection,
    service_id: Uuid,
    outcomes: &[OutcomeConfig],
    now: Micros,
) -> Result<(), ProvisionError> {
    let rules = outcomes
        .iter()
        .map(|o| {
            let value = serde_json::to_value(o).unwrap_or_default();
            OutcomeRule::from_json(&value).map_err(|e| ProvisionError(format!("outcome rule: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if store::outcomes::for_service(conn, service_id)? != rules {
        store::outcomes::clear(conn, service_id)?;
        for rule in &rules {
            store::outcomes::insert(conn, service_id, rule, now)?;
        }
    }
    Ok(())
}

/// What a newcomer's first start made: to show once.
#[derive(Debug)]
pub struct Bootstrapped {
    pub key: NewKey,
    pub service_id: Uuid,
    /// The token of a one-time sign-in link for the local admin: `/sign-in/{token}`.
    pub sign_in_token: String,
}

/// A newcomer's first start: with no service in the database and none declared, creates the
/// "Local development" service (trial mode) with a test key and a local admin team member
/// (every permission), and returns the key and a one-time sign-in link to print once.
pub fn bootstrap(
    conn: &Connection,
    master: &MasterKey,
    now: Micros,
) -> Result<Option<Bootstrapped>, ProvisionError> {
    if store::services::count(conn)? > 0 {
        return Ok(None);
    }
    let tx = conn.unchecked_transaction().map_err(StoreError::from)?;
    let service = Service::new(Uuid::new_v4(), LOCAL_SERVICE_NAME, true, now);
    store::services::insert(&tx, &service)?;
    let spec = KeySpec {
        service_id: service.id,
        name: LOCAL_KEY_NAME,
        key_type: KeyType::Test,
        fixed: None,
    };
    let key = keys::create(&tx, master, spec, now).map_err(|e| ProvisionError(e.to_string()))?;
    let admin = TeamMember {
        id: Uuid::new_v4(),
        email: LOCAL_ADMIN_EMAIL.to_owned(),
        phone: None,
        name: Some("Local admin".to_owned()),
        permissions: team::default_permissions(),
    };
    let admin =
        team::add_member(&tx, service.id, admin, now).map_err(|e| ProvisionError(e.to_string()))?;
    let sign_in_token = crate::admin::session::issue_sign_in_link(&tx, admin.id, now)?;
    tx.commit().map_err(StoreError::from)?;
    Ok(Some(Bootstrapped {
        key,
        service_id: service.id,
        sign_in_token,
    }))
}
