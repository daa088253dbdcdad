//! Bank holidays in England and Wales: besides weekends, the days on which letters are neither
//! printed nor delivered. Notify's letter timings read GOV.UK's published list for this division
//! (notifications-utils `bank_holidays.py`, `data/bank-holidays.json`); here the regular holidays
//! follow their rules, with a substitute weekday when one falls at a weekend, and the one-off
//! changes since 2018 are listed. The test checks every day of 2018 to 2027 against GOV.UK's list;
//! later years follow the rules until a one-off is announced.

use time::{Date, Duration, Month, Weekday};

/// Holidays moved away from the day their rule gives.
const MOVED_AWAY: [(i32, Month, u8); 2] = [
    (2020, Month::May, 4),  // early May bank holiday, moved to VE day
    (2022, Month::May, 30), // spring bank holiday, moved for the Platinum Jubilee
];

/// One-off holidays, and the days the moved ones moved to.
const ONE_OFF: [(i32, Month, u8); 5] = [
    (2020, Month::May, 8),        // early May bank holiday (VE day)
    (2022, Month::June, 2),       // spring bank holiday
    (2022, Month::June, 3),       // Platinum Jubilee bank holiday
    (2022, Month::September, 19), // State Funeral of Queen Elizabeth II
    (2023, Month::May, 8),        // coronation of King Charles III
];

/// Whether `date` is a bank holiday in England and Wales.
pub fn is_bank_holiday(date: Date) -> bool {
    let listed = |list: &[(i32, Month, u8)]| {
        list.iter()
            .any(|&(y, m, d)| (date.year(), date.month(), date.day()) == (y, m, d))
    };
    if listed(&ONE_OFF) {
        return true;
    }
    !listed(&MOVED_AWAY) && by_rule(date)
}

fn by_rule(date: Date) -> bool {
    let year = date.year();
    let easter = easter_sunday(year);
    date == easter - Duration::days(2)
        || date == easter + Duration::days(1)
        || date == first_monday(year, Month::May)
        || date == last_monday(year, Month::May)
        || date == last_monday(year, Month::August)
        || with_substitutes(year, Month::January, [1]).contains(&date)
        || with_substitutes(year, Month::December, [25, 26]).contains(&date)
}

fn first_monday(year: i32, month: Month) -> Date {
    let first = day_of(year, month, 1);
    let after_monday = i64::from(first.weekday().number_days_from_monday());
    first + Duration::days((7 - after_monday) % 7)
}

fn last_monday(year: i32, month: Month) -> Date {
    let last = day_of(year, month, month.length(year));
    last - Duration::days(i64::from(last.weekday().number_days_from_monday()))
}

/// The holidays on `days` of `month`, each one that falls at a weekend moved to the next weekday
/// that is not already a holiday (Christmas on a Saturday: Monday 27 and Tuesday 28).
fn with_substitutes<const N: usize>(year: i32, month: Month, days: [u8; N]) -> [Date; N] {
    let mut taken = [Date::MIN; N];
    for (i, d) in days.into_iter().enumerate() {
        let mut day = day_of(year, month, d);
        while is_weekend(day) || taken[..i].contains(&day) {
            day += Duration::days(1);
        }
        taken[i] = day;
    }
    taken
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

fn day_of(year: i32, month: Month, day: u8) -> Date {
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MIN)
}

/// Easter Sunday in the Gregorian calendar (the anonymous algorithm, as Meeus gives it).
fn easter_sunday(year: i32) -> Date {
    let a = year % 19;
    let (b, c) = (year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let month = if month == 3 {
        Month::March
    } else {
        Month::April
    };
    day_of(year, month, day as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GOV.UK's list for England and Wales (www.gov.uk/bank-holidays.json, as notifications-utils
    /// keeps it), month and day by year.
    const GOV_UK: [(i32, &[(u8, u8)]); 10] = [
        (
            2018,
            &[
                (1, 1),
                (3, 30),
                (4, 2),
                (5, 7),
                (5, 28),
                (8, 27),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2019,
            &[
                (1, 1),
                (4, 19),
                (4, 22),
                (5, 6),
                (5, 27),
                (8, 26),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2020,
            &[
                (1, 1),
                (4, 10),
                (4, 13),
                (5, 8),
                (5, 25),
                (8, 31),
                (12, 25),
                (12, 28),
            ],
        ),
        (
            2021,
            &[
                (1, 1),
                (4, 2),
                (4, 5),
                (5, 3),
                (5, 31),
                (8, 30),
                (12, 27),
                (12, 28),
            ],
        ),
        (
            2022,
            &[
                (1, 3),
                (4, 15),
                (4, 18),
                (5, 2),
                (6, 2),
                (6, 3),
                (8, 29),
                (9, 19),
                (12, 26),
                (12, 27),
            ],
        ),
        (
            2023,
            &[
                (1, 2),
                (4, 7),
                (4, 10),
                (5, 1),
                (5, 8),
                (5, 29),
                (8, 28),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2024,
            &[
                (1, 1),
                (3, 29),
                (4, 1),
                (5, 6),
                (5, 27),
                (8, 26),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2025,
            &[
                (1, 1),
                (4, 18),
                (4, 21),
                (5, 5),
                (5, 26),
                (8, 25),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2026,
            &[
                (1, 1),
                (4, 3),
                (4, 6),
                (5, 4),
                (5, 25),
                (8, 31),
                (12, 25),
                (12, 28),
            ],
        ),
        (
            2027,
            &[
                (1, 1),
                (3, 26),
                (3, 29),
                (5, 3),
                (5, 31),
                (8, 30),
                (12, 27),
                (12, 28),
            ],
        ),
    ];

    #[test]
    fn every_day_of_ten_years_matches_gov_uk() {
        for (year, days) in GOV_UK {
            let listed: Vec<Date> = days
                .iter()
                .map(|&(m, d)| day_of(year, Month::try_from(m).unwrap(), d))
                .collect();
            let mut day = day_of(year, Month::January, 1);
            while day.year() == year {
                assert_eq!(is_bank_holiday(day), listed.contains(&day), "{day}");
                day += Duration::days(1);
            }
        }
    }

    #[test]
    fn easter_in_years_that_test_the_algorithm() {
        assert_eq!(easter_sunday(2000), day_of(2000, Month::April, 23));
        assert_eq!(easter_sunday(2008), day_of(2008, Month::March, 23));
        assert_eq!(easter_sunday(2038), day_of(2038, Month::April, 25));
        assert_eq!(easter_sunday(2285), day_of(2285, Month::March, 22));
    }
}
