//! The background progression of notifications' statuses: `created` → `sending` → final.
//!
//! One task owns a timer queue. Sends schedule their steps; when steps fall due, the task
//! applies every due step in one write through the writer (so a thousand deliveries cost one
//! commit) and then announces each change on a broadcast channel, which callbacks and waiters
//! listen to. Nothing is lost at a restart: `resume` reschedules every notification still in
//! flight from the database.

use super::simulate::{self, Outcome, Timing};
use super::Status;
use crate::callbacks::outbox;
use crate::callbacks::worker::Callbacks;
use crate::clock::Clock;
use crate::store::{self, notifications::Notification, Store};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;
use tokio::sync::{broadcast, mpsc};
use tokio::time::Instant;
use uuid::Uuid;

/// A notification reached a new status.
#[derive(Clone, Debug)]
pub struct StatusChange {
    pub pk: i64,
    pub id: Uuid,
    pub service_id: Uuid,
    pub status: Status,
}

/// One step to apply at `due`.
struct Step {
    due: Instant,
    pk: i64,
    id: Uuid,
    service_id: Uuid,
    status: Status,
}

#[derive(Clone)]
pub struct Delivery {
    steps: mpsc::UnboundedSender<Step>,
    changes: broadcast::Sender<StatusChange>,
    timing: Timing,
}

/// What the delivery task needs besides its queue.
struct Context {
    store: Arc<Store>,
    clock: Clock,
    changes: broadcast::Sender<StatusChange>,
    callbacks: Callbacks,
}

impl Delivery {
    /// Starts the delivery task (inside the runtime).
    pub fn start(
        store: Arc<Store>,
        clock: Clock,
        timing: Timing,
        callbacks: Callbacks,
    ) -> Delivery {
        let (steps, queue) = mpsc::unbounded_channel();
        let (changes, _) = broadcast::channel(4096);
        let context = Context {
            store,
            clock,
            changes: changes.clone(),
            callbacks,
        };
        tokio::spawn(run(context, queue));
        Delivery {
            steps,
            changes,
            timing,
        }
    }

    /// Listens to every status change from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<StatusChange> {
        self.changes.subscribe()
    }

    /// Schedules a newly created (or resumed) notification's remaining steps. `started` is
    /// when its clock started (creation for new ones, now for resumed ones).
    pub fn schedule(&self, n: &Notification, started: Instant) {
        // International texts to countries without delivery receipts stop at `sent`.
        let no_receipts = n.international
            && crate::recipients::parse(&n.recipient).is_ok_and(|p| !p.records_delivery());
        let last = simulate::final_status(&Outcome {
            key_type: n.key_type,
            kind: n.notification_type,
            to: &n.recipient,
            no_receipts,
            unreadable_pdf: n.notification_type == crate::templates::TemplateType::Letter
                && n.billable_units == 0,
        });
        for (after, status) in simulate::steps(n.status, last, self.timing) {
            let _ = self.steps.send(Step {
                due: started + after,
                pk: n.pk,
                id: n.id,
                service_id: n.service_id,
                status,
            });
        }
    }

    /// Reschedules everything still in flight (after a restart).
    pub async fn resume(&self, store: &Arc<Store>) -> Result<usize, store::StoreError> {
        let pending = store.read(store::notifications::in_flight).await?;
        let now = Instant::now();
        for n in &pending {
            self.schedule(n, now);
        }
        Ok(pending.len())
    }
}

async fn run(context: Context, mut incoming: mpsc::UnboundedReceiver<Step>) {
    let mut queue: BinaryHeap<Reverse<(Instant, u64)>> = BinaryHeap::new();
    let mut waiting: std::collections::HashMap<u64, Step> = std::collections::HashMap::new();
    let mut seq: u64 = 0;
    loop {
        let next_due = queue.peek().map(|Reverse((due, _))| *due);
        tokio::select! {
            step = incoming.recv() => {
                let Some(step) = step else { break };
                seq += 1;
                queue.push(Reverse((step.due, seq)));
                waiting.insert(seq, step);
            }
            _ = sleep_until(next_due) => {
                let now = Instant::now();
                let mut due = Vec::new();
                while let Some(Reverse((at, n))) = queue.peek().copied() {
                    if at > now {
                        break;
                    }
                    queue.pop();
                    if let Some(step) = waiting.remove(&n) {
                        due.push(step);
                    }
                }
                apply(&context, due).await;
            }
        }
    }
}

async fn sleep_until(due: Option<Instant>) {
    match due {
        Some(due) => tokio::time::sleep_until(due).await,
        None => std::future::pending().await,
    }
}

/// Applies due steps in one write (queueing their callbacks in the same transaction) and
/// announces the ones that took effect.
async fn apply(context: &Context, due: Vec<Step>) {
    if due.is_empty() {
        return;
    }
    let at = context.clock.now_us();
    let written = context
        .store
        .write(move |conn| {
            let mut applied = Vec::with_capacity(due.len());
            let mut queued = false;
            for step in due {
                if store::notifications::set_status(conn, step.pk, step.status, at)? {
                    queued |= outbox::enqueue_delivery_status(conn, step.pk, at)?;
                    applied.push(StatusChange {
                        pk: step.pk,
                        id: step.id,
                        service_id: step.service_id,
                        status: step.status,
                    });
                }
            }
            Ok((applied, queued))
        })
        .await;
    match written {
        Ok((applied, queued)) => {
            if queued {
                context.callbacks.wake();
            }
            for change in applied {
                let _ = context.changes.send(change);
            }
        }
        Err(e) => tracing::error!("could not update notification statuses: {e}"),
    }
}
