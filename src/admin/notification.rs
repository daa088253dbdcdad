//! `/services/{id}/notifications/{notification_id}`: one message as it was sent. Emails show
//! their subject and, in a frame of `.../email`, the whole email as SMTP delivery sends it
//! (`crate::templates::email_document` around Notify's HTML, rendered from the template version
//! the message was sent with and its stored personalisation; the frame has its own policy so
//! that the email's inline styles apply); text messages their text; letters their address,
//! subject and text, with the PDF at `.../pdf`. Then the
//! personalisation and the status history as far as the data has it (created, sending, final
//! status, and each callback attempt). Needs `view_activity`.

use super::context::{member, parse_id, Member};
use super::format;
use super::layout::{self, summary_row};
use super::respond::{email_frame, html};
use super::AdminError;
use crate::app::App;
use crate::http::json::{with_body, Body};
use crate::letters::timings;
use crate::store::callbacks::Attempt;
use crate::store::notifications::Notification;
use crate::store::templates::Template;
use crate::store::{self};
use crate::templates::{self, TemplateType};
use hyper::{Request, Response};
use maud::{html, Markup};
use serde_json::{Map, Value};

/// Everything the page shows about one notification.
struct Found {
    n: Notification,
    template: Option<Template>,
    key_name: Option<String>,
    attempts: Vec<Attempt>,
}

async fn find(app: &App, member: &Member, id: &str) -> Result<Found, AdminError> {
    let id = parse_id(id)?;
    let service_id = member.service.id;
    let found = app
        .store
        .read(move |conn| {
            let Some(n) = store::notifications::get(conn, service_id, id)? else {
                return Ok(None);
            };
            let template =
                store::templates::get_version(conn, service_id, n.template_id, n.template_version)?;
            let key_name = match n.api_key_id {
                Some(key) => store::keys::get(conn, service_id, key)?.map(|k| k.name),
                None => None,
            };
            let attempts = store::callbacks::attempts(conn, service_id, Some(&id.to_string()), 50)?;
            Ok(Some(Found {
                n,
                template,
                key_name,
                attempts,
            }))
        })
        .await?;
    found.ok_or(AdminError::NotFound)
}

/// The member (who needs `view_activity`) and the notification of theirs a page is about;
/// with `only`, a notification of that kind (else not found).
async fn member_and_found<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
    id: &str,
    only: Option<TemplateType>,
) -> Result<(Member, Found), AdminError> {
    let member = member(app, req, service, "view_activity").await?;
    let f = find(app, &member, id).await?;
    match only {
        Some(kind) if f.n.notification_type != kind => Err(AdminError::NotFound),
        _ => Ok((member, f)),
    }
}

