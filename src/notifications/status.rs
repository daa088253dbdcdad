//! Notification statuses (spec §7): Notify's names, which are final, how letters show them,
//! and how the `status` filter of `GET /v2/notifications` expands.

/// Every status a notification can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Created,
    Sending,
    Pending,
    Sent,
    Delivered,
    PermanentFailure,
    TemporaryFailure,
    TechnicalFailure,
    PendingVirusCheck,
    VirusScanFailed,
    ValidationFailed,
    ReturnedLetter,
    Cancelled,
}

const ALL: [Status; 13] = [
    Status::Created,
    Status::Sending,
    Status::Pending,
    Status::Sent,
    Status::Delivered,
    Status::PermanentFailure,
    Status::TemporaryFailure,
    Status::TechnicalFailure,
    Status::PendingVirusCheck,
    Status::VirusScanFailed,
    Status::ValidationFailed,
    Status::ReturnedLetter,
    Status::Cancelled,
];

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Sending => "sending",
            Status::Pending => "pending",
            Status::Sent => "sent",
            Status::Delivered => "delivered",
            Status::PermanentFailure => "permanent-failure",
            Status::TemporaryFailure => "temporary-failure",
            Status::TechnicalFailure => "technical-failure",
            Status::PendingVirusCheck => "pending-virus-check",
            Status::VirusScanFailed => "virus-scan-failed",
            Status::ValidationFailed => "validation-failed",
            Status::ReturnedLetter => "returned-letter",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// Notify's "completed" statuses: `completed_at` is shown for these.
    pub fn is_completed(self) -> bool {
        matches!(
            self,
            Status::Sent
                | Status::Delivered
                | Status::PermanentFailure
                | Status::TemporaryFailure
                | Status::TechnicalFailure
                | Status::ReturnedLetter
                | Status::Cancelled
                | Status::ValidationFailed
        )
    }

    /// Whether the status may still change (Notify ignores updates otherwise).
    pub fn is_in_flight(self) -> bool {
        matches!(
            self,
            Status::Created
                | Status::Sending
                | Status::Pending
                | Status::Sent
                | Status::PendingVirusCheck
        )
    }

    /// How the API shows a letter's status: created and sending are `accepted`, delivered and
    /// returned-letter are `received`.
    pub fn for_letter(self) -> &'static str {
        match self {
            Status::Created | Status::Sending => "accepted",
            Status::Delivered | Status::ReturnedLetter => "received",
            other => other.as_str(),
        }
    }

    /// Whether Notify sends a delivery-status callback when a notification reaches this status.
    pub fn calls_back(self) -> bool {
        !matches!(
            self,
            Status::Created | Status::Sending | Status::Pending | Status::PendingVirusCheck
        )
    }
}

/// The raw statuses a `status` filter value stands for (`failed`, `accepted` and `received` are
/// aliases). `None` for an unknown value.
pub fn expand_filter(value: &str) -> Option<Vec<Status>> {
    Some(match value {
        "failed" => vec![
            Status::TechnicalFailure,
            Status::TemporaryFailure,
            Status::PermanentFailure,
            Status::ValidationFailed,
            Status::VirusScanFailed,
        ],
        "accepted" => vec![Status::Created, Status::Sending],
        "received" => vec![Status::Delivered],
        other => vec![Status::parse(other)?],
    })
}

/// The statuses a list of filter values selects, or `None` when it selects every status (no
/// filter at all, as Notify does when the expansion covers everything).
pub fn filter_set<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<Vec<Status>> {
    let mut set: Vec<Status> = Vec::new();
    for value in values {
        for status in expand_filter(value).unwrap_or_default() {
            if !set.contains(&status) {
                set.push(status);
            }
        }
    }
    if set.is_empty() || ALL.iter().all(|s| set.contains(s)) {
        None
    } else {
        Some(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_letters_are_shown_as_notify_does() {
        for status in ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Status::Sending.for_letter(), "accepted");
        assert_eq!(Status::ReturnedLetter.for_letter(), "received");
        assert_eq!(Status::PermanentFailure.for_letter(), "permanent-failure");
    }

    #[test]
    fn filters_expand() {
        assert_eq!(filter_set(["received"]), Some(vec![Status::Delivered]));
        assert_eq!(
            filter_set(["accepted", "created"]),
            Some(vec![Status::Created, Status::Sending])
        );
        assert_eq!(filter_set(["failed"]).unwrap().len(), 5);
        assert_eq!(filter_set([]), None);
        let every: Vec<&str> = ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(filter_set(every), None);
    }
}
