//! Inline rules of mistune 0.8.4's `InlineLexer` as Notify configures it: backslash escapes
//! (``\`*{}[]()#+-.!_>~|``, so `\<` stays as typed), bare `http(s)://` links,
//! `[text](href "title")` links, reference links to `[key]: href` definitions, images
//! (dropped), hard line breaks and text. Emphasis, strong, code spans and strikethrough are
//! switched off, so `*`, `_`, `` ` `` and `~` stay literal.

use super::LinkDefs;

/// A piece of inline content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in super::super) enum Inline {
    Text(String),
    /// A bare `https://...` link.
    Url(String),
    Link {
        children: Vec<Inline>,
        href: String,
        title: Option<String>,
    },
    /// A line break (every newline inside a paragraph).
    Break,
}

/// Parses the inline content of a block (trailing newlines are ignored, as in mistune).
pub(in super::super) fn parse_inline(text: &str, links: &LinkDefs) -> Vec<Inline> {
    let mut out = Vec::new();
    parse_into(text.trim_end_matches('\n'), false, links, 0, &mut out);
    out
}

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inline::Text(text.to_owned()));
    }
}

fn parse_into(s: &str, mut in_link: bool, links: &LinkDefs, depth: usize, out: &mut Vec<Inline>) {
    // Every kind of link needs a `]` after its `[`.
    let last_close = s.rfind(']');
    let mut p = 0;
    while p < s.len() {
        let rest = &s[p..];
        if let Some(c) = escaped_char(rest) {
            push_text(out, &s[p + 1..p + 1 + c.len_utf8()]);
            p += 1 + c.len_utf8();
        } else if let Some(len) = url_len(rest) {
            if in_link {
                push_text(out, &rest[..len]);
            } else {
                out.push(Inline::Url(rest[..len].to_owned()));
            }
            p += len;
        } else if let Some(link) = last_close
            .filter(|c| *c > p)
            .and_then(|_| nested_link(rest, links, depth))
        {
            if !link.image {
                let mut children = Vec::new();
                parse_into(
                    link.text.trim_end_matches('\n'),
                    true,
                    links,
                    depth + 1,
                    &mut children,
                );
                let title = link.title.map(str::to_owned);
                out.push(Inline::Link {
                    children,
                    href: link.href.to_owned(),
                    title,
                });
                // mistune clears its "inside a link" flag after any link, even a nested one.
                in_link = false;
            }
            p += link.len;
        } else if let Some(len) = line_break(rest) {
            out.push(Inline::Break);
            p += len;
        } else {
            let len = text_len(rest);
            push_text(out, &rest[..len]);
            p += len;
        }
    }
}

/// A link at the start of `rest`, unless links are already nested too deeply.
fn nested_link<'a>(rest: &'a str, links: &'a LinkDefs, depth: usize) -> Option<LinkMatch<'a>> {
    if depth >= MAX_LINK_NESTING {
        return None;
    }
    link(rest).or_else(|| reference_link(rest, links))
}

/// mistune 0.8's `escape`: `\\` followed by one of ``\`*{}[]()#+-.!_>~|``.
fn escaped_char(s: &str) -> Option<char> {
    let c = s.strip_prefix('\\')?.chars().next()?;
    "\\`*{}[]()#+-.!_>~|".contains(c).then_some(c)
}

/// Notify's `url`: `https?://[^\s<]+[^<.,:"')\]\s]`.
fn url_len(s: &str) -> Option<usize> {
    let scheme = if s.starts_with("https://") {
        8
    } else if s.starts_with("http://") {
        7
    } else {
        return None;
    };
    let run = s[scheme..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || *c == '<')
        .map_or(s.len() - scheme, |(i, _)| i);
    let body = &s[scheme..scheme + run];
    let last_ok = body
        .char_indices()
        .skip(1)
        .filter(|(_, c)| !matches!(c, '<' | '.' | ',' | ':' | '"' | '\'' | ')' | ']'))
        .last()?;
    Some(scheme + last_ok.0 + last_ok.1.len_utf8())
}

/// `linebreak` with hard wrap: ` *\n(?!\s*$)`.
fn line_break(s: &str) -> Option<usize> {
    let spaces = s.bytes().take_while(|b| *b == b' ').count();
    if !s[spaces..].starts_with('\n') {
        return None;
    }
    let after = &s[spaces + 1..];
    (!after.chars().all(char::is_whitespace)).then_some(spaces + 1)
}

/// `text`: at least one character, up to the next character that could start another rule.
fn text_len(s: &str) -> usize {
    let first = s.chars().next().map_or(0, char::len_utf8);
    let mut end = first;
    while end < s.len() {
        let rest = &s[end..];
        let starts_rule = rest.starts_with(['\\', '<', '!', '[', '_', '*', '`', '~'])
            || rest.starts_with("http://")
            || rest.starts_with("https://")
            || rest.trim_start_matches(' ').starts_with('\n');
        if starts_rule {
            break;
        }
        end += rest.chars().next().map_or(1, char::len_utf8);
    }
    end
}

struct LinkMatch<'a> {
    image: bool,
    text: &'a str,
    href: &'a str,
    title: Option<&'a str>,
    len: usize,
}

/// Longest link text and href looked at, so hostile input cannot make parsing quadratic.
const MAX_LINK_TEXT: usize = 2_000;
const MAX_HREF: usize = 10_000;
/// Links inside link text are followed this deep at most.
const MAX_LINK_NESTING: usize = 16;

