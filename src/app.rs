//! The running server's shared state: the store, the service cache, the clock, the master key
//! and the settings, plus the small background jobs that keep them honest (recording when keys
//! were last used, off the request path).

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
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tokio::sync::mpsc;
use uuid::Uuid;

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
        tokio::spawn(record_key_use(store.clone(), uses));
        let callbacks = Callbacks::start(
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
