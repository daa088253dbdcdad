//! In-memory copies of what every request needs about a service: the service itself, its keys
//! (secrets opened once and held as ready HMAC keys), its templates, its team and guest list.
//!
//! Correctness comes before speed here: a key revoked by the CLI in another process must be
//! refused on the very next request. So the cache is not time-based. Every lookup first reads
//! `meta.config_version`, a counter the schema's triggers bump on any change to these tables,
//! whoever made it; when it moved, every entry is dropped and reloaded on demand. That read is a
//! single-row point query on a pooled connection, and no lock is ever held across an await.

use crate::clock::Micros;
use crate::keys::KeyType;
use crate::notifications::outcomes::OutcomeRule;
use crate::recipients::allowed_key;
use crate::secrets::{MasterKey, Secret, SecretError};
use crate::store::services::Service;
use crate::store::team::{GuestList, TeamMember};
use crate::store::templates::Template;
use crate::store::{self, Store, StoreError};
use ring::hmac;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, RwLock};
use uuid::Uuid;

/// Notify keeps answering "revoked" for keys revoked in the last 7 days, then forgets them.
pub const REVOKED_KEY_MEMORY_US: Micros = 7 * 86_400 * 1_000_000;

/// A key ready for authentication.
pub struct AuthKey {
    pub id: Uuid,
    pub name: String,
    pub key_type: KeyType,
    pub secret: Secret,
    pub hmac: hmac::Key,
    pub revoked_at: Option<Micros>,
    /// Last second in which use of this key was queued for recording.
    pub last_use_recorded: AtomicI64,
}

impl fmt::Debug for AuthKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthKey")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("key_type", &self.key_type)
            .field("revoked_at", &self.revoked_at)
            .finish_non_exhaustive()
    }
}

impl AuthKey {
    /// Whether authentication still knows this key at `now` (active, or revoked < 7 days ago).
    pub fn is_known_at(&self, now: Micros) -> bool {
        // Before the representable start of time nothing was revoked long enough ago.
        let forgotten_before = now.checked_sub(REVOKED_KEY_MEMORY_US);
        self.revoked_at
            .is_none_or(|at| forgotten_before.is_none_or(|limit| at > limit))
    }
}

/// Everything about one service that requests read.
#[derive(Debug)]
pub struct ServiceEntry {
    pub service: Service,
    pub keys: Vec<AuthKey>,
    /// Current versions, by id.
    pub templates: HashMap<Uuid, Arc<Template>>,
    pub team: Vec<TeamMember>,
    pub guest_list: GuestList,
    /// Team members' phones and emails and the guest list, normalised as Notify compares
    /// recipients (`recipients::allowed_key`): who team keys and trial mode may reach.
    pub allowed_recipients: HashSet<String>,
    /// How test-key and sink messages to particular recipients end (first match wins).
    pub outcome_rules: Vec<OutcomeRule>,
}

impl ServiceEntry {
    /// The service's templates (current versions) ordered by name then type, as Notify lists them.
    pub fn templates_sorted(&self) -> Vec<Arc<Template>> {
        let mut all: Vec<Arc<Template>> = self.templates.values().cloned().collect();
        all.sort_by(|a, b| {
            (a.name.as_str(), a.template_type.as_str())
                .cmp(&(b.name.as_str(), b.template_type.as_str()))
        });
        all
    }
}

#[derive(Debug)]
pub enum CacheError {
    Store(StoreError),
    Secret(SecretError),
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheError::Store(e) => e.fmt(f),
            CacheError::Secret(e) => e.fmt(f),
        }
    }
}

impl From<StoreError> for CacheError {
    fn from(e: StoreError) -> CacheError {
        CacheError::Store(e)
    }
}

impl From<SecretError> for CacheError {
    fn from(e: SecretError) -> CacheError {
        CacheError::Secret(e)
    }
}

struct State {
    version: i64,
    services: HashMap<Uuid, Arc<ServiceEntry>>,
}

pub struct Cache {
    store: Arc<Store>,
    master: Arc<MasterKey>,
    state: RwLock<State>,
}

