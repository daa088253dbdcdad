//! The "hostname must be IDNA-encodable" step of Notify's email check: Python's
//! `hostname.encode("idna")` (IDNA 2003, `encodings.idna`).
//!
//! ASCII hostnames take Python's fast path exactly (only label lengths are checked). Non-ASCII
//! hostnames are split on the four IDNA dots and each label goes through a *reduced* nameprep:
//! characters mapped to nothing (RFC 3454 B.1) are dropped, the label is lower-cased, and
//! whitespace, control, private-use, non-character, bidi-control and tag characters are refused.
//! Full NFKC normalisation, unassigned-code-point and bidi checks are not done, so a few exotic
//! labels that Python rejects (or folds to ASCII) are punycoded instead.

const ACE_PREFIX: &str = "xn--";

/// Encodes a hostname like Python's IDNA codec; `None` where Python raises `UnicodeError`.
pub(super) fn encode_hostname(hostname: &str) -> Option<String> {
    if hostname.is_ascii() {
        let labels: Vec<&str> = hostname.split('.').collect();
        let (last, init) = labels.split_last()?;
        let ok = init.iter().all(|l| (1..64).contains(&l.len())) && last.len() < 64;
        return ok.then(|| hostname.to_owned());
    }
    let mut labels: Vec<&str> = hostname.split(is_idna_dot).collect();
    let trailing_dot = labels.last().is_some_and(|l| l.is_empty());
    if trailing_dot {
        labels.pop();
    }
    let mut out = String::with_capacity(hostname.len() * 2);
    for (i, label) in labels.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(&label_to_ascii(label)?);
    }
    if trailing_dot {
        out.push('.');
    }
    Some(out)
}

fn is_idna_dot(c: char) -> bool {
    matches!(c, '.' | '\u{3002}' | '\u{ff0e}' | '\u{ff61}')
}

/// RFC 3490 ToASCII with `UseSTD3ASCIIRules` off.
fn label_to_ascii(label: &str) -> Option<String> {
    let within_limits = |l: &str| (1..64).contains(&l.len());
    if label.is_ascii() {
        return within_limits(label).then(|| label.to_owned());
    }
    let prepared = nameprep(label)?;
    if prepared.is_ascii() {
        return within_limits(&prepared).then_some(prepared);
    }
    if prepared.starts_with(ACE_PREFIX) {
        return None;
    }
    let encoded = format!("{ACE_PREFIX}{}", punycode_encode(&prepared)?);
    within_limits(&encoded).then_some(encoded)
}

/// The reduced nameprep described in the module header.
fn nameprep(label: &str) -> Option<String> {
    let mut out = String::with_capacity(label.len());
    for c in label.chars().filter(|c| !is_mapped_to_nothing(*c)) {
        if is_prohibited(c) {
            return None;
        }
        out.extend(c.to_lowercase());
    }
    Some(out)
}

/// RFC 3454 table B.1.
fn is_mapped_to_nothing(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{1806}'
            | '\u{180b}'..='\u{180d}'
            | '\u{200b}'..='\u{200d}'
            | '\u{2060}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
    )
}

/// The nameprep prohibition tables C.1.2 to C.9 that do not need Unicode data files.
fn is_prohibited(c: char) -> bool {
    let cp = u32::from(c);
    c.is_control()
        || crate::python::is_space(c)
        || matches!(cp, 0x06dd | 0x070f | 0x180e | 0x1680 | 0x0340 | 0x0341)
        || matches!(cp, 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x2063 | 0x206a..=0x206f)
        || matches!(cp, 0x2ff0..=0x2ffb | 0x3000 | 0xe000..=0xf8ff | 0xfdd0..=0xfdef)
        || matches!(cp, 0xfff9..=0xfffd | 0x1d173..=0x1d17a | 0xe0001 | 0xe0020..=0xe007f)
        || cp >= 0xf0000
        || (cp & 0xfffe) == 0xfffe
}

/// RFC 3492 punycode encoding (what Python's `"punycode"` codec produces).
fn punycode_encode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    let code_points: Vec<u32> = input.chars().map(u32::from).collect();
    let mut output: String = input.chars().filter(char::is_ascii).collect();
    let basic = output.len() as u32;
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (128u32, 0u32, 72u32, basic);
    let total = code_points.len() as u32;
    while handled < total {
        let m = code_points.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &code_points {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = threshold(k, bias);
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(output)
}

fn threshold(k: u32, bias: u32) -> u32 {
    k.saturating_sub(bias).clamp(1, 26)
}

fn digit(d: u32) -> char {
    match d {
        0..=25 => char::from(b'a' + d as u8),
        _ => char::from(b'0' + (d - 26) as u8),
    }
}

fn adapt(delta: u32, num_points: u32, first_time: bool) -> u32 {
    let mut delta = if first_time { delta / 700 } else { delta / 2 };
    delta += delta / num_points;
    let mut k = 0;
    while delta > ((36 - 1) * 26) / 2 {
        delta /= 36 - 1;
        k += 36;
    }
    k + (36 * delta) / (delta + 38)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_python_idna() {
        let cases = [
            ("例え.テスト", Some("xn--r8jz45g.xn--zckzah")),
            (
                "german-financial-services.vermögensberatung",
                Some("german-financial-services.xn--vermgensberatung-pwb"),
            ),
            ("bücher.example", Some("xn--bcher-kva.example")),
            ("BÜCHER.example", Some("xn--bcher-kva.example")),
            ("例え。テスト", Some("xn--r8jz45g.xn--zckzah")),
            ("domain.com", Some("domain.com")),
            ("domain..com", None),
            ("ü..com", None),
            ("xn--ü.com", None),
            ("a\u{3000}b.com", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(encode_hostname(raw).as_deref(), expected, "{raw}");
        }
    }

    #[test]
    fn refuses_labels_that_encode_too_long() {
        let long = "ü".repeat(70);
        assert_eq!(encode_hostname(&format!("{long}.com")), None);
        assert_eq!(encode_hostname(&format!("{}.com", "a".repeat(64))), None);
    }
}
