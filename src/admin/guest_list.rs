//! `/services/{id}/api/guest-list` (and the old `/api/whitelist`, which redirects here): the
//! email addresses and phone numbers that team keys, and every key of a service in trial mode,
//! may send to besides the team. One per line; each is checked with Notify's rules before the
//! whole list is replaced through `crate::team`, as `notifyd guest-list set` does.

use super::context::{member, member_posting, parse_id, Member};
use super::layout::{self, FieldError};
use super::respond::{html, redirect};
use super::session;
use super::AdminError;
use crate::app::App;
use crate::http::json::{with_body, Body};
use crate::store::team::GuestList;
use crate::team;
use hyper::body::Incoming;
use hyper::header::{HeaderValue, LOCATION};
use hyper::{Method, Request, Response};
use maud::html;

fn form_page(member: &Member, emails: &str, phones: &str, errors: &[FieldError]) -> maud::Markup {
    let content = html! {
        h1 class="heading-l" { "Guest list" }
        p class="body" {
            "Team keys, and every key while your service is in trial mode, can only send to your team and to the people on this list."
        }
        form method="post" action=(member.url("/api/guest-list")) novalidate {
            (layout::csrf(&member.me.csrf_token))
            (layout::textarea("email_addresses", "Email addresses", "One email address per line", emails,
                layout::error_for(errors, "email_addresses")))
            (layout::textarea("phone_numbers", "Mobile numbers", "One phone number per line, UK or international", phones,
                layout::error_for(errors, "phone_numbers")))
            button type="submit" class="button" id="save-button" { "Save" }
        }
        p class="body" { a href=(member.url("/api")) { "Back to API integration" } }
    };
    layout::page("Guest list", &member.chrome(), errors, content)
}

/// `GET /services/{id}/api/guest-list`.
pub async fn form<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
) -> Result<Response<Body>, AdminError> {
    let member = member(app, req, service, "manage_api_keys").await?;
    let service_id = member.service.id;
    let list = app
        .store
        .read(move |conn| Ok(team::guest_list(conn, service_id)))
        .await??;
    let page = form_page(
        &member,
        &list.email_addresses.join("\n"),
        &list.phone_numbers.join("\n"),
        &[],
    );
    Ok(html(200, page))
}

/// The non-empty lines of a textarea, trimmed.
fn entries(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `POST /services/{id}/api/guest-list`.
pub async fn submit(
    app: &App,
    req: Request<Incoming>,
    service: &str,
) -> Result<Response<Body>, AdminError> {
    let (member, form) = member_posting(app, req, service, "manage_api_keys").await?;
    let list = GuestList {
        email_addresses: entries(form.text("email_addresses")),
        phone_numbers: entries(form.text("phone_numbers")),
    };
    let mut errors = Vec::new();
    if let Some(bad) = list.email_addresses.iter().find(|e| !team::valid_email(e)) {
        let message = format!("‘{bad}’ is not a valid email address");
        errors.push(FieldError::new("email_addresses", message));
    }
    if let Some(bad) = list.phone_numbers.iter().find(|p| !team::valid_phone(p)) {
        let message = format!("‘{bad}’ is not a valid phone number");
        errors.push(FieldError::new("phone_numbers", message));
    }
    if !errors.is_empty() {
        let (emails, phones) = (form.text("email_addresses"), form.text("phone_numbers"));
        return Ok(html(200, form_page(&member, emails, phones, &errors)));
    }
    let service_id = member.service.id;
    app.store
        .write(move |conn| Ok(team::set_guest_list(conn, service_id, &list)))
        .await??;
    session::flash(app, &member.me, "Guest list updated".to_owned()).await?;
    Ok(redirect(&member.url("/api")))
}

/// `/services/{id}/api/whitelist`: the old URL, moved permanently (a POST keeps its method).
pub fn old_url<B>(req: &Request<B>, service: &str) -> Result<Response<Body>, AdminError> {
    let service_id = parse_id(service)?;
    let status = if req.method() == Method::POST {
        308
    } else {
        301
    };
    let mut response = with_body(status, "text/plain; charset=utf-8", "");
    let location = format!("/services/{service_id}/api/guest-list");
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(LOCATION, value);
    }
    Ok(response)
}
