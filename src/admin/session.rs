//! Web sessions for the admin pages.
//!
//! Signing in (with a password, or a one-time link) gives the browser a random 256-bit token in
//! an `HttpOnly`, `SameSite=Lax` cookie (`Secure` when notifyd's public URL is https); the
//! database keeps only its SHA-256. A session ends after [`IDLE_TIMEOUT_US`] without a request
//! (by the app's clock) or when its user signs out or gets a new password. Each session has its
//! own CSRF token, which every POST form carries and which is compared in constant time. A
//! session also carries one flash message for the next page, and an API key waiting to be shown
//! once (sealed with the master key, deleted as it is shown).

use super::respond::{cookie, Form};
use super::AdminError;
use crate::app::App;
use crate::clock::Micros;
use crate::keys::KeyType;
use crate::secrets::{random_bytes, random_token, Secret};
use crate::store::sessions::{self, User, WebSession};
use crate::store::StoreError;
use hyper::Request;
use ring::{digest, hmac};
use rusqlite::Connection;
use serde_json::{json, Value};
use uuid::Uuid;

/// The session cookie.
pub const COOKIE: &str = "notifyd_session";
/// The sign-in form's own CSRF cookie (there is no session yet to hold a token).
pub const SIGN_IN_COOKIE: &str = "notifyd_sign_in";
/// The form field every POST carries.
pub const CSRF_FIELD: &str = "csrf_token";
/// A session ends after 8 hours without a request.
pub const IDLE_TIMEOUT_US: Micros = 8 * 3600 * 1_000_000;
/// A sign-in link works for 15 minutes, once.
pub const SIGN_IN_LINK_TTL_US: Micros = 15 * 60 * 1_000_000;
/// How stale `last_seen_at` may get before a request writes it again.
const TOUCH_AFTER_US: Micros = 60 * 1_000_000;

fn token_hash(token: &str) -> Vec<u8> {
    digest::digest(&digest::SHA256, token.as_bytes())
        .as_ref()
        .to_vec()
}

/// Whether two tokens are equal, in time that does not depend on where they differ (the
/// comparison is of HMACs under a throwaway key, checked by ring in constant time).
pub fn same_token(presented: &str, expected: &str) -> bool {
    let key = hmac::Key::new(hmac::HMAC_SHA256, &random_bytes::<32>());
    let tag = hmac::sign(&key, expected.as_bytes());
    !expected.is_empty() && hmac::verify(&key, presented.as_bytes(), tag.as_ref()).is_ok()
}

/// Creates a one-time sign-in link for the user; returns the token for `/sign-in/{token}`.
pub fn issue_sign_in_link(
    conn: &Connection,
    user_id: Uuid,
    now: Micros,
) -> Result<String, StoreError> {
    let token = random_token::<32>();
    let expires = now + SIGN_IN_LINK_TTL_US;
    sessions::insert_sign_in_token(conn, &token_hash(&token), user_id, now, expires)?;
    Ok(token)
}

/// Uses a sign-in link: the user it signs in, if it is valid, unused and unexpired.
pub async fn use_sign_in_link(app: &App, token: &str) -> Result<Option<Uuid>, AdminError> {
    let hash = token_hash(token);
    let now = app.clock.now_us();
    Ok(app
        .store
        .write(move |conn| sessions::use_sign_in_token(conn, &hash, now))
        .await?)
}

/// The signed-in browser making this request.
#[derive(Debug)]
pub struct Signed {
    token_hash: Vec<u8>,
    pub user: User,
    pub csrf_token: String,
    /// The message left for this page by the previous one (taken on GET requests).
    pub flash: Option<String>,
}

/// The session of this request, if it has a live one.
pub async fn current<B>(app: &App, req: &Request<B>) -> Result<Option<Signed>, AdminError> {
    let Some(token) = cookie(req, COOKIE) else {
        return Ok(None);
    };
    let hash = token_hash(&token);
    let now = app.clock.now_us();
    let lookup = hash.clone();
    let found = app
        .store
        .read(move |conn| {
            let Some(session) = sessions::session(conn, &lookup, now - IDLE_TIMEOUT_US)? else {
                return Ok(None);
            };
            Ok(sessions::user(conn, session.user_id)?.map(|user| (session, user)))
        })
        .await?;
    let Some((session, user)) = found else {
        return Ok(None);
    };
    let take_flash = req.method() == hyper::Method::GET && session.flash.is_some();
    let flash = if take_flash || now - session.last_seen_at > TOUCH_AFTER_US {
        let hash = hash.clone();
        app.store
            .write(move |conn| sessions::touch(conn, &hash, now, take_flash))
            .await?
    } else {
        None
    };
    Ok(Some(Signed {
        token_hash: hash,
        user,
        csrf_token: session.csrf_token,
        flash,
    }))
}

