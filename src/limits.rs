//! Limits (spec §5), read from memory on the hot path.
//!
//! - The API rate limit: a token bucket per service per key type, refilled at
//!   `rate_limit / 60` a second, holding `min(ceil(rate_limit / 3) + 1, 1000)`; as observed on
//!   the real service, a full bucket lets through one request fewer than its size.
//! - Daily limits per channel per UTC day, counting what live and team keys sent (test keys
//!   and smoke-test recipients are never counted, and test keys are never limited). A send
//!   reserves its place before its body is even parsed and gives it back if it is refused
//!   later, so concurrent sends cannot overshoot. Counts are written with each notification
//!   (`daily_counts`) and loaded at start, so they survive a restart.

use crate::clock::{utc_day_start, Micros};
use crate::keys::KeyType;
use crate::store::services::Limits as ServiceLimits;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    Sms,
    Email,
    Letter,
    InternationalSms,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Email => "email",
            Channel::Letter => "letter",
            Channel::InternationalSms => "international_sms",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        [
            Channel::Sms,
            Channel::Email,
            Channel::Letter,
            Channel::InternationalSms,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }

    fn limit(self, limits: &ServiceLimits) -> i64 {
        match self {
            Channel::Sms => limits.sms,
            Channel::Email => limits.email,
            Channel::Letter => limits.letter,
            Channel::InternationalSms => limits.international_sms,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitError {
    /// 429 RateLimitError.
    Rate { key_type: KeyType, rate_limit: i64 },
    /// 429 TooManyRequestsError.
    Daily { channel: Channel, limit: i64 },
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitError::Rate {
                key_type,
                rate_limit,
            } => write!(
                f,
                "Exceeded rate limit for key type {} of {rate_limit} requests per 60 seconds",
                key_type.as_cli().to_ascii_uppercase()
            ),
            LimitError::Daily { channel, limit } => {
                write!(
                    f,
                    "Exceeded send limits ({}: {limit}) for today",
                    channel.as_str()
                )
            }
        }
    }
}

impl std::error::Error for LimitError {}

struct Bucket {
    tokens: f64,
    at: Micros,
}

#[derive(Default)]
struct State {
    buckets: HashMap<(Uuid, KeyType), Bucket>,
    /// (service, channel) → (UTC day start, sent that day).
    daily: HashMap<(Uuid, Channel), (Micros, i64)>,
}

/// The limits' shared state.
#[derive(Clone, Default)]
pub struct Limits {
    state: Arc<Mutex<State>>,
}

/// A place taken in today's counts; given back when dropped unless committed.
pub struct Reservation {
    limits: Limits,
    taken: Vec<(Uuid, Channel, Micros)>,
}

impl Reservation {
    /// The places taken: `(service, channel, day)`, to be written with the notification.
    pub fn places(&self) -> &[(Uuid, Channel, Micros)] {
        &self.taken
    }

    /// Keeps the places (the notification was stored).
    pub fn commit(mut self) {
        self.taken.clear();
    }

    fn merge(&mut self, other: Reservation) {
        let mut other = other;
        self.taken.append(&mut other.taken);
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if self.taken.is_empty() {
            return;
        }
        let mut state = self.limits.lock();
        for (service, channel, day) in self.taken.drain(..) {
            if let Some((d, count)) = state.daily.get_mut(&(service, channel)) {
                if *d == day && *count > 0 {
                    *count -= 1;
                }
            }
        }
    }
}

impl Limits {
    /// Starts from the counts already recorded for today.
    pub fn new(today: &[(Uuid, Channel, Micros, i64)]) -> Limits {
        let limits = Limits::default();
        {
            let mut state = limits.lock();
            for (service, channel, day, sent) in today {
                state.daily.insert((*service, *channel), (*day, *sent));
            }
        }
        limits
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes one request from the service's bucket for this key type.
    pub fn check_rate(
        &self,
        service: Uuid,
        key_type: KeyType,
        rate_limit: i64,
        now: Micros,
    ) -> Result<(), LimitError> {
        let capacity = (((rate_limit.max(0) + 2) / 3) + 1).min(1000) as f64;
        let per_us = rate_limit.max(0) as f64 / 60.0 / 1_000_000.0;
        let mut state = self.lock();
        let bucket = state.buckets.entry((service, key_type)).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        let elapsed = (now - bucket.at).max(0) as f64;
        bucket.tokens = (bucket.tokens + elapsed * per_us).min(capacity);
        bucket.at = now;
        if bucket.tokens >= 2.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(LimitError::Rate {
                key_type,
                rate_limit,
            })
        }
    }

