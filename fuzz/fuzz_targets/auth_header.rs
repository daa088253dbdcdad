//! Fuzz target `auth_header`: the Authorization and x-api-key headers through the production
//! decision (`auth::verdict`, `auth::read_x_api_key` + `auth::decide`), with the JWT decoder
//! (`jwt::parse`, `Token::check`), `keys::split_full_key` and `auth::python_uuid` on raw text,
//! against one service whose keys, revocations, state and clock the input chooses.
//!
//! The first byte picks the input's form: below 0x80 the rest is an Authorization header, below
//! 0xc0 an x-api-key header (both against a service with an active key
//! `11111111-2222-3333-4444-555555555555`, one revoked yesterday and one forgotten, at
//! 1700000000 s), else the rest is read by `arbitrary` as keys, clock and a header to build.
//!
//! Invariants, for every input: nothing panics; an accepted key is one of the service's, not
//! revoked, still known, and the service is active; a refusal is a 401 or 403 with a message.
//! For tokens and full keys built here the exact verdict is predicted independently: a token
//! signed with a key of the service and an `iat` within 30 s of now is accepted exactly when
//! that key is not revoked (else `KeyRevoked`), the service is active and `alg` is HS256;
//! outside the window it is `ClockSkew`; an unknown signer is `KeyNotFound`; and the issuer,
//! "no keys" and "archived" checks come first, in Notify's order.
//! Building those tokens and keys and predicting their verdicts is in `auth_header/cases.rs`.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use notifyd::auth::{self, jwt, AuthError, ServiceKeys};
use notifyd::cache::AuthKey;
use notifyd::keys::{self, KeyType};
use notifyd::secrets::Secret;
use ring::hmac;
use std::sync::atomic::AtomicI64;
use uuid::Uuid;

#[path = "auth_header/cases.rs"]
mod cases;
use cases::{full_key_case, jwt_case};

const SERVICE: Uuid = Uuid::from_u128(0x6ba7b810_9dad_11d1_80b4_00c04fd430c8);
/// The clock for raw headers (the seeds' tokens have `iat` 1700000000).
const SEED_NOW_US: i64 = 1_700_000_000_000_000;
/// Revoked keys are forgotten 7 days after revocation.
const FORGET_US: i128 = 7 * 86_400 * 1_000_000;

#[derive(Arbitrary, Debug)]
struct Input {
    now_us: i64,
    active: bool,
    keys: Vec<KeySpec>,
    case: Case,
}

#[derive(Arbitrary, Debug)]
struct KeySpec {
    secret: SecretSpec,
    /// Revoked this long before now (negative: a revocation time ahead of the clock).
    revoked_ago_us: Option<i64>,
}

#[derive(Arbitrary, Debug)]
enum SecretSpec {
    Uuid(u128),
    Text(String),
}

#[derive(Arbitrary, Debug)]
enum Signer {
    Key(u8),
    Other(String),
}

#[derive(Arbitrary, Debug)]
enum Iss {
    /// The service's id in one of the spellings Python's `uuid.UUID` accepts.
    Service(u8),
    Uuid(u128),
    Text(String),
    Number(i64),
    Missing,
}

#[derive(Arbitrary, Debug)]
enum Iat {
    Int(i16),
    Str(i16),
    Float(i16, u8),
    Null,
    Text(String),
    Missing,
}

#[derive(Arbitrary, Debug)]
enum Alg {
    Hs256,
    Other(String),
    Missing,
}

#[derive(Arbitrary, Debug)]
enum Claim {
    Iss,
    Iat,
    Nbf,
    Exp,
    Aud,
    Sub,
    Jti,
    Other(String),
}

#[derive(Arbitrary, Debug)]
enum Leaf {
    Null,
    Bool(bool),
    Int(i64),
    /// Now plus this many seconds.
    Rel(i16),
    Float(f64),
    Text(String),
}

#[derive(Arbitrary, Debug)]
enum Case {
    Raw(String),
    XApiKey(String),
    Jwt {
        signer: Signer,
        iss: Iss,
        iat: Iat,
        alg: Alg,
        extra: Vec<(Claim, Leaf)>,
        scheme: u8,
        pad: u8,
    },
    FullKey {
        name: String,
        service: Option<u128>,
        secret: Signer,
        x_api_key: bool,
        scheme: u8,
        pad: u8,
    },
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode >= 0xc0 {
        if let Ok(input) = Input::arbitrary(&mut Unstructured::new(rest)) {
            run(input);
        }
        return;
    }
    // Raw text against a fixed service, so real headers make useful seeds.
    let text = String::from_utf8_lossy(rest).into_owned();
    let case = match mode < 0x80 {
        true => Case::Raw(text),
        false => Case::XApiKey(text),
    };
    let key = |secret: &str, revoked_ago_us| KeySpec {
        secret: SecretSpec::Text(secret.to_owned()),
        revoked_ago_us,
    };
    run(Input {
        now_us: SEED_NOW_US,
        active: true,
        keys: vec![
            key("11111111-2222-3333-4444-555555555555", None),
            key("22222222-3333-4444-5555-666666666666", Some(86_400_000_000)),
            key(
                "33333333-4444-5555-6666-777777777777",
                Some(8 * 86_400_000_000),
            ),
        ],
        case,
    });
});

