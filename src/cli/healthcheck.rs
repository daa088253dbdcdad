//! `notifyd healthcheck [--url URL]`: exit 0 and print `ok` when a server answers `/_status`
//! with `{"status":"ok"}`, else exit 1. Useful in containers and test fixtures.

use super::{Cli, CliError, Output};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::Request;
use hyper_util::rt::TokioIo;
use serde::Serialize;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct HealthcheckArgs {
    /// Server to check [default: the configured listen address]
    #[arg(long)]
    pub url: Option<String>,
}

pub fn run(cli: &Cli, args: &HealthcheckArgs, out: &Output) -> Result<(), CliError> {
    let base = match &args.url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => {
            let listen = cli.settings(None)?.listen;
            format!("http://{}", listen.replace("0.0.0.0", "127.0.0.1"))
        }
    };
    let url = format!("{base}/_status");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let checked = runtime.block_on(async {
        tokio::time::timeout(Duration::from_secs(5), check(&url))
            .await
            .unwrap_or_else(|_| Err(format!("{url} did not answer within 5 seconds")))
    });
    checked.map_err(CliError)?;
    #[derive(Serialize)]
    struct Healthy {
        status: &'static str,
    }
    out.either(&Healthy { status: "ok" }, Some("ok"));
    Ok(())
}

async fn check(url: &str) -> Result<(), String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("bad URL {url}: {e}"))?;
    if uri.scheme_str() != Some("http") {
        return Err(format!("{url}: only http:// URLs can be checked"));
    }
    let host = uri.host().ok_or_else(|| format!("{url} has no host"))?;
    let port = uri.port_u16().unwrap_or(80);
    let stream = tokio::net::TcpStream::connect((host, port))
        .await
        .map_err(|e| format!("cannot connect to {host}:{port}: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    tokio::spawn(connection);
    let request = Request::get(uri.path())
        .header("host", format!("{host}:{port}"))
        .body(Empty::<Bytes>::new())
        .map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("{url}: {e}"))?
        .to_bytes();
    let healthy = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .is_some_and(|v| v["status"] == "ok");
    if status.is_success() && healthy {
        Ok(())
    } else {
        Err(format!("{url} answered {status}: not healthy"))
    }
}
