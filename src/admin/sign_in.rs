//! Signing in and out, and the list of a member's services.
//!
//! `/sign-in` takes an email address and password (checked against the PBKDF2 hash off the
//! async workers; an unknown address costs the same time as a wrong password; ten wrong
//! passwords in a row lock the account until it is given a new one). The form has no
//! session yet, so its CSRF token is a random value in a cookie of its own that the form must
//! repeat. `/sign-in/{token}` uses a one-time link (printed at first start). `/sign-out` ends
//! the session. `/services` lists the member's services, or goes straight to the only one.

use super::context::signed_in;
use super::layout::{self, FieldError, Input};
use super::password;
use super::respond::{cookie, html, query, read_form, redirect, set_cookie, Form};
use super::session::{self, CSRF_FIELD, SIGN_IN_COOKIE};
use super::AdminError;
use crate::app::App;
use crate::http::json::Body;
use crate::secrets::random_token;
use crate::store::services::Service;
use crate::store::{self};
use hyper::body::Incoming;
use hyper::{Request, Response};
use maud::{html, Markup};

const WRONG: &str = "The email address or password you entered is incorrect";
/// Wrong passwords in a row that lock an account (Notify's admin: `MAX_FAILED_LOGIN_COUNT`).
pub const MAX_FAILED_SIGN_INS: i64 = 10;

/// Where to go after signing in: a path of ours (never another site), else the services.
fn next_page(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/services".to_owned(),
    }
}

fn sign_in_page(csrf: &str, email: &str, next: &str, errors: &[FieldError]) -> Markup {
    let title = if errors.is_empty() {
        "Sign in"
    } else {
        "Error: Sign in"
    };
    layout::bare_page(
        title,
        html! {
            (layout::error_summary(errors))
            h1 class="heading-l" { "Sign in" }
            p class="body" {
                "Sign in with the email address you were added to a service’s team with. "
                "Set a password with " code { "notifyd team set-password" } "."
            }
            form method="post" action="/sign-in" novalidate {
                input type="hidden" name=(CSRF_FIELD) value=(csrf);
                input type="hidden" name="next" value=(next);
                (Input { id: "email", label: "Email address", hint: None, value: email, kind: "email",
                    autocomplete: "username", error: layout::error_for(errors, "email") }.render())
                (Input { id: "password", label: "Password", hint: None, value: "", kind: "password",
                    autocomplete: "current-password", error: layout::error_for(errors, "password") }.render())
                button type="submit" class="button" id="continue-button" { "Continue" }
            }
        },
    )
}

/// Shows the form with a fresh CSRF cookie.
fn render_form(app: &App, email: &str, next: &str, errors: &[FieldError]) -> Response<Body> {
    let csrf = random_token::<32>();
    let mut response = html(200, sign_in_page(&csrf, email, next, errors));
    set_cookie(
        &mut response,
        &session::set_cookie(app, SIGN_IN_COOKIE, &csrf),
    );
    response
}

/// `GET /sign-in`.
pub async fn form(app: &App, req: &Request<Incoming>) -> Result<Response<Body>, AdminError> {
    let next = next_page(query(req).get("next"));
    if session::current(app, req).await?.is_some() {
        return Ok(redirect(&next));
    }
    Ok(render_form(app, "", &next, &[]))
}

/// `POST /sign-in`.
pub async fn submit(app: &App, req: Request<Incoming>) -> Result<Response<Body>, AdminError> {
    let expected = cookie(&req, SIGN_IN_COOKIE).unwrap_or_default();
    let form: Form = read_form(req).await?;
    if !session::same_token(form.text(CSRF_FIELD), &expected) {
        return Err(AdminError::Csrf);
    }
    let email = form.text("email").trim().to_owned();
    let password = form.text("password").to_owned();
    let next = next_page(form.get("next"));
    let mut errors = Vec::new();
    if email.is_empty() {
        errors.push(FieldError::new("email", "Enter your email address"));
    }
    if password.is_empty() {
        errors.push(FieldError::new("password", "Enter your password"));
    }
    if !errors.is_empty() {
        return Ok(render_form(app, &email, &next, &errors));
    }
    let verified = check_password(app, &email, password).await?;
    let Some(user_id) = verified else {
        return Ok(render_form(
            app,
            &email,
            &next,
            &[FieldError::new("email", WRONG)],
        ));
    };
    signed_in_response(app, user_id, &next).await
}

