//! Team members (users and their per-service permissions) and the guest list: the people a
//! team key, or any key of a service in trial mode, may send to.

use super::{uuid_col, Result};
use crate::clock::Micros;
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamMember {
    pub id: Uuid,
    pub email: String,
    pub phone: Option<String>,
    pub name: Option<String>,
    pub permissions: Vec<String>,
}

/// Adds a user to a service's team, creating the user if the email is new. Adding an existing
/// member again updates their details and permissions.
pub fn add_member(
    conn: &Connection,
    service_id: Uuid,
    member: &TeamMember,
    now: Micros,
) -> Result<TeamMember> {
    let existing: Option<Uuid> = conn
        .query_row(
            "SELECT id FROM users WHERE email = ?1",
            [&member.email],
            |r| uuid_col(r, 0),
        )
        .optional()?;
    let id = match existing {
        Some(id) => {
            conn.execute(
                "UPDATE users SET phone = coalesce(?2, phone), name = coalesce(?3, name) WHERE id = ?1",
                params![id.to_string(), member.phone, member.name],
            )?;
            id
        }
        None => {
            conn.execute(
                "INSERT INTO users (id, email, phone, name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![member.id.to_string(), member.email, member.phone, member.name, now],
            )?;
            member.id
        }
    };
    conn.execute(
        "INSERT INTO service_users (service_id, user_id, permissions) VALUES (?1, ?2, ?3) \
         ON CONFLICT (service_id, user_id) DO UPDATE SET permissions = excluded.permissions",
        params![
            service_id.to_string(),
            id.to_string(),
            member.permissions.join(",")
        ],
    )?;
    let added = members(conn, service_id)?.into_iter().find(|m| m.id == id);
    Ok(added.unwrap_or_else(|| member.clone()))
}

pub fn members(conn: &Connection, service_id: Uuid) -> Result<Vec<TeamMember>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, u.email, u.phone, u.name, su.permissions FROM service_users su \
         JOIN users u ON u.id = su.user_id WHERE su.service_id = ?1 ORDER BY u.email",
    )?;
    let rows = stmt.query_map([service_id.to_string()], |r| {
        let permissions: String = r.get(4)?;
        Ok(TeamMember {
            id: uuid_col(r, 0)?,
            email: r.get(1)?,
            phone: r.get(2)?,
            name: r.get(3)?,
            permissions: permissions
                .split(',')
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The user's membership of the service (with their permissions), if they are on its team.
pub fn member(conn: &Connection, service_id: Uuid, user_id: Uuid) -> Result<Option<TeamMember>> {
    Ok(members(conn, service_id)?
        .into_iter()
        .find(|m| m.id == user_id))
}

/// The ids of the services the user is a team member of, with their permissions there, in the
/// order services were created.
pub fn memberships(conn: &Connection, user_id: Uuid) -> Result<Vec<(Uuid, Vec<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT su.service_id, su.permissions FROM service_users su \
         JOIN services s ON s.id = su.service_id WHERE su.user_id = ?1 ORDER BY s.created_at, s.id",
    )?;
    let rows = stmt.query_map([user_id.to_string()], |r| {
        let permissions: String = r.get(1)?;
        Ok((
            uuid_col(r, 0)?,
            permissions
                .split(',')
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect(),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GuestList {
    pub email_addresses: Vec<String>,
    pub phone_numbers: Vec<String>,
}

/// Replaces the whole guest list.
pub fn set_guest_list(conn: &Connection, service_id: Uuid, list: &GuestList) -> Result<()> {
    conn.execute(
        "DELETE FROM guest_list WHERE service_id = ?1",
        [service_id.to_string()],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO guest_list (service_id, recipient_type, recipient) VALUES (?1, ?2, ?3)",
    )?;
    for email in &list.email_addresses {
        insert.execute(params![service_id.to_string(), "email", email])?;
    }
    for phone in &list.phone_numbers {
        insert.execute(params![service_id.to_string(), "mobile", phone])?;
    }
    Ok(())
}

pub fn guest_list(conn: &Connection, service_id: Uuid) -> Result<GuestList> {
    let mut stmt = conn.prepare_cached(
        "SELECT recipient_type, recipient FROM guest_list WHERE service_id = ?1 ORDER BY rowid",
    )?;
    let mut list = GuestList::default();
    let rows = stmt.query_map([service_id.to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (kind, recipient) = row?;
        if kind == "email" {
            list.email_addresses.push(recipient);
        } else {
            list.phone_numbers.push(recipient);
        }
    }
    Ok(list)
}
