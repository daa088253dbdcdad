//! Reading requests: decoded path segments and query pairs (as werkzeug decodes them), header
//! values (bytes read as Latin-1, like WSGI), bodies under a size limit, and the `url_root`
//! that absolute URLs in responses are built from.

use super::errors::ApiError;
use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_LENGTH, HOST};
use hyper::Request;

/// Requests bodies up to 1 MiB, except precompiled letters.
pub const JSON_BODY_LIMIT: usize = 1024 * 1024;
/// Precompiled letters carry a base64 PDF.
pub const LETTER_BODY_LIMIT: usize = 10 * 1024 * 1024;

/// Percent-decodes a URL component; `+` becomes a space when `plus_is_space`.
pub fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The path split into decoded segments, without the leading slash.
pub fn path_segments(path: &str) -> Vec<String> {
    path.strip_prefix('/')
        .unwrap_or(path)
        .split('/')
        .map(|s| percent_decode(s, false))
        .collect()
}

/// The query string as decoded `(name, value)` pairs, in order, repeats kept.
pub fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    let Some(query) = query else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name, true), percent_decode(value, true))
        })
        .collect()
}

/// A header's value as text: bytes are read as Latin-1, as a WSGI server does.
pub fn header_text<B>(req: &Request<B>, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .map(|v| v.as_bytes().iter().map(|&b| b as char).collect())
}

/// `scheme://host/`, from the request's Host header, for absolute URLs in responses.
pub fn url_root<B>(req: &Request<B>) -> String {
    let host = req
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .unwrap_or("localhost");
    format!("http://{host}/")
}

/// Reads the whole body, refusing more than `limit` bytes with 413.
pub async fn read_body(req: Request<Incoming>, limit: usize) -> Result<Bytes, ApiError> {
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(ApiError::PayloadTooLarge(limit));
    }
    match Limited::new(req.into_body(), limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            Err(ApiError::PayloadTooLarge(limit))
        }
        Err(e) => Err(ApiError::BadRequest(format!(
            "Could not read the request body: {e}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_like_werkzeug() {
        assert_eq!(percent_decode("a%20b+c", true), "a b c");
        assert_eq!(percent_decode("a+b", false), "a+b");
        assert_eq!(percent_decode("100%", true), "100%");
        assert_eq!(percent_decode("%zz%4", true), "%zz%4");
        assert_eq!(percent_decode("%E2%80%99", false), "’");
        assert_eq!(
            query_pairs(Some("status=a&status=b&x&=y")),
            vec![
                ("status".into(), "a".into()),
                ("status".into(), "b".into()),
                ("x".into(), "".into()),
                ("".into(), "y".into())
            ]
        );
        assert_eq!(
            path_segments("/v2/template/a%2Db"),
            vec!["v2", "template", "a-b"]
        );
    }
}
