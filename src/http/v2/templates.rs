//! `GET /v2/template/{id}`, `GET /v2/template/{id}/version/{version}` and
//! `GET /v2/templates?type=` (spec §4.9).

use crate::app::App;
use crate::auth::{python_uuid, Principal};
use crate::clock::format_notify;
use crate::http::errors::ApiError;
use crate::http::json::{json, Body};
use crate::http::request::query_pairs;
use crate::http::request::{read_body, JSON_BODY_LIMIT};
use crate::http::v2::validate;
use crate::http::v2::validate_query;
use crate::schema::GET_TEMPLATES_REQUEST;
use crate::schema::POST_TEMPLATE_PREVIEW_REQUEST;
use crate::store::templates::Template;
use crate::templates::{
    email_html, placeholder_names, render, RenderError, Rendered, TemplateType,
};
use hyper::{Request, Response};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Who made a template when no team member did (templates from the CLI or config).
pub const DEFAULT_CREATED_BY: &str = "notifyd@localhost";

#[derive(Serialize)]
pub struct Required {
    required: bool,
}

/// A template as `GET /v2/template/{id}` shows it (fields in sorted order).
#[derive(Serialize)]
pub struct TemplateV2<'a> {
    body: &'a str,
    created_at: String,
    created_by: &'a str,
    id: String,
    letter_contact_block: Option<&'a str>,
    name: &'a str,
    personalisation: BTreeMap<String, Required>,
    postage: Option<&'a str>,
    subject: Option<&'a str>,
    #[serde(rename = "type")]
    template_type: &'a str,
    updated_at: Option<String>,
    version: i64,
}

pub fn to_v2(t: &Template) -> TemplateV2<'_> {
    let is_letter = t.template_type == TemplateType::Letter;
    let subject = match t.template_type {
        TemplateType::Sms => None,
        _ => t.subject.as_deref(),
    };
    TemplateV2 {
        body: &t.body,
        created_at: format_notify(t.created_at),
        created_by: t.created_by.as_deref().unwrap_or(DEFAULT_CREATED_BY),
        id: t.id.to_string(),
        letter_contact_block: None,
        name: &t.name,
        personalisation: placeholder_names(t.template_type, subject, &t.body)
            .into_iter()
            .map(|name| (name, Required { required: true }))
            .collect(),
        postage: if is_letter {
            Some(t.postage.as_deref().unwrap_or("second"))
        } else {
            None
        },
        subject,
        template_type: t.template_type.as_str(),
        updated_at: t.updated_at.map(format_notify),
        version: t.version,
    }
}

/// `GET /v2/template/{id}` (version 0) and `.../version/{version}`.
pub async fn get<B>(
    app: &App,
    principal: &Principal,
    _req: &Request<B>,
    id: &str,
    version: i64,
) -> Result<Response<Body>, ApiError> {
    let id = python_uuid(id)
        .ok_or_else(|| ApiError::Validation(vec!["id is not a valid UUID".into()]))?;
    let current = principal
        .service
        .templates
        .get(&id)
        .filter(|t| !t.hidden)
        .cloned();
    let template: Arc<Template> = match current {
        Some(t) if version == 0 || version == t.version => t,
        Some(_) => {
            let service_id = principal.service_id();
            let found = app
                .store
                .read(move |conn| {
                    crate::store::templates::get_version(conn, service_id, id, version)
                })
                .await?;
            Arc::new(found.ok_or(ApiError::NoResult)?)
        }
        None => return Err(ApiError::NoResult),
    };
    Ok(json(200, &to_v2(&template)))
}

/// `GET /v2/templates?type=`: current versions, not archived, by name then type.
pub fn list<B>(
    app: &App,
    principal: &Principal,
    req: &Request<B>,
) -> Result<Response<Body>, ApiError> {
    let query = validate_query(
        &GET_TEMPLATES_REQUEST,
        &query_pairs(req.uri().query()),
        &app.clock,
    )?;
    let filter = query["type"].as_str().and_then(TemplateType::parse);
    #[derive(Serialize)]
    struct Templates<'a> {
        templates: Vec<TemplateV2<'a>>,
    }
    let all = principal.service.templates_sorted();
    let templates = all
        .iter()
        .filter(|t| !t.archived && !t.hidden && filter.is_none_or(|f| t.template_type == f))
        .map(|t| to_v2(t))
        .collect();
    Ok(json(200, &Templates { templates }))
}

/// `POST /v2/template/{id}/preview`: the template rendered with `personalisation`.
pub async fn preview(
    app: &App,
    principal: &Principal,
    req: hyper::Request<hyper::body::Incoming>,
    id: &str,
) -> Result<Response<Body>, ApiError> {
    let bytes = read_body(req, JSON_BODY_LIMIT).await?;
    let mut body = if bytes.is_empty() {
        serde_json::Value::Object(Default::default())
    } else {
        super::send::parse_json(&bytes)?
    };
    if let Some(object) = body.as_object_mut() {
        object.insert("id".into(), serde_json::Value::String(id.to_owned()));
    }
    validate(&POST_TEMPLATE_PREVIEW_REQUEST, &body, &app.clock)?;
    let template = python_uuid(id)
        .and_then(|id| principal.service.templates.get(&id))
        .filter(|t| !t.hidden)
        .cloned()
        .ok_or(ApiError::NoResult)?;
    let personalisation = body
        .get("personalisation")
        .and_then(serde_json::Value::as_object)
        .cloned()
        .unwrap_or_default();
    let kind = template.template_type;
    let missing = |e: RenderError| ApiError::BadRequest(e.message());
    let rendered = match render(
        kind,
        template.subject.as_deref(),
        &template.body,
        &personalisation,
    ) {
        Ok(rendered) => rendered,
        Err(RenderError::Empty) => Rendered {
            body: String::new(),
            subject: template.subject.clone(),
            char_count: 0,
        },
        Err(e) => return Err(missing(e)),
    };
    let html = match kind {
        TemplateType::Email => Some(email_html(&template.body, &personalisation).map_err(missing)?),
        _ => None,
    };
    #[derive(Serialize)]
    struct Preview<'a> {
        body: String,
        html: Option<String>,
        id: String,
        postage: Option<&'a str>,
        subject: Option<String>,
        #[serde(rename = "type")]
        template_type: &'a str,
        version: i64,
    }
    Ok(json(
        200,
        &Preview {
            body: rendered.body,
            html,
            id: template.id.to_string(),
            postage: template.postage.as_deref(),
            subject: if kind == TemplateType::Sms {
                None
            } else {
                rendered.subject
            },
            template_type: kind.as_str(),
            version: template.version,
        },
    ))
}
