//! Block rules of mistune 0.8.4's `BlockLexer` with Notify's grammar changes, tried in
//! mistune's order: blank lines, rules, indented and fenced code, `#` and underlined headings,
//! tables (dropped), `^` inset text, lists, link definitions (dropped) and paragraphs. Inside a
//! list item mistune uses a smaller rule set where plain lines are `text`, not paragraphs.

use super::hidden::{def_footnote, def_link, footnote_block, table};
use super::list::{list_block, starts_bullet_with_space};
use super::{Depth, LinkDefs, Node, MAX_DEPTH};

/// Which of mistune's rule lists applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rules {
    Document,
    ListItem,
}

/// `BlockLexer.parse`: trailing newlines are dropped, then rules are applied until the text
/// is used up.
pub(super) fn parse(text: &str, rules: Rules, depth: Depth, links: &mut LinkDefs) -> Vec<Node> {
    let text = text.trim_end_matches('\n');
    let mut nodes = Vec::new();
    let mut pos = 0;
    let mut text_can_merge = false;
    while pos < text.len() {
        let s = &text[pos..];
        let newlines = s.bytes().take_while(|b| *b == b'\n').count();
        if newlines > 0 {
            pos += newlines;
            text_can_merge &= newlines == 1;
            continue;
        }
        let (node, used) = next_block(s, rules, depth, links);
        pos += match used {
            0 => s.chars().next().map_or(1, char::len_utf8),
            used => used,
        };
        match node {
            Some(Node::Text(line)) if text_can_merge => {
                if let Some(Node::Text(previous)) = nodes.last_mut() {
                    previous.push('\n');
                    previous.push_str(&line);
                }
            }
            Some(node) => {
                text_can_merge = matches!(node, Node::Text(_));
                nodes.push(node);
            }
            None => text_can_merge = false,
        }
    }
    nodes
}

fn next_block(s: &str, rules: Rules, depth: Depth, links: &mut LinkDefs) -> (Option<Node>, usize) {
    let document = rules == Rules::Document;
    if document {
        if let Some(used) = hrule(s) {
            return (Some(Node::Rule), used);
        }
    }
    if let Some((code, used)) = indented_code(s).or_else(|| fences(s)) {
        return (Some(Node::Code(code)), used);
    }
    if document {
        if let Some((level, text, used)) = heading(s) {
            return (Some(Node::Heading { level, text }), used);
        }
        if let Some(used) = table(s) {
            return (None, used);
        }
    }
    if let Some((level, text, used)) = underlined_heading(s) {
        return (Some(Node::Heading { level, text }), used);
    }
    if !document {
        if let Some(used) = hrule(s) {
            return (Some(Node::Rule), used);
        }
    }
    if let Some(used) = block_quote(s) {
        return (Some(quote(&s[..used], depth, links)), used);
    }
    if let Some((node, used)) = list_block(s, depth, links) {
        return (Some(node), used);
    }
    if document {
        if let Some((used, def)) = def_link(s) {
            links.insert(def.key, def.href, def.title);
            return (None, used);
        }
        if let Some(used) = footnote_block(s) {
            return (None, used);
        }
        let (text, used) = paragraph(s);
        return (Some(Node::Paragraph(text)), used);
    }
    let line = line_of(s);
    (Some(Node::Text(line.to_owned())), line.len())
}

fn quote(block: &str, depth: Depth, links: &mut LinkDefs) -> Node {
    if depth.quote + 1 > MAX_DEPTH {
        return Node::Quote(vec![Node::Paragraph(
            block.trim_end_matches('\n').to_owned(),
        )]);
    }
    let inner: Vec<&str> = block.split('\n').map(strip_quote_marker).collect();
    let inner_depth = Depth {
        quote: depth.quote + 1,
        ..depth
    };
    Node::Quote(parse(
        &inner.join("\n"),
        Rules::Document,
        inner_depth,
        links,
    ))
}

/// `^ *\^ ?` removed from the start of a line.
fn strip_quote_marker(line: &str) -> &str {
    let trimmed = line.trim_start_matches(' ');
    match trimmed.strip_prefix('^') {
        Some(rest) => rest.strip_prefix(' ').unwrap_or(rest),
        None => line,
    }
}

/// The first line of `s`, without its newline.
pub(super) fn line_of(s: &str) -> &str {
    s.split('\n').next().unwrap_or("")
}

/// Length of `s`'s first line plus all the newlines after it.
pub(super) fn through_newlines(s: &str, line_len: usize) -> usize {
    line_len + s[line_len..].bytes().take_while(|b| *b == b'\n').count()
}

fn leading_spaces(s: &str) -> usize {
    s.bytes().take_while(|b| *b == b' ').count()
}

/// `hrule`: ` {0,3}[-*_](?: *[-*_]){2,} *(?:\n+|$)`.
pub(super) fn hrule(s: &str) -> Option<usize> {
    let line = line_of(s);
    let indent = leading_spaces(line);
    let body = &line[indent..];
    if indent > 3 || !body.starts_with(['-', '*', '_']) {
        return None;
    }
    let marks = body
        .chars()
        .filter(|c| matches!(c, '-' | '*' | '_'))
        .count();
    let only_marks_and_spaces = body.chars().all(|c| matches!(c, '-' | '*' | '_' | ' '));
    (marks >= 3 && only_marks_and_spaces).then(|| through_newlines(s, line.len()))
}

