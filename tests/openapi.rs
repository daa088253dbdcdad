//! `/openapi.json` stays true: every route of the router is documented with its methods and
//! nothing else is; every example in the document fits its schema; and real answers from a
//! running server fit the schemas documented for them.

mod common;

use common::TestServer;
use notifyd::http::routes::ROUTES;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

fn doc() -> Value {
    serde_json::from_str(notifyd::http::OPENAPI).expect("openapi.json is JSON")
}

/// The router's `(path, method)` pairs, in OpenAPI's spelling.
fn routed() -> BTreeSet<(String, String)> {
    let mut all = BTreeSet::new();
    for def in ROUTES {
        let path = def.pattern.replace("...}", "}");
        for method in def.methods {
            all.insert((path.clone(), method.as_str().to_ascii_lowercase()));
        }
    }
    all
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut all = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            all.insert((path.clone(), method.clone()));
        }
    }
    all
}

#[test]
fn every_route_is_documented_and_nothing_else() {
    let doc = doc();
    assert_eq!(doc["openapi"], "3.1.0");
    let (routed, documented) = (routed(), documented(&doc));
    let missing: Vec<_> = routed.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&routed).collect();
    assert!(
        missing.is_empty(),
        "routes missing from openapi.json: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "openapi.json documents routes that do not exist: {extra:?}"
    );
    for (path, item) in doc["paths"].as_object().unwrap() {
        let names: Vec<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        for (method, op) in item.as_object().unwrap() {
            let declared: Vec<&str> = op["parameters"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .filter(|p| p["in"] == "path")
                        .map(|p| p["name"].as_str().unwrap())
                        .collect()
                })
                .unwrap_or_default();
            for name in &names {
                assert!(
                    declared.contains(name),
                    "{method} {path} does not declare path parameter {name}"
                );
            }
        }
    }
}

/// A small JSON Schema check: what the document uses (type, enum, properties, required,
/// additionalProperties, items, maxLength, oneOf, $ref).
fn check(doc: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return check(doc, &doc["components"]["schemas"][name], value, at);
    }
    if let Some(options) = schema["oneOf"].as_array() {
        let fits = options
            .iter()
            .filter(|o| check(doc, o, value, at).is_ok())
            .count();
        return if fits >= 1 {
            Ok(())
        } else {
            Err(format!("{at}: fits none of oneOf: {value}"))
        };
    }
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let actual = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let ok = types.contains(&actual) || (actual == "integer" && types.contains(&"number"));
        if !ok {
            return Err(format!("{at}: {value} is not of type {types:?}"));
        }
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            return Err(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if let (Some(max), Some(text)) = (schema["maxLength"].as_u64(), value.as_str()) {
        if text.chars().count() as u64 > max {
            return Err(format!("{at}: too long"));
        }
    }
    if let Value::Object(object) = value {
        check_object(doc, schema, object, at)?;
    }
    if let (Some(items), Value::Array(values)) = (schema.get("items"), value) {
        for (i, v) in values.iter().enumerate() {
            check(doc, items, v, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

fn check_object(
    doc: &Value,
    schema: &Value,
    object: &Map<String, Value>,
    at: &str,
) -> Result<(), String> {
    let properties = schema["properties"].as_object();
    for name in schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !object.contains_key(name) {
            return Err(format!("{at}: {name} is required"));
        }
    }
    for (name, v) in object {
        match properties.and_then(|p| p.get(name)) {
            Some(property) => check(doc, property, v, &format!("{at}.{name}"))?,
            None if schema["additionalProperties"] == json!(false) => {
                return Err(format!("{at}: {name} is not allowed"))
            }
            None => {}
        }
    }
    Ok(())
}

#[test]
fn every_example_fits_its_schema() {
    let doc = doc();
    let mut checked = 0;
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        if let Some(example) = schema.get("example") {
            check(&doc, schema, example, name).unwrap_or_else(|e| panic!("example of {name}: {e}"));
            checked += 1;
        }
    }
    assert!(checked >= 20, "examples checked: {checked}");
}

/// The schema documented for `method path` answering `status` with JSON.
fn response_schema<'a>(doc: &'a Value, path: &str, method: &str, status: u16) -> &'a Value {
    let schema = &doc["paths"][path][method]["responses"][status.to_string()]["content"]
        ["application/json"]["schema"];
    assert!(
        !schema.is_null(),
        "no JSON schema documented for {method} {path} {status}"
    );
    schema
}

#[test]
fn real_answers_fit_the_documented_schemas() {
    let doc = doc();
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let fits = |reply: &common::Reply, path: &str, method: &str| {
        let schema = response_schema(&doc, path, method, reply.status);
        check(&doc, schema, &reply.json(), &format!("{method} {path}"))
            .unwrap_or_else(|e| panic!("{e}\n{}", reply.text()));
    };
    let sms = json!({"phone_number": "07700900123", "template_id": s.sms.to_string(), "personalisation": {"name": "A", "code": 1}});
    let sent = server.post_json(&s.test, "/v2/notifications/sms", &sms);
    fits(&sent, "/v2/notifications/{id}", "post");
    let email = json!({"email_address": "a@example.com", "template_id": s.email.to_string(), "personalisation": {"name": "A"}});
    fits(
        &server.post_json(&s.test, "/v2/notifications/email", &email),
        "/v2/notifications/{id}",
        "post",
    );
    let id = sent.json()["id"].as_str().unwrap().to_owned();
    server.wait_for_status(&s.test, &id, "delivered");
    fits(
        &server.get_with(&s.test, &format!("/v2/notifications/{id}")),
        "/v2/notifications/{id}",
        "get",
    );
    fits(
        &server.get_with(&s.test, "/v2/notifications"),
        "/v2/notifications",
        "get",
    );
    fits(
        &server.get_with(&s.test, "/v2/templates"),
        "/v2/templates",
        "get",
    );
    fits(
        &server.get_with(&s.test, &format!("/v2/template/{}", s.sms)),
        "/v2/template/{template_id}",
        "get",
    );
    let preview = server.post_json(
        &s.test,
        &format!("/v2/template/{}/preview", s.email),
        &json!({"personalisation": {"name": "A"}}),
    );
    fits(&preview, "/v2/template/{template_id}/preview", "post");
    fits(
        &server.get_with(&s.test, "/v2/received-text-messages"),
        "/v2/received-text-messages",
        "get",
    );
    fits(
        &server.get_with(&s.test, "/v2/notifications/not-an-id"),
        "/v2/notifications/{id}",
        "get",
    );
    fits(
        &server.get_with(&s.test, "/notifyd/v1/notifications"),
        "/notifyd/v1/notifications",
        "get",
    );
    fits(
        &server.get_with(&s.test, "/notifyd/v1/notifications/wait?timeout=1s"),
        "/notifyd/v1/notifications/wait",
        "get",
    );
    fits(
        &server.get_with(&s.test, "/notifyd/v1/outcomes"),
        "/notifyd/v1/outcomes",
        "get",
    );
    let key = s.test.full_key.expose().to_owned();
    fits(
        &server.get("/api/public/v1/api_keys", &[("x-api-key", &key)]),
        "/api/public/v1/api_keys",
        "get",
    );
    fits(&server.get("/_status", &[]), "/_status", "get");
    let served = server.get("/openapi.json", &[]);
    assert_eq!(served.json(), doc);
}