impl Cache {
    pub fn new(store: Arc<Store>, master: Arc<MasterKey>) -> Cache {
        Cache {
            store,
            master,
            state: RwLock::new(State {
                version: -1,
                services: HashMap::new(),
            }),
        }
    }

    /// The service and what requests need of it, or `None` if there is no such service.
    pub fn service(&self, id: Uuid, now: Micros) -> Result<Option<Arc<ServiceEntry>>, CacheError> {
        let version = self.store.read_now(store::config_version)?;
        {
            let state = self.state.read().unwrap_or_else(|p| p.into_inner());
            if state.version == version {
                if let Some(entry) = state.services.get(&id) {
                    return Ok(Some(entry.clone()));
                }
            }
        }
        let loaded = self
            .store
            .read_now(|conn| load(conn, &self.master, id, now))?;
        let Some(entry) = loaded else {
            return Ok(None);
        };
        let entry = Arc::new(entry);
        let mut state = self.state.write().unwrap_or_else(|p| p.into_inner());
        if state.version != version {
            state.services.clear();
            state.version = version;
        }
        state.services.insert(id, entry.clone());
        Ok(Some(entry))
    }
}

fn load(
    conn: &rusqlite::Connection,
    master: &MasterKey,
    id: Uuid,
    now: Micros,
) -> Result<Option<ServiceEntry>, StoreError> {
    let Some(service) = store::services::get(conn, id)? else {
        return Ok(None);
    };
    let rows = store::keys::for_auth(conn, id, now.saturating_sub(REVOKED_KEY_MEMORY_US))?;
    let mut keys = Vec::with_capacity(rows.len());
    for row in rows {
        // A key whose secret does not open cannot authenticate anything: leave it out (the
        // master key is checked against the database at start, so this means tampering).
        let Ok(secret) = master.open_secret(&row.id.to_string(), &row.secret_sealed) else {
            continue;
        };
        keys.push(AuthKey {
            id: row.id,
            name: row.name,
            key_type: row.key_type,
            hmac: hmac::Key::new(hmac::HMAC_SHA256, secret.expose().as_bytes()),
            secret,
            revoked_at: row.revoked_at,
            last_use_recorded: AtomicI64::new(0),
        });
    }
    let templates = store::templates::list(conn, id)?
        .into_iter()
        .map(|t| (t.id, Arc::new(t)))
        .collect();
    let team = store::team::members(conn, id)?;
    let guest_list = store::team::guest_list(conn, id)?;
    let allowed_recipients = team
        .iter()
        .flat_map(|m| m.phone.iter().chain([&m.email]))
        .chain(guest_list.email_addresses.iter())
        .chain(guest_list.phone_numbers.iter())
        .map(|r| allowed_key(r))
        .collect();
    Ok(Some(ServiceEntry {
        outcome_rules: store::outcomes::for_service(conn, id)?,
        team,
        guest_list,
        allowed_recipients,
        service,
        keys,
        templates,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(revoked_at: Option<Micros>) -> AuthKey {
        AuthKey {
            id: Uuid::nil(),
            name: "k".into(),
            key_type: KeyType::Live,
            secret: Secret::new("s".into()),
            hmac: hmac::Key::new(hmac::HMAC_SHA256, b"s"),
            revoked_at,
            last_use_recorded: AtomicI64::new(0),
        }
    }

    #[test]
    fn revoked_keys_are_remembered_for_seven_days() {
        let now = 1_700_000_000_000_000;
        assert!(key(None).is_known_at(now));
        assert!(key(Some(now - REVOKED_KEY_MEMORY_US + 1)).is_known_at(now));
        assert!(!key(Some(now - REVOKED_KEY_MEMORY_US)).is_known_at(now));
    }

    /// Found by the `auth_header` fuzz target: a clock near the start of `i64` overflowed.
    #[test]
    fn a_clock_at_the_edge_of_time_does_not_overflow() {
        assert!(key(Some(i64::MIN)).is_known_at(i64::MIN));
        assert!(key(None).is_known_at(i64::MIN));
        assert!(!key(Some(i64::MIN)).is_known_at(i64::MAX));
    }
}
