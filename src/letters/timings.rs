//! When a letter is expected to arrive: Notify's `get_letter_timings(...).earliest_delivery`
//! (notifications-utils `letter_timings.py`), shown as `estimated_delivery`.
//!
//! A letter sent after 17:30 London time counts as sent the next day; it is printed on the next
//! working day (Monday to Friday), then spends the postage's days in transit, counted in Royal
//! Mail's working days (Monday to Saturday for first class, Monday to Friday for the rest), and
//! is expected from 16:00 London time. Bank holidays in England and Wales are no working day for
//! either.

use super::bank_holidays::is_bank_holiday;
use crate::clock::{in_london, london_offset, Micros};
use crate::store::notifications::Notification;
use crate::templates::TemplateType;
use time::{Date, Duration, Time, Weekday};

/// Whole days in transit before the earliest delivery, by postage.
fn days_in_transit(postage: &str) -> i64 {
    match postage {
        "first" => 0,
        "europe" => 3,
        "rest-of-world" => 5,
        _ => 3, // second and economy
    }
}

/// The next day after `date` that is not a bank holiday, nor one of `weekend`.
fn next_working_day(mut date: Date, weekend: &[Weekday]) -> Date {
    loop {
        date = date.next_day().unwrap_or(date);
        if !weekend.contains(&date.weekday()) && !is_bank_holiday(date) {
            return date;
        }
    }
}

const SATURDAY_AND_SUNDAY: &[Weekday] = &[Weekday::Saturday, Weekday::Sunday];

/// A notification's `estimated_delivery`: letters only, second class unless it says otherwise.
pub fn for_notification(n: &Notification) -> Option<Micros> {
    (n.notification_type == TemplateType::Letter)
        .then(|| estimated_delivery(n.created_at, n.postage.as_deref().unwrap_or("second")))
}

/// The earliest expected delivery of a letter created at `created_at` with `postage`.
pub fn estimated_delivery(created_at: Micros, postage: &str) -> Micros {
    let local = in_london(created_at);
    let processing_day = (local + Duration::minutes(6 * 60 + 30)).date();
    let print_day = next_working_day(processing_day, SATURDAY_AND_SUNDAY);
    let royal_mail_weekend = match postage {
        "first" => &[Weekday::Sunday][..],
        _ => SATURDAY_AND_SUNDAY,
    };
    let mut delivery = print_day;
    for _ in 0..=days_in_transit(postage) {
        delivery = next_working_day(delivery, royal_mail_weekend);
    }
    let four_pm = delivery.with_time(Time::from_hms(16, 0, 0).unwrap_or(Time::MIDNIGHT));
    // London's offset that day (it changes at 01:00 UTC, never near 16:00).
    let at = four_pm.assume_offset(london_offset(four_pm.assume_utc()));
    (at.unix_timestamp_nanos() / 1000) as Micros
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::format_notify;
    use time::OffsetDateTime;

    /// When a letter sent at `sent` (RFC 3339) with `postage` is expected, in Notify's format.
    fn arrives(sent: &str, postage: &str) -> String {
        let t = OffsetDateTime::parse(sent, &time::format_description::well_known::Rfc3339);
        let micros = (t.unwrap().unix_timestamp_nanos() / 1000) as Micros;
        format_notify(estimated_delivery(micros, postage))
    }

    #[test]
    fn second_class_from_a_tuesday_morning() {
        // Tue 2026-11-24 10:00 GMT: printed Wed, 3 days in transit (Thu, Fri, Mon; no Saturday
        // for second class), delivered Tue.
        let second = arrives("2026-11-24T10:00:00Z", "second");
        assert_eq!(second, "2026-12-01T16:00:00.000000Z");
    }

    #[test]
    fn only_first_class_arrives_on_a_saturday() {
        // Thu 2026-11-26 10:00 GMT: printed Fri 27.
        let sent = "2026-11-26T10:00:00Z";
        assert_eq!(arrives(sent, "first"), "2026-11-28T16:00:00.000000Z");
        assert_eq!(arrives(sent, "second"), "2026-12-03T16:00:00.000000Z");
    }

    #[test]
    fn over_the_easter_weekend() {
        // Thu 2020-04-09 17:29:59 BST is processed on Good Friday, printed after Easter Monday
        // on Tuesday the 14th (the case in notifications-utils' tests).
        let sent = "2020-04-09T16:29:59Z";
        assert_eq!(arrives(sent, "first"), "2020-04-15T15:00:00.000000Z");
        assert_eq!(arrives(sent, "second"), "2020-04-20T15:00:00.000000Z");
        assert_eq!(arrives(sent, "europe"), "2020-04-20T15:00:00.000000Z");
        assert_eq!(
            arrives(sent, "rest-of-world"),
            "2020-04-22T15:00:00.000000Z"
        );
    }

    #[test]
    fn over_christmas_2026() {
        // Tue 22 December: printed Wed 23; Christmas is a Friday and Boxing Day's substitute is
        // Monday the 28th, so second class travels Thu 24, Tue 29, Wed 30 and arrives Thu 31.
        let sent = "2026-12-22T10:00:00Z";
        assert_eq!(arrives(sent, "second"), "2026-12-31T16:00:00.000000Z");
        assert_eq!(arrives(sent, "first"), "2026-12-24T16:00:00.000000Z");
        // Sent on Christmas Eve: printed Tue 29 (not Fri 25 or Mon 28); first class arrives Wed.
        let first = arrives("2026-12-24T10:00:00Z", "first");
        assert_eq!(first, "2026-12-30T16:00:00.000000Z");
    }

    #[test]
    fn first_class_after_the_cut_off_and_in_summer_time() {
        // Fri 2026-07-10 17:00 UTC is 18:00 BST: after 17:30, so processed Saturday, printed
        // Monday, delivered Tuesday 16:00 BST = 15:00 UTC.
        let first = arrives("2026-07-10T17:00:00Z", "first");
        assert_eq!(first, "2026-07-14T15:00:00.000000Z");
    }
}
