//! The admin web interface's rows: who may sign in (users' password hashes), one-time sign-in
//! links and web sessions. Tokens are stored only as their SHA-256 (`token_hash`): a copy of the
//! database does not sign anyone in. What a session holds besides its user (the CSRF token, a
//! flash message, a key waiting to be shown once) lives on its row. Wrong passwords in a row
//! are counted per user in `sign_in_failures`, which locks an account (see `admin::sign_in`).

use super::{uuid_col, Result};
use crate::clock::Micros;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

/// A person who can sign in (a row of `users`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub name: Option<String>,
    pub password_hash: Option<String>,
}

fn user_from_row(row: &Row) -> rusqlite::Result<User> {
    Ok(User {
        id: uuid_col(row, 0)?,
        email: row.get(1)?,
        name: row.get(2)?,
        password_hash: row.get(3)?,
    })
}

const USER_COLUMNS: &str = "id, email, name, password_hash";

/// The user with this email address (compared case-insensitively).
pub fn user_by_email(conn: &Connection, email: &str) -> Result<Option<User>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE email = ?1"
    ))?;
    Ok(stmt.query_row([email], user_from_row).optional()?)
}

pub fn user(conn: &Connection, id: Uuid) -> Result<Option<User>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"))?;
    Ok(stmt.query_row([id.to_string()], user_from_row).optional()?)
}

/// Stores a user's password hash, ends their web sessions (a new password signs every browser
/// out) and forgets their wrong passwords (a new password unlocks the account).
pub fn set_password_hash(conn: &Connection, user_id: Uuid, hash: &str) -> Result<()> {
    conn.execute(
        "UPDATE users SET password_hash = ?2 WHERE id = ?1",
        params![user_id.to_string(), hash],
    )?;
    conn.execute(
        "DELETE FROM web_sessions WHERE user_id = ?1",
        [user_id.to_string()],
    )?;
    clear_sign_in_failures(conn, user_id)
}

/// Wrong passwords given for the user since their last sign-in or new password.
pub fn sign_in_failures(conn: &Connection, user_id: Uuid) -> Result<i64> {
    let mut stmt =
        conn.prepare_cached("SELECT failures FROM sign_in_failures WHERE user_id = ?1")?;
    let failures = stmt.query_row([user_id.to_string()], |r| r.get(0));
    Ok(failures.optional()?.unwrap_or(0))
}

/// Counts one more wrong password for the user; returns how many there have been in a row.
pub fn record_sign_in_failure(conn: &Connection, user_id: Uuid, now: Micros) -> Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO sign_in_failures (user_id, failures, last_failed_at) VALUES (?1, 1, ?2) \
         ON CONFLICT (user_id) DO UPDATE SET failures = failures + 1, \
         last_failed_at = excluded.last_failed_at RETURNING failures",
    )?;
    Ok(stmt.query_row(params![user_id.to_string(), now], |r| r.get(0))?)
}

/// Starts the user's count of wrong passwords again.
pub fn clear_sign_in_failures(conn: &Connection, user_id: Uuid) -> Result<()> {
    conn.prepare_cached("DELETE FROM sign_in_failures WHERE user_id = ?1")?
        .execute([user_id.to_string()])?;
    Ok(())
}

/// Records a one-time sign-in link.
pub fn insert_sign_in_token(
    conn: &Connection,
    token_hash: &[u8],
    user_id: Uuid,
    now: Micros,
    expires_at: Micros,
) -> Result<()> {
    conn.execute(
        "INSERT INTO sign_in_tokens (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, user_id.to_string(), now, expires_at],
    )?;
    Ok(())
}

/// Uses a sign-in link: its user, if the link exists, is unused and has not expired. A link
/// works once, whatever the outcome of the rest of the request.
pub fn use_sign_in_token(
    conn: &Connection,
    token_hash: &[u8],
    now: Micros,
) -> Result<Option<Uuid>> {
    let mut stmt = conn.prepare_cached(
        "UPDATE sign_in_tokens SET used_at = ?2 \
         WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2 RETURNING user_id",
    )?;
    Ok(stmt
        .query_row(params![token_hash, now], |r| uuid_col(r, 0))
        .optional()?)
}

/// A signed-in browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebSession {
    pub token_hash: Vec<u8>,
    pub user_id: Uuid,
    pub csrf_token: String,
    pub created_at: Micros,
    pub last_seen_at: Micros,
    pub flash: Option<String>,
}

pub fn insert_session(conn: &Connection, s: &WebSession) -> Result<()> {
    conn.execute(
        "INSERT INTO web_sessions (token_hash, user_id, csrf_token, created_at, last_seen_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            s.token_hash,
            s.user_id.to_string(),
            s.csrf_token,
            s.created_at,
            s.last_seen_at
        ],
    )?;
    Ok(())
}

