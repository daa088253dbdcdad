//! How `auth_header` builds a JWT or a full API key from a fuzzed case, and predicts, without
//! calling notifyd, the verdict its Authorization or x-api-key header must get: the claims and
//! header are written as a client would, signed with ring, and the expected outcome follows
//! Notify's order of checks (issuer, "no keys", archived, algorithm, then each key's signature,
//! `iat` window and revocation). `None` means the case is not one the prediction covers exactly.

use super::{known, Alg, Case, Claim, Iat, Iss, Leaf, Signer, SERVICE};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use notifyd::auth::{self, AuthError};
use notifyd::cache::AuthKey;
use ring::{digest, hmac};
use serde_json::{Map, Value};
use uuid::Uuid;

/// The verdict a built header must get: the accepted key's id or the refusal.
pub type Expected = Option<Result<Uuid, AuthError>>;

/// `scheme` in the case given by the bits of `mask`, with whitespace around the header from
/// `pad` (which `trim` removes).
fn dress(scheme: &str, mask: u8, pad: u8, rest: &str) -> String {
    let cased: String = scheme
        .chars()
        .enumerate()
        .map(|(i, c)| match mask >> (i % 8) & 1 {
            1 => c.to_ascii_uppercase(),
            _ => c.to_ascii_lowercase(),
        })
        .collect();
    let ws = [" ", "\t", "\n", "\r\n", "\u{a0}", ""];
    let before = ws[usize::from(pad & 7) % ws.len()];
    let after = ws[usize::from(pad >> 4) % ws.len()];
    format!("{before}{cased}{rest}{after}")
}

/// HMAC keys that sign alike: longer than a block they are hashed, shorter they are padded
/// with zero bytes.
fn hmac_equivalent(a: &[u8], b: &[u8]) -> bool {
    fn canonical(k: &[u8]) -> Vec<u8> {
        let k = if k.len() > 64 {
            digest::digest(&digest::SHA256, k).as_ref().to_vec()
        } else {
            k.to_vec()
        };
        let end = k.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
        k[..end].to_vec()
    }
    canonical(a) == canonical(b)
}

/// The secret a case signs with: one of the service's keys (by index) or any text.
fn signing_secret(signer: &Signer, keys: &[AuthKey]) -> String {
    match signer {
        Signer::Key(i) if !keys.is_empty() => keys[usize::from(*i) % keys.len()]
            .secret
            .expose()
            .to_owned(),
        Signer::Key(_) => String::new(),
        Signer::Other(s) => s.clone(),
    }
}

/// The claims a JWT case carries, the `iat` in whole seconds as notifyd should read it, and
/// whether the prediction is exact (no extra claims, no text or out-of-range `iat`).
struct Claims {
    map: Map<String, Value>,
    iat_secs: Option<i64>,
    exact: bool,
}

fn claims(iss: &Iss, iat: &Iat, extra: &[(Claim, Leaf)], now_secs: i64) -> Claims {
    let mut map = Map::new();
    let mut exact = extra.is_empty();
    match iss {
        Iss::Service(form) => {
            let forms = [
                SERVICE.hyphenated().to_string(),
                SERVICE.hyphenated().to_string().to_uppercase(),
                SERVICE.simple().to_string(),
                SERVICE.braced().to_string(),
                SERVICE.urn().to_string(),
            ];
            map.insert(
                "iss".into(),
                forms[usize::from(*form) % forms.len()].clone().into(),
            );
        }
        Iss::Uuid(n) => _ = map.insert("iss".into(), Uuid::from_u128(*n).to_string().into()),
        Iss::Text(s) => _ = map.insert("iss".into(), s.clone().into()),
        Iss::Number(n) => _ = map.insert("iss".into(), (*n).into()),
        Iss::Missing => {}
    }
    let iat_secs = match iat {
        Iat::Int(d) => {
            map.insert("iat".into(), (now_secs + i64::from(*d)).into());
            Some(now_secs + i64::from(*d))
        }
        Iat::Str(d) => {
            map.insert("iat".into(), (now_secs + i64::from(*d)).to_string().into());
            Some(now_secs + i64::from(*d))
        }
        Iat::Float(d, frac) => {
            let f = (now_secs + i64::from(*d)) as f64 + f64::from(*frac) / 256.0;
            map.insert("iat".into(), f.into());
            exact &= now_secs.unsigned_abs() < 1 << 40;
            Some(f.trunc() as i64)
        }
        Iat::Null => {
            map.insert("iat".into(), Value::Null);
            None
        }
        Iat::Text(s) => {
            map.insert("iat".into(), s.clone().into());
            exact = false;
            None
        }
        Iat::Missing => None,
    };
    for (claim, leaf) in extra {
        map.insert(claim_name(claim).to_owned(), leaf_value(leaf, now_secs));
    }
    Claims {
        map,
        iat_secs,
        exact,
    }
}

fn claim_name(claim: &Claim) -> &str {
    match claim {
        Claim::Iss => "iss",
        Claim::Iat => "iat",
        Claim::Nbf => "nbf",
        Claim::Exp => "exp",
        Claim::Aud => "aud",
        Claim::Sub => "sub",
        Claim::Jti => "jti",
        Claim::Other(s) => s.as_str(),
    }
}

