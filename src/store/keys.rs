//! API key rows. The secret column holds only the sealed secret (see src/secrets.rs); the
//! plaintext never reaches the database. Names are unique per service among non-revoked keys
//! (the partial index `api_keys_active_name` in schema.sql).

use super::{is_unique_violation, uuid_col, Result, StoreError};
use crate::clock::Micros;
use crate::keys::KeyType;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct ApiKeyRow {
    pub id: Uuid,
    pub service_id: Uuid,
    pub name: String,
    pub name_key: String,
    pub key_type: KeyType,
    pub secret_sealed: Vec<u8>,
    pub created_at: Micros,
    pub updated_at: Option<Micros>,
    pub revoked_at: Option<Micros>,
    pub last_used_at: Option<Micros>,
}

const SELECT: &str = "SELECT k.id, k.service_id, k.name, k.name_key, k.key_type, k.secret_sealed, \
    k.created_at, k.updated_at, k.revoked_at, u.last_used_at \
    FROM api_keys k LEFT JOIN api_key_usage u ON u.api_key_id = k.id";

fn from_row(row: &Row) -> rusqlite::Result<ApiKeyRow> {
    let key_type: String = row.get(4)?;
    Ok(ApiKeyRow {
        id: uuid_col(row, 0)?,
        service_id: uuid_col(row, 1)?,
        name: row.get(2)?,
        name_key: row.get(3)?,
        key_type: KeyType::from_db(&key_type).unwrap_or(KeyType::Test),
        secret_sealed: row.get(5)?,
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
        revoked_at: row.get(8)?,
        last_used_at: row.get(9)?,
    })
}

pub const DUPLICATE_NAME: &str = "A key with this name already exists";

pub fn insert(conn: &Connection, k: &ApiKeyRow) -> Result<()> {
    let inserted = conn.execute(
        "INSERT INTO api_keys (id, service_id, name, name_key, key_type, secret_sealed, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            k.id.to_string(),
            k.service_id.to_string(),
            k.name,
            k.name_key,
            k.key_type.as_db(),
            k.secret_sealed,
            k.created_at
        ],
    );
    match inserted {
        Err(e) if is_unique_violation(&e) => {
            let id_taken = get_any(conn, k.id)?.is_some();
            Err(StoreError::Conflict(if id_taken {
                "An API key with this id already exists"
            } else {
                DUPLICATE_NAME
            }))
        }
        other => other.map(|_| ()).map_err(StoreError::from),
    }
}

/// Every key of the service, revoked ones included, sorted by name.
pub fn list(conn: &Connection, service_id: Uuid) -> Result<Vec<ApiKeyRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE k.service_id = ?1 ORDER BY lower(k.name), k.created_at"
    ))?;
    let rows = stmt.query_map([service_id.to_string()], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The keys authentication considers: active, or revoked after `revoked_since` (Notify keeps
/// answering "revoked" for 7 days, then forgets the key).
pub fn for_auth(
    conn: &Connection,
    service_id: Uuid,
    revoked_since: Micros,
) -> Result<Vec<ApiKeyRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE k.service_id = ?1 AND (k.revoked_at IS NULL OR k.revoked_at > ?2) ORDER BY k.created_at"
    ))?;
    let rows = stmt.query_map(params![service_id.to_string(), revoked_since], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, service_id: Uuid, key_id: Uuid) -> Result<Option<ApiKeyRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE k.service_id = ?1 AND k.id = ?2"))?;
    Ok(stmt
        .query_row(
            params![service_id.to_string(), key_id.to_string()],
            from_row,
        )
        .optional()?)
}

fn get_any(conn: &Connection, key_id: Uuid) -> Result<Option<ApiKeyRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE k.id = ?1"))?;
    Ok(stmt.query_row([key_id.to_string()], from_row).optional()?)
}

/// Marks the key revoked (if it is not already).
pub fn revoke(conn: &Connection, key_id: Uuid, at: Micros) -> Result<()> {
    conn.execute(
        "UPDATE api_keys SET revoked_at = ?2, updated_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        params![key_id.to_string(), at],
    )?;
    Ok(())
}

/// Gives the key a new sealed secret.
pub fn replace_secret(conn: &Connection, key_id: Uuid, sealed: &[u8], at: Micros) -> Result<()> {
    conn.execute(
        "UPDATE api_keys SET secret_sealed = ?2, updated_at = ?3 WHERE id = ?1",
        params![key_id.to_string(), sealed, at],
    )?;
    Ok(())
}

/// Records when keys were last used.
pub fn record_use(conn: &Connection, uses: &[(Uuid, Micros)]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO api_key_usage (api_key_id, last_used_at) VALUES (?1, ?2) \
         ON CONFLICT (api_key_id) DO UPDATE SET last_used_at = max(last_used_at, excluded.last_used_at)",
    )?;
    for (id, at) in uses {
        stmt.execute(params![id.to_string(), at])?;
    }
    Ok(())
}
