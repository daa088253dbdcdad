//! Property tests (proptest) for the invariants clients rely on most:
//!
//! - authentication: a token signed with any key of a service (or a full key presented) is
//!   accepted exactly when that key is not revoked, the service is active and, for tokens,
//!   `iat` is within 30 seconds of now either way; otherwise the refusal is the one Notify
//!   gives. Driven through `auth::verdict`, the pure header → verdict function that
//!   `auth::authenticate` runs around its one cache lookup, with tokens made by `jwt::sign`
//!   (what the CLI and the official clients produce).
//! - rendering: no template and personalisation makes rendering panic, and `Missing
//!   personalisation` lists exactly the placeholder names without a value, in template order
//!   (subject first), as computed here independently of the engine: Python's `((name))`
//!   regex, `InsensitiveDict` keys (case, spaces, `_` and `-` ignored), first spelling kept,
//!   `null` counting as absent.
//!
//! Cases: 256 per property (`PROPTEST_CASES` overrides). The seed is fixed, so CI runs the
//! same cases every time; explore with e.g. `PROPTEST_RNG_SEED=$RANDOM PROPTEST_CASES=20000
//! cargo test --test properties`.

use notifyd::auth::{self, jwt, AuthError, ServiceKeys};
use notifyd::cache::{AuthKey, REVOKED_KEY_MEMORY_US};
use notifyd::keys::KeyType;
use notifyd::secrets::Secret;
use notifyd::templates::{self, RenderError, TemplateType};
use proptest::collection::{hash_set, vec};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use ring::hmac;
use serde_json::{json, Map, Value};
use std::sync::atomic::AtomicI64;
use uuid::Uuid;

const SERVICE: Uuid = Uuid::from_u128(0x6ba7b810_9dad_11d1_80b4_00c04fd430c8);
const SEED: u64 = 0x006e_6f74_6966_7964;

fn config() -> Config {
    let base = Config::default();
    let fixed = std::env::var_os("PROPTEST_RNG_SEED").is_none();
    Config {
        rng_seed: if fixed {
            RngSeed::Fixed(SEED)
        } else {
            base.rng_seed
        },
        failure_persistence: None,
        ..base
    }
}

/// A key's state at the time of the request.
#[derive(Clone, Copy, Debug)]
enum KeyState {
    Active,
    /// Revoked this many microseconds ago, less than 7 days: still known, refused as revoked.
    RevokedRecently(i64),
    /// Revoked at least 7 days ago: forgotten.
    RevokedLongAgo(i64),
}

fn key_state() -> impl Strategy<Value = KeyState> {
    prop_oneof![
        2 => Just(KeyState::Active),
        1 => (0..REVOKED_KEY_MEMORY_US).prop_map(KeyState::RevokedRecently),
        1 => (REVOKED_KEY_MEMORY_US..REVOKED_KEY_MEMORY_US * 100).prop_map(KeyState::RevokedLongAgo),
    ]
}

/// Who signs: one of the service's keys, or a key the service never had.
#[derive(Clone, Debug)]
enum Signer {
    Key(usize),
    Stranger(u128),
}

fn make_keys(secrets: &[u128], states: &[KeyState], now: i64) -> Vec<AuthKey> {
    secrets
        .iter()
        .zip(states)
        .enumerate()
        .map(|(i, (secret, state))| {
            let secret = Uuid::from_u128(*secret).to_string();
            AuthKey {
                id: Uuid::from_u128(i as u128 + 1),
                name: format!("key {i}"),
                key_type: KeyType::Live,
                hmac: hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes()),
                secret: Secret::new(secret),
                revoked_at: match state {
                    KeyState::Active => None,
                    KeyState::RevokedRecently(ago) | KeyState::RevokedLongAgo(ago) => {
                        Some(now - ago)
                    }
                },
                last_use_recorded: AtomicI64::new(0),
            }
        })
        .collect()
}

