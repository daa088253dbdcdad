//! The admin's one stylesheet and one small script, compiled into the binary and served from
//! `/static/`. The Content-Security-Policy allows scripts and styles only from here: no inline
//! script or style anywhere.

use super::AdminError;
use crate::http::json::{with_body, Body};
use hyper::header::{HeaderValue, CACHE_CONTROL};
use hyper::Response;

const STYLESHEET: &str = include_str!("assets/admin.css");
const SCRIPT: &str = include_str!("assets/admin.js");

/// `GET /static/{name}`.
pub fn serve(name: &str) -> Result<Response<Body>, AdminError> {
    let (content_type, body) = match name {
        "admin.css" => ("text/css; charset=utf-8", STYLESHEET),
        "admin.js" => ("text/javascript; charset=utf-8", SCRIPT),
        _ => return Err(AdminError::NotFound),
    };
    let mut response = with_body(200, content_type, body);
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}