/// Byte offset at most `max` after `from`, moved back to a character boundary.
fn window_end(s: &str, from: usize, max: usize) -> usize {
    let mut end = s.len().min(from.saturating_add(max));
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// `reflink` (`[text][key]`, `[text] [key]`, `[key][]`) then `nolink` (`[key]`), when the key
/// is defined.
fn reference_link<'a>(s: &'a str, links: &'a LinkDefs) -> Option<LinkMatch<'a>> {
    let image = s.starts_with("![");
    let open = usize::from(image);
    if !s[open..].starts_with('[') {
        return None;
    }
    let reflink = text_closes(s, open).into_iter().rev().find_map(|close| {
        let after = &s[close + 1..];
        let spaced = after.trim_start();
        let key_part = spaced.strip_prefix('[')?;
        let key_len = key_part.find(']')?;
        let key = &key_part[..key_len];
        if key.contains('^') {
            return None;
        }
        let text = &s[open + 1..close];
        let (href, title) = links.get(if key.is_empty() { text } else { key })?;
        let len = s.len() - key_part.len() + key_len + 1;
        Some(LinkMatch {
            image,
            text,
            href,
            title,
            len,
        })
    });
    reflink.or_else(|| {
        let close = nolink_close(s, open)?;
        let text = &s[open + 1..close];
        let (href, title) = links.get(text)?;
        Some(LinkMatch {
            image,
            text,
            href,
            title,
            len: close + 1,
        })
    })
}

/// `\[((?:\[[^\]]*\]|[^\[\]])*)\]`: the `]` closing a `nolink`.
fn nolink_close(s: &str, open: usize) -> Option<usize> {
    let text_end = window_end(s, open, MAX_LINK_TEXT);
    let mut i = open + 1;
    while i < text_end {
        match s.as_bytes()[i] {
            b'[' => i += s[i + 1..text_end].find(']')? + 2,
            b']' => return Some(i),
            _ => i += s[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    None
}

/// Every `]` that can end the bracketed text of a link starting at `open`, in order.
fn text_closes(s: &str, open: usize) -> Vec<usize> {
    let text_end = window_end(s, open, MAX_LINK_TEXT);
    let mut closes = Vec::new();
    let mut i = open + 1;
    while i < text_end {
        let rest = &s[i..];
        if rest.starts_with('[') {
            let Some(close) = s[i + 1..text_end].find(']') else {
                break;
            };
            if rest[1..1 + close].contains('^') {
                break;
            }
            i += close + 2;
        } else if rest.starts_with(']') {
            closes.push(i);
            let closes_later = s[i + 1..text_end]
                .find(['[', ']'])
                .is_some_and(|j| s[i + 1 + j..].starts_with(']'));
            if !closes_later {
                break;
            }
            i += 1;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    closes
}

/// `link`: `!?[text](href "title")`. The text is as long as mistune's greedy pattern allows
/// (nested `[..]`, and `]` when another `]` follows before any `[`), trying the last `](` first;
/// the href is lazy.
fn link(s: &str) -> Option<LinkMatch<'_>> {
    let image = s.starts_with("![");
    let open = usize::from(image);
    if !s[open..].starts_with('[') {
        return None;
    }
    let candidates: Vec<usize> = text_closes(s, open)
        .into_iter()
        .filter(|c| s[c + 1..].starts_with('('))
        .collect();
    candidates.into_iter().rev().find_map(|close| {
        let (href, title, end) = link_target(s, close + 2)?;
        let text = &s[open + 1..close];
        Some(LinkMatch {
            image,
            text,
            href,
            title,
            len: end,
        })
    })
}

/// `\s*(<)?([\s\S]*?)(?(2)>)(?:\s+['"]([\s\S]*?)['"])?\s*\)` from `start`:
/// `(href, title, end)`.
fn link_target(s: &str, start: usize) -> Option<(&str, Option<&str>, usize)> {
    let href_start = start + (s[start..].len() - s[start..].trim_start().len());
    let first_paren = href_start + s[href_start..window_end(s, href_start, MAX_HREF)].find(')')?;
    if s[href_start..].starts_with('<') {
        if let Some(close) = s[href_start + 1..first_paren].find('>') {
            let after = href_start + 1 + close + 1;
            if let Some((title, end)) = link_tail(s, after, first_paren) {
                return Some((&s[href_start + 1..after - 1], title, end));
            }
        }
    }
    let mut e = href_start;
    while e <= first_paren {
        if let Some((title, end)) = link_tail(s, e, first_paren) {
            return Some((&s[href_start..e], title, end));
        }
        e += s[e..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// `(?:\s+['"]title['"])?\s*\)` at `at`, where `paren` is the first `)` not before `at`.
fn link_tail(s: &str, at: usize, paren: usize) -> Option<(Option<&str>, usize)> {
    let after_space = at + (s[at..].len() - s[at..].trim_start().len());
    if after_space > at && after_space < paren && s[after_space..].starts_with(['"', '\'']) {
        let title_start = after_space + 1;
        let before_paren = s[..paren].trim_end();
        if before_paren.len() > title_start && before_paren.ends_with(['"', '\'']) {
            return Some((Some(&s[title_start..before_paren.len() - 1]), paren + 1));
        }
    }
    (after_space == paren).then_some((None, paren + 1))
}