fn auth_case() -> impl Strategy<Value = (Vec<u128>, Vec<KeyState>, bool, Signer, i64, i64)> {
    (1usize..5).prop_flat_map(|n| {
        (
            hash_set(any::<u128>(), n).prop_map(|s| s.into_iter().collect::<Vec<_>>()),
            vec(key_state(), n),
            prop::bool::weighted(0.8),
            prop_oneof![4 => (0..n).prop_map(Signer::Key), 1 => any::<u128>().prop_map(Signer::Stranger)],
            // Any time from 1970 to 2100, in microseconds.
            0i64..4_102_444_800_000_000,
            prop_oneof![4 => -45i64..=45, 1 => -100_000i64..100_000],
        )
    })
}

/// The verdict Notify gives, from the generated facts alone.
fn expected(
    states: &[KeyState],
    active: bool,
    signer: &Signer,
    iat_offset: Option<i64>,
) -> Result<Uuid, AuthError> {
    let known = |s: &KeyState| !matches!(s, KeyState::RevokedLongAgo(_));
    if iat_offset.is_some() {
        if !states.iter().any(known) {
            return Err(AuthError::NoApiKeys);
        }
        if !active {
            return Err(AuthError::ServiceArchived);
        }
    }
    let Signer::Key(i) = signer else {
        return Err(AuthError::KeyNotFound);
    };
    match (states[*i], iat_offset) {
        (KeyState::RevokedLongAgo(_), _) => Err(AuthError::KeyNotFound),
        (_, Some(offset)) if offset.abs() > jwt::CLOCK_WINDOW_SECS => Err(AuthError::ClockSkew),
        (KeyState::RevokedRecently(_), _) => Err(AuthError::KeyRevoked),
        (KeyState::Active, _) if !active => Err(AuthError::ServiceArchived),
        (KeyState::Active, _) => Ok(Uuid::from_u128(*i as u128 + 1)),
    }
}

fn signer_secret(keys: &[AuthKey], signer: &Signer) -> String {
    match signer {
        Signer::Key(i) => keys[*i].secret.expose().to_owned(),
        Signer::Stranger(n) => Uuid::from_u128(*n).to_string(),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_token_authenticates_exactly_when_its_key_is_active_and_iat_in_window(
        (secrets, states, active, signer, now_us, offset) in auth_case(),
        scheme in prop::sample::select(vec!["Bearer ", "bearer ", "BEARER ", " Bearer "]),
    ) {
        let keys = make_keys(&secrets, &states, now_us);
        let service = ServiceKeys { active, keys: &keys };
        let iat = now_us.div_euclid(1_000_000) + offset;
        let token = jwt::sign(&json!({"iss": SERVICE.to_string(), "iat": iat}), &signer_secret(&keys, &signer));
        let header = format!("{scheme}{token}");
        let got = auth::verdict(Some(&header), SERVICE, service, now_us).map(|k| k.id);
        prop_assert_eq!(got, expected(&states, active, &signer, Some(offset)));
    }

    #[test]
    fn a_full_key_authenticates_exactly_when_its_key_is_active(
        (secrets, states, active, signer, now_us, _) in auth_case(),
        name in "[a-z_ ]{0,12}",
    ) {
        let keys = make_keys(&secrets, &states, now_us);
        let service = ServiceKeys { active, keys: &keys };
        let header = format!("ApiKey-v1 {name}-{SERVICE}-{}", signer_secret(&keys, &signer));
        let got = auth::verdict(Some(&header), SERVICE, service, now_us).map(|k| k.id);
        prop_assert_eq!(got, expected(&states, active, &signer, None));
    }

    #[test]
    fn missing_personalisation_lists_exactly_the_absent_names(
        kind in prop::sample::select(vec![TemplateType::Sms, TemplateType::Email, TemplateType::Letter]),
        subject in template_text(),
        body in template_text(),
        values in personalisation(),
    ) {
        let texts: Vec<&str> = match kind {
            TemplateType::Sms => vec![&body],
            _ => vec![&subject, &body],
        };
        let absent = missing(&unique_names(&texts), &values);
        match templates::render(kind, Some(&subject), &body, &values) {
            Err(RenderError::MissingPersonalisation(listed)) => prop_assert_eq!(listed, absent),
            Err(RenderError::Empty) | Ok(_) => prop_assert!(absent.is_empty(), "{:?}", absent),
        }
        let body_absent = missing(&unique_names(&[&body]), &values);
        match templates::email_html(&body, &values) {
            Err(RenderError::MissingPersonalisation(listed)) => prop_assert_eq!(listed, body_absent),
            Err(RenderError::Empty) => prop_assert!(false, "email_html is never empty"),
            Ok(_) => prop_assert!(body_absent.is_empty()),
        }
        if let Ok(letter) = templates::render_letter(None, &subject, &body, &values) {
            let _ = templates::letter_blocks(&letter.body);
        }
    }
}

// ---- templates: generators and the independent model ----

const NAMES: [&str; 6] = [
    "name",
    "first name",
    "ref_no",
    "date-of-birth",
    "Straße",
    "x",
];

/// A spelling of `base` that `InsensitiveDict` treats as the same key, or (by changing a
/// letter) sometimes a different one.
fn spelling(base: &'static str) -> impl Strategy<Value = String> {
    let n = base.chars().count();
    (vec(0u8..8, n), vec(0u8..9, n)).prop_map(move |(cases, seps)| {
        let mut out = String::new();
        for ((c, case), sep) in base.chars().zip(cases).zip(seps) {
            match sep {
                0 => out.push(' '),
                1 => out.push('_'),
                2 => out.push('-'),
                _ => {}
            }
            match case {
                0..=2 => out.extend(c.to_uppercase()),
                7 => out.push('z'),
                _ => out.extend(c.to_lowercase()),
            }
        }
        out
    })
}

fn any_spelling() -> impl Strategy<Value = String> {
    prop::sample::select(NAMES.to_vec()).prop_flat_map(spelling)
}

fn template_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(vec![
            "Hello ", "\n", "\n\n", "  ", "* ", "# ", ".", ",", "&", "<b>", "GOV.UK", "é",
            "…", "(", ")", "((", "))", "?", "??", "^ ", "1. ", "https://example.com",
        ]).prop_map(str::to_owned),
        2 => any_spelling().prop_map(|n| format!("(({n}))")),
        1 => (any_spelling(), "[a-z ]{0,6}").prop_map(|(n, t)| format!("(({n}??{t}))")),
    ];
    vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => Just(Value::Null),
        3 => prop::sample::select(vec!["", " ", "Amala", "yes", "((name))", "a\nb", "*x*"])
            .prop_map(Value::from),
        1 => any::<bool>().prop_map(Value::from),
        1 => any::<i32>().prop_map(Value::from),
        1 => (-1e6f64..1e6).prop_map(Value::from),
        1 => vec(prop_oneof![Just(Value::Null), "[a-z ]{0,4}".prop_map(Value::from)], 0..3)
            .prop_map(Value::Array),
    ]
}

