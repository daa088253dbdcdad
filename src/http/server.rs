//! The HTTP/1.1 server: accepts connections on an already-bound listener (so tests bind port 0
//! and never sleep), serves each with hyper under limits that keep hostile clients from
//! starving others, and on shutdown stops accepting, lets in-flight requests finish, returns.
//!
//! Limits: a request head (line and headers) over 16 KiB is refused by hyper (431); a client
//! must send its headers within `header_timeout`, which also ends idle keep-alive connections
//! (so half-open "slowloris" connections go away); at most `max_connections` are served at
//! once, and the next ones get a 503 with a clear message and are closed. Body sizes are
//! checked where bodies are read (`request::read_body`).

use super::routes;
use crate::app::App;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

/// How long in-flight requests get to finish at shutdown.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest request head (request line and headers) accepted.
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// Connection limits (the `[server]` settings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// How long a client may take to send a request's headers, and to start the next request
    /// on a kept-alive connection.
    pub header_timeout: Duration,
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            header_timeout: Duration::from_secs(10),
            max_connections: 1024,
        }
    }
}

const BUSY: &str = "{\"message\":\"notifyd is serving as many connections as it is allowed to; try again shortly\",\"result\":\"error\"}\n";

/// Serves `app` on `listener` until `shutdown` completes, then drains.
pub async fn run(app: Arc<App>, listener: TcpListener, shutdown: impl Future<Output = ()>) {
    let limits = app.settings.connections;
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true)
        .max_buf_size(MAX_HEAD_BYTES);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        tracing::warn!("accept failed: {e}");
                        continue;
                    }
                };
                let Ok(slot) = slots.clone().try_acquire_owned() else {
                    tokio::spawn(refuse(stream));
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let app = app.clone();
                let service = service_fn(move |req| {
                    let app = app.clone();
                    async move { Ok::<_, Infallible>(routes::handle(&app, req).await) }
                });
                let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
                tokio::spawn(async move {
                    if let Err(e) = connection.await {
                        tracing::debug!("connection ended: {e}");
                    }
                    drop(slot);
                });
            }
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("some connections were still busy after {DRAIN_TIMEOUT:?}; closing them");
    }
}

/// Tells a client over the connection limit why, and closes.
async fn refuse(mut stream: TcpStream) {
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{BUSY}",
        BUSY.len()
    );
    let _ = tokio::time::timeout(
        Duration::from_secs(1),
        stream.write_all(response.as_bytes()),
    )
    .await;
    let _ = stream.shutdown().await;
}
