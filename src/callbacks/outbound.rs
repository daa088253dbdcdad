//! Outbound HTTP: POST a JSON body to a service's URL (callbacks, the SMS webhook provider).
//!
//! hyper's client over a TCP connection we open ourselves, with rustls (ring) for https, so we
//! decide exactly where it goes: the host is resolved once, every address is checked against
//! the rules (loopback is fine; private networks only when configured: no server-side request
//! forgery into the network notifyd sits in), and we connect to the checked address, so a DNS
//! answer cannot change between the check and the call. Redirects are never followed. The whole
//! attempt, connection included, has one timeout.

use super::UrlRules;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

/// What one attempt got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The HTTP status, when a response came back.
    pub status: Option<u16>,
    /// What went wrong before a response (connection, TLS, timeout, refused address).
    pub error: Option<String>,
    pub duration: Duration,
}

impl Outcome {
    pub fn is_success(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }

    /// Notify retries connection errors, timeouts, 5xx and 429; nothing else.
    pub fn is_retryable(&self) -> bool {
        match self.status {
            None => self
                .error
                .as_deref()
                .is_none_or(|e| !e.starts_with(REFUSED)),
            Some(status) => status >= 500 || status == 429,
        }
    }
}

const REFUSED: &str = "refused:";

/// Whether an address is on a private network (and so needs `allow_private_networks`).
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || (o[0] == 100 && (64..128).contains(&o[1]))
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| is_private(IpAddr::V4(v4)))
        }
    }
}

fn tls_connector() -> tokio_rustls::TlsConnector {
    static CONFIG: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
    let config = CONFIG.get_or_init(|| {
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports the default TLS versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
        Arc::new(config)
    });
    tokio_rustls::TlsConnector::from(config.clone())
}

/// Resolves `host` and picks the first address the rules allow.
async fn resolve(host: &str, port: u16, rules: &UrlRules) -> Result<SocketAddr, String> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((bare, port))
        .await
        .map_err(|e| format!("cannot resolve {host}: {e}"))?
        .collect();
    let allowed = addrs
        .iter()
        .find(|a| a.ip().is_loopback() || rules.allow_private_networks || !is_private(a.ip()));
    match (allowed, addrs.first()) {
        (Some(addr), _) => Ok(*addr),
        (None, Some(addr)) => Err(format!(
            "{REFUSED} {host} is a private network address ({}); set callbacks.allow_private_networks to call it",
            addr.ip()
        )),
        (None, None) => Err(format!("cannot resolve {host}")),
    }
}

/// POSTs `body` as JSON to `url` with `Authorization: Bearer <token>` (when given).
pub async fn post_json(
    url: &str,
    bearer: Option<&str>,
    body: Bytes,
    rules: &UrlRules,
    timeout: Duration,
) -> Outcome {
    let started = Instant::now();
    let result = tokio::time::timeout(timeout, attempt(url, bearer, body, rules)).await;
    let duration = started.elapsed();
    match result {
        Ok(Ok(status)) => Outcome {
            status: Some(status),
            error: None,
            duration,
        },
        Ok(Err(error)) => Outcome {
            status: None,
            error: Some(error),
            duration,
        },
        Err(_) => Outcome {
            status: None,
            error: Some(format!("timed out after {} seconds", timeout.as_secs_f64())),
            duration,
        },
    }
}

async fn attempt(
    url: &str,
    bearer: Option<&str>,
    body: Bytes,
    rules: &UrlRules,
) -> Result<u16, String> {
    let uri = super::check_url(url, rules).map_err(|e| format!("{REFUSED} {e}"))?;
    let host = uri.host().unwrap_or_default().to_owned();
    let https = uri.scheme_str() == Some("https");
    let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
    let addr = resolve(&host, port, rules).await?;
    let tcp = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("cannot connect to {host}:{port}: {e}"))?;
    let _ = tcp.set_nodelay(true);
    let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let authority = uri
        .authority()
        .map(|a| a.as_str().to_owned())
        .unwrap_or(host.clone());
    let mut request = Request::post(path)
        .header("host", authority)
        .header("content-type", "application/json")
        .header("user-agent", concat!("notifyd/", env!("CARGO_PKG_VERSION")));
    if let Some(token) = bearer {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let request = request.body(Full::new(body)).map_err(|e| e.to_string())?;
    if https {
        let name = rustls::pki_types::ServerName::try_from(
            host.trim_start_matches('[')
                .trim_end_matches(']')
                .to_owned(),
        )
        .map_err(|e| format!("bad TLS name {host}: {e}"))?;
        let tls = tls_connector()
            .connect(name, tcp)
            .await
            .map_err(|e| format!("TLS with {host} failed: {e}"))?;
        send(TokioIo::new(tls), request).await
    } else {
        send(TokioIo::new(tcp), request).await
    }
}

async fn send<I>(io: I, request: Request<Full<Bytes>>) -> Result<u16, String>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(io)
        .await
        .map_err(|e| format!("HTTP handshake failed: {e}"))?;
    tokio::spawn(connection);
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("request failed: {e}"))?;
    let status = response.status().as_u16();
    // Drain (a little of) the body so the connection closes cleanly; its content is ignored.
    let _ = response.into_body().collect().await;
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_networks_are_recognised() {
        for ip in [
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.4",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "2001:4860:4860::8888", "127.0.0.1"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn retry_rules_follow_notify() {
        let outcome = |status: Option<u16>, error: Option<&str>| Outcome {
            status,
            error: error.map(str::to_owned),
            duration: Duration::ZERO,
        };
        assert!(outcome(Some(500), None).is_retryable());
        assert!(outcome(Some(429), None).is_retryable());
        assert!(!outcome(Some(400), None).is_retryable());
        assert!(!outcome(Some(200), None).is_retryable());
        assert!(outcome(None, Some("cannot connect")).is_retryable());
        assert!(!outcome(None, Some("refused: private")).is_retryable());
    }
}
