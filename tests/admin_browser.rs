//! The admin pages in a real headless Chromium, driven through WebDriver: sign in, create a test
//! key and read it from the page, send a text message with it through the official python
//! client, revoke it on the page and see the client refused; the trial-mode Live radio is
//! disabled; the guest list saves and a team key can then reach that number; an email's page
//! frames the email with its own inline styles applied. Every page visited
//! is saved as a screenshot in target/screenshots/ (a test artifact, never committed).

mod common;

use common::admin::ALL_PERMISSIONS;
use common::clients;
use common::webdriver::Browser;
use common::TestServer;
use serde_json::{json, Value};

const EMAIL: &str = "browser@example.com";
const PASSWORD: &str = "a long password for the browser";

fn sms_call(to: &str, template: &str) -> Value {
    json!({"method": "send_sms_notification", "args": [to, template],
           "kwargs": {"personalisation": {"name": "Ada", "code": "42"}}})
}

/// Signs in through the form, as a person would.
fn sign_in(browser: &Browser, server: &TestServer) {
    browser.goto(&format!("{}/", server.url));
    browser.wait_for_path("/sign-in");
    browser.screenshot("01-sign-in");
    browser.find("#continue-button");
    browser.find("#email").type_text(EMAIL);
    browser.find("#password").type_text("wrong password");
    browser.find("#continue-button").click();
    let summary = browser.find(".error-summary").text();
    assert!(
        summary.contains("The email address or password you entered is incorrect"),
        "{summary}"
    );
    browser.screenshot("02-sign-in-error");
    browser.find("#password").type_text(PASSWORD);
    browser.find("#continue-button").click();
}

#[test]
fn admin_pages_in_a_real_browser() {
    let server = TestServer::start_fast();
    let seeded = server.seed(true);
    let service = seeded.service;
    server.add_member(service, EMAIL, ALL_PERMISSIONS);
    let db = server.open();
    notifyd::admin::password::set_password(&db.conn, service, EMAIL, PASSWORD).unwrap();
    let sms = seeded.sms.to_string();
    let browser = Browser::start();

    sign_in(&browser, &server);
    browser.wait_for_path(&format!("/services/{service}/api"));
    browser.screenshot("03-api-integration");

    // Create a test key; the Live radio is disabled in trial mode.
    browser.find("a[href$='/api/keys']").click();
    browser.wait_for_path("/api/keys");
    browser.screenshot("04-api-keys");
    browser.find("a[href$='/api/keys/create']").click();
    browser.wait_for_path("/api/keys/create");
    let live = browser.find("input[name=key_type][value=normal]");
    assert!(!live.enabled(), "Live is disabled in trial mode");
    assert!(browser
        .find("#key_type-hint")
        .text()
        .contains("Not available because your service is in trial mode"));
    browser.screenshot("05-create-key");
    browser.find("#continue-button").click();
    assert!(browser
        .find(".error-summary")
        .text()
        .contains("Enter a name for this API key"));
    browser.find(".error-summary a[href='#key_name']").click();
    browser.screenshot("06-create-key-errors");
    browser.find("#key_name").type_text("Browser test");
    browser.find("label[for='key_type-2']").click();
    assert!(browser.find("#key_type-2").selected());
    browser.find("#continue-button").click();
    browser.wait_for_path("/api/keys/show");
    let key = browser.find("#api-key").text();
    assert!(
        key.starts_with(&format!("test-browser_test-{service}-")),
        "{key}"
    );
    browser.find("#copy-button");
    browser.screenshot("07-new-key");

    let results = clients::python(&server.url, &key, json!([sms_call("07700900123", &sms)]));
    let sent = &results[0]["ok"];
    assert!(sent["id"].is_string(), "{results:?}");

    // Going back never shows the key again.
    browser.goto(&format!(
        "{}/services/{service}/api/keys/create",
        server.url
    ));
    browser.back();
    browser.wait_for_path("/api/keys");
    assert!(!browser.source().contains(&key[key.len() - 36..]));

    // Revoke it on the page; the client's next call is refused.
    let key_id = browser_key_id(&browser, "Browser test");
    browser
        .find(&format!("a[href$='/api/keys/revoke/{key_id}']"))
        .click();
    let banner = browser.find("#confirm-banner").text();
    assert!(
        banner.contains("Are you sure you want to revoke ‘Browser test’?"),
        "{banner}"
    );
    browser.screenshot("08-revoke-confirm");
    browser.find("#confirm-banner button").click();
    browser.wait_for_path("/api/keys");
    assert!(browser
        .find(".banner--success")
        .text()
        .contains("‘Browser test’ was revoked"));
    browser.screenshot("09-revoked");
    let results = clients::python(&server.url, &key, json!([sms_call("07700900123", &sms)]));
    let refused = results[0]["error"].to_string();
    assert!(
        refused.contains("Invalid token: API key revoked"),
        "{results:?}"
    );

    // The guest list saves, and a team key can then reach that number.
    let team_key = seeded.team.full_key.expose().to_owned();
    let before = clients::python(
        &server.url,
        &team_key,
        json!([sms_call("07700900456", &sms)]),
    );
    assert!(
        before[0]["error"].to_string().contains("team-only API key"),
        "{before:?}"
    );
    browser.goto(&format!("{}/services/{service}/api/guest-list", server.url));
    browser.find("#phone_numbers").type_text("07700 900456");
    browser.screenshot("10-guest-list");
    browser.find("#save-button").click();
    browser.wait_for_path(&format!("/services/{service}/api"));
    assert!(browser
        .find(".banner--success")
        .text()
        .contains("Guest list updated"));
    browser.screenshot("11-guest-list-updated");
    let after = clients::python(
        &server.url,
        &team_key,
        json!([sms_call("07700900456", &sms)]),
    );
    assert!(after[0]["ok"]["id"].is_string(), "{after:?}");

    let email = json!({"email_address": "someone@example.com", "template_id": seeded.email.to_string(),
        "personalisation": {"name": "Ada"}});
    let email = server
        .post_json(&seeded.test, "/v2/notifications/email", &email)
        .json();
    let sent = [sent["id"].as_str().unwrap(), email["id"].as_str().unwrap()];
    visit_the_other_pages(&browser, &server, service, sent);
}

