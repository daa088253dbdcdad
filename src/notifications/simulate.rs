//! What happens to a notification after it is accepted, when nothing is really sent: the
//! outcomes of test keys (spec §3.2, seed 002) and of the sink that stands in for providers.
//!
//! Test keys: `07700900003` / `temp-fail@simulator.notify` end `temporary-failure`,
//! `07700900002` / `perm-fail@simulator.notify` end `permanent-failure` (matched exactly as
//! Notify does: a suffix of the number as supplied, the exact address), everything else
//! `delivered`; letters end `delivered` (shown as `received`). The sink delivers everything.

use super::Status;
use crate::keys::KeyType;
use crate::templates::TemplateType;
use std::time::Duration;

/// When simulated statuses happen, after the notification is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timing {
    pub sending_after: Duration,
    pub final_after: Duration,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing {
            sending_after: Duration::from_millis(100),
            final_after: Duration::from_millis(1000),
        }
    }
}

/// What is known about a notification when its outcome is decided.
pub struct Outcome<'a> {
    pub key_type: KeyType,
    pub kind: TemplateType,
    /// The recipient as supplied.
    pub to: &'a str,
    /// An international text to a country whose networks send no delivery receipts.
    pub no_receipts: bool,
    /// A precompiled letter whose bytes are not a readable PDF.
    pub unreadable_pdf: bool,
}

/// The status a notification finally reaches.
pub fn final_status(o: &Outcome) -> Status {
    if o.unreadable_pdf {
        return Status::ValidationFailed;
    }
    if o.key_type == KeyType::Test {
        match o.kind {
            TemplateType::Sms => {
                let to = o.to.trim();
                if to.ends_with("7700900003") {
                    return Status::TemporaryFailure;
                }
                if to.ends_with("7700900002") {
                    return Status::PermanentFailure;
                }
            }
            TemplateType::Email => match o.to {
                "temp-fail@simulator.notify" => return Status::TemporaryFailure,
                "perm-fail@simulator.notify" => return Status::PermanentFailure,
                _ => {}
            },
            TemplateType::Letter => {}
        }
    }
    if o.kind == TemplateType::Sms && o.no_receipts {
        Status::Sent
    } else {
        Status::Delivered
    }
}

/// The statuses a notification will move through from `current` to `last`, with when each
/// happens (measured from creation).
pub fn steps(current: Status, last: Status, timing: Timing) -> Vec<(Duration, Status)> {
    let mut steps = Vec::with_capacity(2);
    if matches!(current, Status::Created | Status::PendingVirusCheck)
        && last != Status::ValidationFailed
    {
        steps.push((timing.sending_after, Status::Sending));
    }
    if current.is_in_flight() && current != last {
        steps.push((timing.final_after.max(timing.sending_after), last));
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sms(key_type: KeyType, to: &str) -> Status {
        final_status(&Outcome {
            key_type,
            kind: TemplateType::Sms,
            to,
            no_receipts: false,
            unreadable_pdf: false,
        })
    }

    fn email(key_type: KeyType, to: &str) -> Status {
        final_status(&Outcome {
            key_type,
            kind: TemplateType::Email,
            to,
            no_receipts: false,
            unreadable_pdf: false,
        })
    }

    #[test]
    fn test_key_outcomes_match_notify() {
        assert_eq!(sms(KeyType::Test, "07700900003"), Status::TemporaryFailure);
        assert_eq!(
            sms(KeyType::Test, "+447700900003 "),
            Status::TemporaryFailure
        );
        assert_eq!(sms(KeyType::Test, "07700900002"), Status::PermanentFailure);
        assert_eq!(sms(KeyType::Test, "07700 900003"), Status::Delivered);
        assert_eq!(sms(KeyType::Test, "07700900123"), Status::Delivered);
        assert_eq!(
            email(KeyType::Test, "temp-fail@simulator.notify"),
            Status::TemporaryFailure
        );
        assert_eq!(
            email(KeyType::Test, "perm-fail@simulator.notify"),
            Status::PermanentFailure
        );
        assert_eq!(
            email(KeyType::Test, "Perm-fail@simulator.notify"),
            Status::Delivered
        );
        assert_eq!(sms(KeyType::Live, "07700900003"), Status::Delivered);
    }

    #[test]
    fn steps_follow_the_current_status() {
        let t = Timing::default();
        assert_eq!(
            steps(Status::Created, Status::Delivered, t),
            vec![
                (t.sending_after, Status::Sending),
                (t.final_after, Status::Delivered)
            ]
        );
        assert_eq!(
            steps(Status::Sending, Status::Delivered, t),
            vec![(t.final_after, Status::Delivered)]
        );
        assert!(steps(Status::Delivered, Status::Delivered, t).is_empty());
    }
}
