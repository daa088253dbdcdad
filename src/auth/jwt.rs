//! HS256 JSON Web Tokens, checked the way GOV.UK Notify checks them (PyJWT 2 with a 30-second
//! leeway, then the python client's `validate_jwt_token`), so every odd token gets the same
//! answer it would get from the real service.
//!
//! `parse` is the unverified decode Notify uses to find the issuer; `check` runs the per-key
//! step: algorithm, signature, then the registered claims in PyJWT's order.

use base64::alphabet;
use base64::engine::general_purpose::GeneralPurposeConfig;
use base64::engine::{DecodePaddingMode, GeneralPurpose};
use base64::Engine;
use ring::hmac;
use serde_json::{Map, Value};

/// The window either side of now that `iat` must fall in (`__bound__` in the python client).
pub const CLOCK_WINDOW_SECS: i64 = 30;

/// A token split and decoded, signature not yet checked.
pub struct Token<'a> {
    header: Map<String, Value>,
    pub claims: Map<String, Value>,
    signing_input: &'a str,
    signature: Vec<u8>,
}

/// What checking a token against one key concluded.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyVerdict {
    /// Signed with this key and every claim is acceptable.
    Accepted,
    /// Not signed with this key (or a claim PyJWT reports as a decode error): try the next.
    NotThisKey,
    /// `iat` (or `nbf`) outside the 30-second window, or unreadable.
    ClockSkew,
    /// Some other claim PyJWT refuses (`exp` past, `aud` present, ...).
    Invalid,
}

const B64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Decodes one segment as Python's non-validating urlsafe_b64decode does: characters outside
/// the alphabet are skipped, `+` and `/` count as `-` and `_`, and padding ends the data.
fn decode_segment(segment: &str) -> Option<Vec<u8>> {
    let mut clean = Vec::with_capacity(segment.len());
    for b in segment.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => clean.push(b),
            b'+' => clean.push(b'-'),
            b'/' => clean.push(b'_'),
            b'=' => break,
            _ => {}
        }
    }
    if clean.len() % 4 == 1 {
        return None;
    }
    B64.decode(&clean).ok()
}

fn decode_object(segment: &str) -> Option<Map<String, Value>> {
    match serde_json::from_slice(&decode_segment(segment)?).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// The unverified decode: three segments, a JSON-object header and payload. `None` is Notify's
/// general "make sure your API token matches the example" error.
pub fn parse(token: &str) -> Option<Token<'_>> {
    let (signing_input, signature) = token.rsplit_once('.')?;
    let (header, payload) = signing_input.split_once('.')?;
    let header = decode_object(header)?;
    if header.get("kid").is_some_and(|k| !k.is_string()) {
        return None;
    }
    Some(Token {
        header,
        claims: decode_object(payload)?,
        signing_input,
        signature: decode_segment(signature)?,
    })
}

/// What Python's `int()` makes of a claim, as PyJWT reads `iat`, `nbf` and `exp`.
enum PyInt {
    Value(i64),
    /// `int()` raised ValueError (an unparsable string): PyJWT's "must be an integer".
    ValueError,
    /// `int()` raised TypeError (null, list, object), or the number is out of range.
    TypeError,
}

fn py_int(v: &Value) -> PyInt {
    match v {
        Value::Bool(b) => PyInt::Value(i64::from(*b)),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => PyInt::Value(i),
            (None, Some(f)) if f.is_finite() && f.abs() < 9.0e18 => PyInt::Value(f.trunc() as i64),
            _ => PyInt::TypeError,
        },
        Value::String(s) => parse_py_int_str(s).map_or(PyInt::ValueError, PyInt::Value),
        _ => PyInt::TypeError,
    }
}

/// Python `int(str)`: surrounding whitespace, an optional sign, digits with single underscores.
fn parse_py_int_str(s: &str) -> Option<i64> {
    let s = s.trim();
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let mut value: i64 = 0;
    for b in digits.bytes().filter(|b| *b != b'_') {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    Some(if negative { -value } else { value })
}

impl Token<'_> {
    pub fn issuer(&self) -> Option<&Value> {
        self.claims.get("iss")
    }

    /// Whether the header names HS256 (checked before any signature, as PyJWT does).
    pub fn is_hs256(&self) -> bool {
        self.header.get("alg").and_then(Value::as_str) == Some("HS256")
    }

    /// The per-key step for a token whose `alg` is HS256.
    pub fn check(&self, key: &hmac::Key, now_secs: i64) -> KeyVerdict {
        if hmac::verify(key, self.signing_input.as_bytes(), &self.signature).is_err() {
            return KeyVerdict::NotThisKey;
        }
        self.check_claims(now_secs)
    }

    fn check_claims(&self, now: i64) -> KeyVerdict {
        let window = CLOCK_WINDOW_SECS;
        let iat = match self.claims.get("iat").map(py_int) {
            None => None,
            Some(PyInt::Value(iat)) if iat > now.saturating_add(window) => {
                return KeyVerdict::ClockSkew
            }
            Some(PyInt::Value(iat)) => Some(iat),
            Some(PyInt::ValueError | PyInt::TypeError) => return KeyVerdict::ClockSkew,
        };
        match self.claims.get("nbf").map(py_int) {
            Some(PyInt::Value(nbf)) if nbf > now.saturating_add(window) => {
                return KeyVerdict::ClockSkew
            }
            Some(PyInt::ValueError) => return KeyVerdict::NotThisKey,
            Some(PyInt::TypeError) => return KeyVerdict::Invalid,
            _ => {}
        }
        match self.claims.get("exp").map(py_int) {
            Some(PyInt::Value(exp)) if exp <= now - window => return KeyVerdict::Invalid,
            Some(PyInt::ValueError) => return KeyVerdict::NotThisKey,
            Some(PyInt::TypeError) => return KeyVerdict::Invalid,
            _ => {}
        }
        if self.claims.get("aud").is_some_and(crate::python::is_truthy) {
            return KeyVerdict::Invalid;
        }
        for claim in ["sub", "jti"] {
            if self.claims.get(claim).is_some_and(|v| !v.is_string()) {
                return KeyVerdict::Invalid;
            }
        }
        // The python client's validate_jwt_token: iat is required, within the window both ways.
        match iat {
            None => KeyVerdict::NotThisKey,
            Some(iat) if now > iat.saturating_add(window) => KeyVerdict::ClockSkew,
            Some(_) => KeyVerdict::Accepted,
        }
    }
}

