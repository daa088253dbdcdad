//! The `scheduled_for` check: Python `iso8601.parse_date` (pyiso8601 1.x/2.x) followed by Notify's
//! `datetime_within_next_day` rule, reproduced so the same strings are accepted and rejected.
//!
//! pyiso8601 matches one backtracking regex (`YYYY`, `YYYY-M[M]`, `YYYYMM` only when something
//! follows, `-D[D]`/`DD`, then `[ T]HH[[:]MM][[:]S[S][(.|,)F+]]` and `Z`/`±HH[[:]MM]`), anchored by
//! Python's `$`, which also matches before one final `\n`. It then builds a `datetime`, so ranges
//! (month 1–12, real days, hour ≤ 23, minute/second ≤ 59, offset strictly under 24 h) are enforced,
//! and the microseconds are `int(Decimal("0.F") * Decimal("1000000.0"))` under the default
//! 28-digit decimal context. Notify then drops the offset without converting
//! (`.replace(tzinfo=None)`) and compares the wall-clock time with `utcnow()`.

/// Microseconds in 24 hours.
const DAY_MICROS: i64 = 86_400_000_000;

/// Outcome of Notify's `datetime_within_next_day` format check on a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduledFor {
    /// Parsed and within `now ..= now + 24h` (compared as naive UTC wall-clock times).
    Valid,
    /// `datetime format is invalid. It must be a valid ISO8601 date time format, …`
    Invalid,
    /// `datetime can not be in the past`
    Past,
    /// `datetime can only be 24 hours in the future`
    TooFarAhead,
}

/// Applies Notify's `datetime_within_next_day` rule to `text` with `now` given as naive UTC
/// microseconds since 1970-01-01T00:00:00.
pub fn check_scheduled_for(text: &str, now_unix_micros: i64) -> ScheduledFor {
    match parse_naive_micros(text) {
        None => ScheduledFor::Invalid,
        Some(at) if at < now_unix_micros => ScheduledFor::Past,
        Some(at) if at > now_unix_micros.saturating_add(DAY_MICROS) => ScheduledFor::TooFarAhead,
        Some(_) => ScheduledFor::Valid,
    }
}

/// `iso8601.parse_date(text).replace(tzinfo=None)` as microseconds since the Unix epoch, or
/// `None` where pyiso8601 raises `ParseError`.
pub fn parse_naive_micros(text: &str) -> Option<i64> {
    let groups = match_iso8601(text.as_bytes())?;
    groups.to_naive_micros(text.as_bytes())
}

#[derive(Debug, Clone, Copy, Default)]
struct Groups {
    year: u32,
    month: Option<u32>,
    day: Option<u32>,
    hour: Option<u32>,
    minute: Option<u32>,
    second: Option<u32>,
    /// Byte range of the fraction digits.
    fraction: Option<(usize, usize)>,
    /// Total minutes of a numeric offset (`±HH[:MM]`); `Z` and no zone leave it `None`.
    offset_minutes: Option<u32>,
}

type Next<'a> = dyn FnMut(usize, Groups) -> bool + 'a;

/// Python's `$` without MULTILINE: end of text, or just before a final `\n`.
fn at_end(text: &[u8], pos: usize) -> bool {
    pos == text.len() || (pos + 1 == text.len() && text[pos] == b'\n')
}

/// `[0-9]{len}` at `pos`, as a number.
fn digits(text: &[u8], pos: usize, len: usize) -> Option<u32> {
    let slice = text.get(pos..pos + len)?;
    slice.iter().try_fold(0u32, |acc, &byte| {
        byte.is_ascii_digit()
            .then(|| acc * 10 + u32::from(byte - b'0'))
    })
}

/// Runs the regex and returns the groups of the first match Python's engine would find.
fn match_iso8601(text: &[u8]) -> Option<Groups> {
    let groups = Groups {
        year: digits(text, 0, 4)?,
        ..Groups::default()
    };
    let mut found = None;
    let mut finish = |pos: usize, groups: Groups| {
        if at_end(text, pos) {
            found = Some(groups);
        }
        found.is_some()
    };
    if !month_part(text, 4, groups, &mut finish) {
        finish(4, groups);
    }
    found
}

/// `((-MM|-M)|MM(?!$))` followed by the optional day part.
fn month_part(text: &[u8], pos: usize, groups: Groups, next: &mut Next) -> bool {
    let attempt = |end: usize, month: u32, next: &mut Next| {
        let groups = Groups {
            month: Some(month),
            ..groups
        };
        day_part(text, end, groups, next) || next(end, groups)
    };
    if text.get(pos) == Some(&b'-') {
        for len in [2, 1] {
            if let Some(month) = digits(text, pos + 1, len) {
                if attempt(pos + 1 + len, month, next) {
                    return true;
                }
            }
        }
    }
    match digits(text, pos, 2) {
        Some(month) if !at_end(text, pos + 2) => attempt(pos + 2, month, next),
        _ => false,
    }
}

/// `(-DD|-D|DD)` followed by the optional time part.
fn day_part(text: &[u8], pos: usize, groups: Groups, next: &mut Next) -> bool {
    let attempt = |end: usize, day: u32, next: &mut Next| {
        let groups = Groups {
            day: Some(day),
            ..groups
        };
        time_part(text, end, groups, next) || next(end, groups)
    };
    if text.get(pos) == Some(&b'-') {
        for len in [2, 1] {
            if let Some(day) = digits(text, pos + 1, len) {
                if attempt(pos + 1 + len, day, next) {
                    return true;
                }
            }
        }
    }
    match digits(text, pos, 2) {
        Some(day) => attempt(pos + 2, day, next),
        None => false,
    }
}

