//! Table tests for the template engine. Many rows are ported from notifications-utils'
//! `test_field.py`, `test_template_types.py`, `test_formatters.py`, `test_sanitise_text.py`
//! and `test_markdown.py`; the rest were checked against a reconstruction of Notify's Python
//! pipeline (smartypants 2.0.1, mistune 0.8.4 with Notify's grammar changes).

mod email;
mod letter;
mod markdown;
mod placeholders;
mod robustness;
mod sanitise;
mod sms;

use serde_json::{Map, Value};

/// A personalisation map from a JSON object literal.
fn values(json: Value) -> Map<String, Value> {
    match json {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The paragraph tag of Notify's email HTML.
const P: &str =
    "<p style=\"Margin: 0 0 20px 0; font-size: 19px; line-height: 25px; color: #0B0C0C;\">";
/// The link style of Notify's email HTML.
const A: &str = "<a style=\"word-wrap: break-word; color: #1D70B8;\"";
