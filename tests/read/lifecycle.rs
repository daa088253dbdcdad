//! Stored notifications over time: those still in flight resume after a restart (every page of
//! them), and retention removes old notifications and received texts.

use super::send_sms;
use crate::common::{seeding::Seeded, TestServer};
use serde_json::json;

#[test]
fn in_flight_notifications_resume_after_a_restart() {
    let (stopped, s, id) = stopped_with_one_in_flight();
    let restarted = restart_quickly(&stopped.db_path());
    restarted.wait_for_status(&s.test, &id, "temporary-failure");
}

/// A stopped server (its directory lives as long as it does) whose database holds one text, to a
/// temporary-failure number, still in flight.
fn stopped_with_one_in_flight() -> (TestServer, Seeded, String) {
    let mut server = TestServer::start_with(|s| {
        s.timing.sending_after = std::time::Duration::from_secs(3600);
        s.timing.final_after = std::time::Duration::from_secs(3600);
    });
    let s = server.seed(false);
    let id = send_sms(&server, &s.test, s.sms, "07700900003", None);
    server.stop();
    (server, s, id)
}

/// A server on `db` whose simulated deliveries finish within milliseconds.
fn restart_quickly(db: &std::path::Path) -> TestServer {
    let db = db.to_path_buf();
    TestServer::start_with(|c| {
        c.db = db;
        c.timing.sending_after = std::time::Duration::from_millis(10);
        c.timing.final_after = std::time::Duration::from_millis(20);
    })
}

/// More notifications in flight than resume reads in one page (and than one status write
/// takes): every one of them still reaches its final status.
#[test]
fn every_page_of_in_flight_notifications_resumes_after_a_restart() {
    let (stopped, _, _) = stopped_with_one_in_flight();
    let db = stopped.db_path();
    let columns = "service_id, api_key_id, key_type, notification_type, template_id, \
        template_version, recipient, normalised_to, client_reference, personalisation, body, \
        subject, status, created_at, sent_at, updated_at, billable_units, international, \
        phone_prefix, rate_multiplier, postage, reply_to_text, one_click_unsubscribe_url";
    let copies = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2600) \
         INSERT INTO notifications (id, {columns}) SELECT randomblob(16), {columns} \
         FROM notifications, n"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    assert_eq!(conn.execute(&copies, []).unwrap(), 2600);
    let _restarted = restart_quickly(&db);
    let count = |status: &str| -> i64 {
        let sql = "SELECT count(*) FROM notifications WHERE status = ?1";
        conn.query_row(sql, [status], |r| r.get(0)).unwrap()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while count("temporary-failure") < 2601 {
        assert!(std::time::Instant::now() < deadline, "not all resumed");
        std::thread::yield_now();
    }
}

#[test]
fn retention_removes_old_notifications_and_texts() {
    let server = TestServer::start_fast();
    let s = server.seed(false);
    let old = send_sms(&server, &s.test, s.sms, "07700900123", None);
    server.receive_sms(s.service, "07700900111", "old");
    server.wait_for_status(&s.test, &old, "delivered");
    server.clock.advance_us(8 * 86_400_000_000);
    let fresh = send_sms(&server, &s.test, s.sms, "07700900123", None);
    let app = server.running.as_ref().unwrap().app.clone();
    let swept = server
        .runtime
        .block_on(notifyd::retention::sweep(
            &app.store,
            &app.clock,
            &app.retention,
        ))
        .unwrap();
    assert_eq!((swept.notifications, swept.received_texts), (1, 1));
    assert_eq!(
        server
            .get_with(&s.test, &format!("/v2/notifications/{old}"))
            .status,
        404
    );
    assert_eq!(
        server
            .get_with(&s.test, &format!("/v2/notifications/{fresh}"))
            .status,
        200
    );
    let texts = server
        .get_with(&s.test, "/v2/received-text-messages")
        .json();
    assert_eq!(texts["received_text_messages"], json!([]));
}
