//! The subset of markdown Notify supports (`markdown.py`): mistune 0.8.4's block grammar with
//! Notify's changes — `^` for inset text, `•`/`*`/`-`/`1.` bullets (never `+`), no emphasis or
//! code spans, hard line breaks, bare `https://` links — parsed into a small tree that the email
//! HTML renderer and the letter layout share. Block rules live in `block.rs` and `list.rs`,
//! inline rules in `inline.rs`.

mod block;
pub(super) mod email;
mod hidden;
pub(super) mod inline;
pub(super) mod letter;
mod list;

/// A block of markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Node {
    /// Inline text of a paragraph.
    Paragraph(String),
    Heading {
        level: u8,
        text: String,
    },
    /// `---`, `***` or `___`.
    Rule,
    /// Indented or fenced code, shown as it is.
    Code(String),
    /// `^` inset text.
    Quote(Vec<Node>),
    List {
        ordered: bool,
        items: Vec<Item>,
    },
    /// Loose text inside a list item (mistune's `text` token).
    Text(String),
}

/// One list item; loose items show their text as paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Item {
    pub loose: bool,
    pub children: Vec<Node>,
}

/// Nesting depth after which quotes and lists are taken as plain text (mistune's limit).
const MAX_DEPTH: usize = 6;

/// Parsed markdown: its blocks and the `[key]: href` definitions reference links use.
#[derive(Debug, Default)]
pub(super) struct Document {
    pub nodes: Vec<Node>,
    pub links: LinkDefs,
}

/// Link definitions by key (mistune's `def_links`; a later definition replaces an earlier one).
#[derive(Debug, Default)]
pub(super) struct LinkDefs(Vec<(String, String, Option<String>)>);

impl LinkDefs {
    fn insert(&mut self, key: &str, href: &str, title: Option<&str>) {
        let key = keyify(key);
        self.0.retain(|(k, _, _)| *k != key);
        self.0
            .push((key, href.to_owned(), title.map(str::to_owned)));
    }

    /// The href and title defined for `key`.
    pub(super) fn get(&self, key: &str) -> Option<(&str, Option<&str>)> {
        let key = keyify(key);
        self.0
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, href, title)| (href.as_str(), title.as_deref()))
    }
}

/// mistune's `_keyify`: lower case, whitespace runs as one space.
fn keyify(key: &str) -> String {
    key.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// How deeply quotes and lists are nested at a point of the parse.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Depth {
    pub quote: usize,
    pub list: usize,
}

/// Parses a whole document.
pub(super) fn parse(text: &str) -> Document {
    let mut links = LinkDefs::default();
    let nodes = block::parse(
        &preprocess(text),
        block::Rules::Document,
        Depth::default(),
        &mut links,
    );
    Document { nodes, links }
}

/// mistune's `preprocessing`: `\r\n`/`\r` -> `\n`, tabs expanded to 4 columns, `␤` -> `\n`,
/// lines of only spaces emptied.
fn preprocess(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                end_line(&mut out);
                column = 0;
            }
            '\n' | '\u{2424}' => {
                end_line(&mut out);
                column = 0;
            }
            '\t' => {
                let spaces = 4 - column % 4;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    blank_space_only_line(&mut out);
    out
}

fn end_line(out: &mut String) {
    blank_space_only_line(out);
    out.push('\n');
}

/// Empties the current (last) line if it is made only of spaces.
fn blank_space_only_line(out: &mut String) {
    let line_start = out.rfind('\n').map_or(0, |i| i + 1);
    if out.len() > line_start && out[line_start..].bytes().all(|b| b == b' ') {
        out.truncate(line_start);
    }
}
