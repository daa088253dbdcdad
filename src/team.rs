//! The team and the guest list: who a team key, or any key of a service in trial mode, may
//! send to, and who may use the admin pages (by Notify's permissions).

use crate::clock::Micros;
use crate::store::team::{GuestList, TeamMember};
use crate::store::{self, StoreError};
use rusqlite::Connection;
use std::fmt;
use uuid::Uuid;

/// Notify's user permissions for a service.
pub const PERMISSIONS: &[&str] = &[
    "manage_api_keys",
    "send_messages",
    "view_activity",
    "manage_service",
    "manage_templates",
];

/// What `team add` grants when no permissions are given: everything (a local team member is
/// usually the person running notifyd).
pub fn default_permissions() -> Vec<String> {
    PERMISSIONS.iter().map(|p| p.to_string()).collect()
}

#[derive(Debug)]
pub enum TeamError {
    ServiceNotFound(Uuid),
    UnknownPermission(String),
    InvalidEmail(String),
    InvalidPhone(String),
    /// Notify's guest list message.
    InvalidGuest(String),
    Store(StoreError),
}

impl fmt::Display for TeamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TeamError::ServiceNotFound(id) => write!(f, "service {id} not found"),
            TeamError::UnknownPermission(p) => write!(
                f,
                "unknown permission {p:?}: use any of {}",
                PERMISSIONS.join(", ")
            ),
            TeamError::InvalidEmail(e) => write!(f, "{e} is not a valid email address"),
            TeamError::InvalidPhone(p) => write!(f, "{p} is not a valid phone number"),
            TeamError::InvalidGuest(v) => {
                write!(f, "{v} is not a valid email address or phone number")
            }
            TeamError::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for TeamError {}

impl From<StoreError> for TeamError {
    fn from(e: StoreError) -> TeamError {
        TeamError::Store(e)
    }
}

fn require_service(conn: &Connection, service_id: Uuid) -> Result<(), TeamError> {
    match store::services::get(conn, service_id)? {
        Some(_) => Ok(()),
        None => Err(TeamError::ServiceNotFound(service_id)),
    }
}

/// Whether `s` is a valid email address (Notify's rules).
pub fn valid_email(s: &str) -> bool {
    crate::recipients::validate_email(s).is_ok()
}

/// Whether `s` is a valid phone number, UK or international (Notify's rules).
pub fn valid_phone(s: &str) -> bool {
    crate::recipients::parse(s).is_ok()
}

/// Adds (or updates) a team member.
pub fn add_member(
    conn: &Connection,
    service_id: Uuid,
    mut member: TeamMember,
    now: Micros,
) -> Result<TeamMember, TeamError> {
    require_service(conn, service_id)?;
    member.email = member.email.trim().to_owned();
    if !valid_email(&member.email) {
        return Err(TeamError::InvalidEmail(member.email));
    }
    if let Some(phone) = &member.phone {
        if !valid_phone(phone) {
            return Err(TeamError::InvalidPhone(phone.clone()));
        }
    }
    if let Some(unknown) = member
        .permissions
        .iter()
        .find(|p| !PERMISSIONS.contains(&p.as_str()))
    {
        return Err(TeamError::UnknownPermission(unknown.clone()));
    }
    Ok(store::team::add_member(conn, service_id, &member, now)?)
}

/// Replaces the guest list, refusing it whole if any entry is invalid.
pub fn set_guest_list(
    conn: &Connection,
    service_id: Uuid,
    list: &GuestList,
) -> Result<GuestList, TeamError> {
    require_service(conn, service_id)?;
    let mut clean = GuestList::default();
    for email in &list.email_addresses {
        let email = email.trim();
        if !valid_email(email) {
            return Err(TeamError::InvalidGuest(email.to_owned()));
        }
        clean.email_addresses.push(email.to_owned());
    }
    for phone in &list.phone_numbers {
        let phone = phone.trim();
        if !valid_phone(phone) {
            return Err(TeamError::InvalidGuest(phone.to_owned()));
        }
        clean.phone_numbers.push(phone.to_owned());
    }
    store::team::set_guest_list(conn, service_id, &clean)?;
    Ok(clean)
}

pub fn guest_list(conn: &Connection, service_id: Uuid) -> Result<GuestList, TeamError> {
    require_service(conn, service_id)?;
    Ok(store::team::guest_list(conn, service_id)?)
}
