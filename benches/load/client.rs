//! The load generator: `connections` keep-alive HTTP/1.1 connections, each sending one request
//! after another until the deadline, every latency recorded. It runs on its own Tokio runtime,
//! so the server's workers and the generator's never share a queue.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::Request;
use hyper_util::rt::TokioIo;
use notifyd::auth::jwt;
use serde_json::json;
use std::net::SocketAddr;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::net::TcpStream;
use uuid::Uuid;

/// What a row sends.
#[derive(Clone)]
pub enum Call {
    /// `GET` without authentication.
    Open(String),
    /// `GET` with a JWT.
    Get(String),
    /// `POST` of a JSON body with a JWT.
    Post(String, String),
}

/// Who signs the tokens: the service id (`iss`) and the key's secret.
#[derive(Clone)]
pub struct Signer {
    pub service_id: Uuid,
    pub secret: String,
    /// Sign a new token for every request instead of once a second per connection.
    pub fresh: bool,
}

impl Signer {
    fn token(&self, now: i64) -> String {
        let claims = json!({"iss": self.service_id.to_string(), "iat": now});
        format!("Bearer {}", jwt::sign(&claims, &self.secret))
    }
}

/// One row's raw result: latencies in microseconds and the failures.
#[derive(Default)]
pub struct Sample {
    pub latencies_us: Vec<u32>,
    pub errors: u64,
    pub elapsed: Duration,
    /// CPU used by the server and the load generator meanwhile (filled in by the caller).
    pub cpu: crate::cpu::Cpu,
}

impl Sample {
    /// Adds another run of the same row.
    pub fn merge(&mut self, other: Sample) {
        self.latencies_us.extend(other.latencies_us);
        self.errors += other.errors;
        self.elapsed += other.elapsed;
        self.cpu += other.cpu;
    }
}

/// Drives `connections` connections against `addr` for `duration`.
pub async fn drive(
    addr: SocketAddr,
    call: Call,
    signer: Signer,
    connections: usize,
    duration: Duration,
) -> Sample {
    let start = Instant::now();
    let deadline = start + duration;
    let tasks: Vec<_> = (0..connections)
        .map(|_| tokio::spawn(connection(addr, call.clone(), signer.clone(), deadline)))
        .collect();
    let mut sample = Sample::default();
    for task in tasks {
        let part = task.await.unwrap_or_default();
        sample.latencies_us.extend(part.latencies_us);
        sample.errors += part.errors;
    }
    sample.elapsed = start.elapsed();
    sample
}

/// One connection's loop; a broken connection is reopened (and counted as an error).
async fn connection(addr: SocketAddr, call: Call, signer: Signer, deadline: Instant) -> Sample {
    let mut sample = Sample::default();
    let mut cached: Option<(i64, String)> = None;
    while Instant::now() < deadline {
        let Ok(stream) = TcpStream::connect(addr).await else {
            sample.errors += 1;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let Ok((mut sender, conn)) = http1::handshake(TokioIo::new(stream)).await else {
            sample.errors += 1;
            continue;
        };
        tokio::spawn(conn);
        while Instant::now() < deadline {
            let auth = authorization(&signer, &mut cached);
            let began = Instant::now();
            let ok = match sender.send_request(request(&call, &auth)).await {
                Ok(response) => {
                    let status = response.status();
                    let body = response.into_body().collect().await;
                    body.is_ok() && status.is_success()
                }
                Err(_) => false,
            };
            let micros = began.elapsed().as_micros().min(u32::MAX as u128) as u32;
            if ok {
                sample.latencies_us.push(micros);
            } else {
                sample.errors += 1;
                if sender.ready().await.is_err() {
                    break;
                }
            }
        }
    }
    sample
}

fn authorization(signer: &Signer, cached: &mut Option<(i64, String)>) -> String {
    let now = now_secs();
    if signer.fresh {
        return signer.token(now);
    }
    match cached {
        Some((second, token)) if *second == now => token.clone(),
        _ => {
            let token = signer.token(now);
            *cached = Some((now, token.clone()));
            token
        }
    }
}

fn request(call: &Call, auth: &str) -> Request<Full<Bytes>> {
    let builder = Request::builder().header("host", "127.0.0.1");
    let (builder, body) = match call {
        Call::Open(path) => (builder.method("GET").uri(path.as_str()), Bytes::new()),
        Call::Get(path) => (
            builder
                .method("GET")
                .uri(path.as_str())
                .header("authorization", auth),
            Bytes::new(),
        ),
        Call::Post(path, body) => (
            builder
                .method("POST")
                .uri(path.as_str())
                .header("authorization", auth)
                .header("content-type", "application/json"),
            Bytes::from(body.clone()),
        ),
    };
    builder.body(Full::new(body)).expect("a valid request")
}

/// One request on a fresh connection, for setting up rows: (status, body).
pub async fn once(addr: SocketAddr, call: &Call, signer: &Signer) -> (u16, Vec<u8>) {
    let stream = TcpStream::connect(addr).await.expect("connect");
    let (mut sender, conn) = http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(conn);
    let response = sender
        .send_request(request(call, &signer.token(now_secs())))
        .await
        .expect("response");
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.expect("body");
    (status, body.to_bytes().to_vec())
}

pub fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
