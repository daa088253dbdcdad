//! `GET /v2/received-text-messages` (spec §4.10): texts the public sent to the service,
//! newest first, 250 a page, paged with `older_than`.

use super::notifications::PAGE_SIZE;
use super::{validate_query, Links};
use crate::app::App;
use crate::auth::Principal;
use crate::clock::format_notify;
use crate::http::errors::ApiError;
use crate::http::json::{json, Body};
use crate::http::request::{query_pairs, url_root};
use crate::schema::GET_INBOUND_SMS_REQUEST;
use crate::store::{self};
use hyper::{Request, Response};
use serde::Serialize;

#[derive(Serialize)]
struct ReceivedText {
    content: String,
    created_at: String,
    id: String,
    notify_number: String,
    service_id: String,
    user_number: String,
}

#[derive(Serialize)]
struct Page {
    links: Links,
    received_text_messages: Vec<ReceivedText>,
}

pub async fn list<B>(
    app: &App,
    principal: &Principal,
    req: &Request<B>,
) -> Result<Response<Body>, ApiError> {
    let query = validate_query(
        &GET_INBOUND_SMS_REQUEST,
        &query_pairs(req.uri().query()),
        &app.clock,
    )?;
    let older_than = query["older_than"]
        .as_str()
        .and_then(crate::auth::python_uuid);
    let service_id = principal.service_id();
    let messages = app
        .store
        .read(move |conn| {
            store::notifications::list_inbound(conn, service_id, older_than, PAGE_SIZE)
        })
        .await?;
    let current = format!("{}v2/received-text-messages", url_root(req));
    let next = messages
        .last()
        .map(|m| format!("{current}?older_than={}", m.id));
    let page = Page {
        links: Links { current, next },
        received_text_messages: messages
            .into_iter()
            .map(|m| ReceivedText {
                content: m.content,
                created_at: format_notify(m.created_at),
                id: m.id.to_string(),
                notify_number: m.notify_number,
                service_id: m.service_id.to_string(),
                user_number: m.user_number,
            })
            .collect(),
    };
    Ok(json(200, &page))
}
