//! Services: the unit that owns keys, templates, a team, a guest list and notifications.
//! Trial mode (Notify's `restricted`) and the daily and rate limits live here.

use super::{is_unique_violation, uuid_col, Result, StoreError};
use crate::clock::Micros;
use rusqlite::{Connection, OptionalExtension, Params, Row};
use uuid::Uuid;

/// Notify's default service permissions (`DEFAULT_SERVICE_PERMISSIONS`).
pub const DEFAULT_PERMISSIONS: &[&str] = &[
    "sms",
    "email",
    "letter",
    "international_sms",
    "international_letters",
];

/// Notify's default text message sender (`FROM_NUMBER`).
pub const DEFAULT_SMS_SENDER: &str = "GOVUK";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Requests per 60 seconds, per key type.
    pub rate_limit: i64,
    pub sms: i64,
    pub email: i64,
    pub letter: i64,
    pub international_sms: i64,
}

impl Limits {
    /// What Notify's admin gives a new (trial) service.
    pub const TRIAL: Limits = Limits {
        rate_limit: 3000,
        sms: 50,
        email: 50,
        letter: 50,
        international_sms: 100,
    };
    /// What Notify's admin sets when a service goes live.
    pub const LIVE: Limits = Limits {
        rate_limit: 3000,
        sms: 250_000,
        email: 250_000,
        letter: 20_000,
        international_sms: 100,
    };

    pub fn defaults(trial_mode: bool) -> Limits {
        if trial_mode {
            Limits::TRIAL
        } else {
            Limits::LIVE
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub id: Uuid,
    pub name: String,
    pub trial_mode: bool,
    pub active: bool,
    pub limits: Limits,
    pub permissions: Vec<String>,
    /// The default text message sender (`from_number`), `GOVUK` unless set.
    pub sms_sender: String,
    /// The number the public texts to reach the service (received text messages).
    pub inbound_number: Option<String>,
    pub created_at: Micros,
}

impl Service {
    /// A new active service with Notify's defaults for its mode.
    pub fn new(id: Uuid, name: &str, trial_mode: bool, now: Micros) -> Service {
        Service {
            id,
            name: name.trim().to_owned(),
            trial_mode,
            active: true,
            limits: Limits::defaults(trial_mode),
            permissions: DEFAULT_PERMISSIONS.iter().map(|p| p.to_string()).collect(),
            sms_sender: DEFAULT_SMS_SENDER.to_owned(),
            inbound_number: None,
            created_at: now,
        }
    }

    pub fn has_permission(&self, permission: &str) -> bool {
        self.permissions.iter().any(|p| p == permission)
    }
}

const COLUMNS: &str = "id, name, trial_mode, active, rate_limit, sms_limit, email_limit, \
    letter_limit, international_sms_limit, permissions, created_at, sms_sender, inbound_number";

fn from_row(row: &Row) -> rusqlite::Result<Service> {
    let permissions: String = row.get(9)?;
    Ok(Service {
        id: uuid_col(row, 0)?,
        name: row.get(1)?,
        trial_mode: row.get(2)?,
        active: row.get(3)?,
        limits: Limits {
            rate_limit: row.get(4)?,
            sms: row.get(5)?,
            email: row.get(6)?,
            letter: row.get(7)?,
            international_sms: row.get(8)?,
        },
        permissions: permissions
            .split(',')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        created_at: row.get(10)?,
        sms_sender: row.get(11)?,
        inbound_number: row.get(12)?,
    })
}

/// A service's values as `?1`..`?13` in `COLUMNS` order, with `timestamp` as `?11`
/// (`created_at` on insert, `updated_at` on update).
fn service_params(s: &Service, timestamp: Micros) -> impl Params + '_ {
    (
        s.id.to_string(),
        &s.name,
        s.trial_mode,
        s.active,
        s.limits.rate_limit,
        s.limits.sms,
        s.limits.email,
        s.limits.letter,
        s.limits.international_sms,
        s.permissions.join(","),
        timestamp,
        &s.sms_sender,
        &s.inbound_number,
    )
}

pub fn insert(conn: &Connection, s: &Service) -> Result<()> {
    let inserted = conn.execute(
        &format!("INSERT INTO services ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"),
        service_params(s, s.created_at),
    );
    match inserted {
        Err(e) if is_unique_violation(&e) => Err(StoreError::Conflict(
            "A service with this id already exists",
        )),
        other => other.map(|_| ()).map_err(StoreError::from),
    }
}

/// Saves every field of an existing service.
pub fn update(conn: &Connection, s: &Service, now: Micros) -> Result<()> {
    conn.execute(
        "UPDATE services SET name = ?2, trial_mode = ?3, active = ?4, rate_limit = ?5, sms_limit = ?6, \
         email_limit = ?7, letter_limit = ?8, international_sms_limit = ?9, permissions = ?10, \
         updated_at = ?11, sms_sender = ?12, inbound_number = ?13 WHERE id = ?1",
        service_params(s, now),
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Uuid) -> Result<Option<Service>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM services WHERE id = ?1"))?;
    Ok(stmt.query_row([id.to_string()], from_row).optional()?)
}

pub fn list(conn: &Connection) -> Result<Vec<Service>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM services ORDER BY created_at, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM services", [], |r| r.get(0))?)
}
