//! Retention: notifications (with their letter PDFs), received texts and finished callbacks
//! older than the service's retention period (7 days unless the config says otherwise, as in
//! Notify) are deleted by a background task, in small batches through the writer, so a big
//! clean-up never holds the writer for long or stalls sends.

use crate::clock::{utc_day_start, Clock, Micros};
use crate::store::{self, Store, StoreError};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// Notify's default: 7 days.
pub const DEFAULT_DAYS: i64 = 7;
const BATCH: i64 = 500;
const EVERY: Duration = Duration::from_secs(600);
const DAY_US: Micros = 86_400_000_000;

/// How long each service's messages are kept.
#[derive(Clone, Debug, Default)]
pub struct RetentionSettings {
    pub default_days: Option<i64>,
    pub per_service: HashMap<Uuid, i64>,
}

impl RetentionSettings {
    pub fn days_for(&self, service: Uuid) -> i64 {
        self.per_service
            .get(&service)
            .copied()
            .or(self.default_days)
            .unwrap_or(DEFAULT_DAYS)
    }
}

/// What one sweep removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub notifications: usize,
    pub received_texts: usize,
    pub callbacks: usize,
}

/// Deletes everything past retention, in batches. Safe to run at any time.
pub async fn sweep(
    store: &Arc<Store>,
    clock: &Clock,
    settings: &RetentionSettings,
) -> Result<Swept, StoreError> {
    let now = clock.now_us();
    let services = store.read(store::services::list).await?;
    let mut swept = Swept::default();
    for service in services {
        let cutoff = now - settings.days_for(service.id) * DAY_US;
        swept.notifications += in_batches(store, move |c| {
            store::notifications::delete_older_than(c, service.id, cutoff, BATCH)
        })
        .await?;
        swept.received_texts += in_batches(store, move |c| {
            store::inbound_sms::delete_older_than(c, service.id, cutoff, BATCH)
        })
        .await?;
        swept.callbacks += in_batches(store, move |c| {
            store::callbacks::delete_finished_older_than(c, service.id, cutoff, BATCH)
        })
        .await?;
    }
    let yesterday = utc_day_start(now) - DAY_US;
    store
        .write(move |c| store::daily_counts::delete_before(c, yesterday))
        .await?;
    Ok(swept)
}

/// Runs one batched delete until a batch comes back short.
async fn in_batches<F>(store: &Arc<Store>, delete: F) -> Result<usize, StoreError>
where
    F: Fn(&rusqlite::Connection) -> store::Result<usize> + Send + Sync + Clone + 'static,
{
    let mut total = 0;
    loop {
        let batch = delete.clone();
        let deleted = store.write(move |c| batch(c)).await?;
        total += deleted;
        if (deleted as i64) < BATCH {
            return Ok(total);
        }
        tokio::task::yield_now().await;
    }
}

/// Sweeps now and then, in the background.
pub fn start(
    background: &crate::app::Background,
    store: Arc<Store>,
    clock: Clock,
    settings: RetentionSettings,
) {
    background.spawn(async move {
        loop {
            tokio::time::sleep(EVERY).await;
            match sweep(&store, &clock, &settings).await {
                Ok(swept) if swept != Swept::default() => {
                    tracing::info!("retention: removed {swept:?}")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!("retention sweep failed: {e}"),
            }
        }
    });
}
