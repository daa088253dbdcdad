//! A tiny browser for the admin pages over plain HTTP: keeps cookies, follows redirects when
//! asked, remembers the CSRF token of the last page it saw and sends it with forms.

use super::{send, Reply, TestServer};
use notifyd::store::team::TeamMember;
use std::cell::RefCell;
use std::collections::BTreeMap;
use uuid::Uuid;

/// Percent-encodes a form value.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `a=1&b=2`.
pub fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of the first `name="csrf_token" value="..."` on a page.
pub fn csrf_in(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    Some(html[at..].split('"').next()?.to_owned())
}

pub struct Admin<'a> {
    pub server: &'a TestServer,
    cookies: RefCell<BTreeMap<String, String>>,
    csrf: RefCell<Option<String>>,
}

impl<'a> Admin<'a> {
    /// A browser with no cookies.
    pub fn new(server: &'a TestServer) -> Admin<'a> {
        Admin {
            server,
            cookies: RefCell::new(BTreeMap::new()),
            csrf: RefCell::new(None),
        }
    }

    /// The cookie header this browser sends.
    fn cookie_header(&self) -> String {
        self.cookies
            .borrow()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.borrow().get(name).cloned()
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        self.cookies
            .borrow_mut()
            .insert(name.to_owned(), value.to_owned());
    }

    fn remember(&self, reply: &Reply) {
        for value in reply.headers.get_all("set-cookie") {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || text.contains("Max-Age=0") {
                self.cookies.borrow_mut().remove(name);
            } else {
                self.set_cookie(name, value);
            }
        }
        if let Some(token) = csrf_in(&reply.text()) {
            *self.csrf.borrow_mut() = Some(token);
        }
    }

    /// GET without following redirects.
    pub fn get(&self, path: &str) -> Reply {
        let cookie = self.cookie_header();
        let reply = self
            .server
            .get(path, &[("cookie", &cookie), ("accept", "text/html,*/*")]);
        self.remember(&reply);
        reply
    }

    /// GET, following redirects; returns the final path and reply.
    pub fn follow(&self, path: &str) -> (String, Reply) {
        let mut path = path.to_owned();
        for _ in 0..10 {
            let reply = self.get(&path);
            match reply.headers.get("location") {
                Some(location) if (300..400).contains(&reply.status) => {
                    path = location.to_str().unwrap().to_owned();
                }
                _ => return (path, reply),
            }
        }
        panic!("too many redirects from {path}");
    }

    /// The CSRF token of the last page seen.
    pub fn csrf(&self) -> String {
        self.csrf
            .borrow()
            .clone()
            .expect("a page with a CSRF token was seen")
    }

    /// POSTs a form with the last page's CSRF token added.
    pub fn post(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let csrf = self.csrf();
        let mut all = vec![("csrf_token", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &form_body(&all))
    }

    /// POSTs exactly this body.
    pub fn post_raw(&self, path: &str, body: &str) -> Reply {
        let cookie = self.cookie_header();
        let reply = send(
            "POST",
            &format!("{}{path}", self.server.url),
            &[
                ("cookie", &cookie),
                ("content-type", "application/x-www-form-urlencoded"),
                ("accept", "text/html"),
            ],
            Some(body.as_bytes().to_vec()),
        );
        self.remember(&reply);
        reply
    }
}

impl TestServer {
    /// Adds a team member with these permissions (directly, as `team add` does); their user id.
    pub fn add_member(&self, service: Uuid, email: &str, permissions: &[&str]) -> Uuid {
        let db = self.open();
        let member = TeamMember {
            id: Uuid::new_v4(),
            email: email.to_owned(),
            phone: None,
            name: None,
            permissions: permissions.iter().map(|p| p.to_string()).collect(),
        };
        notifyd::team::add_member(&db.conn, service, member, self.clock.now_us())
            .expect("add member")
            .id
    }

    /// A one-time sign-in link path for the user, made at the clock's now.
    pub fn sign_in_link(&self, user: Uuid) -> String {
        let db = self.open();
        let token =
            notifyd::admin::session::issue_sign_in_link(&db.conn, user, self.clock.now_us())
                .expect("issue link");
        format!("/sign-in/{token}")
    }

    /// A browser signed in as a new member of `service` with these permissions.
    pub fn admin(&self, service: Uuid, email: &str, permissions: &[&str]) -> Admin<'_> {
        let user = self.add_member(service, email, permissions);
        let browser = Admin::new(self);
        let reply = browser.get(&self.sign_in_link(user));
        assert_eq!(reply.status, 303, "{}", reply.text());
        browser.follow("/services");
        browser
    }
}

pub const ALL_PERMISSIONS: &[&str] = &[
    "manage_api_keys",
    "send_messages",
    "view_activity",
    "manage_service",
    "manage_templates",
];