/// The session whose token hashes to `token_hash`, if it was seen after `idle_since`.
pub fn session(
    conn: &Connection,
    token_hash: &[u8],
    idle_since: Micros,
) -> Result<Option<WebSession>> {
    let mut stmt = conn.prepare_cached(
        "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, flash FROM web_sessions \
         WHERE token_hash = ?1 AND last_seen_at > ?2",
    )?;
    Ok(stmt
        .query_row(params![token_hash, idle_since], |r| {
            Ok(WebSession {
                token_hash: r.get(0)?,
                user_id: uuid_col(r, 1)?,
                csrf_token: r.get(2)?,
                created_at: r.get(3)?,
                last_seen_at: r.get(4)?,
                flash: r.get(5)?,
            })
        })
        .optional()?)
}

/// Marks the session as seen now and, when `take_flash`, returns and clears its flash message.
pub fn touch(
    conn: &Connection,
    token_hash: &[u8],
    now: Micros,
    take_flash: bool,
) -> Result<Option<String>> {
    let flash: Option<String> = if take_flash {
        conn.query_row(
            "SELECT flash FROM web_sessions WHERE token_hash = ?1",
            [token_hash],
            |r| r.get(0),
        )
        .optional()?
        .flatten()
    } else {
        None
    };
    conn.execute(
        "UPDATE web_sessions SET last_seen_at = ?2, \
         flash = CASE WHEN ?3 THEN NULL ELSE flash END WHERE token_hash = ?1",
        params![token_hash, now, take_flash],
    )?;
    Ok(flash)
}

pub fn set_flash(conn: &Connection, token_hash: &[u8], message: &str) -> Result<()> {
    conn.execute(
        "UPDATE web_sessions SET flash = ?2 WHERE token_hash = ?1",
        params![token_hash, message],
    )?;
    Ok(())
}

/// Holds a sealed value (a new API key) on the session until it is shown.
pub fn hold_shown_once(conn: &Connection, token_hash: &[u8], sealed: &[u8]) -> Result<()> {
    conn.execute(
        "UPDATE web_sessions SET shown_once_sealed = ?2 WHERE token_hash = ?1",
        params![token_hash, sealed],
    )?;
    Ok(())
}

/// Takes the held value off the session: it can be read once.
pub fn take_shown_once(conn: &Connection, token_hash: &[u8]) -> Result<Option<Vec<u8>>> {
    let held: Option<Vec<u8>> = conn
        .query_row(
            "SELECT shown_once_sealed FROM web_sessions WHERE token_hash = ?1",
            [token_hash],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    if held.is_some() {
        conn.execute(
            "UPDATE web_sessions SET shown_once_sealed = NULL WHERE token_hash = ?1",
            [token_hash],
        )?;
    }
    Ok(held)
}

pub fn delete_session(conn: &Connection, token_hash: &[u8]) -> Result<()> {
    conn.execute(
        "DELETE FROM web_sessions WHERE token_hash = ?1",
        [token_hash],
    )?;
    Ok(())
}

/// Forgets sessions idle since before `idle_since` and sign-in links expired before `now`.
pub fn delete_expired(conn: &Connection, idle_since: Micros, now: Micros) -> Result<()> {
    conn.execute(
        "DELETE FROM web_sessions WHERE last_seen_at <= ?1",
        [idle_since],
    )?;
    conn.execute("DELETE FROM sign_in_tokens WHERE expires_at <= ?1", [now])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{config_version, ScratchDb};

    #[test]
    fn wrong_passwords_count_until_a_new_password_without_touching_the_caches() {
        let db = ScratchDb::new();
        let conn = db.migrated();
        let user = Uuid::from_u128(7);
        conn.execute(
            "INSERT INTO users (id, email, created_at) VALUES (?1, 'a@example.com', 0)",
            [user.to_string()],
        )
        .unwrap();
        let version = config_version(&conn).unwrap();
        assert_eq!(sign_in_failures(&conn, user).unwrap(), 0);
        for n in 1..=3 {
            assert_eq!(record_sign_in_failure(&conn, user, n * 10).unwrap(), n);
        }
        assert_eq!(sign_in_failures(&conn, user).unwrap(), 3);
        assert_eq!(config_version(&conn).unwrap(), version);
        let last: i64 = conn
            .query_row("SELECT last_failed_at FROM sign_in_failures", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(last, 30);
        clear_sign_in_failures(&conn, user).unwrap();
        assert_eq!(sign_in_failures(&conn, user).unwrap(), 0);
        record_sign_in_failure(&conn, user, 40).unwrap();
        set_password_hash(&conn, user, "pbkdf2-sha256$1$AA$AA").unwrap();
        assert_eq!(sign_in_failures(&conn, user).unwrap(), 0);
    }
}
