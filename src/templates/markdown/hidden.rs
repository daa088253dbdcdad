//! Block constructs Notify's markdown recognises but never shows: tables (`table`,
//! `nptable`), link definitions (`[key]: href "title"`, kept for reference links) and
//! footnote definitions (`[^key]: text`).

use super::block::{line_of, through_newlines};

/// `table` and `nptable`: consumed and shown as nothing.
pub(super) fn table(s: &str) -> Option<usize> {
    let header = line_of(s);
    let divider_start = header.len() + 1;
    let divider = line_of(s.get(divider_start..)?);
    let rows_start = divider_start + divider.len() + 1;
    if rows_start > s.len() {
        return None;
    }
    let header_body = header.trim_start_matches(' ');
    let divider_body = divider.trim_start_matches(' ');
    let piped = header_body.starts_with('|') && header_body.len() > 1;
    let divider_ok = if piped {
        divider_body
            .strip_prefix('|')
            .is_some_and(|d| d.trim_start_matches(' ').starts_with(['-', ':']))
    } else {
        !header_body.is_empty()
            && header.contains('|')
            && divider_body.starts_with(['-', ':'])
            && divider.contains('|')
    };
    if !divider_ok
        || !divider_body
            .chars()
            .all(|c| matches!(c, '-' | '|' | ' ' | ':'))
    {
        return None;
    }
    let mut used = rows_start;
    while used < s.len() {
        let row = line_of(&s[used..]);
        let is_row = if piped {
            row.trim_start_matches(' ').starts_with('|')
        } else {
            row.contains('|')
        };
        if !is_row {
            break;
        }
        used = (used + row.len() + 1).min(s.len());
    }
    Some(through_newlines(&s[used..], 0) + used)
}

/// A `[key]: href "title"` definition.
pub(super) struct LinkDef<'a> {
    pub key: &'a str,
    pub href: &'a str,
    pub title: Option<&'a str>,
}

/// `def_links`: `[key]: link "title"`, which shows nothing. The key may run over several
/// lines (`[^^\]]+`); the link and title follow the `]:` on its line.
pub(super) fn def_link(s: &str) -> Option<(usize, LinkDef<'_>)> {
    let rest = s.trim_start_matches(' ').strip_prefix('[')?;
    let close = rest.find(']')?;
    if close == 0 || rest[..close].contains('^') {
        return None;
    }
    let key = &rest[..close];
    let after_key = s.len() - rest.len() + close + 1;
    let line = line_of(&s[after_key..]);
    let rest = line.strip_prefix(':')?.trim_start_matches(' ');
    let rest = rest.strip_prefix('<').unwrap_or(rest);
    let link_len = rest
        .find(|c: char| c.is_whitespace() || c == '>')
        .unwrap_or(rest.len());
    if link_len == 0 {
        return None;
    }
    let href = &rest[..link_len];
    let rest = &rest[link_len..];
    let rest = rest.strip_prefix('>').unwrap_or(rest);
    let quoted = rest.trim_end_matches(' ').trim_start_matches(' ');
    let title = if quoted.is_empty() {
        None
    } else if rest.starts_with(' ')
        && quoted.starts_with(['"', '('])
        && quoted.ends_with(['"', ')'])
        && quoted.len() >= 3
    {
        Some(&quoted[1..quoted.len() - 1])
    } else {
        return None;
    };
    let used = after_key + through_newlines(&s[after_key..], line.len());
    Some((used, LinkDef { key, href, title }))
}

/// `def_footnotes` opening: `[^key]:` (the key may run over several lines).
pub(super) fn def_footnote(s: &str) -> bool {
    s.strip_prefix("[^")
        .and_then(|rest| rest.find(']').map(|i| (i, rest)))
        .is_some_and(|(i, rest)| i > 0 && rest[i + 1..].starts_with(':'))
}

/// A whole `def_footnotes` block: the definition line and the indented lines after it. Notify
/// shows footnotes only when referenced, and then only at the end; they are dropped here.
pub(super) fn footnote_block(s: &str) -> Option<usize> {
    if !def_footnote(s) {
        return None;
    }
    let colon = s.find("]:")? + 2;
    let mut used = colon + through_newlines(&s[colon..], line_of(&s[colon..]).len());
    while s[used..].starts_with(' ') {
        used += through_newlines(&s[used..], line_of(&s[used..]).len());
    }
    Some(used)
}
