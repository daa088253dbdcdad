//! API keys: their three types, the full key format, and creating, listing, revoking and
//! regenerating them. The CLI, the admin pages and the notify.cx API all come through here, so a
//! key behaves the same whichever door it was made or revoked through.
//!
//! A full key is `{type}-{safe name}-{service id}-{secret}`: the leading type tells a reader what
//! kind of key it is, and the official clients read the service id and secret from the last 73
//! characters, so they need no change. The secret is 16 random bytes written UUID-shaped; the
//! HMAC key for JWTs is that 36-character text.

use crate::clock::Micros;
use crate::secrets::{random_bytes, MasterKey, Secret, SecretError};
use crate::store::{self, keys::ApiKeyRow, StoreError};
use rusqlite::Connection;
use std::fmt;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// Notify's `normal`: sends to anyone once the service is live.
    Live,
    /// Team and guest list: only the team and the guest list.
    Team,
    /// Pretends to send.
    Test,
}

impl KeyType {
    pub fn as_db(self) -> &'static str {
        match self {
            KeyType::Live => "normal",
            KeyType::Team => "team",
            KeyType::Test => "test",
        }
    }

    pub fn from_db(s: &str) -> Option<KeyType> {
        match s {
            "normal" => Some(KeyType::Live),
            "team" => Some(KeyType::Team),
            "test" => Some(KeyType::Test),
            _ => None,
        }
    }

    /// The word users type and read: `live`, `team`, `test`.
    pub fn as_cli(self) -> &'static str {
        match self {
            KeyType::Live => "live",
            KeyType::Team => "team",
            KeyType::Test => "test",
        }
    }

    /// Accepts the CLI words and Notify's `normal`.
    pub fn parse(s: &str) -> Option<KeyType> {
        match s.to_ascii_lowercase().as_str() {
            "live" | "normal" => Some(KeyType::Live),
            "team" => Some(KeyType::Team),
            "test" => Some(KeyType::Test),
            _ => None,
        }
    }

    /// The admin page's description.
    pub fn description(self) -> &'static str {
        match self {
            KeyType::Live => "Live – sends to anyone",
            KeyType::Team => "Team and guest list – limits who you can send to",
            KeyType::Test => "Test – pretends to send messages",
        }
    }
}

#[derive(Debug)]
pub enum KeyError {
    ServiceNotFound(Uuid),
    KeyNotFound(Uuid),
    EmptyName,
    DuplicateName,
    Revoked,
    Store(StoreError),
    Secret(SecretError),
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::ServiceNotFound(id) => write!(f, "service {id} not found"),
            KeyError::KeyNotFound(id) => write!(f, "API key {id} not found"),
            KeyError::EmptyName => f.write_str("Enter a name for this API key"),
            KeyError::DuplicateName => f.write_str(store::keys::DUPLICATE_NAME),
            KeyError::Revoked => f.write_str("This API key has been revoked"),
            KeyError::Store(e) => e.fmt(f),
            KeyError::Secret(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for KeyError {}

impl From<StoreError> for KeyError {
    fn from(e: StoreError) -> KeyError {
        match e {
            StoreError::Conflict(rule) if rule == store::keys::DUPLICATE_NAME => {
                KeyError::DuplicateName
            }
            other => KeyError::Store(other),
        }
    }
}

impl From<SecretError> for KeyError {
    fn from(e: SecretError) -> KeyError {
        KeyError::Secret(e)
    }
}

/// A key as listed: never the secret, only its first 8 characters.
#[derive(Clone, Debug)]
pub struct KeyInfo {
    pub id: Uuid,
    pub service_id: Uuid,
    pub name: String,
    pub key_type: KeyType,
    pub created_at: Micros,
    pub updated_at: Option<Micros>,
    pub revoked_at: Option<Micros>,
    pub last_used_at: Option<Micros>,
    pub prefix: String,
}

/// A key just made (or regenerated): the only time its full value exists outside the database.
#[derive(Debug)]
pub struct NewKey {
    pub id: Uuid,
    pub service_id: Uuid,
    pub name: String,
    pub key_type: KeyType,
    pub created_at: Micros,
    pub full_key: Secret,
}

/// Notify's `make_string_safe(name, whitespace="_")`, as a key's name appears in the full key.
pub fn safe_name(name: &str) -> String {
    make_string_safe(name, '_')
}

/// Notify's `make_string_safe`: accents stripped, whitespace runs become `whitespace`, everything
/// else that is not alphanumeric dropped, lower-cased, runs of dots collapsed, dots trimmed.
/// Also makes a service's email sender local part (with `.`).
pub fn make_string_safe(text: &str, whitespace: char) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(whitespace);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        let c = strip_accent(c);
        if c.is_alphanumeric() || c == whitespace {
            out.extend(c.to_lowercase());
        }
    }
    let mut collapsed = String::with_capacity(out.len());
    for c in out.chars() {
        if !(c == '.' && collapsed.ends_with('.')) {
            collapsed.push(c);
        }
    }
    collapsed.trim_matches('.').to_owned()
}

