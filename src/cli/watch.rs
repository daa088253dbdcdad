//! `notifyd notifications wait` and `tail`: watching the database from another process.
//! The CLI cannot hear the server's events, so it asks SQLite's `data_version` (which changes
//! when any other connection commits) every 50 ms and only queries when something changed.

use super::notifications::{row, WaitFilter, HEADERS};
use super::{CliError, Output};
use crate::http::v2::notification_json::to_v2;
use crate::keys::KeyType;
use crate::notifications::status;
use crate::recipients::allowed_key;
use crate::setup::Opened;
use crate::store::finding::Filter;
use crate::store::{self};
use std::time::{Duration, Instant};
use uuid::Uuid;

const TICK: Duration = Duration::from_millis(50);

fn data_version(db: &Opened) -> Result<i64, CliError> {
    Ok(db.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

fn search(service: Uuid, filter: &WaitFilter) -> Result<Filter, CliError> {
    let statuses = match &filter.status {
        Some(s) => {
            status::expand_filter(s)
                .ok_or_else(|| CliError(format!("{s} is not a notification status")))?;
            status::filter_set([s.as_str()])
        }
        None => None,
    };
    Ok(Filter {
        service_id: service,
        to: filter.to.as_deref().map(allowed_key),
        template_id: filter.template_id,
        reference: filter.reference.clone(),
        key_type: filter.key_type.as_deref().and_then(KeyType::parse),
        statuses,
        limit: 1,
        ..Filter::default()
    })
}

/// Prints the newest matching notification as soon as there is one.
pub fn wait(
    db: &Opened,
    service: Uuid,
    filter: &WaitFilter,
    timeout: Duration,
    out: &Output,
) -> Result<(), CliError> {
    let q = search(service, filter)?;
    let deadline = Instant::now() + timeout;
    let mut seen = None;
    loop {
        let version = data_version(db)?;
        if seen != Some(version) {
            seen = Some(version);
            if let Some(n) = store::finding::find(&db.conn, &q)?.into_iter().next() {
                if out.is_json() {
                    out.json(&to_v2(&n, "http://localhost/"));
                } else {
                    println!("{}", n.id);
                }
                return Ok(());
            }
        }
        if Instant::now() >= deadline {
            return Err(CliError(format!(
                "no matching notification within {}s",
                timeout.as_secs_f64()
            )));
        }
        std::thread::sleep(TICK);
    }
}

/// Prints each new notification as it arrives, until the process is interrupted.
pub fn tail(db: &Opened, service: Uuid, out: &Output) -> Result<(), CliError> {
    if store::services::get(&db.conn, service)?.is_none() {
        return Err(CliError(format!("service {service} not found")));
    }
    let mut last: i64 =
        db.conn
            .query_row("SELECT coalesce(max(pk), 0) FROM notifications", [], |r| {
                r.get(0)
            })?;
    if !out.is_json() {
        out.table(&HEADERS, &[]);
    }
    let mut seen = None;
    loop {
        let version = data_version(db)?;
        if seen != Some(version) {
            seen = Some(version);
            for n in store::notifications::newer_than(&db.conn, service, last, 1000)? {
                last = last.max(n.pk);
                if out.is_json() {
                    println!(
                        "{}",
                        serde_json::to_string(&to_v2(&n, "http://localhost/")).unwrap_or_default()
                    );
                } else {
                    println!("{}", row(&n).join("  "));
                }
            }
        }
        std::thread::sleep(TICK);
    }
}