fn leaf_value(leaf: &Leaf, now_secs: i64) -> Value {
    match leaf {
        Leaf::Null => Value::Null,
        Leaf::Bool(b) => (*b).into(),
        Leaf::Int(n) => (*n).into(),
        Leaf::Rel(d) => (now_secs + i64::from(*d)).into(),
        Leaf::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Leaf::Text(s) => s.clone().into(),
    }
}

/// The JWT header for `alg`, and whether notifyd should see HS256.
fn jwt_header(alg: &Alg) -> (Map<String, Value>, bool) {
    let mut header = Map::new();
    header.insert("typ".into(), "JWT".into());
    let hs256 = match alg {
        Alg::Hs256 => {
            header.insert("alg".into(), "HS256".into());
            true
        }
        Alg::Other(s) => {
            header.insert("alg".into(), s.clone().into());
            s == "HS256"
        }
        Alg::Missing => false,
    };
    (header, hs256)
}

fn sign(header: Map<String, Value>, claims: Map<String, Value>, secret: &str) -> String {
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(Value::Object(header).to_string()),
        URL_SAFE_NO_PAD.encode(Value::Object(claims).to_string())
    );
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let signature = hmac::sign(&key, signing_input.as_bytes());
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// Builds a `Bearer` header from a JWT case and predicts its verdict.
pub fn jwt_case(case: &Case, keys: &[AuthKey], active: bool, now: i64) -> (String, Expected) {
    let Case::Jwt {
        signer,
        iss,
        iat,
        alg,
        extra,
        scheme,
        pad,
    } = case
    else {
        unreachable!()
    };
    let now_secs = now.div_euclid(1_000_000);
    let claims = claims(iss, iat, extra, now_secs);
    let (header, hs256) = jwt_header(alg);
    let signer_secret = signing_secret(signer, keys);
    let token = sign(header, claims.map, &signer_secret);
    let header = dress("Bearer ", *scheme, *pad, &token);
    if !claims.exact {
        return (header, None);
    }
    let signed = Signed {
        iss,
        iat,
        iat_secs: claims.iat_secs,
        hs256,
        secret: &signer_secret,
    };
    (header, Some(expected_jwt(&signed, keys, active, now)))
}

/// What a built token says, as far as the verdict depends on it.
struct Signed<'a> {
    iss: &'a Iss,
    iat: &'a Iat,
    iat_secs: Option<i64>,
    hs256: bool,
    secret: &'a str,
}

fn expected_jwt(t: &Signed, keys: &[AuthKey], active: bool, now: i64) -> Result<Uuid, AuthError> {
    let now_secs = now.div_euclid(1_000_000);
    let service_id = match t.iss {
        Iss::Service(_) => SERVICE,
        Iss::Uuid(n) => Uuid::from_u128(*n),
        Iss::Text(s) => auth::python_uuid(s).ok_or(AuthError::IssuerNotUuid)?,
        Iss::Number(_) => return Err(AuthError::IssuerNotUuid),
        Iss::Missing => return Err(AuthError::IssuerMissing),
    };
    if service_id != SERVICE {
        return Err(AuthError::ServiceNotFound);
    }
    let known: Vec<&AuthKey> = keys.iter().filter(|k| known(k, now)).collect();
    if known.is_empty() {
        return Err(AuthError::NoApiKeys);
    }
    if !active {
        return Err(AuthError::ServiceArchived);
    }
    if !t.hs256 {
        return Err(AuthError::AlgorithmNotHs256);
    }
    for key in known {
        if !hmac_equivalent(key.secret.expose().as_bytes(), t.secret.as_bytes()) {
            continue;
        }
        match (t.iat, t.iat_secs) {
            (Iat::Missing, _) => continue,
            (_, None) => return Err(AuthError::ClockSkew),
            (_, Some(at)) if (at - now_secs).abs() > 30 => return Err(AuthError::ClockSkew),
            _ if key.revoked_at.is_some() => return Err(AuthError::KeyRevoked),
            _ => return Ok(key.id),
        }
    }
    Err(AuthError::KeyNotFound)
}

/// Builds an `ApiKey-v1` or x-api-key header from a full-key case and predicts its verdict.
pub fn full_key_case(case: &Case, keys: &[AuthKey], active: bool, now: i64) -> (String, Expected) {
    let Case::FullKey {
        name,
        service,
        secret,
        x_api_key,
        scheme,
        pad,
    } = case
    else {
        unreachable!()
    };
    let service_id = service.map_or(SERVICE, Uuid::from_u128);
    let secret = signing_secret(secret, keys);
    let full = format!("{name}-{service_id}-{secret}");
    let header = match x_api_key {
        true => dress("", *scheme, *pad, &full),
        false => dress("ApiKey-v1 ", *scheme, *pad, &full),
    };
    // Only a 36-byte secret with nothing for `trim` to take is read back exactly as written.
    if secret.len() != 36 || secret.trim_end() != secret {
        return (header, None);
    }
    let expected = (|| {
        if service_id != SERVICE {
            return Err(AuthError::KeyNotFound);
        }
        let key = keys
            .iter()
            .filter(|k| known(k, now))
            .find(|k| k.secret.expose() == secret)
            .ok_or(AuthError::KeyNotFound)?;
        if key.revoked_at.is_some() {
            return Err(AuthError::KeyRevoked);
        }
        if !active {
            return Err(AuthError::ServiceArchived);
        }
        Ok(key.id)
    })();
    (header, Some(expected))
}