fn run(input: Input) {
    let now = input.now_us;
    let keys: Vec<AuthKey> = input
        .keys
        .iter()
        .take(6)
        .enumerate()
        .map(|(i, spec)| make_key(i, spec, now))
        .collect();
    let service = ServiceKeys {
        active: input.active,
        keys: &keys,
    };
    let (outcome, expected) = match &input.case {
        Case::Raw(raw) => {
            raw_helpers(raw, &keys, now);
            (auth::verdict(Some(raw), SERVICE, service, now), None)
        }
        Case::XApiKey(raw) => (x_api_key(raw, service, now), None),
        Case::Jwt { .. } => {
            let (header, expected) = jwt_case(&input.case, &keys, input.active, now);
            (
                auth::verdict(Some(&header), SERVICE, service, now),
                expected,
            )
        }
        Case::FullKey {
            x_api_key: via_x, ..
        } => {
            let (header, expected) = full_key_case(&input.case, &keys, input.active, now);
            let outcome = match via_x {
                true => x_api_key(&header, service, now),
                false => auth::verdict(Some(&header), SERVICE, service, now),
            };
            (outcome, expected)
        }
    };
    check_outcome(&outcome, &keys, input.active, now);
    if let Some(expected) = expected {
        let got = outcome.map(|k| k.id);
        assert_eq!(got, expected, "{input:?}");
    }
}

fn x_api_key<'k>(raw: &str, service: ServiceKeys<'k>, now: i64) -> Result<&'k AuthKey, AuthError> {
    let presented = auth::read_x_api_key(Some(raw))?;
    let found = (presented.service_id() == SERVICE).then_some(service);
    auth::decide(&presented, found, now)
}

fn make_key(i: usize, spec: &KeySpec, now: i64) -> AuthKey {
    let secret = match &spec.secret {
        SecretSpec::Uuid(n) => Uuid::from_u128(*n).to_string(),
        SecretSpec::Text(s) => s.clone(),
    };
    AuthKey {
        id: Uuid::from_u128(i as u128 + 1),
        name: format!("key {i}"),
        key_type: KeyType::Live,
        hmac: hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes()),
        secret: Secret::new(secret),
        revoked_at: spec.revoked_ago_us.map(|ago| now.saturating_sub(ago)),
        last_use_recorded: AtomicI64::new(0),
    }
}

/// Still known to authentication: active, or revoked less than 7 days ago.
fn known(key: &AuthKey, now: i64) -> bool {
    key.revoked_at
        .is_none_or(|at| i128::from(at) > i128::from(now) - FORGET_US)
}

fn check_outcome(outcome: &Result<&AuthKey, AuthError>, keys: &[AuthKey], active: bool, now: i64) {
    match outcome {
        Ok(key) => {
            assert!(keys.iter().any(|k| std::ptr::eq(k, *key)), "a foreign key");
            assert!(key.revoked_at.is_none(), "a revoked key accepted");
            assert!(known(key, now));
            assert!(active, "an archived service accepted");
        }
        Err(error) => {
            assert!(matches!(error.status(), 401 | 403), "{error:?}");
            assert!(!error.message().is_empty());
        }
    }
}

/// The pure helpers on raw text: no panics, and what they return is consistent.
fn raw_helpers(raw: &str, keys: &[AuthKey], now: i64) {
    if let Some(token) = jwt::parse(raw) {
        for key in keys {
            let _ = token.check(&key.hmac, now.div_euclid(1_000_000));
        }
    }
    if let Some((id, secret)) = keys::split_full_key(raw) {
        assert_eq!(secret.len(), 36);
        assert!(raw.ends_with(secret));
        let tail = &raw[raw.len() - 73..raw.len() - 37];
        assert_eq!(Uuid::try_parse(tail).ok(), Some(id));
    }
    if let Some(id) = auth::python_uuid(raw) {
        assert_eq!(auth::python_uuid(&id.to_string()), Some(id));
    }
}
