//! Writing responses the way Notify's Flask app does: JSON with keys sorted (our response
//! structs declare fields alphabetically; maps are BTreeMaps), non-ASCII escaped as `\uXXXX`
//! like Python's `ensure_ascii`, a trailing newline, and the same headers on every response.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use hyper::{Response, StatusCode};
use serde::Serialize;
use std::convert::Infallible;
use std::io;

/// Every response body: whole (JSON, HTML, PDF) or streamed (server-sent events).
pub type Body = http_body_util::combinators::BoxBody<Bytes, Infallible>;

pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).boxed()
}

/// serde_json formatter that escapes like Python's json with `ensure_ascii=True`.
struct AsciiFormatter;

impl serde_json::ser::Formatter for AsciiFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if (c as u32) < 0x7f {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[start..i])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// Serialises `value` as Notify does (ASCII-only, newline-terminated).
pub fn to_notify_json(value: &impl Serialize) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, AsciiFormatter);
    value
        .serialize(&mut ser)
        .expect("serialising a response to memory cannot fail");
    out.push(b'\n');
    out
}

const COMMON_HEADERS: [(HeaderName, HeaderValue); 8] = [
    (
        HeaderName::from_static("access-control-allow-origin"),
        HeaderValue::from_static("*"),
    ),
    (
        HeaderName::from_static("access-control-allow-headers"),
        HeaderValue::from_static("Content-Type,Authorization"),
    ),
    (
        HeaderName::from_static("access-control-allow-methods"),
        HeaderValue::from_static("GET,PUT,POST,DELETE"),
    ),
    (
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    ),
    (
        HeaderName::from_static("x-frame-options"),
        HeaderValue::from_static("SAMEORIGIN"),
    ),
    (
        HeaderName::from_static("cache-control"),
        HeaderValue::from_static("no-store, no-cache, private, must-revalidate"),
    ),
    (
        HeaderName::from_static("strict-transport-security"),
        HeaderValue::from_static("max-age=31536000; includeSubDomains; preload"),
    ),
    (
        HeaderName::from_static("x-permitted-cross-domain-policies"),
        HeaderValue::from_static("none"),
    ),
];

/// Adds the headers Notify puts on every response (§4.0), keeping any already set. The names
/// and values are built at compile time and the map grows once.
pub fn add_common_headers<B>(response: &mut Response<B>) {
    let headers = response.headers_mut();
    headers.reserve(COMMON_HEADERS.len());
    for (name, value) in COMMON_HEADERS {
        if !headers.contains_key(&name) {
            headers.insert(name, value);
        }
    }
}

/// A response with `content_type` and body.
pub fn with_body(
    status: u16,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Response<Body> {
    let mut response = Response::new(full(body));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// A JSON response in Notify's encoding.
pub fn json(status: u16, value: &impl Serialize) -> Response<Body> {
    with_body(status, "application/json", to_notify_json(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_like_python_ensure_ascii() {
        let out = to_notify_json(&json!({"b": "Can’t – ok \u{7f} 😀", "a": "\"\n"}));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"a\":\"\\\"\\n\",\"b\":\"Can\\u2019t \\u2013 ok \\u007f \\ud83d\\ude00\"}\n"
        );
    }
}
