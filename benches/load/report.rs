//! The benchmark's results: one row per (call, database, concurrency), each compared with the
//! baseline at the same concurrency; printed as a table and written as JSON.

use crate::client::Sample;
use serde_json::json;
use std::path::PathBuf;
use std::time::Duration;

pub struct Row {
    pub name: &'static str,
    /// `empty` (the first server's database, which grows with every row), `fresh` and `stored`
    /// (a new and a prefilled database, measured in turns) or `spawned` (the built binary on
    /// the prefilled database).
    pub database: &'static str,
    pub concurrency: usize,
    pub requests_per_sec: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub errors: u64,
    /// CPU microseconds per answered request: the server's threads, the load generator's.
    pub server_cpu_us: f64,
    pub load_cpu_us: f64,
}

impl Row {
    pub fn new(name: &'static str, database: &'static str, c: usize, sample: &Sample) -> Row {
        let mut latencies = sample.latencies_us.clone();
        latencies.sort_unstable();
        let quantile = |q: f64| match latencies.len() {
            0 => 0.0,
            n => latencies[((n as f64 * q) as usize).min(n - 1)] as f64 / 1e3,
        };
        Row {
            name,
            database,
            concurrency: c,
            requests_per_sec: latencies.len() as f64 / sample.elapsed.as_secs_f64(),
            p50_ms: quantile(0.50),
            p99_ms: quantile(0.99),
            p999_ms: quantile(0.999),
            errors: sample.errors,
            server_cpu_us: per_request(sample.cpu.server, latencies.len()),
            load_cpu_us: per_request(sample.cpu.load, latencies.len()),
        }
    }
}

fn per_request(secs: f64, requests: usize) -> f64 {
    secs * 1e6 / requests.max(1) as f64
}

pub struct Report {
    rows: Vec<Row>,
    concurrency: Vec<usize>,
    duration: Duration,
    fresh_jwt: bool,
    pub stored: u64,
    pub prefill_secs: f64,
    pub startup_ms: Vec<(String, f64)>,
    pub in_process_peak_rss: u64,
    pub spawned_peak_rss: u64,
}

impl Report {
    pub fn new(concurrency: &[usize], duration: Duration, fresh_jwt: bool) -> Report {
        Report {
            rows: Vec::new(),
            concurrency: concurrency.to_vec(),
            duration,
            fresh_jwt,
            stored: 0,
            prefill_secs: 0.0,
            startup_ms: Vec::new(),
            in_process_peak_rss: 0,
            spawned_peak_rss: 0,
        }
    }

    pub fn add(&mut self, row: Row) {
        eprintln!(
            "{:<7} {:<8} c={:<4} {:>9.0} req/s  p99 {:>7.2} ms  errors {}",
            row.name, row.database, row.concurrency, row.requests_per_sec, row.p99_ms, row.errors
        );
        self.rows.push(row);
    }

    /// This row's requests/s over the baseline's (`status`, empty database, same concurrency).
    fn ratio(&self, row: &Row) -> Option<f64> {
        let baseline = self.find("status", "empty", row.concurrency)?;
        Some(row.requests_per_sec / baseline.requests_per_sec)
    }

    fn find(&self, name: &str, database: &str, c: usize) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.name == name && r.database == database && r.concurrency == c)
    }

    /// Send throughput with the prefilled database over a fresh one, at 64 connections.
    fn stored_over_empty(&self) -> Option<f64> {
        let stored = self.find("sms", "stored", 64)?;
        let empty = self.find("sms", "fresh", 64)?;
        Some(stored.requests_per_sec / empty.requests_per_sec)
    }

    pub fn print(&self) {
        println!(
            "\n{:<7} {:<8} {:>5} {:>10} {:>8} {:>8} {:>8} {:>7} {:>9} {:>7} {:>7}",
            "row",
            "database",
            "conns",
            "req/s",
            "p50 ms",
            "p99 ms",
            "p99.9 ms",
            "errors",
            "×status",
            "srv µs",
            "load µs"
        );
        for row in &self.rows {
            let ratio = self
                .ratio(row)
                .map_or("-".to_owned(), |r| format!("{r:.3}"));
            println!(
                "{:<7} {:<8} {:>5} {:>10.0} {:>8.2} {:>8.2} {:>8.2} {:>7} {:>9} {:>7.1} {:>7.1}",
                row.name,
                row.database,
                row.concurrency,
                row.requests_per_sec,
                row.p50_ms,
                row.p99_ms,
                row.p999_ms,
                row.errors,
                ratio,
                row.server_cpu_us,
                row.load_cpu_us
            );
        }
        if let Some(ratio) = self.stored_over_empty() {
            println!(
                "\nsms with {} stored / fresh database, at 64: {ratio:.3}",
                self.stored
            );
        }
        for (label, ms) in &self.startup_ms {
            println!("ready after spawn ({label}): {ms:.1} ms (median of 5)");
        }
        println!(
            "peak RSS: spawned server under load {:.1} MiB; this process (server + load) {:.1} MiB",
            mib(self.spawned_peak_rss),
            mib(self.in_process_peak_rss)
        );
    }

    pub fn write_json(&self) {
        let rows: Vec<_> = self
            .rows
            .iter()
            .map(|r| {
                json!({
                    "row": r.name, "database": r.database, "concurrency": r.concurrency,
                    "requests_per_sec": r.requests_per_sec, "p50_ms": r.p50_ms,
                    "p99_ms": r.p99_ms, "p999_ms": r.p999_ms, "errors": r.errors,
                    "ratio_to_status": self.ratio(r),
                    "server_cpu_us_per_request": r.server_cpu_us,
                    "load_cpu_us_per_request": r.load_cpu_us,
                })
            })
            .collect();
        let startup: serde_json::Map<_, _> = self
            .startup_ms
            .iter()
            .map(|(label, ms)| (label.clone(), json!(ms)))
            .collect();
        let document = json!({
            "machine": machine(),
            "duration_secs": self.duration.as_secs_f64(),
            "concurrency": self.concurrency,
            "fresh_jwt_per_request": self.fresh_jwt,
            "rows": rows,
            "stored": self.stored,
            "prefill_secs": self.prefill_secs,
            "sms_stored_over_fresh_at_64": self.stored_over_empty(),
            "ready_after_spawn_ms": startup,
            "peak_rss_bytes": {
                "spawned_server": self.spawned_peak_rss,
                "in_process_server_and_load": self.in_process_peak_rss,
            },
        });
        let path = output_path();
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create target/bench");
        let text = serde_json::to_string_pretty(&document).expect("JSON");
        std::fs::write(&path, text).expect("write load.json");
        println!("wrote {}", path.display());
    }
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn output_path() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench").join("load.json")
}

/// The CPU model, core count and memory, from /proc.
fn machine() -> serde_json::Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_kb = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    json!({
        "cpu": model,
        "cores": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "memory_kb": memory_kb,
    })
}
