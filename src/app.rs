//! The running server's shared state: the store, the service cache, the clock, the master key
//! and the settings, plus the small background jobs that keep them honest (recording when keys
//! were last used, off the request path), and `Background`, which stops every long-lived job
//! with the server.

use crate::auth::{self, AuthError, Principal};
use crate::cache::Cache;
use crate::callbacks::worker::Callbacks;
use crate::clock::{Clock, Micros};
use crate::config::Settings;
use crate::limits::Limits;
use crate::notifications::delivery::{Delivery, DeliverySettings};
use crate::providers::Providers;
use crate::retention::RetentionSettings;
use crate::secrets::MasterKey;
use crate::store::{self, Store};
use std::future::Future;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tokio::task::AbortHandle;
use uuid::Uuid;

/// The server's long-lived background jobs (delivery, callbacks, retention, key-use recording,
/// resuming). They stop with the server, so a server stopped in-process (tests, the benchmark)
/// never touches its database again; whatever they had not done yet is in the database and is
/// picked up at the next start.
#[derive(Clone, Default)]
pub struct Background(Arc<Mutex<Vec<AbortHandle>>>);

impl Background {
    /// Starts `job` on the runtime, to be stopped by `stop`.
    pub fn spawn(&self, job: impl Future<Output = ()> + Send + 'static) {
        let handle = tokio::spawn(job).abort_handle();
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(handle);
    }

    /// Ends every job started so far (each at its next await).
    pub fn stop(&self) {
        for job in self.0.lock().unwrap_or_else(|p| p.into_inner()).drain(..) {
            job.abort();
        }
    }
}

pub struct App {
    pub store: Arc<Store>,
    pub cache: Cache,
    pub clock: Clock,
    pub master: Arc<MasterKey>,
    pub settings: Settings,
    pub delivery: Delivery,
    pub callbacks: Callbacks,
    pub limits: Limits,
    pub retention: RetentionSettings,
    pub background: Background,
    key_use: mpsc::UnboundedSender<(Uuid, Micros)>,
}

impl App {
    /// Builds the state and starts its background jobs (call inside the runtime).
    pub fn start(
        store: Store,
        master: MasterKey,
        clock: Clock,
        settings: Settings,
        limits: Limits,
        providers: Providers,
    ) -> Arc<App> {
        let store = Arc::new(store);
        let master = Arc::new(master);
        let (key_use, uses) = mpsc::unbounded_channel();
        let background = Background::default();
        background.spawn(record_key_use(store.clone(), uses));
        let callbacks = Callbacks::start(
            &background,
            store.clone(),
            master.clone(),
            clock.clone(),
            settings.callbacks.clone(),
        );
        let delivery_settings = DeliverySettings {
            timing: settings.timing,
            providers,
            email_domain: settings.email_domain.clone(),
        };
        let delivery = Delivery::start(
            &background,
            store.clone(),
            clock.clone(),
            delivery_settings,
            callbacks.clone(),
        );
        let retention = RetentionSettings {
            default_days: None,
            per_service: settings
                .file
                .services
                .iter()
                .filter_map(|s| s.retention_days.map(|days| (s.id, days)))
                .collect(),
        };
        Arc::new(App {
            retention,
            background,
            delivery,
            callbacks,
            limits,
            cache: Cache::new(store.clone(), master.clone()),
            store,
            clock,
            master,
            settings,
            key_use,
        })
    }

    /// The reply-to address the config gives a service's emails.
    pub fn email_reply_to(&self, service: Uuid) -> Option<&str> {
        self.settings
            .file
            .services
            .iter()
            .find(|s| s.id == service)
            .and_then(|s| s.email_reply_to.as_deref())
    }

    /// `Authorization` header → principal (Bearer JWT or ApiKey-v1).
    pub fn authenticate(&self, authorization: Option<&str>) -> Result<Principal, AuthError> {
        let principal = auth::authenticate(&self.cache, &self.clock, authorization)?;
        self.note_use(&principal);
        Ok(principal)
    }

    /// `x-api-key` header → principal (the notify.cx dialect).
    pub fn authenticate_x_api_key(&self, value: Option<&str>) -> Result<Principal, AuthError> {
        let principal = auth::authenticate_x_api_key(&self.cache, &self.clock, value)?;
        self.note_use(&principal);
        Ok(principal)
    }

    /// Queues a last-used time for the key, at most once a second per key.
    fn note_use(&self, principal: &Principal) {
        let now = self.clock.now_us();
        let second = now / 1_000_000;
        let Some(key) = principal
            .service
            .keys
            .iter()
            .find(|k| k.id == principal.key_id)
        else {
            return;
        };
        let last = key.last_use_recorded.load(Ordering::Relaxed);
        if second > last
            && key
                .last_use_recorded
                .compare_exchange(last, second, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            let _ = self.key_use.send((principal.key_id, now));
        }
    }
}

/// Writes queued key uses in batches through the writer.
async fn record_key_use(store: Arc<Store>, mut uses: mpsc::UnboundedReceiver<(Uuid, Micros)>) {
    while let Some(first) = uses.recv().await {
        let mut batch = vec![first];
        while let Ok(more) = uses.try_recv() {
            batch.push(more);
        }
        let written = store
            .write(move |conn| store::keys::record_use(conn, &batch))
            .await;
        if let Err(e) = written {
            tracing::warn!("could not record API key use: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Background;

    /// Tells `dropped` when the job holding it is gone.
    struct Guard(Option<tokio::sync::oneshot::Sender<()>>);

    impl Drop for Guard {
        fn drop(&mut self) {
            if let Some(tx) = self.0.take() {
                let _ = tx.send(());
            }
        }
    }

    #[tokio::test]
    async fn stopping_ends_every_job_however_long_it_would_run() {
        let background = Background::default();
        let mut dropped = Vec::new();
        for _ in 0..3 {
            let (tx, rx) = tokio::sync::oneshot::channel();
            let guard = Guard(Some(tx));
            background.spawn(async move {
                let _guard = guard;
                std::future::pending::<()>().await;
            });
            dropped.push(rx);
        }
        background.stop();
        for rx in dropped {
            let deadline = std::time::Duration::from_secs(10);
            let ended = tokio::time::timeout(deadline, rx).await;
            assert!(matches!(ended, Ok(Ok(()))), "a job outlived stop()");
        }
    }
}
