//! Hostile clients through real sockets: oversized headers and bodies, half-open "slowloris"
//! connections, and more connections than allowed. Other clients must still be served.

mod common;

use common::TestServer;
use serde_json::json;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn connect(server: &TestServer) -> TcpStream {
    let addr = server.url.trim_start_matches("http://");
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// Sends raw bytes and reads the whole response (the server closes or answers).
fn raw(server: &TestServer, request: &[u8]) -> String {
    let mut stream = connect(server);
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let mut buf = [0u8; 8192];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        response.extend_from_slice(&buf[..n]);
        if let Some(end) = find_end(&response) {
            response.truncate(end);
            break;
        }
    }
    String::from_utf8_lossy(&response).into_owned()
}

/// The end of the first response, when its whole body has arrived.
fn find_end(bytes: &[u8]) -> Option<usize> {
    let text = String::from_utf8_lossy(bytes);
    let head_end = text.find("\r\n\r\n")? + 4;
    let length: usize = text[..head_end]
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0);
    (bytes.len() >= head_end + length).then_some(head_end + length)
}

#[test]
fn oversized_heads_and_bodies_are_refused() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let big_header = format!(
        "GET /_status HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    let reply = raw(&server, big_header.as_bytes());
    assert!(reply.starts_with("HTTP/1.1 431"), "{reply}");

    let auth = common::bearer(&server.clock, &s.test);
    let body = json!({"phone_number": "07700900123", "template_id": s.sms.to_string(), "personalisation": {"pad": "x".repeat(1024 * 1024)}}).to_string();
    let reply = server.post("/v2/notifications/sms", &[("authorization", &auth)], &body);
    assert_eq!(reply.status, 413);
    let (error, message) = reply.v2_error();
    assert_eq!(error, "PayloadTooLarge");
    assert!(message.contains("1048576"), "{message}");

    let chunked = format!(
        "POST /v2/notifications/sms HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{}\r\n0\r\n\r\n",
        1100 * 1024,
        "y".repeat(1100 * 1024)
    );
    let reply = raw(&server, chunked.as_bytes());
    assert!(
        reply.starts_with("HTTP/1.1 413"),
        "{}",
        &reply[..reply.len().min(200)]
    );

    use base64::Engine;
    let pdf = base64::engine::general_purpose::STANDARD.encode(vec![b'%'; 2 * 1024 * 1024]);
    let letter = json!({"reference": "big", "content": pdf}).to_string();
    let reply = server.post(
        "/v2/notifications/letter",
        &[("authorization", &auth)],
        &letter,
    );
    assert_eq!(
        reply.status,
        201,
        "precompiled letters may be up to 10 MiB: {}",
        reply.text()
    );
}

#[test]
fn half_open_connections_do_not_stop_other_clients() {
    let server = TestServer::start_with(|c| {
        c.connections.header_timeout = Duration::from_millis(300);
        c.connections.max_connections = 2000;
    });
    let mut slow: Vec<TcpStream> = (0..500)
        .map(|_| {
            let mut stream = connect(&server);
            stream
                .write_all(b"GET /_status HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                .unwrap();
            stream
        })
        .collect();
    let started = Instant::now();
    assert_eq!(server.get("/_status", &[]).status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "served while 500 connections hang"
    );
    for stream in &mut slow {
        let mut buf = [0u8; 64];
        let n = stream.read(&mut buf).unwrap_or(0);
        let text = String::from_utf8_lossy(&buf[..n]);
        assert!(
            n == 0 || text.starts_with("HTTP/1.1 408"),
            "a half-open connection is closed: {text}"
        );
    }
}

#[test]
fn connections_beyond_the_cap_get_a_clear_refusal() {
    let server = TestServer::start_with(|c| c.connections.max_connections = 5);
    let mut held: Vec<TcpStream> = (0..5)
        .map(|_| {
            let mut stream = connect(&server);
            stream
                .write_all(b"GET /_status HTTP/1.1\r\nHost: x\r\n\r\n")
                .unwrap();
            let mut buf = [0u8; 512];
            let _ = stream.read(&mut buf).unwrap();
            stream
        })
        .collect();
    let refused = raw(&server, b"GET /_status HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(refused.starts_with("HTTP/1.1 503"), "{refused}");
    assert!(
        refused.contains("as many connections as it is allowed"),
        "{refused}"
    );
    held.pop();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let reply = raw(
            &server,
            b"GET /_status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        );
        if reply.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "a freed slot is used again: {reply}"
        );
    }
}