/// Starts a session for the user; returns the `Set-Cookie` value that carries it.
pub async fn start(app: &App, user_id: Uuid) -> Result<String, AdminError> {
    let token = random_token::<32>();
    let now = app.clock.now_us();
    let session = WebSession {
        token_hash: token_hash(&token),
        user_id,
        csrf_token: random_token::<32>(),
        created_at: now,
        last_seen_at: now,
        flash: None,
    };
    app.store
        .write(move |conn| {
            sessions::delete_expired(conn, now - IDLE_TIMEOUT_US, now)?;
            sessions::insert_session(conn, &session)
        })
        .await?;
    Ok(set_cookie(app, COOKIE, &token))
}

/// Ends the session; returns the `Set-Cookie` value that clears the cookie.
pub async fn end(app: &App, signed: Signed) -> Result<String, AdminError> {
    let hash = signed.token_hash;
    app.store
        .write(move |conn| sessions::delete_session(conn, &hash))
        .await?;
    Ok(format!(
        "{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}",
        secure(app)
    ))
}

fn secure(app: &App) -> &'static str {
    if app.settings.served_over_https() {
        "; Secure"
    } else {
        ""
    }
}

/// A `Set-Cookie` value for an admin cookie (a browser-session cookie: no expiry of its own).
pub fn set_cookie(app: &App, name: &str, value: &str) -> String {
    format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax{}",
        secure(app)
    )
}

/// Refuses a form that does not carry this session's CSRF token.
pub fn check_csrf(signed: &Signed, form: &Form) -> Result<(), AdminError> {
    match form.get(CSRF_FIELD) {
        Some(presented) if same_token(presented, &signed.csrf_token) => Ok(()),
        _ => Err(AdminError::Csrf),
    }
}

/// Leaves a message for the next page this session shows.
pub async fn flash(app: &App, signed: &Signed, message: String) -> Result<(), AdminError> {
    let hash = signed.token_hash.clone();
    app.store
        .write(move |conn| sessions::set_flash(conn, &hash, &message))
        .await?;
    Ok(())
}

/// A new API key waiting to be shown once.
#[derive(Debug)]
pub struct ShownOnce {
    pub service_id: Uuid,
    pub key_id: Uuid,
    pub name: String,
    pub key_type: KeyType,
    pub full_key: Secret,
    /// Made by regenerating an existing key rather than creating one.
    pub regenerated: bool,
}

fn sealed_owner(token_hash: &[u8]) -> String {
    let hex: String = token_hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("admin shown once {hex}")
}

/// Holds a new key on the session until [`take`] shows it.
pub async fn hold(app: &App, signed: &Signed, key: &ShownOnce) -> Result<(), AdminError> {
    let value = json!({
        "service_id": key.service_id, "key_id": key.key_id, "name": key.name,
        "key_type": key.key_type.as_db(), "full_key": key.full_key.expose(),
        "regenerated": key.regenerated,
    });
    let plain = Secret::new(value.to_string());
    let sealed = app
        .master
        .seal_secret(&sealed_owner(&signed.token_hash), &plain);
    let hash = signed.token_hash.clone();
    app.store
        .write(move |conn| sessions::hold_shown_once(conn, &hash, &sealed))
        .await?;
    Ok(())
}

/// Takes the held key off the session: the first call gets it, every later one `None`.
pub async fn take(app: &App, signed: &Signed) -> Result<Option<ShownOnce>, AdminError> {
    let hash = signed.token_hash.clone();
    let Some(sealed) = app
        .store
        .write(move |conn| sessions::take_shown_once(conn, &hash))
        .await?
    else {
        return Ok(None);
    };
    let plain = app
        .master
        .open_secret(&sealed_owner(&signed.token_hash), &sealed)?;
    let v: Value = serde_json::from_str(plain.expose())
        .map_err(|e| AdminError::Internal(format!("held key is not JSON: {e}")))?;
    let uuid = |name: &str| v[name].as_str().and_then(|s| Uuid::parse_str(s).ok());
    let text = |name: &str| v[name].as_str().unwrap_or_default().to_owned();
    let (Some(service_id), Some(key_id), Some(key_type)) = (
        uuid("service_id"),
        uuid("key_id"),
        KeyType::from_db(&text("key_type")),
    ) else {
        return Err(AdminError::Internal("held key is incomplete".into()));
    };
    Ok(Some(ShownOnce {
        service_id,
        key_id,
        name: text("name"),
        key_type,
        full_key: Secret::new(text("full_key")),
        regenerated: v["regenerated"].as_bool().unwrap_or(false),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_exactly() {
        assert!(same_token("abc123", "abc123"));
        assert!(!same_token("abc124", "abc123"));
        assert!(!same_token("abc12", "abc123"));
        assert!(!same_token("", ""));
        assert_eq!(token_hash("x").len(), 32);
    }
}
