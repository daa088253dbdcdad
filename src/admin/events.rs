//! `/services/{id}/notifications/events`: the inbox's live view, as server-sent events. Each new
//! notification and each status change of the service is one `notification` event
//! (`{"id", "status"}`); the page's script reloads its table when one arrives. A comment line
//! every 15 seconds keeps proxies from closing the stream, and tells notifyd when the browser
//! has gone. Needs `view_activity`, like the inbox.

use super::context::member;
use super::AdminError;
use crate::app::App;
use crate::http::json::Body;
use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Frame;
use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE};
use hyper::{Request, Response};
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// A response body fed by a channel: the stream ends when the sender does.
struct ChannelBody(mpsc::Receiver<Bytes>);

impl hyper::body::Body for ChannelBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_recv(cx)
            .map(|next| next.map(|bytes| Ok(Frame::data(bytes))))
    }
}

/// `GET /services/{id}/notifications/events`.
pub async fn stream<B>(
    app: &App,
    req: &Request<B>,
    service: &str,
) -> Result<Response<Body>, AdminError> {
    let member = member(app, req, service, "view_activity").await?;
    let service_id = member.service.id;
    let mut changes = app.delivery.subscribe();
    let (tx, rx) = mpsc::channel::<Bytes>(16);
    tokio::spawn(async move {
        if tx
            .send(Bytes::from_static(b"retry: 2000\n\n"))
            .await
            .is_err()
        {
            return;
        }
        loop {
            let event = match tokio::time::timeout(KEEP_ALIVE, changes.recv()).await {
                Err(_) => Bytes::from_static(b": keep-alive\n\n"),
                Ok(Ok(change)) if change.service_id == service_id => Bytes::from(format!(
                    "event: notification\ndata: {{\"id\":\"{}\",\"status\":\"{}\"}}\n\n",
                    change.id,
                    change.status.as_str()
                )),
                Ok(Ok(_)) => continue,
                Ok(Err(broadcast::error::RecvError::Lagged(_))) => {
                    Bytes::from_static(b"event: notification\ndata: {}\n\n")
                }
                Ok(Err(broadcast::error::RecvError::Closed)) => return,
            };
            if tx.send(event).await.is_err() {
                return;
            }
        }
    });
    let mut response = Response::new(ChannelBody(rx).boxed());
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
