//! Requests and responses of the admin pages: HTML and redirects, the security headers every
//! admin response carries, cookies, and `application/x-www-form-urlencoded` forms.

use super::AdminError;
use crate::http::json::{with_body, Body};
use crate::http::request::{header_text, query_pairs, read_body};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue, LOCATION};
use hyper::{Request, Response};
use maud::Markup;

/// No inline script or style, nothing from elsewhere, no framing, forms only to ourselves;
/// frames only of our own pages (the email as sent).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
     frame-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/// An email as sent, shown in a frame of its notification's page: its inline styles apply,
/// but it runs no script, loads nothing but images, submits nothing, and is a sandboxed
/// document of no origin that only our own pages may frame.
pub const EMAIL_FRAME_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; \
     img-src https: data:; form-action 'none'; frame-ancestors 'self'; base-uri 'none'; sandbox";

const SECURITY_HEADERS: [(&str, &str); 7] = [
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cache-control", "no-store"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// Adds the admin's security headers, keeping a `cache-control` already set, and the framing
/// headers of the one response that sets them (`email_frame`).
pub fn secure_headers<B>(response: &mut Response<B>) {
    let headers = response.headers_mut();
    let framed = headers
        .get("content-security-policy")
        .is_some_and(|csp| csp == EMAIL_FRAME_POLICY);
    for (name, value) in SECURITY_HEADERS {
        let name = HeaderName::from_static(name);
        let keep = match name.as_str() {
            "cache-control" => headers.contains_key(&name),
            "content-security-policy" | "x-frame-options" => framed,
            _ => false,
        };
        if !keep {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
}

/// A whole HTML email for a frame on our own pages, under `EMAIL_FRAME_POLICY`.
pub fn email_frame(document: String) -> Response<Body> {
    let mut response = with_body(200, "text/html; charset=utf-8", document);
    let headers = response.headers_mut();
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static(EMAIL_FRAME_POLICY),
    );
    headers.insert("x-frame-options", HeaderValue::from_static("SAMEORIGIN"));
    response
}

/// An HTML page.
pub fn html(status: u16, markup: Markup) -> Response<Body> {
    with_body(status, "text/html; charset=utf-8", markup.into_string())
}

/// `303 See Other` to a path of ours.
pub fn redirect(location: &str) -> Response<Body> {
    let mut response = with_body(303, "text/plain; charset=utf-8", "");
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

/// Adds a `Set-Cookie` header.
pub fn set_cookie(response: &mut Response<Body>, cookie: &str) {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response
            .headers_mut()
            .append(hyper::header::SET_COOKIE, value);
    }
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie<B>(req: &Request<B>, name: &str) -> Option<String> {
    req.headers()
        .get_all(hyper::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.trim_matches('"').to_owned())
}

/// Whether the client prefers a page to JSON: its `Accept` names `text/html`.
pub fn accepts_html<B>(req: &Request<B>) -> bool {
    header_text(req, "accept").is_some_and(|a| a.to_ascii_lowercase().contains("text/html"))
}

/// The request's query parameters.
pub fn query<B>(req: &Request<B>) -> Form {
    Form(query_pairs(req.uri().query()))
}

/// The largest form accepted (a long guest list fits many times over).
const FORM_LIMIT: usize = 256 * 1024;

/// Decoded form fields, in order.
#[derive(Debug, Default)]
pub struct Form(Vec<(String, String)>);

impl Form {
    /// The first value of field `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, or `""`.
    pub fn text(&self, name: &str) -> &str {
        self.get(name).unwrap_or("")
    }
}

/// Reads an `application/x-www-form-urlencoded` body.
pub async fn read_form(req: Request<Incoming>) -> Result<Form, AdminError> {
    let body = read_body(req, FORM_LIMIT)
        .await
        .map_err(|e| AdminError::BadRequest(e.message()))?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| AdminError::BadRequest("The form is not valid UTF-8.".into()))?;
    Ok(Form(query_pairs(Some(text))))
}
