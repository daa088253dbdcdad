//! What the benchmark runs against: a service with a test key and two templates declared in a
//! config file (so the in-process server and the spawned binary see the same), databases
//! prefilled with stored notifications, the spawned binary's start-up time and peak memory.

use notifyd::clock::Clock;
use notifyd::config::{self, Settings};
use notifyd::keys::KeyType;
use notifyd::notifications::Status;
use notifyd::serve::{self, Running};
use notifyd::store::notifications::{self, Notification};
use notifyd::templates::TemplateType;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use uuid::Uuid;

pub const SERVICE_ID: &str = "0b1e0a54-0000-4000-8000-00000000be4c";
pub const SECRET: &str = "11111111-2222-4333-8444-555555555555";
pub const SMS_TEMPLATE: &str = "0b1e0a54-0000-4000-8000-0000000000aa";

/// A live service (so nothing is refused for trial mode) whose rate limit never bites.
pub const CONFIG: &str = r#"
[[services]]
id = "0b1e0a54-0000-4000-8000-00000000be4c"
name = "Benchmark"
trial_mode = false
rate_limit = 1000000000

[[services.keys]]
name = "bench"
type = "test"
secret = "11111111-2222-4333-8444-555555555555"

[[services.templates]]
id = "0b1e0a54-0000-4000-8000-0000000000aa"
type = "sms"
name = "Code"
body = "Hello ((name)), your code is ((code))"

[[services.templates]]
id = "0b1e0a54-0000-4000-8000-0000000000bb"
type = "email"
name = "Welcome"
subject = "Welcome, ((name))"
body = "Hello ((name)),\n\nYour reference is ((code))."
"#;

/// A directory removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(label: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("notifyd-bench-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        std::fs::write(dir.join("notifyd.toml"), CONFIG).expect("write config");
        Scratch(dir)
    }

    pub fn db(&self) -> PathBuf {
        self.0.join("notifyd.db")
    }

    pub fn config(&self) -> PathBuf {
        self.0.join("notifyd.toml")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Starts notifyd in-process on 127.0.0.1:0 over `db` with the benchmark's config.
pub async fn start_in_process(db: &Path) -> Running {
    let mut settings = Settings::for_database(db.to_path_buf());
    settings.file = config::parse(CONFIG).expect("the benchmark config parses");
    serve::start(settings, Clock::system())
        .await
        .expect("notifyd starts")
}

/// Inserts `count` delivered test-key text messages, oldest first, ending a minute ago, in one
/// transaction (as if sent over the last `count` × 3 ms).
pub fn prefill(db: &Path, count: u64) {
    let conn = notifyd::store::open_connection(db).expect("open database");
    conn.execute_batch("PRAGMA synchronous = OFF; BEGIN")
        .expect("begin");
    let service_id = Uuid::parse_str(SERVICE_ID).expect("uuid");
    let template_id = Uuid::parse_str(SMS_TEMPLATE).expect("uuid");
    let now = Clock::system().now_us();
    let first = now - 60_000_000 - count as i64 * 3_000;
    for i in 0..count {
        let created_at = first + i as i64 * 3_000;
        let millis = (created_at / 1_000) as u64;
        let id = uuid::Builder::from_unix_timestamp_millis(millis, &random_bytes(i)).into_uuid();
        let row = stored_sms(id, service_id, template_id, created_at, i);
        notifications::insert(&conn, &row).expect("insert");
    }
    conn.execute_batch("COMMIT; PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("commit");
}

fn random_bytes(i: u64) -> [u8; 10] {
    let mixed = i.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_le_bytes();
    let mut bytes = [0u8; 10];
    bytes[..8].copy_from_slice(&mixed);
    bytes
}

fn stored_sms(id: Uuid, service: Uuid, template: Uuid, at: i64, i: u64) -> Notification {
    let code = format!("{:06}", i % 1_000_000);
    Notification {
        pk: 0,
        id,
        service_id: service,
        api_key_id: None,
        key_type: KeyType::Test,
        notification_type: TemplateType::Sms,
        template_id: template,
        template_version: 1,
        recipient: "07700900123".to_owned(),
        normalised_to: "447700900123".to_owned(),
        client_reference: None,
        personalisation: format!(r#"{{"name":"Ada","code":"{code}"}}"#),
        body: format!("Hello Ada, your code is {code}"),
        subject: None,
        status: Status::Delivered,
        created_at: at,
        sent_at: Some(at + 100_000),
        updated_at: Some(at + 1_000_000),
        billable_units: 1,
        international: false,
        phone_prefix: Some("44".to_owned()),
        rate_multiplier: Some(1.0),
        postage: None,
        reply_to_text: None,
        one_click_unsubscribe_url: None,
    }
}

/// The built binary, started as `notifyd serve` over `scratch`'s database and config.
pub struct Spawned {
    pub child: Child,
    pub addr: SocketAddr,
    /// From spawning to the first 200 from `/_status`.
    pub ready_after: Duration,
}

impl Spawned {
    pub fn start(scratch: &Scratch, ephemeral: bool) -> Spawned {
        let mut command = Command::new(env!("CARGO_BIN_EXE_notifyd"));
        command.args(["serve", "--listen", "127.0.0.1:0"]);
        command.arg("--config").arg(scratch.config());
        match ephemeral {
            true => command.arg("--ephemeral"),
            false => command.arg("--db").arg(scratch.db()),
        };
        command
            .env_remove("NOTIFYD_DB")
            .env("NOTIFYD_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let began = Instant::now();
        let mut child = command.spawn().expect("spawn notifyd");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("first line");
        let addr: SocketAddr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .parse()
            .expect("an address");
        let deadline = began + Duration::from_secs(10);
        while status_code(addr) != Some(200) {
            assert!(Instant::now() < deadline, "notifyd did not become ready");
        }
        Spawned {
            child,
            addr,
            ready_after: began.elapsed(),
        }
    }

    /// The peak resident set (VmHWM) of the process so far, in bytes.
    pub fn peak_rss(&self) -> u64 {
        peak_rss_of(&format!("/proc/{}/status", self.child.id()))
    }

    /// Stops the server with SIGTERM (a clean drain) and waits for it.
    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// One `GET /_status` on a new connection; `None` if it cannot connect yet.
fn status_code(addr: SocketAddr) -> Option<u16> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream
        .write_all(b"GET /_status?simple=1 HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

/// VmHWM from a `/proc/*/status` file, in bytes.
pub fn peak_rss_of(path: &str) -> u64 {
    let status = std::fs::read_to_string(path).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}