/// The user whose password this is, if the account is not locked. A wrong password for a
/// known address is counted; the `MAX_FAILED_SIGN_INS`th locks the account, and from then on
/// the right password is refused too, with the same message (as Notify does), until
/// `notifyd team set-password`. A successful sign-in starts the count again.
async fn check_password(
    app: &App,
    email: &str,
    password: String,
) -> Result<Option<uuid::Uuid>, AdminError> {
    let lookup = email.to_owned();
    let found = app
        .store
        .read(move |conn| {
            let Some(user) = store::sessions::user_by_email(conn, &lookup)? else {
                return Ok(None);
            };
            let failures = store::sessions::sign_in_failures(conn, user.id)?;
            Ok(Some((user, failures)))
        })
        .await?;
    // An unknown address or a locked account: the same time as a check, and the same answer.
    let unlocked = found.filter(|(_, failures)| *failures < MAX_FAILED_SIGN_INS);
    let Some((user, failures)) = unlocked else {
        spawn_blocking(move || password::verify_nothing(&password)).await?;
        return Ok(None);
    };
    let hash = user.password_hash.clone();
    let right = spawn_blocking(move || match &hash {
        Some(hash) => password::verify(&password, hash),
        None => {
            password::verify_nothing(&password);
            false
        }
    })
    .await?;
    let (user_id, now) = (user.id, app.clock.now_us());
    if right {
        if failures > 0 {
            let clear = move |conn: &_| store::sessions::clear_sign_in_failures(conn, user_id);
            app.store.write(clear).await?;
        }
        return Ok(Some(user_id));
    }
    let record = move |conn: &_| store::sessions::record_sign_in_failure(conn, user_id, now);
    if app.store.write(record).await? == MAX_FAILED_SIGN_INS {
        tracing::warn!(
            "{} gave a wrong password {MAX_FAILED_SIGN_INS} times in a row, so they cannot sign \
             in with a password until `notifyd team set-password` sets a new one",
            user.email
        );
    }
    Ok(None)
}

/// Runs a password hash off the async workers.
async fn spawn_blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AdminError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AdminError::Internal(format!("password check failed: {e}")))
}

/// Starts a session and goes on to `next`, clearing the sign-in form's cookie.
async fn signed_in_response(
    app: &App,
    user_id: uuid::Uuid,
    next: &str,
) -> Result<Response<Body>, AdminError> {
    let cookie = session::start(app, user_id).await?;
    let mut response = redirect(next);
    set_cookie(&mut response, &cookie);
    set_cookie(
        &mut response,
        &format!("{SIGN_IN_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"),
    );
    Ok(response)
}

/// `GET /sign-in/{token}`: a one-time link.
pub async fn link(app: &App, token: &str) -> Result<Response<Body>, AdminError> {
    match session::use_sign_in_link(app, token).await? {
        Some(user_id) => signed_in_response(app, user_id, "/services").await,
        None => Err(AdminError::SignInLinkUsed),
    }
}

/// `POST /sign-out`.
pub async fn sign_out(app: &App, req: Request<Incoming>) -> Result<Response<Body>, AdminError> {
    let Some(signed) = session::current(app, &req).await? else {
        return Ok(redirect("/sign-in"));
    };
    let form = read_form(req).await?;
    session::check_csrf(&signed, &form)?;
    let clear = session::end(app, signed).await?;
    let mut response = redirect("/sign-in");
    set_cookie(&mut response, &clear);
    Ok(response)
}

/// `GET /services`: the member's services, or the only one's first page they may open.
pub async fn services(app: &App, req: &Request<Incoming>) -> Result<Response<Body>, AdminError> {
    let me = signed_in(app, req).await?;
    let user_id = me.user.id;
    let services: Vec<(Service, Vec<String>)> = app
        .store
        .read(move |conn| {
            let mut out = Vec::new();
            for (id, permissions) in store::team::memberships(conn, user_id)? {
                if let Some(service) = store::services::get(conn, id)? {
                    out.push((service, permissions));
                }
            }
            Ok(out)
        })
        .await?;
    let can = |ps: &[String], p: &str| ps.iter().any(|q| q == p);
    if let [(service, permissions)] = services.as_slice() {
        if can(permissions, "manage_api_keys") {
            return Ok(redirect(&format!("/services/{}/api", service.id)));
        }
        if can(permissions, "view_activity") {
            return Ok(redirect(&format!("/services/{}/notifications", service.id)));
        }
    }
    let chrome = layout::Chrome {
        user: &me.user,
        csrf: &me.csrf_token,
        flash: me.flash.as_deref(),
        service: None,
        many_services: false,
    };
    let content = html! {
        h1 class="heading-l" { "Your services" }
        @if services.is_empty() {
            p class="body" { "You are not a team member of any service yet. Ask someone on a service’s team to add you (" code { "notifyd team add" } ")." }
        }
        ul class="nav-list" {
            @for (service, permissions) in &services {
                li {
                    strong { (service.name) }
                    @if service.trial_mode { " " strong class="tag tag--grey" { "Trial mode" } }
                    br;
                    @if can(permissions, "manage_api_keys") {
                        a href={ "/services/" (service.id) "/api" } { "API integration" } " "
                    }
                    @if can(permissions, "view_activity") {
                        a href={ "/services/" (service.id) "/notifications" } { "Sent messages" }
                    }
                    @if !can(permissions, "manage_api_keys") && !can(permissions, "view_activity") {
                        span class="hint" { "You do not have permission to manage API keys or see sent messages for this service." }
                    }
                }
            }
        }
    };
    Ok(html(
        200,
        layout::page("Your services", &chrome, &[], content),
    ))
}
