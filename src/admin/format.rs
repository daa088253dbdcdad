//! Words and times as Notify's admin writes them: "12 November at 2:30pm" in UK time
//! (`clock::in_london`), "midnight" and "midday", status names, and URL query encoding.

use crate::clock::{in_london, Micros};
use crate::notifications::Status;
use crate::templates::TemplateType;
use time::OffsetDateTime;

/// `2:30pm`, `10am`... as Notify's `format_time`: `midnight` and `midday` for 12:00.
pub fn time_of_day(t: OffsetDateTime) -> String {
    match (t.hour(), t.minute()) {
        (0, 0) => return "midnight".into(),
        (12, 0) => return "midday".into(),
        _ => {}
    }
    let hour = match t.hour() % 12 {
        0 => 12,
        h => h,
    };
    let suffix = if t.hour() < 12 { "am" } else { "pm" };
    format!("{hour}:{:02}{suffix}", t.minute())
}

/// `12 November at 2:30pm` (with the year when it is not this year's).
pub fn date_time(us: Micros, now: Micros) -> String {
    let t = in_london(us);
    let year = year_unless_this(t, now);
    format!("{} {}{year} at {}", t.day(), t.month(), time_of_day(t))
}

/// `Thursday 31 December` (with the year when it is not this year's), in UK time.
pub fn day(us: Micros, now: Micros) -> String {
    let t = in_london(us);
    let year = year_unless_this(t, now);
    format!("{} {} {}{year}", t.weekday(), t.day(), t.month())
}

/// ` 2027` when `t` is not in the year it is now, else nothing.
fn year_unless_this(t: OffsetDateTime, now: Micros) -> String {
    match t.year() == in_london(now).year() {
        true => String::new(),
        false => format!(" {}", t.year()),
    }
}

/// A status as the admin shows it: `Delivered`, `Permanent failure`; letters say `Accepted` and
/// `Received` as the API does.
pub fn status(status: Status, kind: TemplateType) -> String {
    let api = if kind == TemplateType::Letter {
        status.for_letter()
    } else {
        status.as_str()
    };
    let text = api.replace('-', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// `Text message`, `Email`, `Letter`.
pub fn kind(kind: TemplateType) -> &'static str {
    match kind {
        TemplateType::Sms => "Text message",
        TemplateType::Email => "Email",
        TemplateType::Letter => "Letter",
    }
}

/// Percent-encodes a query value (everything but unreserved characters and `/`).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us(s: &str) -> Micros {
        let t = OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap();
        (t.unix_timestamp_nanos() / 1000) as Micros
    }

    #[test]
    fn uk_times_as_notify_writes_them() {
        let now = us("2025-12-01T00:00:00Z");
        assert_eq!(
            date_time(us("2025-11-12T14:30:00Z"), now),
            "12 November at 2:30pm"
        );
        // BST: 13:30 UTC in July is 2:30pm in London.
        assert_eq!(
            date_time(us("2025-07-01T13:30:00Z"), now),
            "1 July at 2:30pm"
        );
        assert_eq!(
            date_time(us("2025-01-05T00:00:00Z"), now),
            "5 January at midnight"
        );
        assert_eq!(
            date_time(us("2025-01-05T12:00:00Z"), now),
            "5 January at midday"
        );
        assert_eq!(
            date_time(us("2025-01-05T09:05:00Z"), now),
            "5 January at 9:05am"
        );
        assert_eq!(
            date_time(us("2024-11-12T14:30:00Z"), now),
            "12 November 2024 at 2:30pm"
        );
        // The clocks go forward at 01:00 UTC on 30 March 2025 and back on 26 October 2025.
        assert_eq!(
            time_of_day(in_london(us("2025-03-30T00:59:00Z"))),
            "12:59am"
        );
        assert_eq!(time_of_day(in_london(us("2025-03-30T01:00:00Z"))), "2:00am");
        assert_eq!(time_of_day(in_london(us("2025-10-26T00:59:00Z"))), "1:59am");
        assert_eq!(time_of_day(in_london(us("2025-10-26T01:00:00Z"))), "1:00am");
        // Days: 23:30 UTC on 30 June is already 1 July in London.
        assert_eq!(day(us("2025-06-30T23:30:00Z"), now), "Tuesday 1 July");
        assert_eq!(
            day(us("2026-12-31T16:00:00Z"), now),
            "Thursday 31 December 2026"
        );
    }

    #[test]
    fn statuses_and_encoding() {
        assert_eq!(
            status(Status::PermanentFailure, TemplateType::Sms),
            "Permanent failure"
        );
        assert_eq!(status(Status::Delivered, TemplateType::Letter), "Received");
        assert_eq!(
            url_encode("/services/a b?x=1&y"),
            "/services/a%20b%3Fx%3D1%26y"
        );
    }
}
