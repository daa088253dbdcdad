//! Letters (`NotifyLetterMarkdownPreviewRenderer`) as layout blocks for a PDF writer instead of
//! HTML: `#` headings are headings, deeper headings are paragraphs, `---` is a page break,
//! inset text is shown as ordinary blocks, lists keep their items, tables and images vanish.
//! Links print as written (`[text](url)`), bare URLs without `http(s)://`, and every line gets
//! Notify's typography (smart quotes, en dashes).

use super::super::typography::nice_typography;
use super::super::Block;
use super::inline::{parse_inline, Inline};
use super::{Document, Item, LinkDefs, Node};

/// Converts parsed markdown into letter blocks.
pub(in super::super) fn blocks(document: &Document) -> Vec<Block> {
    node_blocks(&document.nodes, &document.links)
}

fn node_blocks(nodes: &[Node], links: &LinkDefs) -> Vec<Block> {
    let mut out = Vec::new();
    for node in nodes {
        push_node(&mut out, node, links);
    }
    out
}

fn push_node(out: &mut Vec<Block>, node: &Node, links: &LinkDefs) {
    match node {
        Node::Paragraph(text) | Node::Text(text) => push_paragraph(out, text, links),
        Node::Heading { level: 1, text } => {
            let line = inline_lines(text, links).join(" ");
            if !line.trim().is_empty() {
                out.push(Block::Heading(line));
            }
        }
        Node::Heading { text, .. } => push_paragraph(out, text, links),
        Node::Rule => out.push(Block::PageBreak),
        Node::Code(code) => {
            // Shown as typed, so its line breaks collapse like any other HTML whitespace.
            let line = typeset(code);
            if !line.is_empty() {
                out.push(Block::Paragraph(vec![line]));
            }
        }
        Node::Quote(children) => out.extend(node_blocks(children, links)),
        Node::List { ordered, items } => out.push(Block::List {
            ordered: *ordered,
            items: items.iter().map(|item| item_blocks(item, links)).collect(),
        }),
    }
}

fn push_paragraph(out: &mut Vec<Block>, text: &str, links: &LinkDefs) {
    let lines = inline_lines(text, links);
    if lines.iter().any(|line| !line.trim().is_empty()) {
        out.push(Block::Paragraph(lines));
    }
}

fn item_blocks(item: &Item, links: &LinkDefs) -> Vec<Block> {
    let mut out = Vec::new();
    for child in &item.children {
        match child {
            Node::Text(text) if !item.loose => {
                let lines: Vec<String> = inline_lines(text, links)
                    .into_iter()
                    .map(|l| l.trim().to_owned())
                    .collect();
                out.push(Block::Paragraph(lines));
            }
            other => push_node(&mut out, other, links),
        }
    }
    out
}

/// Inline content as printed lines (a new line at every line break).
fn inline_lines(text: &str, links: &LinkDefs) -> Vec<String> {
    let mut lines = vec![String::new()];
    write_plain(&mut lines, &parse_inline(text, links));
    lines.iter().map(|line| typeset(line)).collect()
}

fn write_plain(lines: &mut Vec<String>, inlines: &[Inline]) {
    for inline in inlines {
        let current = lines.len() - 1;
        match inline {
            Inline::Text(text) => lines[current].push_str(text),
            Inline::Url(url) => {
                let shown = url
                    .strip_prefix("https://")
                    .or_else(|| url.strip_prefix("http://"));
                lines[current].push_str(shown.unwrap_or(url));
            }
            Inline::Break => lines.push(String::new()),
            Inline::Link {
                children,
                href,
                title,
            } => {
                let mut text = vec![String::new()];
                write_plain(&mut text, children);
                let line = &mut lines[current];
                line.push('[');
                line.push_str(&text.join(" "));
                line.push_str("](");
                line.push_str(href);
                if let Some(title) = title {
                    line.push_str(" \"");
                    line.push_str(title);
                    line.push('"');
                }
                line.push(')');
            }
        }
    }
}

/// Notify's typography for one printed line, with spaces collapsed as a browser would show
/// the letter's HTML. Angle brackets and ampersands are hidden from the quote educator (which
/// would take `<...>` for an HTML tag) and put back afterwards.
fn typeset(line: &str) -> String {
    let hidden = line
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let shown = nice_typography(&hidden)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    shown
        .split([' ', '\t', '\n', '\r', '\u{c}'])
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
