//! Lists, with Notify's grammar: bullets `•`, `*`, `-` or `1.` (no space needed after them),
//! the list running until a blank line followed by something that is neither indented nor
//! another bullet (mistune 0.8.4 `list_block`/`list_item` as patched in `markdown.py`), items
//! outdented and parsed with the list-item rules, loose items keeping paragraphs.

use super::block::{line_of, parse, Rules};
use super::hidden::{def_footnote, def_link};
use super::{Depth, Item, LinkDefs, Node, MAX_DEPTH};

/// Length of a bullet at the start of `s`: `[•*-]` or `\d+\.`.
fn bullet_len(s: &str) -> Option<usize> {
    if s.starts_with(['*', '-']) {
        return Some(1);
    }
    if s.starts_with('•') {
        return Some('•'.len_utf8());
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && s[digits..].starts_with('.')).then_some(digits + 1)
}

/// The paragraph-interrupting list start of mistune's original grammar: `[*+-]`, `\d+\.` or
/// both, followed by a space and at least one more character.
pub(super) fn starts_bullet_with_space(s: &str) -> bool {
    let body = s.trim_start_matches(' ');
    let sign = usize::from(body.starts_with(['*', '+', '-']));
    let digits = body[sign..].bytes().take_while(u8::is_ascii_digit).count();
    let number = if digits > 0 && body[sign + digits..].starts_with('.') {
        digits + 1
    } else {
        0
    };
    let bullet = sign + number;
    bullet > 0 && body[bullet..].starts_with(' ') && body.len() > bullet + 1
}

/// `\n+(?=\1?(?:[-*_] *){3,}(?:\n+|$))`: a rule-like line after the newlines at `at`.
fn rule_like(s: &str, indent: &str) -> bool {
    let line = line_of(s);
    let body = line.strip_prefix(indent).unwrap_or(line);
    let marks = body
        .chars()
        .filter(|c| matches!(c, '-' | '*' | '_'))
        .count();
    body.starts_with(['-', '*', '_'])
        && marks >= 3
        && body.chars().all(|c| matches!(c, '-' | '*' | '_' | ' '))
}

/// Where a list starting at the top of `s` (indent `indent`, first bullet ending at
/// `first_item_text`) ends, as a byte offset including the newlines it swallows.
fn list_end(s: &str, indent: &str, first_item_text: usize) -> usize {
    let whitespace_tail = s.trim_end_matches(char::is_whitespace).len();
    let min_end = first_item_text
        + s[first_item_text..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
    let mut p = min_end;
    while let Some(offset) = s[p..].find('\n') {
        let at = p + offset;
        if at >= whitespace_tail {
            break;
        }
        let newlines = s[at..].bytes().take_while(|b| *b == b'\n').count();
        let next = &s[at + newlines..];
        if rule_like(next, indent) || def_link(next).is_some() || def_footnote(next) {
            return at + newlines;
        }
        if newlines >= 2 {
            let another_bullet = next
                .strip_prefix(indent)
                .and_then(|rest| bullet_len(rest).map(|len| rest[len..].starts_with(' ')))
                .unwrap_or(false);
            if newlines >= 3 || (!next.starts_with(' ') && !another_bullet) {
                return at + newlines;
            }
        }
        p = at + 1;
    }
    s.len()
}

/// Notify's `list_block` at the top of `s`: the list node and the bytes it used.
pub(super) fn list_block(s: &str, depth: Depth, links: &mut LinkDefs) -> Option<(Node, usize)> {
    let indent_len = s.bytes().take_while(|b| *b == b' ').count();
    let indent = &s[..indent_len];
    let bullet = bullet_len(&s[indent_len..])?;
    let after_bullet = indent_len + bullet;
    if after_bullet >= s.len() {
        return None;
    }
    let ordered = s[indent_len..after_bullet].ends_with('.');
    let used = list_end(s, indent, after_bullet);
    let block = &s[..used];
    if depth.list + 1 > MAX_DEPTH {
        let item = Item {
            loose: false,
            children: vec![Node::Text(block.trim_end_matches('\n').to_owned())],
        };
        return Some((
            Node::List {
                ordered,
                items: vec![item],
            },
            used,
        ));
    }
    let raw_items = split_items(block, indent);
    let mut items = Vec::with_capacity(raw_items.len());
    let mut next_loose = false;
    for (i, raw) in raw_items.iter().enumerate() {
        let text = outdent(raw);
        let mut loose = next_loose || has_inner_blank_line(&text);
        if i + 1 != raw_items.len() && !text.is_empty() {
            next_loose = text.ends_with('\n');
            loose |= next_loose;
        }
        let item_depth = Depth {
            list: depth.list + 1,
            ..depth
        };
        let children = parse(&text, Rules::ListItem, item_depth, links);
        items.push(Item { loose, children });
    }
    Some((Node::List { ordered, items }, used))
}

/// `list_item.findall`: items start at lines beginning with exactly `indent` then a bullet.
fn split_items<'a>(block: &'a str, indent: &str) -> Vec<&'a str> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut line_start = 0;
    while let Some(offset) = block[line_start..].find('\n') {
        let next_line = line_start + offset + 1;
        let starts_item = block[next_line..]
            .strip_prefix(indent)
            .is_some_and(|rest| bullet_len(rest).is_some());
        if starts_item {
            items.push(&block[start..next_line - 1]);
            start = next_line;
        }
        line_start = next_line;
    }
    items.push(&block[start..]);
    items
}

/// Removes the bullet, then (when later lines are indented) up to the bullet's width of
/// leading spaces from every line.
fn outdent(raw: &str) -> String {
    let indent = raw.bytes().take_while(|b| *b == b' ').count();
    let bullet = bullet_len(&raw[indent..]).unwrap_or(0);
    let item = &raw[indent + bullet..];
    if !item.contains("\n ") {
        return item.to_owned();
    }
    let width = raw[..indent + bullet].chars().count();
    let lines: Vec<&str> = item
        .split('\n')
        .map(|line| {
            let spaces = line.bytes().take_while(|b| *b == b' ').count().min(width);
            &line[spaces..]
        })
        .collect();
    lines.join("\n")
}

/// `\n\n(?!\s*$)`: a blank line with something after it.
fn has_inner_blank_line(item: &str) -> bool {
    item.match_indices("\n\n")
        .any(|(i, _)| !item[i + 2..].chars().all(char::is_whitespace))
}
