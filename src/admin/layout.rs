//! The page frame and the form parts every admin page is built from, after the GOV.UK design
//! system's patterns: a skip link, a header with the account links, the service's navigation
//! (showing only the sections the member may open), a flash banner, an error summary whose
//! links move focus to the field, and labelled inputs, textareas and radios with hints and
//! inline errors. Everything is maud, so every value is escaped.

use super::session::CSRF_FIELD;
use crate::store::sessions::User;
use maud::{html, Markup, DOCTYPE};
use uuid::Uuid;

/// What the frame needs to know about the viewer.
pub struct Chrome<'a> {
    pub user: &'a User,
    pub csrf: &'a str,
    pub flash: Option<&'a str>,
    pub service: Option<ServiceNav<'a>>,
    pub many_services: bool,
}

/// The service being looked at, for its navigation bar.
pub struct ServiceNav<'a> {
    pub id: Uuid,
    pub name: &'a str,
    pub trial_mode: bool,
    pub permissions: &'a [String],
}

/// A message about one field, shown beside it and in the error summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The id of the input the summary links to.
    pub id: String,
    pub message: String,
}

impl FieldError {
    pub fn new(id: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            id: id.to_owned(),
            message: message.into(),
        }
    }
}

/// The message for field `id`, if it has one.
pub fn error_for<'a>(errors: &'a [FieldError], id: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.message.as_str())
}

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta name="robots" content="noindex, nofollow";
            title { (title) " – notifyd" }
            link rel="stylesheet" href="/static/admin.css";
            script src="/static/admin.js" defer {}
        }
    }
}

/// A page with no one signed in (sign-in, errors).
pub fn bare_page(title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(title))
            body {
                a href="#main" class="skip-link" { "Skip to main content" }
                header class="header" {
                    div class="width-container header__inner" {
                        a href="/" class="header__logo" { "notifyd" }
                    }
                }
                div class="width-container" {
                    main id="main" class="main" tabindex="-1" { (content) }
                }
            }
        }
    }
}

/// A signed-in page: header, service navigation, flash message, error summary, content.
pub fn page(title: &str, chrome: &Chrome, errors: &[FieldError], content: Markup) -> Markup {
    let full_title = match (&chrome.service, errors.is_empty()) {
        (Some(s), true) => format!("{title} – {}", s.name),
        (Some(s), false) => format!("Error: {title} – {}", s.name),
        (None, true) => title.to_owned(),
        (None, false) => format!("Error: {title}"),
    };
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(&full_title))
            body {
                a href="#main" class="skip-link" { "Skip to main content" }
                (header(chrome))
                @if let Some(service) = &chrome.service { (service_nav(service)) }
                div class="width-container" {
                    main id="main" class="main" tabindex="-1" {
                        @if let Some(flash) = chrome.flash { (banner(flash)) }
                        (error_summary(errors))
                        (content)
                    }
                }
            }
        }
    }
}

fn header(chrome: &Chrome) -> Markup {
    html! {
        header class="header" {
            div class="width-container header__inner" {
                a href="/services" class="header__logo" { "notifyd" }
                nav class="header__account" aria-label="Account" {
                    span class="header__user" { (chrome.user.email) }
                    @if chrome.many_services { a href="/services" { "Switch service" } }
                    form method="post" action="/sign-out" class="inline-form" {
                        (csrf(chrome.csrf))
                        button type="submit" class="link-button" id="sign-out-button" { "Sign out" }
                    }
                }
            }
        }
    }
}

fn service_nav(service: &ServiceNav) -> Markup {
    let can = |p: &str| service.permissions.iter().any(|q| q == p);
    html! {
        div class="service-bar" {
            div class="width-container" {
                p class="service-bar__name" {
                    (service.name)
                    @if service.trial_mode { " " strong class="tag tag--grey" { "Trial mode" } }
                }
                nav aria-label="Service" {
                    ul class="service-bar__nav" {
                        @if can("manage_api_keys") {
                            li { a href={ "/services/" (service.id) "/api" } { "API integration" } }
                        }
                        @if can("view_activity") {
                            li { a href={ "/services/" (service.id) "/notifications" } { "Sent messages" } }
                        }
                    }
                }
            }
        }
    }
}

