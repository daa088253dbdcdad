//! A tiny W3C WebDriver client (plain HTTP + JSON over the tests' hyper client) driving a real
//! headless Chromium through Debian's `chromedriver`, started by the test on a free port.
//! Waits poll with a deadline; nothing sleeps.

use super::{send, TempDir};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The key W3C WebDriver uses for element references.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const DEADLINE: Duration = Duration::from_secs(20);

/// `target/` (the test binary is `target/<profile>/deps/<name>`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    exe.ancestors()
        .nth(3)
        .expect("target directory")
        .to_path_buf()
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// `chromedriver`, installed with apt-get when missing and we are root.
pub fn chromedriver() -> PathBuf {
    if let Some(found) = on_path("chromedriver") {
        return found;
    }
    assert!(
        is_root(),
        "chromedriver is not installed: install Debian's `chromium` and `chromium-driver` \
         (sudo apt-get update && sudo apt-get install -y chromium chromium-driver), or run .ci/run"
    );
    for args in [
        &["update"][..],
        &["install", "-y", "chromium", "chromium-driver"][..],
    ] {
        let status = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(Stdio::null())
            .status()
            .expect("run apt-get");
        assert!(status.success(), "apt-get {args:?} failed");
    }
    on_path("chromedriver").expect("chromedriver after installing chromium-driver")
}

/// A running chromedriver and one browser session; both end when dropped.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    _profile: TempDir,
}

impl Browser {
    /// Starts chromedriver on a free port and a headless Chromium with a fresh profile.
    pub fn start() -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + DEADLINE;
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                let reply = send("GET", &format!("{base}/status"), &[], None);
                let status = serde_json::from_slice::<Value>(&reply.body);
                if status.is_ok_and(|v| v["value"]["ready"] == true) {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::yield_now();
        }
        let profile = TempDir::new("chromium-profile");
        let mut options = json!({"args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            format!("--user-data-dir={}", profile.path().display()), "--window-size=1200,1000",
        ]});
        if std::path::Path::new("/usr/bin/chromium").exists() {
            options["binary"] = json!("/usr/bin/chromium");
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options,
        }}});
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            _profile: profile,
        };
        let created = browser.call("POST", "/session", Some(capabilities));
        browser.session = created["sessionId"]
            .as_str()
            .expect("a session id")
            .to_owned();
        browser
    }

    /// One WebDriver command; panics with the driver's message on an error.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = if path == "/session" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let body = body.map(|b| b.to_string().into_bytes());
        let headers = [("content-type", "application/json")];
        let reply = send(method, &url, &headers, body);
        let value: Value = serde_json::from_slice(&reply.body).expect("WebDriver answers JSON");
        assert!(reply.status < 400, "WebDriver {method} {path}: {value}");
        value["value"].clone()
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn back(&self) {
        self.call("POST", "/back", Some(json!({})));
    }

    pub fn url(&self) -> String {
        self.call("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn source(&self) -> String {
        self.call("GET", "/source", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn resize(&self, width: u32, height: u32) {
        self.call(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }

    /// The element matching a CSS selector, waiting for it to appear.
    pub fn find(&self, css: &str) -> Element<'_> {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let found = self.call(
                "POST",
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            );
            if let Some(id) = found.get(0).and_then(|e| e[ELEMENT].as_str()) {
                return Element {
                    browser: self,
                    id: id.to_owned(),
                };
            }
            assert!(
                Instant::now() < deadline,
                "no element matches {css} on {}",
                self.url()
            );
            std::thread::yield_now();
        }
    }

    /// Whether any element matches now.
    pub fn has(&self, css: &str) -> bool {
        let found = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        found.as_array().is_some_and(|a| !a.is_empty())
    }

    /// Commands from here on go to the document inside `frame` (an `iframe` element).
    pub fn enter_frame(&self, frame: &Element) {
        let id = json!({ ELEMENT: frame.id });
        self.call("POST", "/frame", Some(json!({ "id": id })));
    }

    /// Commands from here on go to the page around the current frame.
    pub fn leave_frame(&self) {
        self.call("POST", "/frame/parent", Some(json!({})));
    }

    /// Waits until the URL's path ends with `suffix`.
    pub fn wait_for_path(&self, suffix: &str) {
        let deadline = Instant::now() + DEADLINE;
        while !self
            .url()
            .split('?')
            .next()
            .unwrap_or_default()
            .ends_with(suffix)
        {
            assert!(
                Instant::now() < deadline,
                "still at {} waiting for {suffix}",
                self.url()
            );
            std::thread::yield_now();
        }
    }

    /// Saves a PNG of the viewport as `target/screenshots/{name}.png`.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        use base64::Engine;
        let data = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().expect("base64 PNG"))
            .expect("valid base64");
        let dir = target_dir().join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let url = format!("{}/session/{}", self.base, self.session);
            let _ = std::panic::catch_unwind(|| send("DELETE", &url, &[], None));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// An element of the current page.
pub struct Element<'a> {
    browser: &'a Browser,
    id: String,
}

impl Element<'_> {
    fn path(&self, tail: &str) -> String {
        format!("/element/{}{tail}", self.id)
    }

    pub fn click(&self) {
        self.browser
            .call("POST", &self.path("/click"), Some(json!({})));
    }

    pub fn type_text(&self, text: &str) {
        self.browser
            .call("POST", &self.path("/value"), Some(json!({ "text": text })));
    }

    pub fn clear(&self) {
        self.browser
            .call("POST", &self.path("/clear"), Some(json!({})));
    }

    pub fn text(&self) -> String {
        let text = self.browser.call("GET", &self.path("/text"), None);
        text.as_str().unwrap_or_default().to_owned()
    }

    /// The computed value of a CSS property, as the browser applied it.
    pub fn css(&self, property: &str) -> String {
        let value = self
            .browser
            .call("GET", &self.path(&format!("/css/{property}")), None);
        value.as_str().unwrap_or_default().to_owned()
    }

    pub fn enabled(&self) -> bool {
        self.browser.call("GET", &self.path("/enabled"), None) == json!(true)
    }

    pub fn selected(&self) -> bool {
        self.browser.call("GET", &self.path("/selected"), None) == json!(true)
    }
}