fn personalisation(n: &Notification) -> Map<String, Value> {
    serde_json::from_str(&n.personalisation).unwrap_or_default()
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn message(member: &Member, f: &Found) -> Markup {
    let n = &f.n;
    match n.notification_type {
        TemplateType::Email => html! {
            div class="message message--email" id="message" {
                p class="message__subject" { "Subject: " (n.subject.as_deref().unwrap_or("")) }
                iframe class="message__frame" src=(member.url(&format!("/notifications/{}/email", n.id)))
                    sandbox="" title="The email as sent" {}
            }
        },
        TemplateType::Sms => html! { div class="message message--sms" id="message" { (n.body) } },
        TemplateType::Letter => html! {
            div class="message message--letter" id="message" {
                p { (n.recipient) }
                @if let Some(subject) = &n.subject { p class="message__subject" { (subject) } }
                (n.body)
            }
            p class="body" {
                a href=(member.url(&format!("/notifications/{}/pdf", n.id))) { "Download the letter as a PDF" }
            }
        },
    }
}

fn history(f: &Found, now: i64) -> Markup {
    let n = &f.n;
    html! {
        ol class="list" id="status-history" {
            li { "Created " (format::date_time(n.created_at, now)) }
            @if let Some(sent) = n.sent_at { li { "Sending " (format::date_time(sent, now)) } }
            @if let (true, Some(at)) = (n.status.is_completed(), n.updated_at) {
                li { (format::status(n.status, n.notification_type)) " " (format::date_time(at, now)) }
            }
            @for a in f.attempts.iter().rev() {
                li {
                    "Callback to " (a.url) " " (format::date_time(a.attempted_at, now)) ": "
                    @match (a.http_status, &a.error) {
                        (Some(status), _) => { "HTTP " (status) }
                        (None, Some(error)) => { (error) }
                        (None, None) => { "no answer" }
                    }
                    " (" (a.duration_ms) " ms)"
                }
            }
        }
    }
}

/// `GET /services/{id}/notifications/{notification_id}`.
pub async fn show<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
    id: &str,
) -> Result<Response<Body>, AdminError> {
    let (member, f) = member_and_found(app, req, service, id, None).await?;
    let (n, now) = (&f.n, app.clock.now_us());
    let title = format!("{} {}", format::kind(n.notification_type), n.id);
    let template = match &f.template {
        Some(t) => format!("{} (version {})", t.name, n.template_version),
        None => format!("{} (version {})", n.template_id, n.template_version),
    };
    let key = format!(
        "{} ({})",
        f.key_name.as_deref().unwrap_or("no key"),
        n.key_type.as_cli()
    );
    let values = personalisation(n);
    let content = html! {
        span class="hint" { (format::kind(n.notification_type)) }
        h1 class="heading-l" { (f.template.as_ref().map(|t| t.name.as_str()).unwrap_or("Message")) }
        dl class="summary-list" {
            (summary_row("Recipient", html! { span class="message--letter-address" { (n.recipient) } }))
            (summary_row("Status", html! { span id="status" { (format::status(n.status, n.notification_type)) } }))
            @if let Some(expected) = timings::for_notification(n) {
                (summary_row("Estimated delivery", html! { (format::day(expected, now)) }))
            }
            (summary_row("Template", html! { (template) }))
            (summary_row("API key", html! { (key) }))
            (summary_row("Reference", html! { (n.client_reference.as_deref().unwrap_or("None")) }))
            (summary_row("Notification id", html! { code { (n.id) } }))
        }
        h2 class="heading-m" { "Message" }
        (message(&member, &f))
        h2 class="heading-m" { "Personalisation" }
        @if values.is_empty() { p class="body" { "None." } } @else {
            dl class="summary-list" id="personalisation" {
                @for (name, value) in &values { (summary_row(name, html! { (value_text(value)) })) }
            }
        }
        h2 class="heading-m" { "Status history" }
        (history(&f, now))
        p class="body" { a href=(member.url("/notifications")) { "Back to sent messages" } }
    };
    Ok(html(
        200,
        layout::page(&title, &member.chrome(), &[], content),
    ))
}

/// `GET /services/{id}/notifications/{notification_id}/email`: an email as sent, a whole HTML
/// document for the frame on its page.
pub async fn email<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
    id: &str,
) -> Result<Response<Body>, AdminError> {
    let (member, f) = member_and_found(app, req, service, id, Some(TemplateType::Email)).await?;
    let n = &f.n;
    let fragment = f
        .template
        .as_ref()
        .and_then(|t| templates::email_html(&t.body, &personalisation(n)).ok())
        // Notify's own rendering: markdown to HTML with every value escaped. Without the
        // template version (never expected), the stored text, escaped.
        .unwrap_or_else(|| html! { pre { (n.body) } }.into_string());
    let subject = n.subject.as_deref().unwrap_or("");
    let document = templates::email_document(subject, &fragment, &member.service.name);
    Ok(email_frame(document))
}

/// `GET /services/{id}/notifications/{notification_id}/pdf`: a letter's PDF, as sent.
pub async fn pdf<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
    id: &str,
) -> Result<Response<Body>, AdminError> {
    let (_, f) = member_and_found(app, req, service, id, Some(TemplateType::Letter)).await?;
    let pk = f.n.pk;
    let stored = app
        .store
        .read(move |conn| store::notifications::letter_pdf(conn, pk))
        .await?;
    let bytes = stored.unwrap_or_else(|| crate::http::v2::notifications::render_letter(&f.n));
    let mut response = with_body(200, "application/pdf", bytes);
    let disposition = format!("inline; filename=\"letter-{}.pdf\"", f.n.id);
    if let Ok(value) = hyper::header::HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(hyper::header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
