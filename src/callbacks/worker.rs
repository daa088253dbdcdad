//! The callback worker: makes the callbacks in the outbox, in the background, never on a
//! request's path.
//!
//! It wakes when a callback is queued in this process, when the next retry falls due, and at
//! least every second (to see callbacks the CLI queued from another process). Due callbacks
//! are leased (pushed back while in flight), attempted concurrently, and each attempt is
//! recorded with its time, duration and HTTP status or error. Notify's rules: up to 5 retries
//! on connection errors, timeouts, 5xx and 429, `retry_delay` apart; none on other 4xx.

use super::outbound::{self, Outcome};
use super::{bearer_token, UrlRules};
use crate::clock::{Clock, Micros};
use crate::secrets::MasterKey;
use crate::store::callbacks::{Attempt, Callback, CallbackState};
use crate::store::{self, Store};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

#[derive(Clone, Debug)]
pub struct CallbackSettings {
    pub retry_delay: Duration,
    pub max_retries: i64,
    pub timeout: Duration,
    pub rules: UrlRules,
}

impl Default for CallbackSettings {
    fn default() -> CallbackSettings {
        CallbackSettings {
            retry_delay: Duration::from_secs(300),
            max_retries: 5,
            timeout: Duration::from_secs(5),
            rules: UrlRules::default(),
        }
    }
}

const POLL: Duration = Duration::from_secs(1);
const BATCH: i64 = 200;

/// A handle on the running worker.
#[derive(Clone)]
pub struct Callbacks {
    wake: Arc<Notify>,
}

impl Callbacks {
    pub fn start(
        background: &crate::app::Background,
        store: Arc<Store>,
        master: Arc<MasterKey>,
        clock: Clock,
        settings: CallbackSettings,
    ) -> Callbacks {
        let wake = Arc::new(Notify::new());
        let worker = Worker {
            store,
            master,
            clock,
            settings: Arc::new(settings),
            wake: wake.clone(),
        };
        background.spawn(worker.run());
        Callbacks { wake }
    }

    /// Something was queued (or time moved): look at the outbox now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

#[derive(Clone)]
struct Worker {
    store: Arc<Store>,
    master: Arc<MasterKey>,
    clock: Clock,
    settings: Arc<CallbackSettings>,
    wake: Arc<Notify>,
}

fn micros(d: Duration) -> Micros {
    d.as_micros().min(i64::MAX as u128) as Micros
}

impl Worker {
    async fn run(self) {
        loop {
            let now = self.clock.now_us();
            match self
                .store
                .read(move |c| store::callbacks::due(c, now, BATCH))
                .await
            {
                Ok(due) if !due.is_empty() => self.start_attempts(due, now).await,
                Ok(_) => {}
                Err(e) => tracing::warn!("cannot read the callback outbox: {e}"),
            }
            let next = self
                .store
                .read(store::callbacks::next_due)
                .await
                .ok()
                .flatten();
            let wait = match next {
                Some(at) => {
                    Duration::from_micros((at - self.clock.now_us()).max(0) as u64).min(POLL)
                }
                None => POLL,
            };
            if wait.is_zero() {
                continue;
            }
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = self.wake.notified() => {}
            }
        }
    }

    async fn start_attempts(&self, due: Vec<Callback>, now: Micros) {
        let pks: Vec<i64> = due.iter().map(|c| c.pk).collect();
        let lease_until = now + micros(self.settings.timeout) + 30_000_000;
        if let Err(e) = self
            .store
            .write(move |c| store::callbacks::lease(c, &pks, lease_until))
            .await
        {
            tracing::warn!("cannot lease callbacks: {e}");
            return;
        }
        for callback in due {
            let worker = self.clone();
            tokio::spawn(async move { worker.attempt(callback).await });
        }
    }

    async fn attempt(&self, callback: Callback) {
        let (service_id, kind) = (callback.service_id, callback.callback_type);
        let config = self
            .store
            .read(move |c| store::callbacks::get(c, service_id, kind))
            .await
            .ok()
            .flatten();
        let attempted_at = self.clock.now_us();
        let (url, outcome) = match config {
            None => (
                String::new(),
                Outcome {
                    status: None,
                    error: Some("refused: the service no longer has this callback".into()),
                    duration: Duration::ZERO,
                },
            ),
            Some(config) => {
                let token = bearer_token(&self.master, &config);
                let body = bytes::Bytes::from(callback.payload.clone());
                let s = &self.settings;
                let outcome = outbound::post_json(
                    &config.url,
                    token.as_ref().map(|t| t.expose()),
                    body,
                    &s.rules,
                    s.timeout,
                )
                .await;
                (config.url, outcome)
            }
        };
        self.record(callback, url, attempted_at, outcome).await;
    }

    async fn record(
        &self,
        callback: Callback,
        url: String,
        attempted_at: Micros,
        outcome: Outcome,
    ) {
        let retries_left = callback.attempts < self.settings.max_retries;
        let (retry_at, state) = if outcome.is_success() {
            (None, CallbackState::Delivered)
        } else if outcome.is_retryable() && retries_left {
            (
                Some(self.clock.now_us() + micros(self.settings.retry_delay)),
                CallbackState::Pending,
            )
        } else {
            (None, CallbackState::Failed)
        };
        let attempt = Attempt {
            callback_pk: callback.pk,
            service_id: callback.service_id,
            subject_id: callback.subject_id,
            url,
            attempted_at,
            duration_ms: outcome.duration.as_millis() as i64,
            http_status: outcome.status,
            error: outcome.error,
        };
        let written = self
            .store
            .write(move |c| store::callbacks::record_attempt(c, &attempt, retry_at, state))
            .await;
        if let Err(e) = written {
            tracing::warn!("cannot record a callback attempt: {e}");
        }
        self.wake.notify_one();
    }
}
