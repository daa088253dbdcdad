//! notifications-python-client: templates and errors with a key made by the CLI, every method
//! against a seeded service, and the iterators over every page.

use super::{address, error_message, seed, tiny_pdf, world};
use crate::common::{clients, TestServer};
use serde_json::{json, Value};

#[test]
fn python_client_reads_templates_and_sees_errors() {
    let s = seed();
    let results = clients::python(
        &s.server.url,
        &s.key,
        json!([
            {"method": "get_template", "args": [s.sms]},
            {"method": "get_template_version", "args": [s.sms, 1]},
            {"method": "get_all_templates"},
            {"method": "get_all_templates", "kwargs": {"template_type": "email"}},
            {"method": "get_template", "args": [uuid::Uuid::new_v4().to_string()]},
            {"method": "get_template", "args": ["not-a-uuid"]},
        ]),
    );
    let template = &results[0]["ok"];
    assert_eq!(template["id"], s.sms.as_str());
    assert_eq!(template["version"], 2);
    assert_eq!(template["body"], "Your code is ((code))");
    assert_eq!(
        template["personalisation"],
        json!({"code": {"required": true}})
    );
    assert_eq!(results[1]["ok"]["body"], "Code ((code))");
    assert_eq!(results[1]["ok"]["version"], 1);
    assert_eq!(results[2]["ok"]["templates"].as_array().unwrap().len(), 2);
    let emails = results[3]["ok"]["templates"].as_array().unwrap();
    assert_eq!(emails.len(), 1);
    assert_eq!(emails[0]["id"], s.email.as_str());
    assert_eq!(
        results[4]["error"],
        json!({"status_code": 404, "message": [{"error": "NoResultFound", "message": "No result found"}]})
    );
    assert_eq!(
        results[5]["error"],
        json!({"status_code": 400, "message": [{"error": "ValidationError", "message": "id is not a valid UUID"}]})
    );

    let revoked_key = s.key.clone();
    let list = s.server.cli(&[
        "--json",
        "keys",
        "list",
        "--service",
        &s.key[s.key.len() - 73..s.key.len() - 37],
    ]);
    let key_id = serde_json::from_slice::<Value>(&list.stdout).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sid = &s.key[s.key.len() - 73..s.key.len() - 37];
    assert!(s
        .server
        .cli(&["keys", "revoke", "--service", sid, &key_id])
        .status
        .success());
    let results = clients::python(
        &s.server.url,
        &revoked_key,
        json!([{"method": "get_all_templates"}]),
    );
    assert_eq!(
        results[0]["error"],
        json!({"status_code": 403, "message": [{"error": "AuthError", "message": "Invalid token: API key revoked"}]})
    );
}

