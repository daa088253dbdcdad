//! Secrets at rest: the master key and AES-256-GCM sealing of API key secrets and callback
//! bearer tokens.
//!
//! The server must verify HS256 signatures with the plaintext key secret, so secrets cannot be
//! hashed; they are sealed under a 32-byte master key kept outside the database (a mode-0600 file
//! beside it by default). Each sealed value binds its owner (e.g. the key id) as associated data,
//! so a sealed secret copied onto another row does not open. `Secret` never prints its value.

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A plaintext secret held in memory. `Debug` and `Display` are redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret(value)
    }

    /// The plaintext, for signing, comparing or showing once to its owner.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[derive(Debug)]
pub enum SecretError {
    /// The master key file is missing, unreadable or not 32 bytes.
    MasterKey(String),
    /// A sealed value did not open: wrong master key, or the value was altered.
    CannotOpen,
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretError::MasterKey(msg) => f.write_str(msg),
            SecretError::CannotOpen => f.write_str(
                "a stored secret could not be decrypted: the master key does not match this database",
            ),
        }
    }
}

impl std::error::Error for SecretError {}

const KEY_LEN: usize = 32;

/// The key every secret in the database is sealed with.
pub struct MasterKey {
    key: LessSafeKey,
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

impl MasterKey {
    fn from_bytes(bytes: &[u8]) -> MasterKey {
        let unbound = UnboundKey::new(&AES_256_GCM, bytes).expect("32-byte AES-256 key");
        MasterKey {
            key: LessSafeKey::new(unbound),
        }
    }

    /// A fresh random key that lives only in memory (for `--ephemeral`).
    pub fn generate() -> MasterKey {
        MasterKey::from_bytes(&random_bytes::<KEY_LEN>())
    }

    /// Reads the key file.
    pub fn load(path: &Path) -> Result<MasterKey, SecretError> {
        let bytes = std::fs::read(path).map_err(|e| {
            SecretError::MasterKey(format!(
                "cannot read master key file {}: {e}",
                path.display()
            ))
        })?;
        if bytes.len() != KEY_LEN {
            return Err(SecretError::MasterKey(format!(
                "master key file {} is corrupt: it holds {} bytes, not {KEY_LEN}",
                path.display(),
                bytes.len()
            )));
        }
        Ok(MasterKey::from_bytes(&bytes))
    }

    /// Creates a new random key file, readable only by its owner. Fails if the file exists.
    pub fn create(path: &Path) -> Result<MasterKey, SecretError> {
        let bytes = random_bytes::<KEY_LEN>();
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let written = options
            .open(path)
            .and_then(|mut f| f.write_all(&bytes).and_then(|_| f.sync_all()));
        written.map_err(|e| {
            SecretError::MasterKey(format!(
                "cannot create master key file {}: {e}",
                path.display()
            ))
        })?;
        Ok(MasterKey::from_bytes(&bytes))
    }

    /// Seals `plaintext`, bound to `owner`: random nonce followed by ciphertext and tag.
    pub fn seal(&self, owner: &str, plaintext: &[u8]) -> Vec<u8> {
        let nonce_bytes = random_bytes::<NONCE_LEN>();
        let nonce = Nonce::assume_unique_for_key(nonce_bytes);
        let mut sealed = Vec::with_capacity(NONCE_LEN + plaintext.len() + 16);
        sealed.extend_from_slice(&nonce_bytes);
        let mut body = plaintext.to_vec();
        self.key
            .seal_in_place_append_tag(nonce, Aad::from(owner.as_bytes()), &mut body)
            .expect("AES-GCM sealing cannot fail for small inputs");
        sealed.extend_from_slice(&body);
        sealed
    }

    /// Opens a value sealed for `owner`.
    pub fn open(&self, owner: &str, sealed: &[u8]) -> Result<Vec<u8>, SecretError> {
        if sealed.len() < NONCE_LEN {
            return Err(SecretError::CannotOpen);
        }
        let (nonce_bytes, body) = sealed.split_at(NONCE_LEN);
        let nonce =
            Nonce::try_assume_unique_for_key(nonce_bytes).map_err(|_| SecretError::CannotOpen)?;
        let mut body = body.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(owner.as_bytes()), &mut body)
            .map_err(|_| SecretError::CannotOpen)?;
        Ok(plain.to_vec())
    }

    /// Seals a secret string.
    pub fn seal_secret(&self, owner: &str, secret: &Secret) -> Vec<u8> {
        self.seal(owner, secret.expose().as_bytes())
    }

    /// Opens a sealed secret string.
    pub fn open_secret(&self, owner: &str, sealed: &[u8]) -> Result<Secret, SecretError> {
        let plain = self.open(owner, sealed)?;
        String::from_utf8(plain)
            .map(Secret)
            .map_err(|_| SecretError::CannotOpen)
    }
}

/// Where the master key lives by default: beside the database, `<db>.key`.
pub fn default_key_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

/// Cryptographically secure random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    SystemRandom::new()
        .fill(&mut bytes)
        .expect("the operating system's random number generator failed");
    bytes
}

/// A random token for URLs and cookies: `N` random bytes as lowercase hex.
pub fn random_token<const N: usize>() -> String {
    let bytes = random_bytes::<N>();
    let mut out = String::with_capacity(N * 2);
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_binding() {
        let key = MasterKey::generate();
        let sealed = key.seal_secret("key-1", &Secret::new("s3cret".into()));
        assert!(!sealed.windows(6).any(|w| w == b"s3cret"));
        assert_eq!(
            key.open_secret("key-1", &sealed).unwrap().expose(),
            "s3cret"
        );
        assert!(key.open_secret("key-2", &sealed).is_err());
        assert!(MasterKey::generate().open_secret("key-1", &sealed).is_err());
        assert!(key.open("key-1", b"short").is_err());
    }

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("hunter2".into());
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert!(!format!("{:?}", MasterKey::generate()).contains('['));
    }

    #[test]
    fn key_file_is_created_once_and_checked() {
        let dir = std::env::temp_dir().join(format!("notifyd-mk-{}", random_token::<8>()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("db.key");
        let created = MasterKey::create(&path).unwrap();
        assert!(MasterKey::create(&path).is_err());
        let loaded = MasterKey::load(&path).unwrap();
        let sealed = created.seal("o", b"x");
        assert_eq!(loaded.open("o", &sealed).unwrap(), b"x");
        std::fs::write(&path, b"truncated").unwrap();
        let err = MasterKey::load(&path).unwrap_err().to_string();
        assert!(err.contains("corrupt"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
