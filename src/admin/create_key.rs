//! `/services/{id}/api/keys/create`: the new-key form (name, and type as radios), and
//! `/services/{id}/api/keys/show`, where a new or regenerated key is shown once.
//!
//! In trial mode the Live choice is disabled with Notify's hint, and a POST of it anyway is
//! answered 400. For services that can send letters, Team and Test carry "Cannot be used to send
//! letters". After a successful POST the full key is held, sealed, on the session and the browser
//! is sent to the show-once page, which takes it off the session as it renders it (with
//! `Cache-Control: no-store`): reloading or going back finds nothing and returns to the list.
//! (Browsers that keep whole pages for Back anyway get the key wiped by admin.js on leaving.)

use super::context::{member, member_posting, Member};
use super::layout::{self, Choice, FieldError, Input};
use super::respond::{html, redirect};
use super::session::{self, ShownOnce};
use super::AdminError;
use crate::app::App;
use crate::http::json::Body;
use crate::keys::{self, KeyError, KeySpec, KeyType};
use hyper::body::Incoming;
use hyper::{Request, Response};
use maud::html;

pub const EMPTY_NAME: &str = "Enter a name for this API key";
pub const NO_TYPE: &str = "Select a type of API key";
pub const TRIAL_HINT: &str = "Not available because your service is in trial mode";
pub const NO_LETTERS_HINT: &str = "Cannot be used to send letters";
const MAX_NAME: usize = 255;

fn form_page(
    member: &Member,
    name: &str,
    key_type: Option<&str>,
    errors: &[FieldError],
) -> maud::Markup {
    let trial = member.service.trial_mode;
    let letters = member
        .service
        .has_permission("letter")
        .then_some(NO_LETTERS_HINT);
    let choices = [
        Choice {
            value: "normal",
            label: KeyType::Live.description(),
            hint: trial.then_some(TRIAL_HINT),
            disabled: trial,
        },
        Choice {
            value: "team",
            label: KeyType::Team.description(),
            hint: letters,
            disabled: false,
        },
        Choice {
            value: "test",
            label: KeyType::Test.description(),
            hint: letters,
            disabled: false,
        },
    ];
    let content = html! {
        h1 class="heading-l" { "Create an API key" }
        form method="post" action=(member.url("/api/keys/create")) novalidate {
            (layout::csrf(&member.me.csrf_token))
            (Input { id: "key_name", label: "Name for this key",
                hint: Some("Say what the key is for, like ‘Production app’ or ‘Staging environment’"),
                value: name, kind: "text", autocomplete: "off",
                error: layout::error_for(errors, "key_name") }.render())
            (layout::radios("key_type", "Type of key", &choices, key_type, layout::error_for(errors, "key_type")))
            button type="submit" class="button" id="continue-button" { "Continue" }
        }
        p class="body" { a href=(member.url("/api/keys")) { "Back to API keys" } }
    };
    layout::page("Create an API key", &member.chrome(), errors, content)
}

/// `GET /services/{id}/api/keys/create`.
pub async fn form<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
) -> Result<Response<Body>, AdminError> {
    let member = member(app, req, service, "manage_api_keys").await?;
    Ok(html(200, form_page(&member, "", None, &[])))
}

/// `POST /services/{id}/api/keys/create`.
pub async fn submit(
    app: &App,
    req: Request<Incoming>,
    service: &str,
) -> Result<Response<Body>, AdminError> {
    let (member, form) = member_posting(app, req, service, "manage_api_keys").await?;
    let name = form.text("key_name").trim().to_owned();
    let raw_type = form.get("key_type");
    let key_type = raw_type.and_then(KeyType::from_db);
    if key_type == Some(KeyType::Live) && member.service.trial_mode {
        return Err(AdminError::BadRequest(format!(
            "Live keys cannot be created: {}.",
            TRIAL_HINT.to_lowercase()
        )));
    }
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(FieldError::new("key_name", EMPTY_NAME));
    } else if name.chars().count() > MAX_NAME {
        errors.push(FieldError::new(
            "key_name",
            "Key name must be 255 characters or fewer",
        ));
    }
    if key_type.is_none() {
        errors.push(FieldError::new("key_type", NO_TYPE));
    }
    let Some(key_type) = key_type.filter(|_| errors.is_empty()) else {
        return Ok(html(200, form_page(&member, &name, raw_type, &errors)));
    };
    let (master, service_id, now) = (app.master.clone(), member.service.id, app.clock.now_us());
    let key_name = name.clone();
    let created = app
        .store
        .write(move |conn| {
            let spec = KeySpec {
                service_id,
                name: &key_name,
                key_type,
                fixed: None,
            };
            Ok(keys::create(conn, &master, spec, now))
        })
        .await?;
    let new = match created {
        Ok(new) => new,
        Err(KeyError::DuplicateName) => {
            let errors = [FieldError::new(
                "key_name",
                KeyError::DuplicateName.to_string(),
            )];
            return Ok(html(200, form_page(&member, &name, raw_type, &errors)));
        }
        Err(e) => return Err(e.into()),
    };
    let shown = ShownOnce {
        service_id,
        key_id: new.id,
        name: new.name,
        key_type: new.key_type,
        full_key: new.full_key,
        regenerated: false,
    };
    session::hold(app, &member.me, &shown).await?;
    Ok(redirect(&member.url("/api/keys/show")))
}

/// `GET /services/{id}/api/keys/show`: the held key, once.
pub async fn show_once<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
) -> Result<Response<Body>, AdminError> {
    let member = member(app, req, service, "manage_api_keys").await?;
    let held = session::take(app, &member.me).await?;
    let Some(key) = held.filter(|k| k.service_id == member.service.id) else {
        return Ok(redirect(&member.url("/api/keys")));
    };
    let title = if key.regenerated {
        "Your regenerated API key"
    } else {
        "New API key"
    };
    let content = html! {
        h1 class="heading-l" { (title) }
        p class="body" { "Copy your key to somewhere safe." }
        p class="warning-text" id="shown-once-warning" {
            "You will not be able to see this key again once you leave this page. If you lose it, regenerate or revoke it and create a new one."
        }
        dl class="summary-list" {
            (layout::summary_row("Key name", html! { span id="api-key-name" { (key.name) } }))
            (layout::summary_row("Type", html! { (key.key_type.description()) }))
        }
        h2 class="heading-s" { "API key" }
        code class="api-key" id="api-key" data-shown-once="" { (key.full_key.expose()) }
        div data-copy-target="api-key" data-copy-label="Copy API key to clipboard" {}
        @if key.regenerated {
            p class="body" { "The previous secret of this key no longer works." }
        }
        p class="body" { a href=(member.url("/api/keys")) { "Back to API keys" } }
    };
    Ok(html(
        200,
        layout::page(title, &member.chrome(), &[], content),
    ))
}