fn personalisation() -> impl Strategy<Value = Map<String, Value>> {
    vec((any_spelling(), value()), 0..8).prop_map(|entries| entries.into_iter().collect())
}

/// `InsensitiveDict.make_key`: spaces, underscores and hyphens removed, then `str.lower()`.
fn make_key(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .collect::<String>()
        .to_lowercase()
}

/// Placeholder names (`\({2}([^()]+)\){2}`, a conditional's part before `??`), left to right,
/// first spelling of each key kept.
fn unique_names<'a>(texts: &[&'a str]) -> Vec<&'a str> {
    let mut names: Vec<&'a str> = Vec::new();
    for text in texts {
        let mut i = 0;
        while i < text.len() {
            if text[i..].starts_with("((") {
                let start = i + 2;
                let len = text[start..].find(['(', ')']).unwrap_or(text.len() - start);
                if len > 0 && text[start + len..].starts_with("))") {
                    let body = &text[start..start + len];
                    let name = body.split_once("??").map_or(body, |(name, _)| name);
                    if !names.iter().any(|seen| make_key(seen) == make_key(name)) {
                        names.push(name);
                    }
                    i = start + len + 2;
                    continue;
                }
            }
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    names
}

/// Names whose value is absent or null (the last matching key in the map gives the value).
fn missing(names: &[&str], values: &Map<String, Value>) -> Vec<String> {
    names
        .iter()
        .filter(|name| {
            let value = values
                .iter()
                .rfind(|(key, _)| make_key(key) == make_key(name))
                .map(|(_, v)| v);
            matches!(value, None | Some(Value::Null))
        })
        .map(|name| name.to_string())
        .collect()
}