/// The base letter of a Latin letter with a diacritic (what NFD then dropping marks gives).
fn strip_accent(c: char) -> char {
    const FROM: &str = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿŴŵŶŷŸĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŹźŻżŽž";
    const TO: &str = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyyWwYyYAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuZzZzZz";
    match FROM.chars().position(|f| f == c) {
        Some(i) => TO.chars().nth(i).unwrap_or(c),
        None => c,
    }
}

/// How Notify compares key names for uniqueness: lower-cased, ignoring spaces, `_` and `-`.
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A new secret: 16 random bytes, written as a lowercase UUID-shaped string.
pub fn generate_secret() -> Secret {
    Secret::new(
        Uuid::from_bytes(random_bytes::<16>())
            .hyphenated()
            .to_string(),
    )
}

/// True when `s` has the 36-character shape of a secret.
pub fn is_secret_shaped(s: &str) -> bool {
    s.len() == 36 && Uuid::try_parse(s).is_ok() && !s.bytes().any(|b| b.is_ascii_uppercase())
}

pub fn full_key(key_type: KeyType, name: &str, service_id: Uuid, secret: &Secret) -> Secret {
    Secret::new(format!(
        "{}-{}-{}-{}",
        key_type.as_cli(),
        safe_name(name),
        service_id,
        secret.expose()
    ))
}

/// Splits a presented full key into its service id and secret (the last 73 characters), as the
/// official clients do. `None` when it is not shaped like a full key.
pub fn split_full_key(key: &str) -> Option<(Uuid, &str)> {
    let len = key.len();
    if len < 74 || !key.is_char_boundary(len - 74) {
        return None;
    }
    let tail = &key.as_bytes()[len - 74..];
    if tail[0] != b'-' || tail[37] != b'-' {
        return None;
    }
    let service = Uuid::try_parse(&key[len - 73..len - 37]).ok()?;
    Some((service, &key[len - 36..]))
}

fn info(master: &MasterKey, row: &ApiKeyRow) -> Result<KeyInfo, KeyError> {
    let secret = master.open_secret(&row.id.to_string(), &row.secret_sealed)?;
    let prefix: String = secret.expose().chars().take(8).collect();
    Ok(KeyInfo {
        id: row.id,
        service_id: row.service_id,
        name: row.name.clone(),
        key_type: row.key_type,
        created_at: row.created_at,
        updated_at: row.updated_at,
        revoked_at: row.revoked_at,
        last_used_at: row.last_used_at,
        prefix: format!("{prefix}..."),
    })
}

fn require_service(conn: &Connection, service_id: Uuid) -> Result<(), KeyError> {
    match store::services::get(conn, service_id)? {
        Some(_) => Ok(()),
        None => Err(KeyError::ServiceNotFound(service_id)),
    }
}

/// What a new key is made from. `fixed` gives a config-declared id and secret.
pub struct KeySpec<'a> {
    pub service_id: Uuid,
    pub name: &'a str,
    pub key_type: KeyType,
    pub fixed: Option<(Uuid, Secret)>,
}

