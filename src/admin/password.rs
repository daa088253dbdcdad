//! Team members' passwords for the admin pages: PBKDF2-HMAC-SHA256 (ring) with 600,000
//! iterations (OWASP's advice for this function) and a random 16-byte salt per password, stored
//! self-describing in `users.password_hash` as `pbkdf2-sha256$ITERATIONS$SALT$HASH` (base64), so
//! the work factor can be raised later without breaking stored hashes.
//! `notifyd team set-password` sets one through [`set_password`].

use crate::secrets::random_bytes;
use crate::store::sessions::{self, User};
use crate::store::{self, StoreError};
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use base64::Engine;
use ring::pbkdf2;
use rusqlite::Connection;
use std::fmt;
use std::num::NonZeroU32;
use uuid::Uuid;

pub const ITERATIONS: u32 = 600_000;
const SCHEME: &str = "pbkdf2-sha256";
const SALT_LEN: usize = 16;
const HASH_LEN: usize = 32;

/// Hashes a password with a fresh salt.
pub fn hash(password: &str) -> String {
    let salt = random_bytes::<SALT_LEN>();
    let mut out = [0u8; HASH_LEN];
    let iterations = NonZeroU32::new(ITERATIONS).expect("non-zero");
    pbkdf2::derive(
        pbkdf2::PBKDF2_HMAC_SHA256,
        iterations,
        &salt,
        password.as_bytes(),
        &mut out,
    );
    format!(
        "{SCHEME}${ITERATIONS}${}${}",
        B64.encode(salt),
        B64.encode(out)
    )
}

/// Whether `password` matches `stored` (compared in constant time by ring). A malformed stored
/// value matches nothing.
pub fn verify(password: &str, stored: &str) -> bool {
    let parts: Vec<&str> = stored.split('$').collect();
    let [scheme, iterations, salt, expected] = parts[..] else {
        return false;
    };
    let iterations = iterations.parse::<u32>().ok().and_then(NonZeroU32::new);
    let (Some(iterations), Ok(salt), Ok(expected)) =
        (iterations, B64.decode(salt), B64.decode(expected))
    else {
        return false;
    };
    scheme == SCHEME
        && pbkdf2::verify(
            pbkdf2::PBKDF2_HMAC_SHA256,
            iterations,
            &salt,
            password.as_bytes(),
            &expected,
        )
        .is_ok()
}

/// Spends the same time as checking a real password, so an unknown email address cannot be
/// told apart from a wrong password by timing.
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("not a password anyone has"));
    let _ = verify(password, dummy);
}

#[derive(Debug)]
pub enum PasswordError {
    Empty,
    UnknownMember { service_id: Uuid, email: String },
    Store(StoreError),
}

impl fmt::Display for PasswordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordError::Empty => f.write_str("the password is empty"),
            PasswordError::UnknownMember { service_id, email } => write!(
                f,
                "{email} is not a team member of service {service_id} (add them with `notifyd team add`)"
            ),
            PasswordError::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for PasswordError {}

impl From<StoreError> for PasswordError {
    fn from(e: StoreError) -> PasswordError {
        PasswordError::Store(e)
    }
}

/// Sets the password of a team member of the service; their open sessions end.
pub fn set_password(
    conn: &Connection,
    service_id: Uuid,
    email: &str,
    password: &str,
) -> Result<User, PasswordError> {
    if password.is_empty() {
        return Err(PasswordError::Empty);
    }
    let unknown = || PasswordError::UnknownMember {
        service_id,
        email: email.trim().to_owned(),
    };
    let user = sessions::user_by_email(conn, email.trim())?.ok_or_else(unknown)?;
    store::team::member(conn, service_id, user.id)?.ok_or_else(unknown)?;
    let hashed = hash(password);
    sessions::set_password_hash(conn, user.id, &hashed)?;
    Ok(User {
        password_hash: Some(hashed),
        ..user
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_salted_self_describing_and_verify() {
        let a = hash("correct horse");
        let b = hash("correct horse");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(a.starts_with("pbkdf2-sha256$600000$"), "{a}");
        assert!(verify("correct horse", &a));
        assert!(!verify("correct horse!", &a));
        assert!(!verify("correct horse", "pbkdf2-sha256$0$AA$AA"));
        assert!(!verify("correct horse", "garbage"));
        assert!(!verify("", ""));
    }
}
