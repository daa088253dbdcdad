//! Recipients: phone numbers, email addresses and postal addresses, validated and normalised
//! as Notify does. (Placeholder rules until the full module lands.)

/// Validates an email address, returning it lower-cased.
pub fn validate_email(s: &str) -> Option<String> {
    let s = s.trim();
    match s.split_once('@') {
        Some((local, domain)) if !local.is_empty() && domain.contains('.') && !s.contains(' ') => {
            Some(s.to_lowercase())
        }
        _ => None,
    }
}

/// Parses a phone number, returning its digits.
pub fn parse_phone(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if digits.len() >= 10 && s.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c)) {
        Some(digits)
    } else {
        None
    }
}
