//! Outcome rules: beyond Notify's magic numbers, a test suite can say how messages to a
//! recipient end (`{"to": "07700900123", "status": "temporary-failure", "after": "2s"}` or
//! `{"to_pattern": "*@bounce.example", "status": "permanent-failure"}`). Rules apply to
//! test-key sends and to sink deliveries (never to real providers); the first that matches wins.
//! Recipients are compared normalised, as Notify compares them (phone numbers in E.164 without
//! the `+`, email addresses lower-cased); patterns use `*` and `?` on that normalised form.

use super::Status;
use crate::recipients::allowed_key;
use serde::Serialize;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecipientMatch {
    Exactly(String),
    Pattern(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeRule {
    pub matches: RecipientMatch,
    pub status: Status,
    /// When the final status happens, in milliseconds from creation.
    pub after_ms: Option<i64>,
}

/// The statuses a rule may end in.
pub const FINAL_STATUSES: [Status; 5] = [
    Status::Delivered,
    Status::PermanentFailure,
    Status::TemporaryFailure,
    Status::TechnicalFailure,
    Status::Sent,
];

/// A rule as the API shows it.
#[derive(Serialize)]
pub struct RuleJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_pattern: Option<&'a str>,
    status: &'static str,
    after: Option<String>,
}

impl OutcomeRule {
    /// Reads a rule from its JSON form, with a clear message for anything wrong.
    pub fn from_json(value: &Value) -> Result<OutcomeRule, String> {
        let object = value
            .as_object()
            .ok_or("an outcome rule must be a JSON object")?;
        if let Some(unexpected) = object
            .keys()
            .find(|k| !matches!(k.as_str(), "to" | "to_pattern" | "status" | "after"))
        {
            return Err(format!(
                "unknown field {unexpected:?}: a rule has to or to_pattern, status and after"
            ));
        }
        let text = |name: &str| object.get(name).and_then(Value::as_str).map(str::trim);
        let matches = match (text("to"), text("to_pattern")) {
            (Some(to), None) if !to.is_empty() => RecipientMatch::Exactly(allowed_key(to)),
            (None, Some(pattern)) if !pattern.is_empty() => {
                RecipientMatch::Pattern(pattern.to_lowercase())
            }
            _ => return Err("give exactly one of to and to_pattern (a non-empty string)".into()),
        };
        let status = text("status")
            .and_then(Status::parse)
            .filter(|s| FINAL_STATUSES.contains(s))
            .ok_or("status must be one of delivered, permanent-failure, temporary-failure, technical-failure, sent")?;
        let after_ms = match object.get("after") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(
                crate::clock::parse_duration(s)
                    .ok_or_else(|| format!("after {s:?} is not a duration like 500ms, 2s or 1m"))?
                    .as_millis() as i64,
            ),
            Some(_) => return Err("after must be a duration like \"2s\"".into()),
        };
        Ok(OutcomeRule {
            matches,
            status,
            after_ms,
        })
    }

    pub fn to_json(&self) -> RuleJson<'_> {
        let (to, to_pattern) = match &self.matches {
            RecipientMatch::Exactly(to) => (Some(to.as_str()), None),
            RecipientMatch::Pattern(p) => (None, Some(p.as_str())),
        };
        RuleJson {
            to,
            to_pattern,
            status: self.status.as_str(),
            after: self.after_ms.map(|ms| format!("{ms}ms")),
        }
    }

    fn applies_to(&self, normalised: &str) -> bool {
        match &self.matches {
            RecipientMatch::Exactly(to) => to == normalised,
            RecipientMatch::Pattern(p) => glob(p.as_bytes(), normalised.to_lowercase().as_bytes()),
        }
    }
}

/// The first rule for a recipient (normalised with `allowed_key`).
pub fn find<'a>(rules: &'a [OutcomeRule], normalised: &str) -> Option<&'a OutcomeRule> {
    rules.iter().find(|r| r.applies_to(normalised))
}

/// `*` matches any run, `?` any one character.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some(p);
            mark = t;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rules_parse_and_match_normalised_recipients() {
        let rule = OutcomeRule::from_json(
            &json!({"to": "07700 900123", "status": "temporary-failure", "after": "2s"}),
        )
        .unwrap();
        assert_eq!(rule.matches, RecipientMatch::Exactly("447700900123".into()));
        assert_eq!(rule.after_ms, Some(2000));
        let bounce = OutcomeRule::from_json(
            &json!({"to_pattern": "*@Bounce.example", "status": "permanent-failure"}),
        )
        .unwrap();
        let rules = vec![rule, bounce];
        assert_eq!(
            find(&rules, &allowed_key("+447700900123")).map(|r| r.status),
            Some(Status::TemporaryFailure)
        );
        assert_eq!(
            find(&rules, &allowed_key("Ann@bounce.example")).map(|r| r.status),
            Some(Status::PermanentFailure)
        );
        assert!(find(&rules, "ann@example.com").is_none());
    }

    #[test]
    fn bad_rules_say_why() {
        for bad in [
            json!({"status": "delivered"}),
            json!({"to": "x", "to_pattern": "y", "status": "delivered"}),
            json!({"to": "x", "status": "created"}),
            json!({"to": "x", "status": "delivered", "after": "soon"}),
            json!({"to": "x", "status": "delivered", "colour": 1}),
            json!([]),
        ] {
            assert!(OutcomeRule::from_json(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn globs() {
        assert!(glob(b"*@x.com", b"a@x.com"));
        assert!(glob(b"4477009001??", b"447700900123"));
        assert!(!glob(b"*@x.com", b"a@y.com"));
        assert!(glob(b"*", b""));
    }
}
