//! The background progression of notifications' statuses: `created` → `sending` → final.
//!
//! One task owns a timer queue. Sends schedule their steps: status changes (simulated for test
//! keys and the sink) or a hand-over to a real provider (`dispatch`). When steps fall due, the
//! task applies every due status change in one write through the writer (so a thousand
//! deliveries cost one commit, and their callbacks are queued in the same transaction), then
//! announces each change on a broadcast channel, which waiters listen to. Nothing is lost at a
//! restart: `resume` reschedules every notification still in flight from the database.

use super::outcomes::{self, OutcomeRule};
use super::simulate::{self, Outcome, Timing};
use super::{dispatch, Status};
use crate::callbacks::outbox;
use crate::callbacks::worker::Callbacks;
use crate::clock::Clock;
use crate::providers::Providers;
use crate::recipients::allowed_key;
use crate::store::{self, notifications::Notification, Store};
use crate::templates::TemplateType;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;
use tokio::sync::{broadcast, mpsc};
use tokio::time::Instant;
use uuid::Uuid;

/// In-flight notifications read at a time when resuming after a restart.
const RESUME_PAGE: usize = 1000;
/// Status changes written in one job: after a restart thousands can be due at once, and sends
/// queued behind one huge job would wait for all of it.
const APPLY_BATCH: usize = 256;

/// A notification reached a new status.
#[derive(Clone, Debug)]
pub struct StatusChange {
    pub pk: i64,
    pub id: Uuid,
    pub service_id: Uuid,
    pub status: Status,
}

/// What a step does.
#[derive(Clone, Copy, Debug)]
pub(super) enum Action {
    SetStatus(Status),
    /// Hand the notification to its provider (`attempt` 0 first, then retries).
    Deliver {
        attempt: u32,
    },
}

/// One step to take at `due`.
pub(super) struct Step {
    pub due: Instant,
    pub pk: i64,
    pub id: Uuid,
    pub service_id: Uuid,
    pub action: Action,
}

/// How deliveries happen.
#[derive(Clone, Default)]
pub struct DeliverySettings {
    pub timing: Timing,
    pub providers: Providers,
    /// `from_email`'s domain, for real email.
    pub email_domain: String,
}

#[derive(Clone)]
pub struct Delivery {
    context: Arc<Context>,
}

/// What the delivery task (and the provider hand-overs it starts) share.
pub(super) struct Context {
    pub store: Arc<Store>,
    pub clock: Clock,
    pub settings: DeliverySettings,
    pub steps: mpsc::UnboundedSender<Step>,
    changes: broadcast::Sender<StatusChange>,
    callbacks: Callbacks,
}

impl Delivery {
    /// Starts the delivery task (inside the runtime).
    pub fn start(
        background: &crate::app::Background,
        store: Arc<Store>,
        clock: Clock,
        settings: DeliverySettings,
        callbacks: Callbacks,
    ) -> Delivery {
        let (steps, queue) = mpsc::unbounded_channel();
        let (changes, _) = broadcast::channel(4096);
        let context = Arc::new(Context {
            store,
            clock,
            settings,
            steps,
            changes,
            callbacks,
        });
        background.spawn(run(context.clone(), queue));
        Delivery { context }
    }

    /// Tells listeners a notification was just created.
    pub fn announce(&self, n: &Notification) {
        let _ = self.context.changes.send(StatusChange {
            pk: n.pk,
            id: n.id,
            service_id: n.service_id,
            status: n.status,
        });
    }

