//! Table tests for the `https_url` check; expectations are rfc3987 1.3.8's
//! `parse(text, rule="URI")` plus the `^https.*` pattern, as run by jsonschema.

use super::{is_https_url, is_rfc3986_uri};

#[test]
fn https_urls_like_notify() {
    let rows = [
        ("https://example.com/unsubscribe?id=1", true),
        ("https:", true),
        ("https", false),
        ("http://example.com", false),
        ("HTTPS://example.com", false),
        ("httpsfoo://x", true),
        ("https://exa mple.com", false),
        ("https://example.com/%20", true),
        ("https://example.com/%zz", false),
        ("https://a/%2", false),
        ("https://[::1]:8080/x", true),
        ("https://[v1.x]/", true),
        ("https://[V1.x]/", false),
        ("https://[1:2:3:4:5:6:7:8]/", true),
        ("https://[1:2:3:4:5:6:7:8:9]/", false),
        ("https://[1:2:3:4:5:6:7::]/", true),
        ("https://[::1:2:3:4:5:6:7]/", true),
        ("https://[1:2:3:4:5::1.2.3.4]/", true),
        ("https://[1:2:3:4:5:6::1.2.3.4]/", false),
        ("https://[::ffff:1.2.3.256]/", false),
        ("https://[::1.2.3.4:5]/", false),
        ("https://[1::2::3]/", false),
        ("https://[::]/", true),
        ("https://user:pw@host:443/p?q=1#f", true),
        ("https://a@b@c", false),
        ("https://host:44a/", false),
        ("https://host:/", true),
        ("https:///path", true),
        ("https://a#b#c", false),
        ("https://a?b?c", true),
        ("https://host/\n", true),
        ("https://host/\n\n", false),
        ("https://h\u{e9}llo.com", false),
        ("https://a/~!$&'()*+,;=:@", true),
    ];
    for (text, expected) in rows {
        assert_eq!(is_https_url(text), expected, "{text:?}");
    }
}

#[test]
fn other_schemes_are_uris_but_not_https_urls() {
    assert!(is_rfc3986_uri("mailto:someone@example.com"));
    assert!(is_rfc3986_uri(
        "urn:uuid:2ebe4da8-17be-49fe-b02f-dff2760261a0"
    ));
    assert!(!is_rfc3986_uri("1http://x"));
    assert!(!is_rfc3986_uri("no-colon"));
    assert!(!is_https_url("mailto:x"));
}