/// `block_code`: lines indented by four spaces (blank lines between them included). The code
/// keeps its trailing newlines, as mistune 0.8 passes them to the renderer.
fn indented_code(s: &str) -> Option<(String, usize)> {
    let mut used = 0;
    while s[used..].starts_with("    ") && line_of(&s[used..]).len() > 4 {
        used += through_newlines(&s[used..], line_of(&s[used..]).len());
    }
    let code: Vec<&str> = s[..used]
        .split('\n')
        .map(|line| line.strip_prefix("    ").unwrap_or(line))
        .collect();
    (used > 0).then(|| (code.join("\n"), used))
}

/// `fences`: ```` ``` ```` or `~~~` fenced code.
pub(super) fn fences(s: &str) -> Option<(String, usize)> {
    let first = line_of(s);
    let open = first.trim_start_matches(' ');
    let mark = open.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let fence_len = open.chars().take_while(|c| *c == mark).count();
    let info = open[fence_len..].trim_matches(' ');
    if fence_len < 3
        || info.contains(|c: char| c == '`' || c.is_whitespace())
        || first.len() == s.len()
    {
        return None;
    }
    let fence = &open[..fence_len];
    let body_start = first.len() + 1;
    let mut search = body_start + s[body_start..].chars().next().map_or(1, char::len_utf8);
    while let Some(offset) = s.get(search..).and_then(|rest| rest.find(fence)) {
        let at = search + offset;
        let after = &s[at + fence.len()..];
        let tail = after.trim_start_matches(' ');
        if tail.is_empty() || tail.starts_with('\n') {
            let code = s[body_start..at].trim_end();
            let code = if code.is_empty() {
                s[body_start..]
                    .chars()
                    .next()
                    .map(String::from)
                    .unwrap_or_default()
            } else {
                code.to_owned()
            };
            let end = s.len() - tail.len();
            return Some((code, through_newlines(&s[end..], 0) + end));
        }
        search = at + 1;
    }
    None
}

/// `heading`: ` *(#{1,6}) *([^\n]+?) *#* *(?:\n+|$)`.
pub(super) fn heading(s: &str) -> Option<(u8, String, usize)> {
    let line = line_of(s);
    let after_indent = line.trim_start_matches(' ');
    let hashes = after_indent.bytes().take_while(|b| *b == b'#').count();
    if hashes == 0 {
        return None;
    }
    let mut level = hashes.min(6);
    let after_hashes = &after_indent[level..];
    let rest = after_hashes.trim_start_matches(' ');
    let text = if rest.is_empty() {
        if after_hashes.is_empty() {
            if level < 2 {
                return None;
            }
            level -= 1;
            "#"
        } else {
            " "
        }
    } else {
        let stripped = rest
            .trim_end_matches(' ')
            .trim_end_matches('#')
            .trim_end_matches(' ');
        if stripped.is_empty() {
            &rest[..1]
        } else {
            stripped
        }
    };
    let level = u8::try_from(level).unwrap_or(6);
    Some((level, text.to_owned(), through_newlines(s, line.len())))
}

/// `lheading`: a line underlined with `=` (level 1) or `-` (level 2).
pub(super) fn underlined_heading(s: &str) -> Option<(u8, String, usize)> {
    let first = line_of(s);
    if first.is_empty() || first.len() == s.len() {
        return None;
    }
    let second = line_of(&s[first.len() + 1..]);
    let marks = second.trim_start_matches(' ').trim_end_matches(' ');
    if marks.is_empty() || !marks.chars().all(|c| c == '=' || c == '-') {
        return None;
    }
    let level = if marks.ends_with('=') { 1 } else { 2 };
    let used = first.len() + 1 + second.len();
    Some((
        level,
        first.to_owned(),
        through_newlines(&s[used..], 0) + used,
    ))
}

/// Notify's `block_quote`: lines starting `^`, their continuation lines, repeated across blank
/// lines while the next line starts with `^` again.
fn block_quote(s: &str) -> Option<usize> {
    let mut used = 0;
    loop {
        let first = line_of(&s[used..]);
        let marked = first.trim_start_matches(' ');
        if !marked.starts_with('^') || marked.len() < 2 {
            break;
        }
        let mut end = used + first.len();
        while s[end..].starts_with('\n') && !line_of(&s[end + 1..]).is_empty() {
            end += 1 + line_of(&s[end + 1..]).len();
        }
        used = through_newlines(&s[end..], 0) + end;
    }
    (used > 0).then_some(used)
}

/// `paragraph`: lines until a blank line or a line that starts another block.
fn paragraph(s: &str) -> (String, usize) {
    let mut end = line_of(s).len();
    while end < s.len() {
        let next = &s[end + 1..];
        if next.is_empty() || next.starts_with('\n') || interrupts_paragraph(next) {
            break;
        }
        end += 1 + line_of(next).len();
    }
    (s[..end].to_owned(), through_newlines(&s[end..], 0) + end)
}

/// The lookahead of mistune's paragraph rule (built from the original, pre-Notify grammar).
fn interrupts_paragraph(s: &str) -> bool {
    let line = line_of(s);
    let quoted = line.trim_start_matches(' ');
    fences(s).is_some()
        || starts_bullet_with_space(s)
        || hrule(s).is_some()
        || heading(s).is_some()
        || underlined_heading(s).is_some()
        || (quoted.starts_with('>') && quoted.len() > 1)
        || def_link(s).is_some()
        || def_footnote(s)
}