    /// Listens to every new notification and status change from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<StatusChange> {
        self.context.changes.subscribe()
    }

    /// Schedules a newly created (or resumed) notification's remaining steps. `started` is
    /// when its clock started (creation for new ones, now for resumed ones).
    pub fn schedule(&self, n: &Notification, started: Instant, rules: &[OutcomeRule]) {
        let mut timing = self.context.settings.timing;
        let mut steps: Vec<(std::time::Duration, Action)> = Vec::with_capacity(2);
        if self.context.settings.providers.handles(n) {
            if n.status == Status::Created {
                steps.push((timing.sending_after, Action::SetStatus(Status::Sending)));
            }
            if n.status.is_in_flight() {
                steps.push((timing.sending_after, Action::Deliver { attempt: 0 }));
            }
        } else {
            let mut last = simulated_outcome(n);
            if let Some(rule) = outcomes::find(rules, &allowed_key(&n.recipient)) {
                last = rule.status;
                if let Some(ms) = rule.after_ms {
                    timing.final_after = std::time::Duration::from_millis(ms.max(0) as u64);
                    timing.sending_after = timing.sending_after.min(timing.final_after);
                }
            }
            for (after, status) in simulate::steps(n.status, last, timing) {
                steps.push((after, Action::SetStatus(status)));
            }
        }
        for (after, action) in steps {
            let _ = self.context.steps.send(Step {
                due: started + after,
                pk: n.pk,
                id: n.id,
                service_id: n.service_id,
                action,
            });
        }
    }

    /// Reschedules everything still in flight (after a restart).
    pub async fn resume(&self, store: &Arc<Store>) -> Result<usize, store::StoreError> {
        let now = Instant::now();
        let mut rules: HashMap<Uuid, Vec<OutcomeRule>> = HashMap::new();
        let (mut after, mut resumed) = (0, 0);
        loop {
            let page = store
                .read(move |c| store::notifications::in_flight(c, after, RESUME_PAGE))
                .await?;
            for n in &page {
                if !rules.contains_key(&n.service_id) {
                    let service = n.service_id;
                    let found = store
                        .read(move |c| store::outcomes::for_service(c, service))
                        .await?;
                    rules.insert(service, found);
                }
                self.schedule(n, now, &rules[&n.service_id]);
            }
            resumed += page.len();
            match page.last() {
                Some(last) if page.len() == RESUME_PAGE => after = last.pk,
                _ => return Ok(resumed),
            }
        }
    }
}

/// Where a notification ends when nothing really sends it.
fn simulated_outcome(n: &Notification) -> Status {
    // International texts to countries without delivery receipts stop at `sent`.
    let no_receipts = n.international
        && crate::recipients::parse(&n.recipient).is_ok_and(|p| !p.records_delivery());
    simulate::final_status(&Outcome {
        key_type: n.key_type,
        kind: n.notification_type,
        to: &n.recipient,
        no_receipts,
        unreadable_pdf: n.notification_type == TemplateType::Letter && n.billable_units == 0,
    })
}

/// A step in the timer queue. `BinaryHeap` pops the greatest, so the order is reversed: the
/// earliest due is the greatest, and steps due at once keep the order they were scheduled in.
struct Queued {
    seq: u64,
    step: Step,
}

impl Ord for Queued {
    fn cmp(&self, other: &Queued) -> Ordering {
        (other.step.due, other.seq).cmp(&(self.step.due, self.seq))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Queued) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Queued {
    fn eq(&self, other: &Queued) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Queued {}

async fn run(context: Arc<Context>, mut incoming: mpsc::UnboundedReceiver<Step>) {
    let mut queue: BinaryHeap<Queued> = BinaryHeap::new();
    let mut seq: u64 = 0;
    loop {
        let next_due = queue.peek().map(|q| q.step.due);
        tokio::select! {
            step = incoming.recv() => {
                let Some(step) = step else { break };
                seq += 1;
                queue.push(Queued { seq, step });
            }
            _ = sleep_until(next_due) => {
                let now = Instant::now();
                let mut due = Vec::new();
                while queue.peek().is_some_and(|q| q.step.due <= now) {
                    due.extend(queue.pop().map(|q| q.step));
                }
                take_steps(&context, due).await;
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

/// Applies due status changes, then starts due hand-overs to providers.
async fn take_steps(context: &Arc<Context>, due: Vec<Step>) {
    let mut changes = Vec::new();
    let mut deliveries = Vec::new();
    for step in due {
        match step.action {
            Action::SetStatus(status) => changes.push((step.pk, step.id, step.service_id, status)),
            Action::Deliver { attempt } => deliveries.push((step, attempt)),
        }
    }
    for batch in changes.chunks(APPLY_BATCH) {
        apply(context, batch.to_vec()).await;
    }
    for (step, attempt) in deliveries {
        tokio::spawn(dispatch::deliver(context.clone(), step.pk, attempt));
    }
}

/// Applies status changes in one write (queueing their callbacks in the same transaction)
/// and announces the ones that took effect.
pub(super) async fn apply(context: &Context, changes: Vec<(i64, Uuid, Uuid, Status)>) {
    if changes.is_empty() {
        return;
    }
    let at = context.clock.now_us();
    let written = context
        .store
        .write(move |conn| {
            let mut applied = Vec::with_capacity(changes.len());
            let mut queued = false;
            for (pk, id, service_id, status) in changes {
                if store::notifications::set_status(conn, pk, status, at)? {
                    queued |= outbox::enqueue_delivery_status(conn, service_id, pk, status, at)?;
                    applied.push(StatusChange {
                        pk,
                        id,
                        service_id,
                        status,
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
