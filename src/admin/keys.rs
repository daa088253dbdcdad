//! `/services/{id}/api/keys`: every key of the service, sorted by name, and the two actions on
//! an active key. Revoking (`/keys/revoke/{key_id}`) shows Notify's confirmation banner over
//! the list, then revokes at once. Regenerating (`/keys/regenerate/{key_id}`, the notify.cx way)
//! confirms that the old secret stops working at once, then shows the new key once. Both go
//! through `crate::keys`, as the CLI and the API do.

use super::context::{member, member_posting, parse_id, Member};
use super::format;
use super::layout::{self, csrf};
use super::respond::{html, redirect};
use super::session::{self, ShownOnce};
use super::AdminError;
use crate::app::App;
use crate::clock::Micros;
use crate::http::json::Body;
use crate::keys::{self, KeyInfo, KeyType};
use hyper::body::Incoming;
use hyper::{Request, Response};
use maud::{html, Markup};

/// The seed's rotation advice: live keys older than this get a warning.
pub const ROTATE_AFTER_US: Micros = 90 * 86_400 * 1_000_000;

async fn load(app: &App, member: &Member) -> Result<Vec<KeyInfo>, AdminError> {
    let (master, service_id) = (app.master.clone(), member.service.id);
    Ok(app
        .store
        .read(move |conn| Ok(keys::list(conn, &master, service_id)))
        .await??)
}

fn keys_page(member: &Member, keys: &[KeyInfo], now: Micros, banner: Option<Markup>) -> Markup {
    let content = html! {
        @if let Some(banner) = banner { (banner) }
        h1 class="heading-l" { "API keys" }
        a href=(member.url("/api/keys/create")) class="button" role="button" { "Create an API key" }
        @if keys.is_empty() {
            p class="body" id="no-keys" { "You have not created any API keys yet" }
        } @else {
            ul class="key-list" id="api-keys" {
                @for key in keys { (key_item(member, key, now)) }
            }
        }
        p class="body" { a href=(member.url("/api")) { "Back to API integration" } }
    };
    layout::page("API keys", &member.chrome(), &[], content)
}

fn key_item(member: &Member, key: &KeyInfo, now: Micros) -> Markup {
    let old_live = key.key_type == KeyType::Live
        && key.revoked_at.is_none()
        && now - key.created_at > ROTATE_AFTER_US;
    html! {
        li class={ "key-list__item" @if key.revoked_at.is_some() { " key-list__item--revoked" } } id={ "key-" (key.id) } {
            div {
                p class="key-list__name" { (key.name) }
                p class="key-list__meta" { (key.key_type.description()) }
                @if let Some(revoked) = key.revoked_at {
                    p class="key-list__meta" { "Revoked " (format::date_time(revoked, now)) }
                } @else {
                    p class="key-list__meta" {
                        "Created " (format::date_time(key.created_at, now)) ". "
                        @match key.last_used_at {
                            Some(used) => { "Last used " (format::date_time(used, now)) "." }
                            None => { "Never used." }
                        }
                    }
                    @if old_live {
                        p class="key-list__warning" {
                            "Created more than 90 days ago: rotate it. Create a new key, move your app to it, then revoke this one."
                        }
                    }
                }
            }
            @if key.revoked_at.is_none() {
                div class="key-list__actions" {
                    a href=(member.url(&format!("/api/keys/regenerate/{}", key.id))) {
                        "Regenerate" span class="visually-hidden" { " ‘" (key.name) "’" }
                    }
                    a href=(member.url(&format!("/api/keys/revoke/{}", key.id))) {
                        "Revoke" span class="visually-hidden" { " ‘" (key.name) "’" }
                    }
                }
            }
        }
    }
}

/// `GET /services/{id}/api/keys`.
pub async fn list<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
) -> Result<Response<Body>, AdminError> {
    let member = member(app, req, service, "manage_api_keys").await?;
    let keys = load(app, &member).await?;
    Ok(html(
        200,
        keys_page(&member, &keys, app.clock.now_us(), None),
    ))
}

