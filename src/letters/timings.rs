//! When a letter is expected to arrive: Notify's `get_letter_timings(...).earliest_delivery`
//! (notifications-utils `letter_timings.py`), shown as `estimated_delivery`.
//!
//! A letter sent after 17:30 London time counts as sent the next day; it is printed on the next
//! working day (Monday to Friday), then spends the postage's days in transit, delivered Monday to
//! Saturday, and is expected from 16:00 London time. Bank holidays are not modelled.

use crate::clock::{to_datetime, Micros};
use time::{Date, Duration, Month, OffsetDateTime, Time, Weekday};

/// Whole days in transit before the earliest delivery, by postage.
fn days_in_transit(postage: &str) -> i64 {
    match postage {
        "first" => 0,
        "europe" => 3,
        "rest-of-world" => 5,
        _ => 3, // second and economy
    }
}

fn last_sunday(year: i32, month: Month) -> Date {
    let mut day = Date::from_calendar_date(year, month, month.length(year)).unwrap_or(Date::MIN);
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day().unwrap_or(day);
    }
    day
}

/// London's offset from UTC at `t`: BST from 01:00 UTC on the last Sunday of March to 01:00 UTC
/// on the last Sunday of October.
fn london_offset(t: OffsetDateTime) -> Duration {
    let one = Time::from_hms(1, 0, 0).unwrap_or(Time::MIDNIGHT);
    let start = last_sunday(t.year(), Month::March)
        .with_time(one)
        .assume_utc();
    let end = last_sunday(t.year(), Month::October)
        .with_time(one)
        .assume_utc();
    if t >= start && t < end {
        Duration::hours(1)
    } else {
        Duration::ZERO
    }
}

fn next_day_where(mut date: Date, working: impl Fn(Weekday) -> bool) -> Date {
    loop {
        date = date.next_day().unwrap_or(date);
        if working(date.weekday()) {
            return date;
        }
    }
}

/// The earliest expected delivery of a letter created at `created_at` with `postage`.
pub fn estimated_delivery(created_at: Micros, postage: &str) -> Micros {
    let created = to_datetime(created_at);
    let local = created + london_offset(created);
    let processing_day = (local + Duration::minutes(6 * 60 + 30)).date();
    let print_day = next_day_where(processing_day, |d| {
        !matches!(d, Weekday::Saturday | Weekday::Sunday)
    });
    let mut delivery = print_day;
    for _ in 0..=days_in_transit(postage) {
        delivery = next_day_where(delivery, |d| d != Weekday::Sunday);
    }
    let four_pm_local = delivery
        .with_time(Time::from_hms(16, 0, 0).unwrap_or(Time::MIDNIGHT))
        .assume_utc();
    let utc = four_pm_local - london_offset(four_pm_local - Duration::hours(1));
    (utc.unix_timestamp_nanos() / 1000) as Micros
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::format_notify;

    fn at(s: &str) -> Micros {
        let t = OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap();
        (t.unix_timestamp_nanos() / 1000) as Micros
    }

    #[test]
    fn second_class_from_a_tuesday_morning() {
        // Tue 2026-11-24 10:00 GMT: printed Wed, 3 days transit (Thu, Fri, Sat), delivered Mon.
        let t = estimated_delivery(at("2026-11-24T10:00:00Z"), "second");
        assert_eq!(format_notify(t), "2026-11-30T16:00:00.000000Z");
    }

    #[test]
    fn first_class_after_the_cut_off_and_in_summer_time() {
        // Fri 2026-07-10 17:00 UTC is 18:00 BST: after 17:30, so processed Saturday, printed
        // Monday, delivered Tuesday 16:00 BST = 15:00 UTC.
        let t = estimated_delivery(at("2026-07-10T17:00:00Z"), "first");
        assert_eq!(format_notify(t), "2026-07-14T15:00:00.000000Z");
    }
}