/// Makes an HS256 token, as the official clients do (used by the CLI, tests and benchmarks).
pub fn sign(claims: &Value, secret: &str) -> String {
    let header = B64.encode(br#"{"typ":"JWT","alg":"HS256"}"#);
    let payload = B64.encode(claims.to_string());
    let signing_input = format!("{header}.{payload}");
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let signature = hmac::sign(&key, signing_input.as_bytes());
    format!("{signing_input}.{}", B64.encode(signature.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_700_000_000;

    fn verdict(claims: Value) -> KeyVerdict {
        let token = sign(&claims, "secret");
        let key = hmac::Key::new(hmac::HMAC_SHA256, b"secret");
        parse(&token).unwrap().check(&key, NOW)
    }

    #[test]
    fn iat_window_is_inclusive_both_ways() {
        assert_eq!(
            verdict(json!({"iss": "x", "iat": NOW - 30})),
            KeyVerdict::Accepted
        );
        assert_eq!(
            verdict(json!({"iss": "x", "iat": NOW + 30})),
            KeyVerdict::Accepted
        );
        assert_eq!(
            verdict(json!({"iss": "x", "iat": NOW - 31})),
            KeyVerdict::ClockSkew
        );
        assert_eq!(
            verdict(json!({"iss": "x", "iat": NOW + 31})),
            KeyVerdict::ClockSkew
        );
    }

    #[test]
    fn odd_iat_values_behave_like_pyjwt() {
        assert_eq!(
            verdict(json!({"iat": NOW.to_string()})),
            KeyVerdict::Accepted
        );
        assert_eq!(
            verdict(json!({"iat": NOW as f64 + 0.7})),
            KeyVerdict::Accepted
        );
        assert_eq!(verdict(json!({"iat": true})), KeyVerdict::ClockSkew);
        assert_eq!(verdict(json!({"iat": null})), KeyVerdict::ClockSkew);
        assert_eq!(verdict(json!({"iat": "soon"})), KeyVerdict::ClockSkew);
        assert_eq!(verdict(json!({"iss": "x"})), KeyVerdict::NotThisKey);
    }

    #[test]
    fn other_registered_claims() {
        assert_eq!(
            verdict(json!({"iat": NOW, "exp": NOW - 31})),
            KeyVerdict::Invalid
        );
        assert_eq!(
            verdict(json!({"iat": NOW, "exp": NOW + 60})),
            KeyVerdict::Accepted
        );
        assert_eq!(
            verdict(json!({"iat": NOW, "aud": "me"})),
            KeyVerdict::Invalid
        );
        assert_eq!(
            verdict(json!({"iat": NOW, "aud": ""})),
            KeyVerdict::Accepted
        );
        assert_eq!(
            verdict(json!({"iat": NOW, "nbf": NOW + 31})),
            KeyVerdict::ClockSkew
        );
        assert_eq!(
            verdict(json!({"iat": NOW, "nbf": "x"})),
            KeyVerdict::NotThisKey
        );
        assert_eq!(verdict(json!({"iat": NOW, "sub": 5})), KeyVerdict::Invalid);
    }

    #[test]
    fn wrong_key_and_malformed_tokens() {
        let token = sign(&json!({"iat": NOW}), "secret");
        let other = hmac::Key::new(hmac::HMAC_SHA256, b"other");
        assert_eq!(
            parse(&token).unwrap().check(&other, NOW),
            KeyVerdict::NotThisKey
        );
        assert!(parse("a.b").is_none());
        assert!(parse("not a token").is_none());
        assert!(parse(&format!("{}.e30.", B64.encode("[]"))).is_none());
        assert!(parse(&format!("{}.e30.", B64.encode(r#"{"kid":1}"#))).is_none());
        assert!(parse(&format!("{}.e30.", B64.encode(r#"{"alg":"HS256"}"#))).is_some());
    }

    #[test]
    fn python_int_strings() {
        assert_eq!(parse_py_int_str(" 12_3 "), Some(123));
        assert_eq!(parse_py_int_str("-5"), Some(-5));
        assert_eq!(parse_py_int_str("1__2"), None);
        assert_eq!(parse_py_int_str("1.5"), None);
        assert_eq!(parse_py_int_str(""), None);
    }
}
