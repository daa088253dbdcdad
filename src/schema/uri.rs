//! The `https_url` definition (`one_click_unsubscribe_url`): jsonschema's `uri` format, which with
//! `jsonschema[format]` installed is `rfc3987.parse(text, rule="URI")` (the RFC 3986 `URI` rule,
//! ASCII only), plus the pattern `^https.*`.
//!
//! rfc3987 anchors its regex with Python's `$`, which also matches before one final `\n`, so a URI
//! followed by a single newline is accepted, as it is by Notify.

/// True when Notify's `https_url` accepts `text`: it starts with `https` and is an RFC 3986 URI.
pub fn is_https_url(text: &str) -> bool {
    text.starts_with("https") && is_rfc3986_uri(text)
}

/// `rfc3987.match(text, rule="URI")`: `scheme ":" hier-part ["?" query] ["#" fragment]`.
pub fn is_rfc3986_uri(text: &str) -> bool {
    let text = text.strip_suffix('\n').unwrap_or(text).as_bytes();
    let Some(colon) = text.iter().position(|&byte| byte == b':') else {
        return false;
    };
    if !is_scheme(&text[..colon]) {
        return false;
    }
    let rest = &text[colon + 1..];
    let (rest, fragment) = split_at_first(rest, b'#');
    let (hier_part, query) = split_at_first(rest, b'?');
    let query_ok = query
        .is_none_or(|query| is_chars(query, |byte| is_pchar(byte) || byte == b'/' || byte == b'?'));
    let fragment_ok = fragment.is_none_or(|fragment| {
        is_chars(fragment, |byte| {
            is_pchar(byte) || byte == b'/' || byte == b'?'
        })
    });
    query_ok && fragment_ok && is_hier_part(hier_part)
}

fn split_at_first(text: &[u8], separator: u8) -> (&[u8], Option<&[u8]>) {
    match text.iter().position(|&byte| byte == separator) {
        Some(index) => (&text[..index], Some(&text[index + 1..])),
        None => (text, None),
    }
}

fn is_scheme(scheme: &[u8]) -> bool {
    match scheme.split_first() {
        Some((first, rest)) => {
            first.is_ascii_alphabetic()
                && rest
                    .iter()
                    .all(|&byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'-' | b'.'))
        }
        None => false,
    }
}

/// `"//" authority path-abempty / path-absolute / path-rootless / path-empty`.
fn is_hier_part(hier_part: &[u8]) -> bool {
    if let Some(after_slashes) = hier_part.strip_prefix(b"//") {
        let end = after_slashes
            .iter()
            .position(|&byte| byte == b'/')
            .unwrap_or(after_slashes.len());
        let (authority, path) = after_slashes.split_at(end);
        return is_authority(authority) && is_path(path);
    }
    // path-absolute ("/" not followed by "/"), path-rootless (starts with a pchar) or empty: all
    // are pchars and slashes once the "//" case is excluded.
    is_path(hier_part)
}

/// Segments of pchars separated by slashes.
fn is_path(path: &[u8]) -> bool {
    is_chars(path, |byte| is_pchar(byte) || byte == b'/')
}

/// `[userinfo "@"] host [":" port]`.
fn is_authority(authority: &[u8]) -> bool {
    let (userinfo, host_port) = match authority.iter().position(|&byte| byte == b'@') {
        Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
        None => (None, authority),
    };
    if let Some(userinfo) = userinfo {
        if !is_chars(userinfo, |byte| {
            is_unreserved(byte) || is_sub_delim(byte) || byte == b':'
        }) {
            return false;
        }
    }
    let (host, port) = if host_port.first() == Some(&b'[') {
        let Some(close) = host_port.iter().position(|&byte| byte == b']') else {
            return false;
        };
        if !is_ip_literal(&host_port[1..close]) {
            return false;
        }
        (None, &host_port[close + 1..])
    } else {
        let end = host_port
            .iter()
            .position(|&byte| byte == b':')
            .unwrap_or(host_port.len());
        (Some(&host_port[..end]), &host_port[end..])
    };
    let host_ok =
        host.is_none_or(|host| is_chars(host, |byte| is_unreserved(byte) || is_sub_delim(byte)));
    let port_ok = match port.split_first() {
        None => true,
        Some((b':', digits)) => digits.iter().all(u8::is_ascii_digit),
        Some(_) => false,
    };
    host_ok && port_ok
}

