//! `NotifyEmailMarkdownRenderer`: the inline-styled HTML Notify puts in emails (and returns as
//! `html` from POST /v2/template/{id}/preview). `#` headings become `<h2>`, `##` `<h3>`,
//! deeper ones paragraphs; `^` inset text is a bordered blockquote; lists are wrapped in a
//! presentation table; `---` is a grey rule; links go through `create_sanitised_html_for_url`.

use super::super::html::{escape_text, sanitised_link};
use super::inline::{parse_inline, Inline};
use super::{Document, Item, LinkDefs, Node};

const LINK_STYLE: &str = "word-wrap: break-word; color: #1D70B8;";
const PARAGRAPH_OPEN: &str =
    "<p style=\"Margin: 0 0 20px 0; font-size: 19px; line-height: 25px; color: #0B0C0C;\">";
const H2_OPEN: &str = "<h2 style=\"Margin: 0 0 15px 0; padding: 10px 0 0 0; font-size: 27px; line-height: 35px; font-weight: bold; color: #0B0C0C;\">";
const H3_OPEN: &str = "<h3 style=\"Margin: 0 0 15px 0; padding: 10px 0 0 0; font-size: 19px; line-height: 25px; font-weight: bold; color: #0B0C0C;\">";
const RULE: &str =
    "<hr style=\"border: 0; height: 1px; background: #B1B4B6; Margin: 30px 0 30px 0;\">";
const QUOTE_OPEN: &str = "<div style=\"Margin: 0 0 20px 0;\"><blockquote style=\"Margin: 0; border-left: 10px solid #B1B4B6;padding: 15px 0 0.1px 15px; font-size: 19px; line-height: 25px;\">";
const QUOTE_CLOSE: &str = "</blockquote></div>";
const LIST_OPEN: &str = "<table role=\"presentation\" style=\"padding: 0 0 20px 0;\"><tr><td style=\"font-family: Helvetica, Arial, sans-serif;\">";
const OL_OPEN: &str = "<ol style=\"Margin: 0 0 0 20px; padding: 0; list-style-type: decimal;\">";
const UL_OPEN: &str = "<ul style=\"Margin: 0 0 0 20px; padding: 0; list-style-type: disc;\">";
const LIST_CLOSE: &str = "</td></tr></table>";
const LI_OPEN: &str = "<li style=\"Margin: 5px 0 5px; padding: 0 0 0 5px; font-size: 19px;line-height: 25px; color: #0B0C0C;\">";

/// Renders parsed markdown as Notify's email HTML (before typography).
pub(in super::super) fn render(document: &Document) -> String {
    render_nodes(&document.nodes, &document.links)
}

fn render_nodes(nodes: &[Node], links: &LinkDefs) -> String {
    let mut out = String::new();
    for node in nodes {
        render_node(&mut out, node, links);
    }
    out
}

fn render_node(out: &mut String, node: &Node, links: &LinkDefs) {
    match node {
        Node::Paragraph(text) | Node::Text(text) => paragraph(out, &inline_html(text, links)),
        Node::Heading { level: 1, text } => {
            out.push_str(H2_OPEN);
            out.push_str(&inline_html(text, links));
            out.push_str("</h2>");
        }
        Node::Heading { level: 2, text } => {
            out.push_str(H3_OPEN);
            out.push_str(&inline_html(text, links));
            out.push_str("</h3>");
        }
        Node::Heading { text, .. } => paragraph(out, &inline_html(text, links)),
        Node::Rule => out.push_str(RULE),
        Node::Code(code) => out.push_str(code),
        Node::Quote(children) => {
            out.push_str(QUOTE_OPEN);
            out.push_str(&render_nodes(children, links));
            out.push_str(QUOTE_CLOSE);
        }
        Node::List { ordered, items } => {
            out.push_str(LIST_OPEN);
            out.push_str(if *ordered { OL_OPEN } else { UL_OPEN });
            for item in items {
                list_item(out, item, links);
            }
            out.push_str(if *ordered { "</ol>" } else { "</ul>" });
            out.push_str(LIST_CLOSE);
        }
    }
}

fn paragraph(out: &mut String, html: &str) {
    if !html.trim().is_empty() {
        out.push_str(PARAGRAPH_OPEN);
        out.push_str(html);
        out.push_str("</p>");
    }
}

fn list_item(out: &mut String, item: &Item, links: &LinkDefs) {
    let mut body = String::new();
    for child in &item.children {
        match child {
            Node::Text(text) if !item.loose => body.push_str(&inline_html(text, links)),
            other => render_node(&mut body, other, links),
        }
    }
    out.push_str(LI_OPEN);
    out.push_str(body.trim());
    out.push_str("</li>");
}

/// Inline content as HTML: text escaped, bare URLs and `[text](href)` as styled links.
fn inline_html(text: &str, links: &LinkDefs) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    write_inline(&mut out, &parse_inline(text, links));
    out
}

fn write_inline(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(text) => escape_text(out, text),
            Inline::Url(url) => out.push_str(&sanitised_link(url, LINK_STYLE, None, None)),
            Inline::Break => out.push_str("<br>"),
            Inline::Link {
                children,
                href,
                title,
            } => {
                let mut text = String::new();
                write_inline(&mut text, children);
                out.push_str(&sanitised_link(
                    href,
                    LINK_STYLE,
                    title.as_deref(),
                    Some(&text),
                ));
            }
        }
    }
}
