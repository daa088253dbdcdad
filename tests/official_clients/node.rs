//! notifications-node-client: templates and errors with a key made by the CLI, and every method
//! against a seeded service.

use super::{address, seed, tiny_pdf, world};
use crate::common::clients;
use serde_json::{json, Value};

#[test]
fn node_client_reads_templates_and_sees_errors() {
    let s = seed();
    let results = clients::node(
        &s.server.url,
        &s.key,
        json!([
            {"method": "getTemplateById", "args": [s.sms]},
            {"method": "getTemplateByIdAndVersion", "args": [s.sms, 1]},
            {"method": "getAllTemplates", "args": []},
            {"method": "getAllTemplates", "args": ["sms"]},
            {"method": "getTemplateById", "args": [uuid::Uuid::new_v4().to_string()]},
        ]),
    );
    assert_eq!(results[0]["ok"]["version"], 2);
    assert_eq!(results[1]["ok"]["version"], 1);
    assert_eq!(results[2]["ok"]["templates"].as_array().unwrap().len(), 2);
    assert_eq!(results[3]["ok"]["templates"][0]["id"], s.sms.as_str());
    assert_eq!(
        results[4]["error"],
        json!({"status_code": 404, "data": {"status_code": 404, "errors": [{"error": "NoResultFound", "message": "No result found"}]}})
    );

    let wrong = format!("{}{}", &s.key[..s.key.len() - 36], uuid::Uuid::new_v4());
    let results = clients::node(
        &s.server.url,
        &wrong,
        json!([{"method": "getAllTemplates", "args": []}]),
    );
    assert_eq!(results[0]["error"]["status_code"], 403);
    assert_eq!(
        results[0]["error"]["data"]["errors"][0]["message"],
        "Invalid token: API key not found"
    );
}

#[test]
fn node_client_every_method() {
    let w = world();
    let (s, url) = (&w.s, &w.server.url);
    let key = s.test.full_key.expose().to_owned();
    let (sms, email, letter) = (s.sms.to_string(), s.email.to_string(), s.letter.to_string());
    let results = clients::node(
        url,
        &key,
        json!([
            {"method": "sendSms", "args": [sms, "07700900123", {"personalisation": {"name": "Ada", "code": "1"}, "reference": "js-1"}]},
            {"method": "sendEmail", "args": [email, "ada@example.com", {"personalisation": {"name": "Ada"}, "reference": "js-2"}]},
            {"method": "sendLetter", "args": [letter, {"personalisation": address("Ada"), "reference": "js-3"}]},
            {"method": "sendPrecompiledLetter", "args": ["js-4", tiny_pdf(), "second"]},
            {"method": "getNotifications", "args": ["sms", null, "js-1", null]},
            {"method": "getNotifications", "args": []},
            {"method": "previewTemplateById", "args": [sms, {"name": "A", "code": "9"}]},
            {"method": "getReceivedTexts", "args": []},
            {"method": "getTemplateById", "args": [email]},
            {"method": "getTemplateByIdAndVersion", "args": [letter, 1]},
            {"method": "getAllTemplates", "args": ["email"]},
            {"method": "sendSms", "args": [sms, "07700900123", {"personalisation": {}}]},
            {"method": "sendSms", "args": [email, "07700900123", {"personalisation": {"name": "A"}}]},
            {"method": "getNotificationById", "args": ["bad-id"]},
            {"method": "client_for", "args": [s.team.full_key.expose()]},
            {"method": "sendEmail", "args": [email, "stranger@example.com", {"personalisation": {"name": "A"}}]},
            {"method": "sendEmail", "args": [email, "team@example.com", {"personalisation": {"name": "A"}}]},
        ]),
    );
    let ids: Vec<String> = results[..4]
        .iter()
        .map(|r| {
            r["ok"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{r}"))
                .to_owned()
        })
        .collect();
    assert_eq!(results[0]["ok"]["content"]["from_number"], "GOVUK");
    assert_eq!(
        results[1]["ok"]["content"]["from_email"],
        "seeded.service@notifications.service.gov.uk"
    );
    assert_eq!(results[3]["ok"]["postage"], "second");
    assert_eq!(results[4]["ok"]["notifications"][0]["id"], ids[0].as_str());
    assert_eq!(
        results[5]["ok"]["notifications"].as_array().unwrap().len(),
        4
    );
    assert_eq!(results[6]["ok"]["body"], "Hello A, your code is 9");
    assert_eq!(
        results[7]["ok"]["received_text_messages"][0]["user_number"],
        "447700900111"
    );
    assert_eq!(results[8]["ok"]["id"], email.as_str());
    assert_eq!(results[9]["ok"]["version"], 1);
    assert_eq!(results[10]["ok"]["templates"].as_array().unwrap().len(), 1);
    let node_error = |r: &Value| {
        r["error"]["data"]["errors"][0]["message"]
            .as_str()
            .unwrap_or_else(|| panic!("{r}"))
            .to_owned()
    };
    assert_eq!(
        node_error(&results[11]),
        "Missing personalisation: name, code"
    );
    assert_eq!(
        node_error(&results[12]),
        "email template is not suitable for sms notification"
    );
    assert_eq!(
        node_error(&results[13]),
        "notification_id is not a valid UUID"
    );
    assert_eq!(
        node_error(&results[15]),
        "Can’t send to this recipient using a team-only API key"
    );
    assert!(results[16]["ok"]["id"].is_string(), "{}", results[16]);

    let after = clients::node(
        url,
        &key,
        json!([
            {"method": "getNotificationById", "args": [ids[1]]},
            {"method": "getPdfForLetterNotification", "args": [ids[2]]},
            {"method": "getPdfForLetterNotification", "args": [ids[0]]},
        ]),
    );
    assert_eq!(after[0]["ok"]["email_address"], "ada@example.com");
    use base64::Engine;
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(after[1]["ok"]["base64"].as_str().unwrap())
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(
        after[2]["error"]["data"]["errors"][0]["message"],
        "Notification is not a letter"
    );
}