/// `IPv6address / IPvFuture` inside the brackets.
fn is_ip_literal(inner: &[u8]) -> bool {
    if let Some(future) = inner.strip_prefix(b"v") {
        let dot = future.iter().position(|&byte| byte == b'.').unwrap_or(0);
        let tail = &future[(dot + 1).min(future.len())..];
        if dot > 0 && future[..dot].iter().all(u8::is_ascii_hexdigit) && !tail.is_empty() {
            return tail
                .iter()
                .all(|&byte| is_unreserved(byte) || is_sub_delim(byte) || byte == b':');
        }
    }
    is_ipv6(inner)
}

/// RFC 3986 `IPv6address`: eight 16-bit pieces (the last two may be an IPv4 address), or fewer
/// around one `::` that stands for at least one piece.
fn is_ipv6(text: &[u8]) -> bool {
    let double = text.windows(2).position(|pair| pair == b"::");
    match double {
        None => count_pieces(text, true) == Some(8),
        Some(index) => {
            let (left, right) = (&text[..index], &text[index + 2..]);
            let left_count = if left.is_empty() {
                Some(0)
            } else {
                count_pieces(left, false)
            };
            let right_count = if right.is_empty() {
                Some(0)
            } else {
                count_pieces(right, true)
            };
            matches!((left_count, right_count), (Some(l), Some(r)) if l + r <= 7)
        }
    }
}

/// Counts colon-separated `h16` pieces (an IPv4 address as the last piece counts two when
/// allowed); `None` if any piece is malformed.
fn count_pieces(text: &[u8], ipv4_last: bool) -> Option<usize> {
    let pieces = text.split(|&byte| byte == b':').count();
    let mut count = 0;
    for (index, piece) in text.split(|&byte| byte == b':').enumerate() {
        if ipv4_last && index + 1 == pieces && is_ipv4(piece) {
            count += 2;
        } else if (1..=4).contains(&piece.len()) && piece.iter().all(u8::is_ascii_hexdigit) {
            count += 1;
        } else {
            return None;
        }
    }
    Some(count)
}

/// Four `dec-octet`s: one to three digits, three-digit values at most 255 (leading zeros allowed).
fn is_ipv4(text: &[u8]) -> bool {
    let mut octets = 0;
    for octet in text.split(|&byte| byte == b'.') {
        let valid = (1..=3).contains(&octet.len())
            && octet.iter().all(u8::is_ascii_digit)
            && (octet.len() < 3 || octet < b"256".as_slice());
        if !valid {
            return false;
        }
        octets += 1;
    }
    octets == 4
}

/// Every character is accepted by `allowed` or is a `%XX` escape.
fn is_chars(text: &[u8], allowed: impl Fn(u8) -> bool) -> bool {
    let mut index = 0;
    while index < text.len() {
        let byte = text[index];
        if byte == b'%' {
            let escape_ok = text
                .get(index + 1..index + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
            if !escape_ok {
                return false;
            }
            index += 3;
        } else if allowed(byte) {
            index += 1;
        } else {
            return false;
        }
    }
    true
}

fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

fn is_sub_delim(byte: u8) -> bool {
    matches!(
        byte,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
}

/// `unreserved / sub-delims / ":" / "@"` (percent escapes are handled by `is_chars`).
fn is_pchar(byte: u8) -> bool {
    is_unreserved(byte) || is_sub_delim(byte) || matches!(byte, b':' | b'@')
}

#[cfg(test)]
mod tests;