    /// Reserves one message on `channel` today for a non-test key.
    pub fn reserve(
        &self,
        service: Uuid,
        key_type: KeyType,
        channel: Channel,
        limits: &ServiceLimits,
        now: Micros,
    ) -> Result<Reservation, LimitError> {
        let mut reservation = Reservation {
            limits: self.clone(),
            taken: Vec::new(),
        };
        if key_type == KeyType::Test {
            return Ok(reservation);
        }
        let day = utc_day_start(now);
        let limit = channel.limit(limits);
        let mut state = self.lock();
        let entry = state.daily.entry((service, channel)).or_insert((day, 0));
        if entry.0 != day {
            *entry = (day, 0);
        }
        if entry.1 + 1 > limit {
            return Err(LimitError::Daily { channel, limit });
        }
        entry.1 += 1;
        reservation.taken.push((service, channel, day));
        Ok(reservation)
    }

    /// Reserves the international texts place as well (for a text abroad).
    pub fn reserve_also(
        &self,
        reservation: &mut Reservation,
        service: Uuid,
        key_type: KeyType,
        channel: Channel,
        limits: &ServiceLimits,
        now: Micros,
    ) -> Result<(), LimitError> {
        let more = self.reserve(service, key_type, channel, limits, now)?;
        reservation.merge(more);
        Ok(())
    }

    /// How many messages of `channel` the service has sent today (as counted).
    pub fn sent_today(&self, service: Uuid, channel: Channel, now: Micros) -> i64 {
        let day = utc_day_start(now);
        match self.lock().daily.get(&(service, channel)) {
            Some((d, count)) if *d == day => *count,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Micros = 60_000_000;

    #[test]
    fn bucket_bursts_one_under_capacity_and_refills() {
        let limits = Limits::default();
        let s = Uuid::new_v4();
        assert!(limits.check_rate(s, KeyType::Live, 1, 0).is_ok());
        assert!(limits.check_rate(s, KeyType::Live, 1, 0).is_err());
        assert!(
            limits.check_rate(s, KeyType::Test, 1, 0).is_ok(),
            "buckets are per key type"
        );
        assert!(limits.check_rate(s, KeyType::Live, 1, MINUTE).is_ok());
        let passed = (0..1200)
            .filter(|_| limits.check_rate(s, KeyType::Team, 3000, 0).is_ok())
            .count();
        assert_eq!(passed, 999);
        let message = limits
            .check_rate(s, KeyType::Team, 3000, 0)
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            "Exceeded rate limit for key type TEAM of 3000 requests per 60 seconds"
        );
    }

    #[test]
    fn daily_counts_reserve_release_and_reset_at_midnight() {
        let limits = Limits::default();
        let s = Uuid::new_v4();
        let l = ServiceLimits::TRIAL;
        let held: Vec<Reservation> = (0..50)
            .map(|_| {
                limits
                    .reserve(s, KeyType::Live, Channel::Sms, &l, 0)
                    .unwrap()
            })
            .collect();
        let refused = limits
            .reserve(s, KeyType::Team, Channel::Sms, &l, 0)
            .err()
            .unwrap();
        assert_eq!(
            refused.to_string(),
            "Exceeded send limits (sms: 50) for today"
        );
        assert!(limits
            .reserve(s, KeyType::Test, Channel::Sms, &l, 0)
            .is_ok());
        drop(held);
        assert_eq!(
            limits.sent_today(s, Channel::Sms, 0),
            0,
            "uncommitted places are given back"
        );
        limits
            .reserve(s, KeyType::Live, Channel::Sms, &l, 0)
            .unwrap()
            .commit();
        assert_eq!(limits.sent_today(s, Channel::Sms, 0), 1);
        assert_eq!(limits.sent_today(s, Channel::Sms, 86_400_000_000), 0);
    }
}
