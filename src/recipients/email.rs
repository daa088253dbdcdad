//! Email address validation, as notifications-utils'
//! `recipient_validation/email_address.py` `validate_and_format_email_address` does it (spec
//! §4.3). The regular expressions are written out by hand; the hostname goes through a minimal
//! IDNA-2003 encoder (see `idna.rs`) before its labels are checked.

mod idna;

use crate::python::{is_space, strip_and_remove_obscure_whitespace};

/// The one message Notify gives for any bad email address.
pub const INVALID_EMAIL_MESSAGE: &str = "Not a valid email address";

/// Why an email address was refused. Notify has a single message for every reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmailError;

impl EmailError {
    /// `Not a valid email address`.
    pub fn message(&self) -> &'static str {
        INVALID_EMAIL_MESSAGE
    }
}

impl std::fmt::Display for EmailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(INVALID_EMAIL_MESSAGE)
    }
}

impl std::error::Error for EmailError {}

/// Validates an email address and returns it normalised the way Notify stores it: obscure
/// whitespace removed, surrounding whitespace stripped, lower-cased.
pub fn validate_email(raw: &str) -> Result<String, EmailError> {
    let address = strip_and_remove_obscure_whitespace(raw);
    let hostname = match_email_pattern(&address).ok_or(EmailError)?;
    if address.chars().count() > 320 || address.contains("..") {
        return Err(EmailError);
    }
    let hostname = idna::encode_hostname(hostname).ok_or(EmailError)?;
    check_hostname(&hostname)?;
    Ok(address.to_lowercase())
}

/// `^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~\-]+@([^.@][^@\s]+)$`; returns the hostname group.
fn match_email_pattern(address: &str) -> Option<&str> {
    let (local, hostname) = address.split_once('@')?;
    let local_ok = !local.is_empty() && local.bytes().all(is_valid_local_byte);
    let mut host_chars = hostname.chars();
    let first_ok = matches!(host_chars.next(), Some(c) if c != '.' && c != '@');
    let mut rest = host_chars.peekable();
    let rest_ok = rest.peek().is_some() && rest.all(|c| c != '@' && !is_space(c));
    (local_ok && first_ok && rest_ok).then_some(hostname)
}

fn is_valid_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b)
}

/// Length, label and TLD rules applied to the IDNA-encoded (ASCII) hostname.
fn check_hostname(hostname: &str) -> Result<(), EmailError> {
    let parts: Vec<&str> = hostname.split('.').collect();
    if hostname.len() > 253 || parts.len() < 2 {
        return Err(EmailError);
    }
    if !parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 63 && is_hostname_part(p))
    {
        return Err(EmailError);
    }
    match parts.last() {
        Some(tld) if is_tld(tld) => Ok(()),
        _ => Err(EmailError),
    }
}

/// `^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$` (case-insensitive): alphanumeric runs joined by one or two
/// hyphens, no leading or trailing hyphen.
fn is_hostname_part(part: &str) -> bool {
    part.split("--")
        .flat_map(|chunk| chunk.split('-'))
        .all(|run| !run.is_empty() && run.bytes().all(|b| b.is_ascii_alphanumeric()))
        && !part.contains("---")
}

/// `^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$` (case-insensitive).
fn is_tld(tld: &str) -> bool {
    let letters = (2..=63).contains(&tld.len()) && tld.bytes().all(|b| b.is_ascii_alphabetic());
    let punycode = match (tld.get(..4), tld.get(4..)) {
        (Some(ace), Some(rest)) if ace.eq_ignore_ascii_case("xn--") => rest
            .split('-')
            .all(|run| !run.is_empty() && run.bytes().all(|b| b.is_ascii_alphanumeric())),
        _ => false,
    };
    letters || punycode
}

#[cfg(test)]
mod tests;
