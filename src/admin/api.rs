//! `/services/{id}/api`: the API integration hub. Links to API keys, the two callbacks and the
//! guest list, and "Recent API use": the last 50 notifications sent with an API key, newest
//! first, with template, recipient, status and time. Members with `view_activity` see
//! recipients and can open each message; others see the limited view (no recipients).

use super::context::{member, Member};
use super::format;
use super::layout;
use super::respond::html;
use super::AdminError;
use crate::app::App;
use crate::callbacks::CallbackType;
use crate::http::json::Body;
use crate::store::callbacks::CallbackConfig;
use crate::store::finding::Filter;
use crate::store::notifications::Notification;
use crate::store::{self};
use hyper::{Request, Response};
use maud::{html, Markup};

/// How many notifications "Recent API use" shows (Notify's `APINotifications`).
pub const RECENT_LIMIT: i64 = 50;

/// `GET /services/{id}/api`.
pub async fn hub<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
) -> Result<Response<Body>, AdminError> {
    let member = member(app, req, service, "manage_api_keys").await?;
    let query = Filter {
        service_id: member.service.id,
        api_only: true,
        limit: RECENT_LIMIT,
        ..Filter::default()
    };
    let service_id = member.service.id;
    let (recent, callbacks) = app
        .store
        .read(move |conn| {
            Ok((
                store::finding::find_with_template_names(conn, &query)?,
                store::callbacks::for_service(conn, service_id)?,
            ))
        })
        .await?;
    let now = app.clock.now_us();
    let content = html! {
        h1 class="heading-l" { "API integration" }
        @if member.service.trial_mode {
            div class="banner banner--info" {
                p class="banner__text" { "Your service is in trial mode" }
                p class="body" { "Live and team keys can only send to your team and the people on your guest list. Test keys pretend to send to anyone." }
            }
        }
        (links(&member, &callbacks))
        h2 class="heading-m" id="recent-api-use" { "Recent API use" }
        (recent_table(&member, &recent, now))
    };
    let page = layout::page("API integration", &member.chrome(), &[], content);
    Ok(html(200, page))
}

fn callback_state(callbacks: &[CallbackConfig], kind: CallbackType) -> String {
    match callbacks.iter().find(|c| c.callback_type == kind) {
        Some(c) => format!("Sends to {}", c.url),
        None => "Not set".to_owned(),
    }
}

fn links(member: &Member, callbacks: &[CallbackConfig]) -> Markup {
    html! {
        ul class="nav-list" {
            li {
                a href=(member.url("/api/keys")) { "API keys" }
                span class="hint" { "Create, regenerate and revoke the keys your applications use." }
            }
            li {
                a href=(member.url("/api/callbacks/delivery-status-callback")) { "Callbacks for delivery receipts" }
                span class="hint" { (callback_state(callbacks, CallbackType::DeliveryStatus)) }
            }
            li {
                a href=(member.url("/api/callbacks/received-text-messages-callback")) { "Callbacks for received text messages" }
                span class="hint" { (callback_state(callbacks, CallbackType::InboundSms)) }
            }
            li {
                a href=(member.url("/api/guest-list")) { "Guest list" }
                span class="hint" { "Who team keys (and every key in trial mode) can send to, besides your team." }
            }
        }
    }
}

fn recent_table(member: &Member, recent: &[(Notification, Option<String>)], now: i64) -> Markup {
    let full = member.can("view_activity");
    html! {
        p class="hint" { "The last " (RECENT_LIMIT) " messages sent through the API, newest first." }
        @if !full {
            p class="body" id="limited-view" {
                "You can see what was sent but not who it was sent to: that needs the ‘view activity’ permission."
            }
        }
        @if recent.is_empty() {
            p class="body" { "No messages have been sent through the API yet." }
        } @else {
            div class="table-wrap" {
                table class="table" id="recent-api-notifications" {
                    thead { tr {
                        th scope="col" { "Template" }
                        @if full { th scope="col" { "Recipient" } }
                        th scope="col" { "Key type" }
                        th scope="col" { "Status" }
                        th scope="col" { "Sent" }
                    } }
                    tbody {
                        @for (n, template) in recent {
                            tr {
                                td { (template.as_deref().unwrap_or("(deleted template)")) br; span class="secondary" { (format::kind(n.notification_type)) } }
                                @if full {
                                    td { a href=(member.url(&format!("/notifications/{}", n.id))) { (first_line(&n.recipient)) } }
                                }
                                td { (n.key_type.as_cli()) }
                                td { (format::status(n.status, n.notification_type)) }
                                td class="nowrap" { (format::date_time(n.created_at, now)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A letter's recipient is its address: its first line names it well enough in a list.
pub fn first_line(recipient: &str) -> &str {
    recipient.lines().next().unwrap_or(recipient)
}
