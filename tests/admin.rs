//! The admin web interface over HTTP: sign-in (password and one-time links), sessions, CSRF,
//! permissions, security headers, and every page of issue 5 with its messages.

mod common;

use common::admin::{form_body, Admin, ALL_PERMISSIONS};
use common::TestServer;
use notifyd::keys::KeyType;
use serde_json::{json, Value};
use std::io::Write;
use std::process::Stdio;
use uuid::Uuid;

const HOUR_US: i64 = 3600 * 1_000_000;

/// An API request with a full key (GC Notify's `ApiKey-v1` scheme).
fn api_get(server: &TestServer, key: &str, path: &str) -> common::Reply {
    server.get(path, &[("authorization", &format!("ApiKey-v1 {key}"))])
}

/// The full key on the show-once page.
fn shown_key(html: &str) -> String {
    let marker = "data-shown-once=\"\">";
    let start = html.find(marker).expect("the key is shown") + marker.len();
    html[start..].split('<').next().unwrap().to_owned()
}

fn location(reply: &common::Reply) -> String {
    reply
        .headers
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

fn header(reply: &common::Reply, name: &str) -> String {
    reply
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

fn set_password(
    server: &TestServer,
    service: Uuid,
    email: &str,
    password: &str,
) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_notifyd"))
        .arg("--db")
        .arg(server.db_path())
        .args([
            "team",
            "set-password",
            "--service",
            &service.to_string(),
            "--email",
            email,
            "--password-stdin",
        ])
        .env_remove("NOTIFYD_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(password.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn root_sends_browsers_to_the_admin_and_others_get_json() {
    let server = TestServer::start();
    let browser = server.get("/", &[("accept", "text/html,application/xhtml+xml")]);
    assert_eq!(
        (browser.status, location(&browser)),
        (303, "/services".to_owned())
    );
    assert_eq!(header(&browser, "x-frame-options"), "DENY");
    let api = server.get("/", &[("accept", "application/json")]);
    assert_eq!(api.text(), "{\"status\":\"ok\"}\n");
    let anonymous = Admin::new(&server);
    let reply = anonymous.get("/services");
    assert_eq!(
        (reply.status, location(&reply)),
        (303, "/sign-in?next=/services".to_owned())
    );
    let service = server.create_service("S", true);
    let reply = anonymous.get(&format!("/services/{service}/api/keys"));
    assert_eq!(
        location(&reply),
        format!("/sign-in?next=/services/{service}/api/keys")
    );
}

#[test]
fn every_admin_response_carries_the_security_headers() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let admin = server.admin(service, "a@example.com", ALL_PERMISSIONS);
    let pages = [
        admin.get("/sign-in"),
        admin.get(&format!("/services/{service}/api")),
        admin.get(&format!("/services/{service}/api/keys/create")),
        admin.get("/static/admin.css"),
        admin.get("/static/admin.js"),
        admin.get(&format!("/services/{}/api", Uuid::new_v4())),
        admin.post_raw(
            &format!("/services/{service}/api/keys/create"),
            "key_name=x",
        ),
        Admin::new(&server).get("/services"),
    ];
    for reply in &pages {
        let csp = header(reply, "content-security-policy");
        assert!(
            csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(header(reply, "x-frame-options"), "DENY");
        assert_eq!(header(reply, "x-content-type-options"), "nosniff");
        assert!(reply.headers.get("access-control-allow-origin").is_none());
    }
    assert_eq!(pages[3].status, 200);
    assert!(header(&pages[3], "content-type").starts_with("text/css"));
    assert!(header(&pages[4], "content-type").starts_with("text/javascript"));
    for html in [pages[1].text(), pages[2].text()] {
        assert!(!html.contains("style="), "no inline style");
        assert_eq!(html.matches("<script").count(), 1);
        assert!(html.contains("<script src=\"/static/admin.js\" defer></script>"));
    }
    assert_eq!(admin.get("/static/nope.css").status, 404);
    let reply = common::send(
        "DELETE",
        &format!("{}/services/{service}/api/keys", server.url),
        &[],
        None,
    );
    assert_eq!(reply.status, 405);
    assert!(header(&reply, "content-type").starts_with("text/html"));
}

#[test]
fn password_sign_in_and_sign_out() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    server.add_member(service, "Ada@Example.com", ALL_PERMISSIONS);
    let out = set_password(
        &server,
        service,
        "ada@example.com",
        "correct horse battery\n",
    );
    assert!(out.status.success() && out.stdout.is_empty(), "{out:?}");
    let browser = Admin::new(&server);
    let form = browser.get(&format!("/sign-in?next=/services/{service}/api/keys"));
    assert_eq!(form.status, 200);
    assert!(browser.cookie("notifyd_sign_in").is_some());
    let csrf = browser.csrf();
    let body = |email: &str, password: &str, csrf: &str| {
        form_body(&[
            ("csrf_token", csrf),
            ("email", email),
            ("password", password),
            ("next", &format!("/services/{service}/api/keys")),
        ])
    };
    // Without the form's CSRF token nothing is checked.
    assert_eq!(
        browser
            .post_raw(
                "/sign-in",
                &body("ada@example.com", "correct horse battery", "forged")
            )
            .status,
        403
    );
    let empty = browser.post_raw("/sign-in", &body("", "", &csrf));
    assert!(
        empty.text().contains("Enter your email address")
            && empty.text().contains("Enter your password")
    );
    assert!(empty.text().contains("href=\"#email\""));
    let csrf = browser.csrf();
    let wrong = browser.post_raw("/sign-in", &body("ada@example.com", "correct horse", &csrf));
    assert!(wrong
        .text()
        .contains("The email address or password you entered is incorrect"));
    let csrf = browser.csrf();
    let unknown = browser.post_raw(
        "/sign-in",
        &body("nobody@example.com", "correct horse battery", &csrf),
    );
    assert!(unknown
        .text()
        .contains("The email address or password you entered is incorrect"));
    assert!(browser.cookie("notifyd_session").is_none());
    let csrf = browser.csrf();
    let ok = browser.post_raw(
        "/sign-in",
        &body("ADA@example.com", "correct horse battery", &csrf),
    );
    assert_eq!(
        (ok.status, location(&ok)),
        (303, format!("/services/{service}/api/keys"))
    );
    let cookie = ok
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("notifyd_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
            && !cookie.contains("Secure"),
        "{cookie}"
    );
    assert_eq!(
        browser.get(&format!("/services/{service}/api/keys")).status,
        200
    );
    // Signed in, /sign-in goes on; `next` never leaves the site.
    assert_eq!(
        location(&browser.get("/sign-in?next=//evil.example/")),
        "/services"
    );
    // Signing out needs the session's token, then ends the session.
    assert_eq!(browser.post_raw("/sign-out", "").status, 403);
    let out = browser.post("/sign-out", &[]);
    assert_eq!((out.status, location(&out)), (303, "/sign-in".to_owned()));
    assert!(browser.cookie("notifyd_session").is_none());
    assert_eq!(browser.get(&format!("/services/{service}/api")).status, 303);
}

#[test]
fn set_password_command_contract() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let user = server.add_member(service, "b@example.com", &["manage_api_keys"]);
    let out = set_password(&server, service, "b@example.com", "pw");
    assert!(out.status.success() && out.stdout.is_empty(), "{out:?}");
    let db = server.open();
    let hash: String = db
        .conn
        .query_row(
            "SELECT password_hash FROM users WHERE id = ?1",
            [user.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(hash.starts_with("pbkdf2-sha256$600000$"), "{hash}");
    assert!(!hash.contains("pw$"));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_notifyd"))
        .arg("--db")
        .arg(server.db_path())
        .args([
            "team",
            "set-password",
            "--json",
            "--service",
            &service.to_string(),
            "--email",
            "b@example.com",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"another").unwrap();
    let out = child.wait_with_output().unwrap();
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        printed,
        json!({"id": user.to_string(), "email": "b@example.com"})
    );
    for (email, password) in [
        ("nobody@example.com", "pw"),
        ("b@example.com", "\n"),
        ("b@example.com", ""),
    ] {
        let out = set_password(&server, service, email, password);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    // A member of another service is not a member of this one.
    let other = server.create_service("Other", true);
    assert_eq!(
        set_password(&server, other, "b@example.com", "pw")
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn sign_in_links_work_once_and_expire_after_15_minutes() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let user = server.add_member(service, "c@example.com", ALL_PERMISSIONS);
    let link = server.sign_in_link(user);
    let browser = Admin::new(&server);
    let first = browser.get(&link);
    assert_eq!(
        (first.status, location(&first)),
        (303, "/services".to_owned())
    );
    assert!(browser.cookie("notifyd_session").is_some());
    let (path, _) = browser.follow("/services");
    assert_eq!(path, format!("/services/{service}/api"));
    let again = Admin::new(&server).get(&link);
    assert_eq!(again.status, 410);
    assert!(again.text().contains("expired or has already been used"));
    let late = server.sign_in_link(user);
    server.clock.advance_us(15 * 60 * 1_000_000 + 1);
    assert_eq!(Admin::new(&server).get(&late).status, 410);
    assert_eq!(Admin::new(&server).get("/sign-in/nonsense").status, 410);
}

#[test]
fn sessions_end_after_8_idle_hours_and_cookies_are_secure_over_https() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let admin = server.admin(service, "d@example.com", ALL_PERMISSIONS);
    let page = format!("/services/{service}/api");
    server.clock.advance_us(7 * HOUR_US);
    assert_eq!(admin.get(&page).status, 200);
    server.clock.advance_us(7 * HOUR_US);
    assert_eq!(
        admin.get(&page).status,
        200,
        "activity keeps the session alive"
    );
    server.clock.advance_us(8 * HOUR_US + 1_000_000);
    assert_eq!(admin.get(&page).status, 303, "idle for 8 hours: signed out");

    let https = TestServer::start_with(|s| s.public_url = Some("https://notify.example".into()));
    let service = https.create_service("S", true);
    let user = https.add_member(service, "e@example.com", ALL_PERMISSIONS);
    let reply = Admin::new(&https).get(&https.sign_in_link(user));
    let cookie = header(&reply, "set-cookie");
    assert!(cookie.contains("; Secure"), "{cookie}");
}

#[test]
fn first_start_prints_a_sign_in_link_for_a_local_admin() {
    let dir = common::TempDir::new("admin-bootstrap");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_notifyd"))
        .current_dir(dir.path())
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env_remove("NOTIFYD_DB")
        .env_remove("NOTIFYD_CONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    use std::io::BufRead;
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .strip_prefix("listening on ")
        .expect("the URL comes first")
        .to_owned();
    let (mut key_line, mut link) = (None, None);
    for (n, line) in lines.by_ref().enumerate() {
        let line = line.unwrap();
        if line.trim_start().starts_with("test-local_dev-") {
            key_line = Some(n);
        }
        if let Some(at) = line.find(&format!("{url}/sign-in/")) {
            assert!(key_line.is_some(), "the link comes after the key");
            link = Some(line[at + url.len()..].trim().to_owned());
            break;
        }
    }
    let link = link.expect("a sign-in link is printed");
    let reply = common::send("GET", &format!("{url}{link}"), &[], None);
    assert_eq!(reply.status, 303, "{}", reply.text());
    let cookie = header(&reply, "set-cookie");
    let session = cookie.split(';').next().unwrap().to_owned();
    let services = common::send(
        "GET",
        &format!("{url}/services"),
        &[("cookie", &session)],
        None,
    );
    let api = location(&services);
    assert!(
        api.ends_with("/api"),
        "the local admin goes to its service: {api}"
    );
    let page = common::send("GET", &format!("{url}{api}"), &[("cookie", &session)], None);
    assert!(
        page.text().contains("Local development")
            && page.text().contains("admin@notifyd.localhost")
    );
    assert_eq!(
        common::send("GET", &format!("{url}{link}"), &[], None).status,
        410,
        "once only"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

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

#[test]
fn guest_list_page_validates_saves_and_lets_a_team_key_reach_the_number() {
    let server = TestServer::start_fast();
    let seeded = server.seed(true);
    let service = seeded.service;
    let admin = server.admin(service, "j@example.com", ALL_PERMISSIONS);
    let url = format!("/services/{service}/api/guest-list");
    let sms = json!({"phone_number": "07700 900456", "template_id": seeded.sms.to_string(), "personalisation": {"name": "A", "code": "1"}});
    let before = server.post_json(&seeded.team, "/v2/notifications/sms", &sms);
    assert_eq!(before.status, 400, "{}", before.text());
    assert_eq!(admin.get(&url).status, 200);
    let html = admin
        .post(
            &url,
            &[
                ("email_addresses", "ok@example.com\nnope"),
                ("phone_numbers", "07700 900456\n12"),
            ],
        )
        .text();
    assert!(
        html.contains("‘nope’ is not a valid email address")
            && html.contains("href=\"#email_addresses\"")
    );
    assert!(
        html.contains("‘12’ is not a valid phone number")
            && html.contains("href=\"#phone_numbers\"")
    );
    assert_eq!(
        admin
            .post_raw(&url, &form_body(&[("phone_numbers", "07700 900456")]))
            .status,
        403
    );
    let reply = admin.post(
        &url,
        &[
            ("email_addresses", " ok@example.com \n\n"),
            ("phone_numbers", "07700 900456\r\n"),
        ],
    );
    assert_eq!(
        (reply.status, location(&reply)),
        (303, format!("/services/{service}/api"))
    );
    assert!(admin
        .get(&location(&reply))
        .text()
        .contains("Guest list updated"));
    let out = server.cli(&["guest-list", "show", "--service", &service.to_string()]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "ok@example.com\n07700 900456\n"
    );
    assert!(admin.get(&url).text().contains("07700 900456</textarea>"));
    let after = server.post_json(&seeded.team, "/v2/notifications/sms", &sms);
    assert_eq!(after.status, 201, "{}", after.text());
    let old = admin.get(&format!("/services/{service}/api/whitelist"));
    assert_eq!((old.status, location(&old)), (301, url.clone()));
    assert_eq!(
        admin
            .post(&format!("/services/{service}/api/whitelist"), &[])
            .status,
        308
    );
}

#[test]
fn callback_pages_validate_keep_the_token_hidden_and_remove() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let admin = server.admin(service, "k@example.com", ALL_PERMISSIONS);
    assert_eq!(
        location(&admin.get(&format!("/services/{service}/api/callbacks"))),
        format!("/services/{service}/api/callbacks/delivery-status-callback")
    );
    let url = format!("/services/{service}/api/callbacks/delivery-status-callback");
    assert_eq!(admin.get(&url).status, 200);
    let cases = [
        ("", "a-long-enough-token", "url", "Cannot be empty"),
        (
            "http://example.com/cb",
            "a-long-enough-token",
            "url",
            "Must be a valid https URL",
        ),
        (
            "https://example.com/cb",
            "short",
            "bearer_token",
            "The bearer token must be at least 10 characters long",
        ),
        (
            "https://example.com/cb",
            "",
            "bearer_token",
            "Cannot be empty",
        ),
    ];
    for (callback, token, field, message) in cases {
        let html = admin
            .post(&url, &[("url", callback), ("bearer_token", token)])
            .text();
        assert!(
            html.contains(message) && html.contains(&format!("href=\"#{field}\"")),
            "{message}: {html}"
        );
    }
    assert_eq!(
        admin
            .post_raw(
                &url,
                &form_body(&[
                    ("url", "https://example.com/cb"),
                    ("bearer_token", "0123456789")
                ])
            )
            .status,
        403
    );
    let reply = admin.post(
        &url,
        &[
            ("url", "https://example.com/cb"),
            ("bearer_token", "secret-token-1"),
        ],
    );
    assert_eq!(
        (reply.status, location(&reply)),
        (303, format!("/services/{service}/api"))
    );
    let html = admin.get(&url).text();
    assert!(
        html.contains("value=\"https://example.com/cb\"")
            && html.contains("value=\"bearer_token_set\"")
    );
    assert!(!html.contains("secret-token-1"));
    // Sending the dummy back keeps the saved token; loopback http is accepted.
    admin.post(
        &url,
        &[
            ("url", "http://127.0.0.1:9000/cb"),
            ("bearer_token", "bearer_token_set"),
        ],
    );
    let db = server.open();
    let kind = notifyd::callbacks::CallbackType::DeliveryStatus;
    let saved = notifyd::store::callbacks::get(&db.conn, service, kind)
        .unwrap()
        .unwrap();
    assert_eq!(saved.url, "http://127.0.0.1:9000/cb");
    assert_eq!(
        notifyd::callbacks::bearer_token(&db.master, &saved)
            .unwrap()
            .expose(),
        "secret-token-1"
    );
    // An empty URL removes it.
    admin.get(&url);
    admin.post(&url, &[("url", ""), ("bearer_token", "bearer_token_set")]);
    assert!(notifyd::store::callbacks::get(&db.conn, service, kind)
        .unwrap()
        .is_none());
    let inbound = format!("/services/{service}/api/callbacks/received-text-messages-callback");
    assert!(admin
        .get(&inbound)
        .text()
        .contains("Callbacks for received text messages"));
    admin.post(
        &inbound,
        &[
            ("url", "https://example.com/inbound"),
            ("bearer_token", "0123456789"),
        ],
    );
    let kind = notifyd::callbacks::CallbackType::InboundSms;
    assert!(notifyd::store::callbacks::get(&db.conn, service, kind)
        .unwrap()
        .is_some());
}

#[test]
fn recent_api_use_shows_recipients_only_with_view_activity() {
    let server = TestServer::start_fast();
    let seeded = server.seed(false);
    let service = seeded.service;
    let body = json!({"phone_number": "07700 900123", "template_id": seeded.sms.to_string(), "personalisation": {"name": "Ada", "code": "1"}});
    assert_eq!(
        server
            .post_json(&seeded.test, "/v2/notifications/sms", &body)
            .status,
        201
    );
    let full = server.admin(service, "full@example.com", ALL_PERMISSIONS);
    let html = full.get(&format!("/services/{service}/api")).text();
    assert!(
        html.contains("Recent API use") && html.contains(">SMS<") && html.contains("07700 900123")
    );
    let limited = server.admin(
        service,
        "limited@example.com",
        &["manage_api_keys", "send_messages"],
    );
    let html = limited.get(&format!("/services/{service}/api")).text();
    assert!(html.contains(">SMS<") && !html.contains("07700 900123"));
    assert!(html.contains("id=\"limited-view\""));
    let empty = server.create_service("Empty", true);
    let admin = server.admin(empty, "e2@example.com", ALL_PERMISSIONS);
    assert!(admin
        .get(&format!("/services/{empty}/api"))
        .text()
        .contains("No messages have been sent through the API yet."));
}

#[test]
fn the_inbox_filters_and_each_message_shows_what_was_sent() {
    let server = TestServer::start_fast();
    let seeded = server.seed(false);
    let service = seeded.service;
    let sms = |to: &str| json!({"phone_number": to, "template_id": seeded.sms.to_string(), "personalisation": {"name": "Ada", "code": "1"}});
    let failed = server
        .post_json(&seeded.test, "/v2/notifications/sms", &sms("07700900002"))
        .json();
    let live_sms = server
        .post_json(&seeded.live, "/v2/notifications/sms", &sms("07700 900789"))
        .json();
    let email = json!({"email_address": "someone@example.com", "template_id": seeded.email.to_string(),
        "personalisation": {"name": "<script>alert(1)</script> **Bob**"}, "reference": "ref-1"});
    let email = server
        .post_json(&seeded.test, "/v2/notifications/email", &email)
        .json();
    let letter = json!({"template_id": seeded.letter.to_string(), "personalisation": {"address_line_1": "A Person", "address_line_2": "1 Street", "address_line_3": "SW1A 1AA", "name": "Ada"}});
    let letter = server.post_json(&seeded.live, "/v2/notifications/letter", &letter);
    assert_eq!(letter.status, 201, "{}", letter.text());
    let letter = letter.json();
    server.wait_for_status(
        &seeded.test,
        failed["id"].as_str().unwrap(),
        "permanent-failure",
    );
    // A template edited after sending: the message shows the version it was sent with.
    let out = server.cli(&[
        "template",
        "update",
        &seeded.email.to_string(),
        "--body",
        "Changed ((name))",
    ]);
    assert!(out.status.success());

    let admin = server.admin(service, "l@example.com", ALL_PERMISSIONS);
    let inbox = format!("/services/{service}/notifications");
    let all = admin.get(&inbox).text();
    for to in [
        "07700900002",
        "07700 900789",
        "someone@example.com",
        "A Person",
    ] {
        assert!(all.contains(to), "{to}");
    }
    let only = |query: &str| admin.get(&format!("{inbox}?{query}")).text();
    let emails = only("message_type=email");
    assert!(emails.contains("someone@example.com") && !emails.contains("07700 900789"));
    let live = only("key_type=live");
    assert!(
        live.contains("07700 900789")
            && live.contains("A Person")
            && !live.contains("someone@example.com")
    );
    let failures = only("status=failed");
    assert!(failures.contains("07700900002") && !failures.contains("07700 900789"));
    let search = only("to=SOMEONE%40example");
    assert!(search.contains("someone@example.com") && !search.contains("07700900002"));
    assert!(only("to=nobody%25").contains("No messages match."));

    let page = admin
        .get(&format!("{inbox}/{}", email["id"].as_str().unwrap()))
        .text();
    assert!(page.contains("Subject: Hi &lt;script&gt;"), "{page}");
    assert!(
        page.contains("Dear &lt;script&gt;alert(1)&lt;/script&gt;")
            && !page.contains("<script>alert")
    );
    assert!(!page.contains("Changed"), "the version it was sent with");
    assert!(
        page.contains("Email (version 1)")
            && page.contains("ref-1")
            && page.contains("test key (test)")
    );
    assert!(
        page.contains("id=\"personalisation\"")
            && page.contains("Status history")
            && page.contains("Created ")
    );
    let page = admin
        .get(&format!("{inbox}/{}", failed["id"].as_str().unwrap()))
        .text();
    assert!(page.contains("Hello Ada, your code is 1") && page.contains("Permanent failure"));
    let letter_page = admin
        .get(&format!("{inbox}/{}", letter["id"].as_str().unwrap()))
        .text();
    let pdf_url = format!("{inbox}/{}/pdf", letter["id"].as_str().unwrap());
    assert!(letter_page.contains(&pdf_url) && letter_page.contains("Dear Ada"));
    let pdf = admin.get(&pdf_url);
    assert_eq!(header(&pdf, "content-type"), "application/pdf");
    assert!(pdf.body.starts_with(b"%PDF"));
    assert_eq!(
        Admin::new(&server).get(&pdf_url).status,
        303,
        "signed-in members only"
    );
    assert_eq!(
        admin
            .get(&format!("{inbox}/{}/pdf", live_sms["id"].as_str().unwrap()))
            .status,
        404
    );
    assert_eq!(
        admin.get(&format!("{inbox}/{}", Uuid::new_v4())).status,
        404
    );
}

#[test]
fn the_inbox_pages_through_older_messages() {
    let server = TestServer::start_fast();
    let seeded = server.seed(false);
    let body = json!({"phone_number": "07700 900123", "template_id": seeded.sms.to_string(), "personalisation": {"name": "A", "code": "1"}});
    let mut ids = Vec::new();
    for _ in 0..52 {
        let reply = server.post_json(&seeded.test, "/v2/notifications/sms", &body);
        ids.push(reply.json()["id"].as_str().unwrap().to_owned());
    }
    let admin = server.admin(seeded.service, "m@example.com", ALL_PERMISSIONS);
    let first = admin
        .get(&format!("/services/{}/notifications", seeded.service))
        .text();
    assert!(first.contains(&ids[51]) && !first.contains(&ids[1]));
    let start = first
        .find("rel=\"next\"")
        .map(|_| first.find("href=\"?message_type").unwrap())
        .expect("a next page");
    let next = first[start + 6..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let second = admin
        .get(&format!("/services/{}/notifications{next}", seeded.service))
        .text();
    assert!(second.contains(&ids[0]) && second.contains(&ids[1]) && !second.contains(&ids[51]));
    assert!(!second.contains("rel=\"next\""));
}

#[test]
fn a_callback_saved_on_the_page_is_called_and_shows_in_the_status_history() {
    let server = TestServer::start_fast();
    let seeded = server.seed(false);
    let service = seeded.service;
    let receiver = common::receiver::Receiver::start(&[200]);
    let admin = server.admin(service, "n@example.com", ALL_PERMISSIONS);
    let url = format!("/services/{service}/api/callbacks/delivery-status-callback");
    admin.get(&url);
    let saved = admin.post(
        &url,
        &[
            ("url", &format!("{}/status", receiver.url)),
            ("bearer_token", "a-token-of-mine"),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.text());
    let body = json!({"phone_number": "07700 900123", "template_id": seeded.sms.to_string(), "personalisation": {"name": "A", "code": "1"}});
    let sent = server
        .post_json(&seeded.test, "/v2/notifications/sms", &body)
        .json();
    let id = sent["id"].as_str().unwrap();
    let got = receiver.wait_for(1);
    assert_eq!(
        got[0].authorization.as_deref(),
        Some("Bearer a-token-of-mine")
    );
    let page = format!("/services/{service}/notifications/{id}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let html = admin.get(&page).text();
        if html.contains("Callback to http://127.0.0.1") && html.contains("HTTP 200") {
            assert!(html.contains("Delivered") && html.contains("Sending "));
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the attempt is shown: {html}"
        );
        std::thread::yield_now();
    }
}

/// The inbox's live view: a signed-in member's event stream hears the service's new messages.
#[test]
fn the_inbox_streams_new_messages_as_server_sent_events() {
    use std::io::{BufRead, BufReader, Write};
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let browser = server.admin(
        s.service,
        "watcher@example.com",
        common::admin::ALL_PERMISSIONS,
    );
    let session = browser.cookie("notifyd_session").expect("signed in");
    let mut stream =
        std::net::TcpStream::connect(server.url.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let request = format!(
        "GET /services/{}/notifications/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nCookie: notifyd_session={session}\r\n\r\n",
        s.service
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut lines = BufReader::new(stream.try_clone().unwrap()).lines();
    let mut head = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.is_empty() {
            break;
        }
        head.push(line);
    }
    assert!(head[0].starts_with("HTTP/1.1 200"), "{head:?}");
    assert!(
        head.iter()
            .any(|h| h.eq_ignore_ascii_case("content-type: text/event-stream")),
        "{head:?}"
    );
    let body = json!({"phone_number": "07700900123", "template_id": s.sms.to_string(), "personalisation": {"name": "A", "code": 1}});
    let id = server
        .post_json(&s.test, "/v2/notifications/sms", &body)
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let event = lines
        .map(Result::unwrap)
        .find(|l| l.contains(&id))
        .expect("an event names the new notification");
    assert!(event.contains("\"status\":\"created\""), "{event}");
}