#[test]
fn python_client_every_method() {
    let w = world();
    let (s, url) = (&w.s, &w.server.url);
    let key = s.test.full_key.expose().to_owned();
    let sms = s.sms.to_string();
    let email = s.email.to_string();
    let letter = s.letter.to_string();
    let results = clients::python(
        url,
        &key,
        json!([
            {"method": "send_sms_notification", "args": ["07700900123", sms], "kwargs": {"personalisation": {"name": "Ada", "code": "1"}, "reference": "py-1"}},
            {"method": "send_email_notification", "args": ["ada@example.com", email], "kwargs": {"personalisation": {"name": "Ada"}, "reference": "py-2"}},
            {"method": "send_letter_notification", "args": [letter, address("Ada")], "kwargs": {"reference": "py-3"}},
            {"method": "send_precompiled_letter_notification", "args": ["py-4"], "kwargs": {"pdf_file": tiny_pdf(), "postage": "first"}},
            {"method": "send_sms_notification", "args": ["07700900003", sms], "kwargs": {"personalisation": {"name": "A", "code": "2"}}},
            {"method": "get_all_notifications"},
            {"method": "get_all_notifications", "kwargs": {"template_type": "email"}},
            {"method": "get_all_notifications", "kwargs": {"reference": "py-1"}},
            {"method": "get_all_notifications", "kwargs": {"status": "accepted", "template_type": "letter"}},
            {"method": "get_all_notifications", "kwargs": {"include_jobs": true}},
            {"method": "post_template_preview", "args": [email, {"name": "Ada"}]},
            {"method": "get_all_templates", "kwargs": {"template_type": "letter"}},
            {"method": "get_all_template_versions", "args": [sms]},
            {"method": "get_received_texts"},
            {"method": "get_received_texts_iterator"},
            {"method": "get_notification_by_id", "args": ["not-an-id"]},
            {"method": "send_sms_notification", "args": ["07700900123", sms], "kwargs": {"personalisation": {"name": "Ada"}}},
            {"method": "send_sms_notification", "args": ["07700900123", email], "kwargs": {"personalisation": {"name": "Ada"}}},
            {"method": "send_sms_notification", "args": ["07700900123", uuid::Uuid::new_v4().to_string()]},
            {"method": "send_sms_notification", "args": ["0770090012a", sms]},
            {"method": "client_for", "args": [s.team.full_key.expose()]},
            {"method": "send_sms_notification", "args": ["07700900456", sms], "kwargs": {"personalisation": {"name": "A", "code": "1"}}},
            {"method": "send_sms_notification", "args": ["07700900999", sms], "kwargs": {"personalisation": {"name": "A", "code": "1"}}},
            {"method": "send_letter_notification", "args": [letter, address("A")]},
            {"method": "client_for", "args": [w.trial.live.full_key.expose()]},
            {"method": "send_email_notification", "args": ["stranger@example.com", w.trial.email.to_string()], "kwargs": {"personalisation": {"name": "A"}}},
        ]),
    );
    let ids: Vec<String> = results[..5]
        .iter()
        .map(|r| {
            r["ok"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{r}"))
                .to_owned()
        })
        .collect();
    assert_eq!(
        results[0]["ok"]["content"]["body"],
        "Hello Ada, your code is 1"
    );
    assert_eq!(results[1]["ok"]["content"]["subject"], "Hi Ada");
    assert_eq!(results[2]["ok"]["content"]["subject"], "Your letter");
    assert_eq!(
        results[3]["ok"],
        json!({"id": ids[3], "reference": "py-4", "postage": "first"})
    );
    assert_eq!(
        results[5]["ok"]["notifications"].as_array().unwrap().len(),
        5
    );
    assert_eq!(results[6]["ok"]["notifications"][0]["id"], ids[1].as_str());
    assert_eq!(results[7]["ok"]["notifications"][0]["id"], ids[0].as_str());
    assert!(results[8]["ok"]["notifications"].as_array().unwrap().len() <= 2);
    assert_eq!(
        results[9]["ok"]["notifications"].as_array().unwrap().len(),
        5
    );
    assert_eq!(results[10]["ok"]["subject"], "Hi Ada");
    assert!(results[10]["ok"]["html"]
        .as_str()
        .unwrap()
        .contains("Dear Ada,"));
    assert_eq!(results[11]["ok"]["templates"][0]["id"], letter.as_str());
    assert_eq!(results[12]["error"]["status_code"], 401);
    assert_eq!(
        results[13]["ok"]["received_text_messages"][0]["content"],
        "Hello service"
    );
    assert_eq!(results[14]["ok"].as_array().unwrap().len(), 1);
    assert_eq!(
        error_message(&results[15]),
        "notification_id is not a valid UUID"
    );
    assert_eq!(error_message(&results[16]), "Missing personalisation: code");
    assert_eq!(
        error_message(&results[17]),
        "email template is not suitable for sms notification"
    );
    assert_eq!(error_message(&results[18]), "Template not found");
    assert_eq!(
        error_message(&results[19]),
        "phone_number Must not contain letters or symbols"
    );
    assert_eq!(
        error_message(&results[21]),
        "Can’t send to this recipient using a team-only API key"
    );
    assert!(
        results[22]["ok"]["id"].is_string(),
        "a team key reaches a team member: {}",
        results[22]
    );
    assert_eq!(results[23]["error"]["status_code"], 403);
    assert_eq!(
        error_message(&results[23]),
        "Cannot send letters with a team api key"
    );
    assert_eq!(
        error_message(&results[25]),
        "Can’t send to this recipient when service is in trial mode – see https://www.notifications.service.gov.uk/trial-mode"
    );

    w.server
        .wait_for_status(&s.test, &ids[4], "temporary-failure");
    w.server.wait_for_status(&s.test, &ids[3], "received");
    let later = clients::python(
        url,
        &key,
        json!([
            {"method": "get_notification_by_id", "args": [ids[0]]},
            {"method": "get_all_notifications", "kwargs": {"status": "failed"}},
            {"method": "get_pdf_for_letter", "args": [ids[2]]},
            {"method": "get_pdf_for_letter", "args": [ids[3]]},
            {"method": "get_pdf_for_letter", "args": [ids[0]]},
        ]),
    );
    assert_eq!(later[0]["ok"]["id"], ids[0].as_str());
    assert_eq!(later[0]["ok"]["reference"], "py-1");
    assert_eq!(later[1]["ok"]["notifications"][0]["id"], ids[4].as_str());
    use base64::Engine;
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(later[2]["ok"]["base64"].as_str().unwrap())
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-") && notifyd::letters::pdf::page_count(&pdf) == Some(1));
    let precompiled = base64::engine::general_purpose::STANDARD
        .decode(later[3]["ok"]["base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        base64::engine::general_purpose::STANDARD.encode(precompiled),
        tiny_pdf()
    );
    assert_eq!(error_message(&later[4]), "Notification is not a letter");
}

#[test]
fn python_iterators_walk_every_page() {
    let server =
        TestServer::start_with(|c| c.timing.sending_after = std::time::Duration::from_secs(3600));
    let s = server.seed(false);
    let key = s.test.full_key.expose().to_owned();
    for i in 0..3 {
        server.receive_sms(s.service, "07700900111", &format!("message {i}"));
    }
    let send = json!({"method": "send_sms_notification", "args": ["07700900123", s.sms.to_string()], "kwargs": {"personalisation": {"name": "A", "code": "1"}}});
    let results = clients::python(
        &server.url,
        &key,
        json!([
            {"method": "repeat", "times": 260, "call": send},
            {"method": "get_all_notifications_iterator", "kwargs": {"template_type": "sms"}},
            {"method": "get_received_texts_iterator"},
        ]),
    );
    assert_eq!(results[0]["ok"], 260);
    let all = results[1]["ok"].as_array().unwrap();
    assert_eq!(all.len(), 260);
    let mut seen: Vec<&str> = all.iter().map(|n| n["id"].as_str().unwrap()).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 260, "every notification exactly once");
    assert_eq!(results[2]["ok"].as_array().unwrap().len(), 3);
}
