//! The one source of time for everything notifyd decides: the JWT `iat` window, `created_at`,
//! revocation ages, daily limits and retention; and London's time (`in_london`), in which
//! Notify's admin shows times and its letter deadlines run.
//!
//! A `Clock` is the system clock plus an adjustable offset. Production never moves the offset;
//! tests (and `serve --test-clock`) step it, so a 31-second-old token or a midnight reset is
//! tested without sleeping; a test of an exact boundary freezes it, so that a second turning
//! over mid-test (on a busy machine) cannot move the boundary. Cloning shares the offset.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use time::{Date, Month, OffsetDateTime, UtcOffset};

/// Microseconds since the Unix epoch, UTC: how every time is stored.
pub type Micros = i64;

/// `Clock::frozen_at` when time runs.
const RUNNING: Micros = Micros::MIN;

#[derive(Clone, Debug)]
pub struct Clock {
    offset_us: Arc<AtomicI64>,
    /// The time it stays at while frozen, else `RUNNING`.
    frozen_at: Arc<AtomicI64>,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock {
            offset_us: Arc::default(),
            frozen_at: Arc::new(AtomicI64::new(RUNNING)),
        }
    }
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// Now, in microseconds since the Unix epoch.
    pub fn now_us(&self) -> Micros {
        match self.frozen_at.load(Ordering::Relaxed) {
            RUNNING => system_now_us() + self.offset_us.load(Ordering::Relaxed),
            frozen => frozen,
        }
    }

    /// Stops time at `at` until `set_us` starts it again (`advance_us` still steps it).
    pub fn freeze_at(&self, at: Micros) {
        self.frozen_at.store(at.max(RUNNING + 1), Ordering::Relaxed);
    }

    /// Now, in whole seconds since the Unix epoch (what a JWT `iat` is compared with).
    pub fn now_secs(&self) -> i64 {
        self.now_us().div_euclid(1_000_000)
    }

    pub fn now(&self) -> OffsetDateTime {
        to_datetime(self.now_us())
    }

    /// Moves time forward (or back, with a negative amount).
    pub fn advance_us(&self, by: Micros) {
        self.offset_us.fetch_add(by, Ordering::Relaxed);
        let step = |at: Micros| (at != RUNNING).then(|| at.saturating_add(by).max(RUNNING + 1));
        let _ = self
            .frozen_at
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, step);
    }

    /// Makes `now` be `at`, from here on moving with the system clock (frozen or not before).
    pub fn set_us(&self, at: Micros) {
        self.offset_us
            .store(at - system_now_us(), Ordering::Relaxed);
        self.frozen_at.store(RUNNING, Ordering::Relaxed);
    }
}

fn system_now_us() -> Micros {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    now.as_micros() as Micros
}

/// Converts stored microseconds to a datetime (saturating at the representable range).
pub fn to_datetime(us: Micros) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(us as i128 * 1000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The time in London at `us`, as Notify's admin shows times and as its letter deadlines run.
pub fn in_london(us: Micros) -> OffsetDateTime {
    let utc = to_datetime(us);
    utc.to_offset(london_offset(utc))
}

/// London's offset from UTC at the instant `utc`: BST (+1) from 01:00 UTC on the last Sunday of
/// March to 01:00 UTC on the last Sunday of October, GMT otherwise.
pub fn london_offset(utc: OffsetDateTime) -> UtcOffset {
    let summer = utc >= last_sunday_1am_utc(utc.year(), Month::March)
        && utc < last_sunday_1am_utc(utc.year(), Month::October);
    match summer {
        true => UtcOffset::from_hms(1, 0, 0).unwrap_or(UtcOffset::UTC),
        false => UtcOffset::UTC,
    }
}

/// 01:00 UTC on the last Sunday of `month` (March and October both have 31 days).
fn last_sunday_1am_utc(year: i32, month: Month) -> OffsetDateTime {
    let last = Date::from_calendar_date(year, month, 31).unwrap_or(Date::MIN);
    let back = last.weekday().number_days_from_sunday();
    let sunday = last - time::Duration::days(back.into());
    sunday
        .with_hms(1, 0, 0)
        .unwrap_or(time::PrimitiveDateTime::MIN)
        .assume_utc()
}

/// Notify's DATETIME_FORMAT: `YYYY-MM-DDTHH:MM:SS.ffffffZ`, always UTC.
pub fn format_notify(us: Micros) -> String {
    let t = to_datetime(us);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    )
}

/// The start (00:00 UTC) of the day containing `us`, used for daily limits.
pub fn utc_day_start(us: Micros) -> Micros {
    let day = 86_400_000_000;
    us.div_euclid(day) * day
}

/// Parses a duration as people write them: `500ms`, `31s`, `2m`, `1h`, `3d` (a bare number is
/// seconds). `None` for anything else.
pub fn parse_duration(text: &str) -> Option<std::time::Duration> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v >= 0.0)?;
    let seconds = match unit.trim() {
        "ms" => value / 1000.0,
        "" | "s" => value,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        "d" => value * 86_400.0,
        _ => return None,
    };
    (seconds <= 1e9).then(|| std::time::Duration::from_secs_f64(seconds))
}

/// Parses an RFC 3339 datetime (or Notify's `YYYY-MM-DDTHH:MM:SS.ffffffZ`) to microseconds.
pub fn parse_datetime(text: &str) -> Option<Micros> {
    let t =
        OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339).ok()?;
    Some((t.unix_timestamp_nanos() / 1000) as Micros)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_notify() {
        assert_eq!(format_notify(0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(
            format_notify(1_700_000_000_123_456),
            "2023-11-14T22:13:20.123456Z"
        );
    }

    #[test]
    fn durations_and_datetimes() {
        use std::time::Duration;
        assert_eq!(parse_duration("31s"), Some(Duration::from_secs(31)));
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("1.5h"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("3d"), Some(Duration::from_secs(259_200)));
        assert_eq!(parse_duration("7"), Some(Duration::from_secs(7)));
        assert_eq!(parse_duration("-1s"), None);
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(
            parse_datetime("2026-01-01T00:00:00Z"),
            Some(1_767_225_600_000_000)
        );
        assert_eq!(
            parse_datetime(&format_notify(1_700_000_000_123_456)),
            Some(1_700_000_000_123_456)
        );
        assert_eq!(parse_datetime("yesterday"), None);
    }

    #[test]
    fn advance_and_set_move_now() {
        let clock = Clock::system();
        let before = clock.now_secs();
        clock.advance_us(31_000_000);
        assert!(clock.now_secs() >= before + 31);
        clock.set_us(1_000_000_000);
        assert!((clock.now_us() - 1_000_000_000).abs() < 1_000_000);
        assert_eq!(utc_day_start(86_400_000_000 + 5), 86_400_000_000);
    }

    #[test]
    fn a_frozen_clock_stays_until_stepped_or_set() {
        let clock = Clock::system();
        let shared = clock.clone();
        clock.freeze_at(5_000_000);
        assert_eq!(shared.now_us(), 5_000_000);
        std::thread::yield_now();
        assert_eq!(shared.now_us(), 5_000_000);
        clock.advance_us(31_000_000);
        assert_eq!(shared.now_secs(), 36);
        clock.set_us(1_000_000_000);
        let running = shared.now_us();
        assert!((running - 1_000_000_000).abs() < 1_000_000);
        clock.advance_us(1_000_000);
        assert!(shared.now_us() >= running + 1_000_000);
    }
}