/// The key named in the URL, if the service has it and it is active.
fn active_key<'a>(keys: &'a [KeyInfo], key_id: &str) -> Result<Option<&'a KeyInfo>, AdminError> {
    let key_id = parse_id(key_id)?;
    let key = keys
        .iter()
        .find(|k| k.id == key_id)
        .ok_or(AdminError::NotFound)?;
    Ok(key.revoked_at.is_none().then_some(key))
}

fn confirmation(
    member: &Member,
    key: &KeyInfo,
    action: &str,
    question: String,
    warning: &str,
    button: &str,
) -> Markup {
    html! {
        div class="banner banner--warning" id="confirm-banner" {
            p class="banner__text" { (question) }
            p class="body" { (warning) }
            form method="post" action=(member.url(&format!("/api/keys/{action}/{}", key.id))) {
                (csrf(&member.me.csrf_token))
                button type="submit" class="button button--warning" { (button) }
                a href=(member.url("/api/keys")) class="button button--secondary" { "Cancel" }
            }
        }
    }
}

/// `GET /services/{id}/api/keys/revoke/{key_id}`: the confirmation banner over the list.
pub async fn confirm_revoke<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
    key_id: &str,
) -> Result<Response<Body>, AdminError> {
    let member = member(app, req, service, "manage_api_keys").await?;
    let keys = load(app, &member).await?;
    let Some(key) = active_key(&keys, key_id)? else {
        return Ok(redirect(&member.url("/api/keys")));
    };
    let banner = confirmation(
        &member,
        key,
        "revoke",
        format!("Are you sure you want to revoke ‘{}’?", key.name),
        "You will not be able to use this API key to connect to notifyd.",
        "Yes, revoke this API key",
    );
    let page = keys_page(&member, &keys, app.clock.now_us(), Some(banner));
    Ok(html(200, page))
}

/// `POST /services/{id}/api/keys/revoke/{key_id}`: revokes at once.
pub async fn revoke(
    app: &App,
    req: Request<Incoming>,
    service: &str,
    key_id: &str,
) -> Result<Response<Body>, AdminError> {
    let (member, _) = member_posting(app, req, service, "manage_api_keys").await?;
    let key_id = parse_id(key_id)?;
    let (master, service_id, now) = (app.master.clone(), member.service.id, app.clock.now_us());
    let revoked = app
        .store
        .write(move |conn| Ok(keys::revoke(conn, &master, service_id, key_id, now)))
        .await??;
    session::flash(app, &member.me, format!("‘{}’ was revoked", revoked.name)).await?;
    Ok(redirect(&member.url("/api/keys")))
}

/// `GET /services/{id}/api/keys/regenerate/{key_id}`: says what regenerating does first.
pub async fn confirm_regenerate<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
    key_id: &str,
) -> Result<Response<Body>, AdminError> {
    let member = member(app, req, service, "manage_api_keys").await?;
    let keys = load(app, &member).await?;
    let Some(key) = active_key(&keys, key_id)? else {
        return Ok(redirect(&member.url("/api/keys")));
    };
    let banner = confirmation(
        &member,
        key,
        "regenerate",
        format!("Are you sure you want to regenerate ‘{}’?", key.name),
        "The key will get a new secret. The current one stops working at once: apps still using it will be refused from their next request.",
        "Yes, regenerate this API key",
    );
    let page = keys_page(&member, &keys, app.clock.now_us(), Some(banner));
    Ok(html(200, page))
}

/// `POST /services/{id}/api/keys/regenerate/{key_id}`: a new secret, shown once.
pub async fn regenerate(
    app: &App,
    req: Request<Incoming>,
    service: &str,
    key_id: &str,
) -> Result<Response<Body>, AdminError> {
    let (member, _) = member_posting(app, req, service, "manage_api_keys").await?;
    let key_id = parse_id(key_id)?;
    let (master, service_id, now) = (app.master.clone(), member.service.id, app.clock.now_us());
    let new = app
        .store
        .write(move |conn| Ok(keys::regenerate(conn, &master, service_id, key_id, now)))
        .await??;
    let shown = ShownOnce {
        service_id,
        key_id: new.id,
        name: new.name,
        key_type: new.key_type,
        full_key: new.full_key,
        regenerated: true,
    };
    session::hold(app, &member.me, &shown).await?;
    Ok(redirect(&member.url("/api/keys/show")))
}
