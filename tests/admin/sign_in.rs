//! Signing in and staying signed in: the root redirect, the security headers on every response,
//! passwords (and the `team set-password` command), one-time links, idle sessions, and the link a
//! first start prints for a local admin.

use super::{header, location, set_password, set_password_with, HOUR_US};
use crate::common::{
    self,
    admin::{form_body, Admin, ALL_PERMISSIONS},
    Reply, TestServer,
};
use serde_json::{json, Value};
use std::process::Stdio;
use uuid::Uuid;

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

/// Ten wrong passwords in a row lock the account (Notify's MAX_FAILED_LOGIN_COUNT): the right
/// password then gets the same message, until `team set-password` gives it a new one.
#[test]
fn ten_wrong_passwords_lock_the_account_until_a_new_password() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let user = server.add_member(service, "d@example.com", ALL_PERMISSIONS);
    assert!(set_password(&server, service, "d@example.com", "right one")
        .status
        .success());
    let attempt = |password: &str| {
        let browser = Admin::new(&server);
        browser.get("/sign-in");
        let csrf = browser.csrf();
        let body = [
            ("csrf_token", csrf.as_str()),
            ("email", "d@example.com"),
            ("password", password),
        ];
        browser.post_raw("/sign-in", &form_body(&body))
    };
    let refused = |reply: &Reply| {
        reply.status == 200
            && reply
                .text()
                .contains("The email address or password you entered is incorrect")
    };
    let failures = |server: &TestServer| -> i64 {
        let db = server.open();
        let row = "SELECT failures FROM sign_in_failures WHERE user_id = ?1";
        let count = db.conn.query_row(row, [user.to_string()], |r| r.get(0));
        count.unwrap_or(0)
    };
    // Only wrong passwords in a row count: signing in starts again.
    assert!(refused(&attempt("wrong one")) && refused(&attempt("wrong one")));
    assert_eq!(failures(&server), 2);
    assert_eq!(attempt("right one").status, 303);
    assert_eq!(failures(&server), 0);
    for _ in 0..9 {
        assert!(refused(&attempt("wrong one")));
    }
    assert_eq!(failures(&server), 9);
    assert!(refused(&attempt("wrong one")));
    assert_eq!(failures(&server), 10);
    // Locked: the right password is refused as if it were wrong, and not even counted.
    assert!(refused(&attempt("right one")));
    assert_eq!(failures(&server), 10);
    assert!(set_password(&server, service, "d@example.com", "new one")
        .status
        .success());
    assert_eq!(failures(&server), 0);
    let ok = attempt("new one");
    assert_eq!((ok.status, location(&ok)), (303, "/services".to_owned()));
}

#[test]
fn set_password_command_contract() {
    let server = TestServer::start();
    let service = server.create_service("S", true);
    let user = server.add_member(service, "b@example.com", &["manage_api_keys"]);
    // A space can never appear in the stored base64, so finding it would mean plain text.
    let out = set_password(&server, service, "b@example.com", "plain text");
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
    assert!(!hash.contains("plain text"), "{hash}");
    let out = set_password_with(&server, service, "b@example.com", "another", &["--json"]);
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
