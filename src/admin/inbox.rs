//! `/services/{id}/notifications`: everything the service sent, with every key type, newest
//! first, 50 a page, filterable by message type, key type, status (sending, delivered, failed)
//! and recipient. Each row opens the message (`notification`). Needs `view_activity`.

use super::api::first_line;
use super::context::{member, Member};
use super::format;
use super::layout;
use super::respond::{html, query, Form};
use super::AdminError;
use crate::app::App;
use crate::http::json::Body;
use crate::keys::KeyType;
use crate::notifications::Status;
use crate::store::finding::Filter;
use crate::store::notifications::Notification;
use crate::store::{self};
use crate::templates::TemplateType;
use hyper::{Request, Response};
use maud::{html, Markup};
use uuid::Uuid;

const PAGE_SIZE: i64 = 50;

/// The statuses each choice of the status filter stands for.
fn status_group(name: &str) -> Option<Vec<Status>> {
    use Status::*;
    Some(match name {
        "sending" => vec![Created, Sending, Pending, PendingVirusCheck],
        "delivered" => vec![Delivered, Sent],
        "failed" => vec![
            PermanentFailure,
            TemporaryFailure,
            TechnicalFailure,
            VirusScanFailed,
            ValidationFailed,
            ReturnedLetter,
            Cancelled,
        ],
        _ => return None,
    })
}

/// The filters as chosen (echoed back into the form).
struct Filters {
    message_type: String,
    key_type: String,
    status: String,
    to: String,
}

impl Filters {
    fn from(q: &Form) -> Filters {
        Filters {
            message_type: q.text("message_type").to_owned(),
            key_type: q.text("key_type").to_owned(),
            status: q.text("status").to_owned(),
            to: q.text("to").trim().to_owned(),
        }
    }

    fn query(&self, service_id: Uuid, older_than: Option<Uuid>) -> Filter {
        Filter {
            service_id,
            types: TemplateType::parse(&self.message_type)
                .into_iter()
                .collect(),
            key_type: KeyType::parse(&self.key_type),
            statuses: status_group(&self.status),
            to_contains: Some(self.to.clone()).filter(|t| !t.is_empty()),
            older_than,
            limit: PAGE_SIZE + 1,
            ..Filter::default()
        }
    }

    /// The query string for the next page.
    fn next_page(&self, older_than: Uuid) -> String {
        format!(
            "?message_type={}&key_type={}&status={}&to={}&older_than={older_than}",
            format::url_encode(&self.message_type),
            format::url_encode(&self.key_type),
            format::url_encode(&self.status),
            format::url_encode(&self.to)
        )
    }
}

fn select(id: &str, label: &str, options: &[(&str, &str)], chosen: &str) -> Markup {
    html! {
        div class="form-group" {
            label class="label" for=(id) { (label) }
            select class="select" id=(id) name=(id) {
                @for (value, text) in options {
                    option value=(value) selected[*value == chosen] { (text) }
                }
            }
        }
    }
}

fn filter_form(member: &Member, f: &Filters) -> Markup {
    html! {
        form method="get" action=(member.url("/notifications")) class="filters" role="search" {
            (select("message_type", "Type", &[("", "All types"), ("sms", "Text messages"), ("email", "Emails"), ("letter", "Letters")], &f.message_type))
            (select("key_type", "Key type", &[("", "All keys"), ("live", "Live"), ("team", "Team and guest list"), ("test", "Test")], &f.key_type))
            (select("status", "Status", &[("", "All statuses"), ("sending", "Sending"), ("delivered", "Delivered"), ("failed", "Failed")], &f.status))
            div class="form-group" {
                label class="label" for="to" { "Recipient" }
                input class="input" id="to" name="to" type="search" value=(f.to) spellcheck="false";
            }
            button type="submit" class="button button--secondary" { "Filter" }
        }
    }
}

fn table(member: &Member, rows: &[(Notification, Option<String>)], now: i64) -> Markup {
    html! {
        div class="table-wrap" {
            table class="table" id="notifications" {
                thead { tr {
                    th scope="col" { "Recipient" }
                    th scope="col" { "Template" }
                    th scope="col" { "Key type" }
                    th scope="col" { "Status" }
                    th scope="col" { "Sent" }
                } }
                tbody {
                    @for (n, template) in rows {
                        tr {
                            td { a href=(member.url(&format!("/notifications/{}", n.id))) { (first_line(&n.recipient)) } }
                            td { (template.as_deref().unwrap_or("(deleted template)")) br; span class="secondary" { (format::kind(n.notification_type)) } }
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

/// `GET /services/{id}/notifications`.
pub async fn list<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
) -> Result<Response<Body>, AdminError> {
    let member = member(app, req, service, "view_activity").await?;
    let q = query(req);
    let filters = Filters::from(&q);
    let older_than = q.get("older_than").and_then(|s| Uuid::try_parse(s).ok());
    let inbox_query = filters.query(member.service.id, older_than);
    let mut rows = app
        .store
        .read(move |conn| store::finding::find_with_template_names(conn, &inbox_query))
        .await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    let now = app.clock.now_us();
    let content = html! {
        h1 class="heading-l" { "Sent messages" }
        p class="body" { "Everything this service sent, with every type of key, newest first." }
        (filter_form(&member, &filters))
        // The live view (admin.js) refreshes this region when the service sends anything.
        div id="inbox-live" data-live=(member.url("/notifications/events")) aria-live="polite" {
            @if rows.is_empty() {
                p class="body" id="no-notifications" { "No messages match." }
            } @else {
                (table(&member, &rows, now))
            }
        }
        @if let (true, Some((last, _))) = (more, rows.last()) {
            nav class="pager" aria-label="Pages" {
                a href=(filters.next_page(last.id)) rel="next" { "Older messages" }
            }
        }
    };
    Ok(html(
        200,
        layout::page("Sent messages", &member.chrome(), &[], content),
    ))
}
