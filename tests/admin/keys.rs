//! Every page needs its permission; the API keys pages: the list, creating a key, showing its
//! secret once, revoking and regenerating.

use super::{api_get, header, location, shown_key, HOUR_US};
use crate::common::{
    admin::{form_body, ALL_PERMISSIONS},
    TestServer,
};
use notifyd::keys::KeyType;
use uuid::Uuid;

#[test]
fn pages_need_their_permission_and_links_follow_permissions() {
    let server = TestServer::start_fast();
    let seeded = server.seed(false);
    let service = seeded.service;
    let no_keys = server.admin(
        service,
        "viewer@example.com",
        &["view_activity", "send_messages"],
    );
    let pages = [
        "/api",
        "/api/keys",
        "/api/keys/create",
        "/api/keys/show",
        "/api/guest-list",
        "/api/callbacks/delivery-status-callback",
        "/api/callbacks/received-text-messages-callback",
    ];
    for page in pages {
        let reply = no_keys.get(&format!("/services/{service}{page}"));
        assert_eq!(reply.status, 403, "{page}");
        assert!(
            reply
                .text()
                .contains("it needs the ‘Manage API keys’ permission"),
            "{page}"
        );
    }
    let key = seeded.test.id;
    for page in [
        format!("/api/keys/revoke/{key}"),
        format!("/api/keys/regenerate/{key}"),
    ] {
        assert_eq!(
            no_keys.get(&format!("/services/{service}{page}")).status,
            403
        );
        assert_eq!(
            no_keys
                .post(&format!("/services/{service}{page}"), &[])
                .status,
            403
        );
    }
    let (path, inbox) = no_keys.follow("/services");
    assert_eq!(path, format!("/services/{service}/notifications"));
    assert!(!inbox.text().contains("API integration") && inbox.text().contains("Sent messages"));

    let keys_only = server.admin(service, "keys@example.com", &["manage_api_keys"]);
    let reply = keys_only.get(&format!("/services/{service}/notifications"));
    assert_eq!(reply.status, 403);
    assert!(reply.text().contains("view_activity"));
    let hub = keys_only.get(&format!("/services/{service}/api")).text();
    assert!(hub.contains("API integration") && !hub.contains(">Sent messages<"));

    let nothing = server.admin(service, "none@example.com", &["manage_templates"]);
    let (path, list) = nothing.follow("/services");
    assert_eq!(path, "/services");
    assert!(list
        .text()
        .contains("You do not have permission to manage API keys"));
    assert!(!list.text().contains("/api\""));

    let other = server.create_service("Other", true);
    let stranger = server.admin(other, "stranger@example.com", ALL_PERMISSIONS);
    let reply = stranger.get(&format!("/services/{service}/api"));
    assert_eq!(reply.status, 403);
    assert!(reply
        .text()
        .contains("You are not a team member of ‘Seeded service’"));
    assert_eq!(
        stranger
            .get(&format!("/services/{}/api", Uuid::new_v4()))
            .status,
        404
    );
    assert_eq!(stranger.get("/services/not-a-uuid/api/keys").status, 404);
}