/// Creates a key and returns it in full, once.
pub fn create(
    conn: &Connection,
    master: &MasterKey,
    spec: KeySpec,
    now: Micros,
) -> Result<NewKey, KeyError> {
    let name = spec.name.trim();
    if name.is_empty() {
        return Err(KeyError::EmptyName);
    }
    require_service(conn, spec.service_id)?;
    let (id, secret) = spec
        .fixed
        .unwrap_or_else(|| (Uuid::new_v4(), generate_secret()));
    let row = ApiKeyRow {
        id,
        service_id: spec.service_id,
        name: name.to_owned(),
        name_key: name_key(name),
        key_type: spec.key_type,
        secret_sealed: master.seal_secret(&id.to_string(), &secret),
        created_at: now,
        updated_at: None,
        revoked_at: None,
        last_used_at: None,
    };
    store::keys::insert(conn, &row)?;
    Ok(NewKey {
        id,
        service_id: spec.service_id,
        name: row.name,
        key_type: spec.key_type,
        created_at: now,
        full_key: full_key(spec.key_type, name, spec.service_id, &secret),
    })
}

/// Every key of the service, sorted by name, revoked ones included.
pub fn list(
    conn: &Connection,
    master: &MasterKey,
    service_id: Uuid,
) -> Result<Vec<KeyInfo>, KeyError> {
    require_service(conn, service_id)?;
    let rows = store::keys::list(conn, service_id)?;
    rows.iter().map(|row| info(master, row)).collect()
}

/// Revokes a key at once. Revoking a revoked key keeps its first revocation time.
pub fn revoke(
    conn: &Connection,
    master: &MasterKey,
    service_id: Uuid,
    key_id: Uuid,
    now: Micros,
) -> Result<KeyInfo, KeyError> {
    require_service(conn, service_id)?;
    store::keys::get(conn, service_id, key_id)?.ok_or(KeyError::KeyNotFound(key_id))?;
    store::keys::revoke(conn, key_id, now)?;
    let row = store::keys::get(conn, service_id, key_id)?.ok_or(KeyError::KeyNotFound(key_id))?;
    info(master, &row)
}

/// Gives an active key a new secret; the old one stops working with the next request.
pub fn regenerate(
    conn: &Connection,
    master: &MasterKey,
    service_id: Uuid,
    key_id: Uuid,
    now: Micros,
) -> Result<NewKey, KeyError> {
    require_service(conn, service_id)?;
    let row = store::keys::get(conn, service_id, key_id)?.ok_or(KeyError::KeyNotFound(key_id))?;
    if row.revoked_at.is_some() {
        return Err(KeyError::Revoked);
    }
    let secret = generate_secret();
    let sealed = master.seal_secret(&key_id.to_string(), &secret);
    store::keys::replace_secret(conn, key_id, &sealed, now)?;
    Ok(NewKey {
        id: key_id,
        service_id,
        full_key: full_key(row.key_type, &row.name, service_id, &secret),
        name: row.name,
        key_type: row.key_type,
        created_at: row.created_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names_follow_notify() {
        assert_eq!(safe_name("Local dev"), "local_dev");
        assert_eq!(safe_name("  Production   app! "), "production_app");
        assert_eq!(safe_name("Café-Crème v1.2"), "cafecreme_v12");
        assert_eq!(safe_name("a\t\nb"), "a_b");
        assert_eq!(
            make_string_safe("Local development", '.'),
            "local.development"
        );
        assert_eq!(make_string_safe(" .Tax.. office. ", '.'), "tax.office");
    }

    #[test]
    fn names_compare_insensitively() {
        assert_eq!(name_key("My Key"), name_key("my_key"));
        assert_eq!(name_key("MY-KEY"), "mykey");
    }

    #[test]
    fn full_keys_split_like_the_clients() {
        let sid = Uuid::new_v4();
        let secret = generate_secret();
        assert!(is_secret_shaped(secret.expose()));
        let key = full_key(KeyType::Test, "Local dev", sid, &secret);
        assert!(key.expose().starts_with("test-local_dev-"));
        let (s, sec) = split_full_key(key.expose()).unwrap();
        assert_eq!(s, sid);
        assert_eq!(sec, secret.expose());
        assert!(split_full_key("short").is_none());
        assert!(split_full_key(&key.expose().replace('-', "_")).is_none());
        assert!(split_full_key(&format!("é{}", &key.expose()[1..])).is_some());
    }
}
