//! `cargo bench --bench load`: notifyd's throughput, latency, start-up time and memory.
//!
//! Starts notifyd in-process (on the runtime `notifyd serve` builds) on 127.0.0.1:0 with a
//! fresh database, a test key and two templates, and drives it from a load generator in this
//! binary (hyper client, its own runtime, keep-alive connections, an HS256 JWT per request
//! signed once a second per connection, or for every request with `--fresh-jwt`). Rows, at
//! each concurrency: the baseline `GET /_status?simple=1` (no auth, no database),
//! `POST /v2/notifications/sms` (2 placeholders), `POST /v2/notifications/email`,
//! `GET /v2/notifications/{id}` and `GET /v2/notifications` (a 250-row page). Then, unless
//! `--stored 0`, a database prefilled with N notifications (1,000,000 by default) and a fresh
//! one take turns at the send and list rows at 64 connections, so the ratio between them is not
//! the machine's drift. Then the built binary is spawned to time start-up (to the first 200
//! from `/_status`) on an ephemeral, an empty and the prefilled database, and to read its peak
//! memory under load.
//!
//! Prints a table and writes the same to `target/bench/load.json`. Flags: `--duration SECS`
//! (per row, default 3), `--concurrency 1,16,64,256`, `--stored N`, `--fresh-jwt`,
//! `--rows sms,list` (only those rows, and the baseline); `--help` describes them.

mod client;
mod cpu;
mod report;
mod setup;

use client::{Call, Sample, Signer};
use cpu::Server;
use report::{Report, Row};
use setup::{Scratch, Spawned};
use std::net::SocketAddr;
use std::time::Duration;
use uuid::Uuid;

pub struct Options {
    duration: Duration,
    concurrency: Vec<usize>,
    stored: u64,
    fresh_jwt: bool,
    /// Only these rows (and the baseline); all when empty.
    rows: Vec<String>,
}

const USAGE: &str =
    "usage: cargo bench --bench load -- [--duration SECS] [--concurrency 1,16,64,256]
       [--stored N] [--fresh-jwt] [--rows status,sms,email,get,list]
  --duration SECS      each row runs this long (default 3)
  --concurrency LIST   keep-alive connections per row (default 1,16,64,256)
  --stored N           notifications prefilled for the stored rows (default 1000000; 0 skips them)
  --fresh-jwt          sign a JWT for every request (default: once a second per connection)
  --rows LIST          only these rows, and the baseline (default: all)";

/// The rows `--rows` can name; `status` is the baseline, always run.
const ROWS: [&str; 5] = ["status", "sms", "email", "get", "list"];

fn options() -> Options {
    let mut options = Options {
        duration: Duration::from_secs(3),
        concurrency: vec![1, 16, 64, 256],
        stored: 1_000_000,
        fresh_jwt: false,
        rows: Vec::new(),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().expect("a value after the flag").as_str();
        match arg.as_str() {
            "--duration" => {
                options.duration = Duration::from_secs_f64(value().parse().expect("seconds"))
            }
            "--concurrency" => {
                options.concurrency = value()
                    .split(',')
                    .map(|c| c.trim().parse().expect("a number"))
                    .collect()
            }
            "--stored" => options.stored = value().parse().expect("a number"),
            "--fresh-jwt" => options.fresh_jwt = true,
            "--rows" => {
                options.rows = value().split(',').map(str::to_owned).collect();
                if let Some(bad) = options.rows.iter().find(|r| !ROWS.contains(&r.as_str())) {
                    eprintln!("unknown row {bad:?}: the rows are {}", ROWS.join(","));
                    std::process::exit(2)
                }
            }
            "--bench" => {} // `cargo bench` passes it
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0)
            }
            other => {
                eprintln!("unknown flag {other:?}\n{USAGE}");
                std::process::exit(2)
            }
        }
    }
    options
}

fn main() {
    let options = options();
    let signer = Signer {
        service_id: Uuid::parse_str(setup::SERVICE_ID).expect("uuid"),
        secret: setup::SECRET.to_owned(),
        fresh: options.fresh_jwt,
    };
    let server_rt = notifyd::serve::runtime("notifyd").expect("runtime");
    let client_rt = runtime("load");
    let mut report = Report::new(&options.concurrency, options.duration, options.fresh_jwt);

    let empty = Scratch::new("empty");
    let running = server_rt.block_on(setup::start_in_process(&empty.db()));
    let addr = running.addr;
    let id = client_rt.block_on(first_send(addr, &signer));
    for &c in &options.concurrency {
        for (name, call) in calls(&id).into_iter().filter(|(n, _)| options.wants(n)) {
            let drive = client::drive(addr, call, signer.clone(), c, options.duration);
            let sample = measured(&client_rt, Server::InProcess, drive);
            report.add(Row::new(name, "empty", c, &sample));
        }
    }
    server_rt.block_on(running.stop()).expect("clean stop");

    let stored = (options.stored > 0)
        .then(|| stored_rows(&server_rt, &client_rt, &signer, &options, &mut report));
    report.in_process_peak_rss = setup::peak_rss_of("/proc/self/status");

    spawned(
        &client_rt,
        &signer,
        &options,
        stored.as_ref().unwrap_or(&empty),
        &mut report,
    );
    report.print();
    report.write_json();
}

impl Options {
    fn wants(&self, row: &str) -> bool {
        row == "status" || self.rows.is_empty() || self.rows.iter().any(|r| r == row)
    }
}

/// Runs one row's load and notes the CPU the server and the load generator used meanwhile.
fn measured(
    rt: &tokio::runtime::Runtime,
    server: Server,
    drive: impl std::future::Future<Output = Sample>,
) -> Sample {
    let before = cpu::used(server);
    let mut sample = rt.block_on(drive);
    sample.cpu = cpu::used(server) - before;
    sample
}

