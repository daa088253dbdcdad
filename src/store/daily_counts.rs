//! How many messages live and team keys sent, per service, channel and UTC day: the durable
//! side of the daily limits (the hot path reads the copy in `limits`).

use super::{uuid_col, Result};
use crate::clock::Micros;
use crate::limits::Channel;
use rusqlite::{params, Connection};
use uuid::Uuid;

/// Adds one message to a day's count.
pub fn increment(conn: &Connection, service_id: Uuid, channel: Channel, day: Micros) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO daily_counts (service_id, channel, day, sent) VALUES (?1, ?2, ?3, 1) \
         ON CONFLICT (service_id, channel, day) DO UPDATE SET sent = sent + 1",
    )?
    .execute(params![service_id.to_string(), channel.as_str(), day])?;
    Ok(())
}

/// Every count recorded for `day`.
pub fn for_day(conn: &Connection, day: Micros) -> Result<Vec<(Uuid, Channel, Micros, i64)>> {
    let mut stmt = conn
        .prepare_cached("SELECT service_id, channel, day, sent FROM daily_counts WHERE day = ?1")?;
    let rows = stmt.query_map([day], |r| {
        let channel: String = r.get(1)?;
        Ok((uuid_col(r, 0)?, channel, r.get(2)?, r.get(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (service, channel, day, sent) = row?;
        if let Some(channel) = Channel::parse(&channel) {
            out.push((service, channel, day, sent));
        }
    }
    Ok(out)
}

/// Forgets counts of days before `before` (retention).
pub fn delete_before(conn: &Connection, before: Micros) -> Result<usize> {
    Ok(conn.execute("DELETE FROM daily_counts WHERE day < ?1", [before])?)
}