/// The id of the key named `name` on the keys page.
fn browser_key_id(browser: &Browser, name: &str) -> String {
    let source = browser.source();
    let at = source
        .find(&format!(">{name}<"))
        .expect("the key is listed");
    let item = &source[..at];
    let id_at = item.rfind("id=\"key-").expect("the key's item") + "id=\"key-".len();
    item[id_at..id_at + 36].to_owned()
}

/// Screenshots of the remaining pages, on a desktop and on a phone.
fn visit_the_other_pages(
    browser: &Browser,
    server: &TestServer,
    service: uuid::Uuid,
    sent: [&str; 2],
) {
    let page = |path: &str, name: &str| {
        browser.goto(&format!("{}/services/{service}{path}", server.url));
        browser.find("h1");
        browser.screenshot(name);
    };
    page("/api", "12-recent-api-use");
    page(
        "/api/callbacks/delivery-status-callback",
        "13-delivery-status-callback",
    );
    browser.find("#url").type_text("http://example.com/cb");
    browser.find("#bearer_token").type_text("short");
    browser.find("#save-button").click();
    assert!(browser
        .find(".error-summary")
        .text()
        .contains("Must be a valid https URL"));
    browser.screenshot("14-callback-errors");
    page(
        "/api/callbacks/received-text-messages-callback",
        "15-received-text-messages-callback",
    );
    page("/notifications", "16-sent-messages");
    page(&format!("/notifications/{}", sent[0]), "17-text-message");
    page(&format!("/notifications/{}", sent[1]), "18-email");
    // The email's own inline styles apply in its frame (the admin's stylesheet is not there,
    // and the page's policy would refuse them): Notify's paragraphs are 19px.
    browser.enter_frame(&browser.find("iframe.message__frame"));
    let paragraph = browser.find("p");
    assert_eq!(paragraph.text(), "Dear Ada,");
    assert_eq!(paragraph.css("font-size"), "19px");
    browser.leave_frame();
    page(
        "/api/keys/regenerate/00000000-0000-4000-8000-000000000000",
        "19-not-found",
    );
    browser.resize(390, 844);
    page("/api/keys", "20-api-keys-phone");
    page("/api", "21-api-integration-phone");
    browser.find("#sign-out-button").click();
    browser.wait_for_path("/sign-in");
}