fn runtime(name: &str) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .thread_name(name)
        .enable_all()
        .build()
        .expect("runtime")
}

const SMS_BODY: &str = r#"{"phone_number":"07700900123","template_id":"0b1e0a54-0000-4000-8000-0000000000aa","personalisation":{"name":"Ada","code":"123456"}}"#;
const EMAIL_BODY: &str = r#"{"email_address":"someone@example.com","template_id":"0b1e0a54-0000-4000-8000-0000000000bb","personalisation":{"name":"Ada","code":"123456"}}"#;

fn calls(id: &str) -> Vec<(&'static str, Call)> {
    vec![
        ("status", Call::Open("/_status?simple=1".to_owned())),
        (
            "sms",
            Call::Post("/v2/notifications/sms".to_owned(), SMS_BODY.to_owned()),
        ),
        (
            "email",
            Call::Post("/v2/notifications/email".to_owned(), EMAIL_BODY.to_owned()),
        ),
        ("get", Call::Get(format!("/v2/notifications/{id}"))),
        ("list", Call::Get("/v2/notifications".to_owned())),
    ]
}

fn stored_row(name: &str) -> bool {
    matches!(name, "sms" | "list")
}

/// Sends 250 text messages (so the list row reads a full page) and returns the last one's id.
async fn first_send(addr: SocketAddr, signer: &Signer) -> String {
    let call = Call::Post("/v2/notifications/sms".to_owned(), SMS_BODY.to_owned());
    let mut id = String::new();
    for _ in 0..250 {
        let (status, body) = client::once(addr, &call, signer).await;
        assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
        let reply: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        id = reply["id"].as_str().expect("an id").to_owned();
    }
    id
}

/// The send and list rows at 64 connections on a prefilled database and on a fresh one,
/// alternating between them twice so both see the same machine; returns the prefilled one.
fn stored_rows(
    server_rt: &tokio::runtime::Runtime,
    client_rt: &tokio::runtime::Runtime,
    signer: &Signer,
    options: &Options,
    report: &mut Report,
) -> Scratch {
    let scratch = Scratch::new("stored");
    prepare_stored(server_rt, &scratch, options.stored, report);
    let fresh = Scratch::new("fresh");
    let servers = [
        (
            "fresh",
            server_rt.block_on(setup::start_in_process(&fresh.db())),
        ),
        (
            "stored",
            server_rt.block_on(setup::start_in_process(&scratch.db())),
        ),
    ];
    let mut ids = Vec::new();
    for (_, running) in &servers {
        ids.push(client_rt.block_on(first_send(running.addr, signer)));
    }
    for name in ["sms", "list"].into_iter().filter(|n| options.wants(n)) {
        let mut samples = [Sample::default(), Sample::default()];
        for _round in 0..2 {
            for (i, (_, running)) in servers.iter().enumerate() {
                let call = calls(&ids[i])
                    .into_iter()
                    .find(|(n, _)| *n == name)
                    .expect("a row")
                    .1;
                let drive = client::drive(running.addr, call, signer.clone(), 64, options.duration);
                samples[i].merge(measured(client_rt, Server::InProcess, drive));
            }
        }
        for (i, (label, _)) in servers.iter().enumerate() {
            report.add(Row::new(name, label, 64, &samples[i]));
        }
    }
    for (_, running) in servers {
        server_rt.block_on(running.stop()).expect("clean stop");
    }
    scratch
}

/// Migrates and provisions a new database (one start and stop), then prefills it.
fn prepare_stored(
    rt: &tokio::runtime::Runtime,
    scratch: &Scratch,
    count: u64,
    report: &mut Report,
) {
    let running = rt.block_on(setup::start_in_process(&scratch.db()));
    rt.block_on(running.stop()).expect("clean stop");
    let began = std::time::Instant::now();
    setup::prefill(&scratch.db(), count);
    report.stored = count;
    report.prefill_secs = began.elapsed().as_secs_f64();
    eprintln!(
        "prefilled {count} notifications in {:.1} s",
        report.prefill_secs
    );
}

/// The built binary: start-up on each kind of database (median of 5), then peak memory under
/// the send and list rows at 64 connections (those of them `--rows` asks for).
fn spawned(
    rt: &tokio::runtime::Runtime,
    signer: &Signer,
    options: &Options,
    db: &Scratch,
    report: &mut Report,
) {
    let fresh = Scratch::new("startup");
    let kinds: [(&str, &Scratch, bool); 3] = [
        ("ephemeral", &fresh, true),
        ("existing, empty", &fresh, false),
        ("existing, stored", db, false),
    ];
    for (label, scratch, ephemeral) in kinds {
        Spawned::start(scratch, ephemeral).stop(); // creates the database; warms the caches
        let mut times: Vec<f64> = (0..5)
            .map(|_| {
                let server = Spawned::start(scratch, ephemeral);
                let ms = server.ready_after.as_secs_f64() * 1e3;
                server.stop();
                ms
            })
            .collect();
        times.sort_by(f64::total_cmp);
        report.startup_ms.push((label.to_owned(), times[2]));
    }
    let server = Spawned::start(db, false);
    let id = rt.block_on(first_send(server.addr, signer));
    let rows = calls(&id).into_iter();
    for (name, call) in rows.filter(|(n, _)| stored_row(n) && options.wants(n)) {
        let drive = client::drive(server.addr, call, signer.clone(), 64, options.duration);
        let sample = measured(rt, Server::Child(server.child.id()), drive);
        report.add(Row::new(name, "spawned", 64, &sample));
    }
    report.spawned_peak_rss = server.peak_rss();
    server.stop();
}