/// `[ T]HH` then `(:?MM)?`.
fn time_part(text: &[u8], pos: usize, groups: Groups, next: &mut Next) -> bool {
    if !matches!(text.get(pos), Some(b' ' | b'T')) {
        return false;
    }
    let Some(hour) = digits(text, pos + 1, 2) else {
        return false;
    };
    let groups = Groups {
        hour: Some(hour),
        ..groups
    };
    let after_hour = pos + 3;
    for colon in [true, false] {
        let start = if colon {
            if text.get(after_hour) != Some(&b':') {
                continue;
            }
            after_hour + 1
        } else {
            after_hour
        };
        if let Some(minute) = digits(text, start, 2) {
            let groups = Groups {
                minute: Some(minute),
                ..groups
            };
            if second_part(text, start + 2, groups, next) {
                return true;
            }
        }
    }
    second_part(text, after_hour, groups, next)
}

/// `(:?S{1,2}([.,]F+)?)?` then the zone.
fn second_part(text: &[u8], pos: usize, groups: Groups, next: &mut Next) -> bool {
    for colon in [true, false] {
        let start = if colon {
            if text.get(pos) != Some(&b':') {
                continue;
            }
            pos + 1
        } else {
            pos
        };
        for len in [2, 1] {
            let Some(second) = digits(text, start, len) else {
                continue;
            };
            let groups = Groups {
                second: Some(second),
                ..groups
            };
            let end = start + len;
            if matches!(text.get(end), Some(b'.' | b',')) {
                let run = text[end + 1..]
                    .iter()
                    .take_while(|byte| byte.is_ascii_digit())
                    .count();
                for fraction_len in (1..=run).rev() {
                    let fraction = Some((end + 1, end + 1 + fraction_len));
                    let groups = Groups { fraction, ..groups };
                    if zone_part(text, end + 1 + fraction_len, groups, next) {
                        return true;
                    }
                }
            }
            if zone_part(text, end, groups, next) {
                return true;
            }
        }
    }
    zone_part(text, pos, groups, next)
}

/// `(Z|[-+]HH:?(MM)?)?` then whatever follows.
fn zone_part(text: &[u8], pos: usize, groups: Groups, next: &mut Next) -> bool {
    if text.get(pos) == Some(&b'Z') && next(pos + 1, groups) {
        return true;
    }
    if matches!(text.get(pos), Some(b'+' | b'-')) {
        if let Some(hours) = digits(text, pos + 1, 2) {
            let after_hours = pos + 3;
            for colon in [true, false] {
                let start = if colon {
                    if text.get(after_hours) != Some(&b':') {
                        continue;
                    }
                    after_hours + 1
                } else {
                    after_hours
                };
                if let Some(minutes) = digits(text, start, 2) {
                    let offset_minutes = Some(hours * 60 + minutes);
                    if next(
                        start + 2,
                        Groups {
                            offset_minutes,
                            ..groups
                        },
                    ) {
                        return true;
                    }
                }
                let offset_minutes = Some(hours * 60);
                if next(
                    start,
                    Groups {
                        offset_minutes,
                        ..groups
                    },
                ) {
                    return true;
                }
            }
        }
    }
    next(pos, groups)
}

impl Groups {
    /// Python's `datetime(...)` construction (with its range checks) as naive epoch micros.
    fn to_naive_micros(self, text: &[u8]) -> Option<i64> {
        let year = self.year;
        let month = self.month.unwrap_or(1);
        let day = self.day.unwrap_or(1);
        let hour = self.hour.unwrap_or(0);
        let minute = self.minute.unwrap_or(0);
        let second = self.second.unwrap_or(0);
        let micros = match self.fraction {
            Some((start, end)) => fraction_micros(text.get(start..end)?)?,
            None => 0,
        };
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour < 24
            && minute < 60
            && second < 60
            && self.offset_minutes.is_none_or(|offset| offset < 24 * 60);
        if !valid {
            return None;
        }
        let days = days_from_civil(i64::from(year), month, day);
        let seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
        Some(seconds * 1_000_000 + i64::from(micros))
    }
}

/// `int(Decimal("0." + fraction) * Decimal("1000000.0"))` with 28 significant digits
/// (round-half-even); `None` when the result reaches 1,000,000 (datetime rejects it).
fn fraction_micros(fraction: &[u8]) -> Option<u32> {
    let whole = fraction
        .iter()
        .chain(std::iter::repeat(&b'0'))
        .take(6)
        .fold(0u32, |acc, &byte| {
            acc * 10 + u32::from(byte.wrapping_sub(b'0') % 10)
        });
    let leading_zeros = fraction.iter().take_while(|&&byte| byte == b'0').count();
    let significant = &fraction[leading_zeros..];
    // The product's coefficient is `significant` followed by seven zeros: only more than 28
    // significant fraction digits are rounded away.
    let rounds_up = significant.len() > 28 && {
        let kept_last = significant[27];
        let dropped = &significant[28..];
        match dropped[0] {
            b'6'..=b'9' => true,
            b'5' => dropped[1..].iter().any(|&byte| byte != b'0') || kept_last % 2 == 1, // ASCII digits keep their parity
            _ => false,
        }
    };
    // Rounding up only changes the integer part when every kept digit after it is a nine.
    let last_kept = leading_zeros + 28;
    let carries = rounds_up
        && fraction
            .get(6..last_kept)
            .is_some_and(|tail| tail.iter().all(|&b| b == b'9'));
    let micros = whole + u32::from(carries);
    (micros < 1_000_000).then_some(micros)
}

fn is_leap_year(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests;
