//! Opening notifyd's database for use, the same way for `serve` and every CLI command: open,
//! migrate, find (or, for a new database, create) the master key, and prove the two belong
//! together before anything is read or written. Every failure is one clear sentence.

use crate::config::Settings;
use crate::secrets::{default_key_path, MasterKey};
use crate::store::{self, StoreError};
use rusqlite::Connection;
use std::fmt;
use std::path::PathBuf;

const KEY_CHECK_OWNER: &str = "notifyd master key check";
const KEY_CHECK_VALUE: &[u8] = b"this database's secrets are sealed with this key";

#[derive(Debug)]
pub struct SetupError(pub String);

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SetupError {}

impl From<StoreError> for SetupError {
    fn from(e: StoreError) -> SetupError {
        SetupError(e.to_string())
    }
}

pub struct Opened {
    pub conn: Connection,
    pub master: MasterKey,
    /// The database was created by this call.
    pub created: bool,
}

/// Where the master key is: configured, or `<db>.key`.
pub fn master_key_path(settings: &Settings) -> PathBuf {
    settings
        .master_key_file
        .clone()
        .unwrap_or_else(|| default_key_path(&settings.db))
}

/// Opens the configured database and its master key.
pub fn open_database(settings: &Settings) -> Result<Opened, SetupError> {
    let path = &settings.db;
    let conn = store::open_connection(path)?;
    let created = store::migrate(&conn, path)?;
    let key_path = master_key_path(settings);
    let master = if key_path.exists() || !created {
        MasterKey::load(&key_path).map_err(|e| {
            let hint = if key_path.exists() {
                String::new()
            } else {
                format!(
                    " (it holds the key that encrypts the API key secrets in {}; set NOTIFYD_MASTER_KEY_FILE if it lives elsewhere)",
                    path.display()
                )
            };
            SetupError(format!("{e}{hint}"))
        })?
    } else {
        MasterKey::create(&key_path).map_err(|e| SetupError(e.to_string()))?
    };
    check_master_key(&conn, &master, &key_path, settings)?;
    Ok(Opened {
        conn,
        master,
        created,
    })
}

/// Opens a database with a key held only in memory (`--ephemeral`).
pub fn open_with_key(settings: &Settings, master: MasterKey) -> Result<Opened, SetupError> {
    let conn = store::open_connection(&settings.db)?;
    let created = store::migrate(&conn, &settings.db)?;
    check_master_key(&conn, &master, &settings.db, settings)?;
    Ok(Opened {
        conn,
        master,
        created,
    })
}

fn check_master_key(
    conn: &Connection,
    master: &MasterKey,
    key_path: &std::path::Path,
    settings: &Settings,
) -> Result<(), SetupError> {
    match store::master_key_check(conn)? {
        None => {
            let sealed = master.seal(KEY_CHECK_OWNER, KEY_CHECK_VALUE);
            store::set_master_key_check(conn, &sealed)?;
            Ok(())
        }
        Some(sealed) => match master.open(KEY_CHECK_OWNER, &sealed) {
            Ok(value) if value == KEY_CHECK_VALUE => Ok(()),
            _ => Err(SetupError(format!(
                "master key {} does not match database {}: it is not the key this database's secrets were sealed with",
                key_path.display(),
                settings.db.display()
            ))),
        },
    }
}
