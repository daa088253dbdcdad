//! Table tests for `parse_python_uuid`; every expected value was produced by CPython 3.13's
//! `uuid.UUID(text).hex`.

use super::parse_python_uuid;

const U: &str = "2ebe4da8-17be-49fe-b02f-dff2760261a0";
const H: &str = "2ebe4da817be49feb02fdff2760261a0";
/// `H` with its first digit replaced by a zero.
const H0: &str = "0ebe4da817be49feb02fdff2760261a0";
/// `H` with its first two digits replaced by zeros.
const H00: &str = "00be4da817be49feb02fdff2760261a0";
/// `H` with its first three digits replaced by zeros.
const H000: &str = "000e4da817be49feb02fdff2760261a0";

fn hex(bytes: [u8; 16]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Each row is `(prefix, body, suffix, expected)`: the text is `prefix + body + suffix`.
type Row<'a> = (&'a str, &'a str, &'a str, Option<&'a str>);

fn assert_rows(rows: &[Row]) {
    for &(prefix, body, suffix, expected) in rows {
        let text = format!("{prefix}{body}{suffix}");
        let parsed = parse_python_uuid(&text).map(hex);
        assert_eq!(parsed.as_deref(), expected, "{text:?}");
    }
}

/// Forms Python accepts, including the lenient ones `int(text, 16)` allows.
#[test]
fn accepts_what_python_accepts() {
    let upper = U.to_uppercase();
    assert_rows(&[
        ("", U, "", Some(H)),
        ("", &upper, "", Some(H)),
        ("", H, "", Some(H)),
        ("urn:uuid:", U, "", Some(H)),
        ("uuid:", U, "", Some(H)),
        ("urn:", U, "", Some(H)),
        ("uuurn:id:", H, "", Some(H)),
        ("{", U, "}", Some(H)),
        ("{{", U, "}}", Some(H)),
        ("}", U, "{", Some(H)),
        ("{", U, "", Some(H)),
        ("-", U, "-", Some(H)),
        ("--", H, "", Some(H)),
        (" ", &H[1..], "", Some(H0)),
        ("", &H[1..], " ", Some(H0)),
        ("\t", &H[1..], "", Some(H0)),
        ("\n", &H[1..], "", Some(H0)),
        ("\x0b", &H[1..], "", Some(H0)),
        ("\u{3000}", &H[1..], "", Some(H0)),
        ("\u{a0}", &H[1..], "", Some(H0)),
        ("\u{2003}", &H[1..], "", Some(H0)),
        ("\u{660}", &H[1..], "", Some(H0)),
        ("\u{ff10}", &H[1..], "", Some(H0)),
        ("+", &H[1..], "", Some(H0)),
        ("0x", &H[2..], "", Some(H00)),
        ("0X", &H[2..], "", Some(H00)),
        (" +", &H[2..], "", Some(H00)),
        ("  ", &H[2..], "", Some(H00)),
        ("0x_", &H[3..], "", Some(H000)),
        (" 0x", &H[3..], "", Some(H000)),
        ("+0x", &H[3..], "", Some(H000)),
        (
            "2ebe4da8_",
            &H[9..],
            "",
            Some("02ebe4da87be49feb02fdff2760261a0"),
        ),
        ("", &H[..30], "  ", Some("002ebe4da817be49feb02fdff2760261")),
        (
            "",
            &"0".repeat(32),
            "",
            Some("00000000000000000000000000000000"),
        ),
        (
            "",
            &"F".repeat(32),
            "",
            Some("ffffffffffffffffffffffffffffffff"),
        ),
        (
            "",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "",
            Some("ffffffffffffffffffffffffffffffff"),
        ),
    ]);
}

/// Forms Python rejects, including the whitespace-padded UUIDs of Notify's schema tests.
#[test]
fn rejects_what_python_rejects() {
    assert_rows(&[
        ("", U, " ", None),
        ("", U, "\n", None),
        ("", U, "\r", None),
        ("\t", U, "", None),
        ("", &U[4..], "", None),
        ("\x1c", &H[1..], "", None),
        ("\u{ff41}", &H[1..], "", None),
        ("0x__", &H[4..], "", None),
        ("2ebe4da8__", &H[10..], "", None),
        ("_", &H[1..], "", None),
        ("", &H[1..], "_", None),
        ("+ ", &H[2..], "", None),
        ("0x ", &H[3..], "", None),
        ("+_", &H[2..], "", None),
        ("", &"g".repeat(32), "", None),
        ("", "", "", None),
        ("", "bad_uuid", "", None),
        ("", "1234-badly-formatted-id-7890", "", None),
        ("", "0", "", None),
    ]);
}

#[test]
fn canonical_fast_path_gives_big_endian_bytes() {
    let bytes = parse_python_uuid(U).unwrap_or_default();
    assert_eq!(bytes[0], 0x2e);
    assert_eq!(bytes[15], 0xa0);
    assert_eq!(
        parse_python_uuid("2ebe4da8-17be-49fe-b02f-dff2760261a"),
        None
    );
    assert_eq!(
        parse_python_uuid("2ebe4da8x17be-49fe-b02f-dff2760261a0"),
        None
    );
}

#[test]
fn never_panics_on_odd_text() {
    let texts = [
        "\u{10ffff}".repeat(32),
        "é".repeat(40),
        "{}".repeat(20),
        "-".repeat(36),
        "urn:uuid:".into(),
    ];
    for text in texts {
        assert_eq!(parse_python_uuid(&text), None);
    }
}