/// The hidden field every POST form carries.
pub fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(token); }
}

/// A green confirmation banner (after a change).
pub fn banner(message: &str) -> Markup {
    html! {
        div class="banner banner--success" role="status" {
            p class="banner__text" { (message) }
        }
    }
}

/// "There is a problem", each message a link that takes focus to its field.
pub fn error_summary(errors: &[FieldError]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="error-summary" role="alert" tabindex="-1" data-focus-on-load="" aria-labelledby="error-summary-title" {
                h2 class="error-summary__title" id="error-summary-title" { "There is a problem" }
                ul class="error-summary__list" {
                    @for e in errors { li { a href={ "#" (e.id) } { (e.message) } } }
                }
            }
        }
    }
}

fn error_message(id: &str, message: &str) -> Markup {
    html! {
        p class="error-message" id={ (id) "-error" } {
            span class="visually-hidden" { "Error: " } (message)
        }
    }
}

/// A labelled one-line input.
pub struct Input<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
    pub value: &'a str,
    pub kind: &'a str,
    pub autocomplete: &'a str,
    pub error: Option<&'a str>,
}

impl Input<'_> {
    pub fn render(&self) -> Markup {
        let described = describedby(self.id, self.hint.is_some(), self.error.is_some());
        html! {
            div class={ "form-group" @if self.error.is_some() { " form-group--error" } } {
                label class="label" for=(self.id) { (self.label) }
                @if let Some(hint) = self.hint { div class="hint" id={ (self.id) "-hint" } { (hint) } }
                @if let Some(e) = self.error { (error_message(self.id, e)) }
                input class={ "input" @if self.error.is_some() { " input--error" } }
                    id=(self.id) name=(self.id) type=(self.kind) value=(self.value)
                    autocomplete=(self.autocomplete) spellcheck="false"
                    aria-describedby=[described];
            }
        }
    }
}

fn describedby(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A labelled textarea (one entry per line).
pub fn textarea(id: &str, label: &str, hint: &str, value: &str, error: Option<&str>) -> Markup {
    let described = describedby(id, true, error.is_some());
    html! {
        div class={ "form-group" @if error.is_some() { " form-group--error" } } {
            label class="label" for=(id) { (label) }
            div class="hint" id={ (id) "-hint" } { (hint) }
            @if let Some(e) = error { (error_message(id, e)) }
            textarea class={ "textarea" @if error.is_some() { " textarea--error" } }
                id=(id) name=(id) rows="6" spellcheck="false" aria-describedby=[described] { (value) }
        }
    }
}

/// One choice of a radio group.
pub struct Choice<'a> {
    pub value: &'a str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
    pub disabled: bool,
}

/// A radio group in a fieldset; the first radio's id is `name` (where the error summary links).
pub fn radios(
    name: &str,
    legend: &str,
    choices: &[Choice],
    checked: Option<&str>,
    error: Option<&str>,
) -> Markup {
    html! {
        div class={ "form-group" @if error.is_some() { " form-group--error" } } {
            fieldset class="fieldset" aria-describedby=[error.map(|_| format!("{name}-error"))] {
                legend class="fieldset__legend" { (legend) }
                @if let Some(e) = error { (error_message(name, e)) }
                div class="radios" {
                    @for (i, c) in choices.iter().enumerate() {
                        @let id = if i == 0 { name.to_owned() } else { format!("{name}-{i}") };
                        div class={ "radios__item" @if c.disabled { " radios__item--disabled" } } {
                            input class="radios__input" id=(id) name=(name) type="radio" value=(c.value)
                                checked[checked == Some(c.value) && !c.disabled] disabled[c.disabled]
                                aria-describedby=[c.hint.map(|_| format!("{id}-hint"))];
                            label class="label radios__label" for=(id) { (c.label) }
                            @if let Some(hint) = c.hint {
                                div class="hint radios__hint" id={ (id) "-hint" } { (hint) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A row of a summary list (key, value).
pub fn summary_row(key: &str, value: Markup) -> Markup {
    html! {
        div class="summary-list__row" {
            dt class="summary-list__key" { (key) }
            dd class="summary-list__value" { (value) }
        }
    }
}