#[test]
fn keys_list_sorts_describes_and_dates_keys() {
    let server = TestServer::start();
    let service = server.create_service("S", false);
    let admin = server.admin(service, "k@example.com", ALL_PERMISSIONS);
    let keys_page = format!("/services/{service}/api/keys");
    assert!(admin
        .get(&keys_page)
        .text()
        .contains("You have not created any API keys yet"));
    // 12 November 2025, 2:30pm in London (GMT).
    server.clock.set_us(1_762_957_800_000_000);
    let beta = server.create_key(service, "beta", KeyType::Live);
    server.create_key(service, "Alpha", KeyType::Team);
    let gamma = server.create_key(service, "gamma", KeyType::Test);
    assert_eq!(
        api_get(&server, beta.full_key.expose(), "/v2/templates").status,
        200
    );
    admin.get(&format!("/services/{service}/api/keys/revoke/{}", gamma.id));
    assert_eq!(
        admin
            .post(
                &format!("/services/{service}/api/keys/revoke/{}", gamma.id),
                &[]
            )
            .status,
        303
    );
    let html = admin.get(&keys_page).text();
    let (a, b, g) = (
        html.find(">Alpha<").unwrap(),
        html.find(">beta<").unwrap(),
        html.find(">gamma<").unwrap(),
    );
    assert!(a < b && b < g, "sorted by name");
    for text in [
        "Live – sends to anyone",
        "Team and guest list – limits who you can send to",
        "Test – pretends to send messages",
        "Revoked 12 November at 2:30pm",
        "‘gamma’ was revoked",
        "Never used.",
    ] {
        assert!(html.contains(text), "{text}");
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !admin
        .get(&keys_page)
        .text()
        .contains("Last used 12 November at 2:30pm")
    {
        assert!(std::time::Instant::now() < deadline, "last use is shown");
        std::thread::yield_now();
    }
    let at = html.find(&format!("id=\"key-{}\"", gamma.id)).unwrap();
    let item = &html[html[..at].rfind("<li").unwrap()..];
    let gamma_item = &item[..item.find("</li>").unwrap()];
    assert!(gamma_item.contains("key-list__item--revoked") && !gamma_item.contains("/revoke/"));
    assert!(
        !admin.get(&keys_page).text().contains("was revoked"),
        "the message shows once"
    );
    assert!(!html.contains("rotate it"));
    server.clock.advance_us(91 * 24 * HOUR_US);
    let admin = server.admin(service, "k2@example.com", ALL_PERMISSIONS);
    let html = admin.get(&keys_page).text();
    assert_eq!(
        html.matches("Created more than 90 days ago: rotate it")
            .count(),
        1,
        "only the live key"
    );
}

#[test]
fn create_key_form_radios_hints_and_errors() {
    let server = TestServer::start();
    let trial = server.create_service("Trial", true);
    let admin = server.admin(trial, "f@example.com", ALL_PERMISSIONS);
    let create = format!("/services/{trial}/api/keys/create");
    let form = admin.get(&create).text();
    assert!(
        form.contains("value=\"normal\" disabled"),
        "Live is disabled in trial mode"
    );
    assert!(form.contains("Not available because your service is in trial mode"));
    assert_eq!(
        form.matches("Cannot be used to send letters").count(),
        2,
        "Team and Test"
    );
    let reply = admin.post(&create, &[("key_name", "x"), ("key_type", "normal")]);
    assert_eq!(reply.status, 400, "a Live key in trial mode anyway");
    let reply = admin.post(&create, &[("key_name", "  "), ("key_type", "test")]);
    let html = reply.text();
    assert!(html.contains("Enter a name for this API key") && html.contains("href=\"#key_name\""));
    assert!(html.contains("There is a problem") && html.contains("<title>Error: "));
    let html = admin.post(&create, &[("key_name", "ok")]).text();
    assert!(html.contains("Select a type of API key") && html.contains("href=\"#key_type\""));
    server.create_key(trial, "My key", KeyType::Test);
    let html = admin
        .post(&create, &[("key_name", "my_KEY"), ("key_type", "team")])
        .text();
    assert!(html.contains("A key with this name already exists"));
    // CSRF: a missing or wrong token changes nothing.
    let missing = admin.post_raw(
        &create,
        &form_body(&[("key_name", "n"), ("key_type", "test")]),
    );
    assert_eq!(missing.status, 403);
    assert!(missing.text().contains("This form has expired"));
    let forged = admin.post_raw(
        &create,
        &form_body(&[
            ("csrf_token", "0000"),
            ("key_name", "n"),
            ("key_type", "test"),
        ]),
    );
    assert_eq!(forged.status, 403);
    assert!(!admin
        .get(&format!("/services/{trial}/api/keys"))
        .text()
        .contains(">n<"));

    let live = server.create_service("Live", false);
    server.add_member(live, "f@example.com", ALL_PERMISSIONS);
    let form = admin
        .get(&format!("/services/{live}/api/keys/create"))
        .text();
    assert!(!form.contains("disabled") && !form.contains("trial mode"));
    let db = server.open();
    db.conn
        .execute(
            "UPDATE services SET permissions = 'sms,email' WHERE id = ?1",
            [live.to_string()],
        )
        .unwrap();
    let form = admin
        .get(&format!("/services/{live}/api/keys/create"))
        .text();
    assert!(!form.contains("Cannot be used to send letters"));
}

#[test]
fn a_created_key_is_shown_once_and_works_at_once() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let admin = server.admin(service, "g@example.com", ALL_PERMISSIONS);
    admin.get(&format!("/services/{service}/api/keys/create"));
    let reply = admin.post(
        &format!("/services/{service}/api/keys/create"),
        &[("key_name", "Staging <app>"), ("key_type", "test")],
    );
    assert_eq!(
        (reply.status, location(&reply)),
        (303, format!("/services/{service}/api/keys/show"))
    );
    let shown = admin.get(&location(&reply));
    assert_eq!(shown.status, 200);
    assert_eq!(header(&shown, "cache-control"), "no-store");
    let html = shown.text();
    assert!(html.contains("Staging &lt;app&gt;"), "names are escaped");
    assert!(html.contains("You will not be able to see this key again"));
    assert!(html.contains("data-copy-target=\"api-key\""));
    let key = shown_key(&html);
    assert!(
        key.starts_with(&format!("test-staging_app-{service}-")),
        "{key}"
    );
    assert_eq!(api_get(&server, &key, "/v2/templates").status, 200);
    // Reloading (or going back) never shows it again.
    let again = admin.get(&format!("/services/{service}/api/keys/show"));
    assert_eq!(
        (again.status, location(&again)),
        (303, format!("/services/{service}/api/keys"))
    );
    let list = admin.get(&format!("/services/{service}/api/keys")).text();
    assert!(list.contains("Staging &lt;app&gt;") && !list.contains(&key[key.len() - 36..]));
}

#[test]
fn revoking_confirms_then_refuses_the_key_at_once() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let key = server.create_key(service, "Production app", KeyType::Test);
    let admin = server.admin(service, "h@example.com", ALL_PERMISSIONS);
    let revoke = format!("/services/{service}/api/keys/revoke/{}", key.id);
    let html = admin.get(&revoke).text();
    assert!(html.contains("Are you sure you want to revoke ‘Production app’?"));
    assert!(html.contains("You will not be able to use this API key to connect to notifyd."));
    assert!(
        html.contains("id=\"api-keys\""),
        "the list stays below the banner"
    );
    assert_eq!(admin.post_raw(&revoke, "").status, 403, "no CSRF token");
    assert_eq!(
        api_get(&server, key.full_key.expose(), "/v2/templates").status,
        200
    );
    let reply = admin.post(&revoke, &[]);
    assert_eq!(
        (reply.status, location(&reply)),
        (303, format!("/services/{service}/api/keys"))
    );
    assert!(admin
        .get(&location(&reply))
        .text()
        .contains("‘Production app’ was revoked"));
    let refused = server.get_with(&key, "/v2/templates");
    assert_eq!(refused.status, 403);
    assert_eq!(refused.v2_error().1, "Invalid token: API key revoked");
    assert_eq!(
        location(&admin.get(&revoke)),
        format!("/services/{service}/api/keys")
    );
    assert_eq!(
        admin
            .get(&format!(
                "/services/{service}/api/keys/revoke/{}",
                Uuid::new_v4()
            ))
            .status,
        404
    );
    assert_eq!(
        admin
            .post(
                &format!("/services/{service}/api/keys/revoke/{}", Uuid::new_v4()),
                &[]
            )
            .status,
        404
    );
}

#[test]
fn regenerating_confirms_shows_the_new_key_once_and_drops_the_old_secret() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let key = server.create_key(service, "ci", KeyType::Team);
    let admin = server.admin(service, "i@example.com", ALL_PERMISSIONS);
    let url = format!("/services/{service}/api/keys/regenerate/{}", key.id);
    let html = admin.get(&url).text();
    assert!(html.contains("Are you sure you want to regenerate ‘ci’?"));
    assert!(html.contains("stops working at once"));
    let reply = admin.post(&url, &[]);
    assert_eq!(
        location(&reply),
        format!("/services/{service}/api/keys/show")
    );
    let html = admin.get(&location(&reply)).text();
    assert!(html.contains("Your regenerated API key"));
    let new = shown_key(&html);
    assert_ne!(new, key.full_key.expose());
    assert_eq!(server.get_with(&key, "/v2/templates").status, 403);
    assert_eq!(api_get(&server, &new, "/v2/templates").status, 200);
}
