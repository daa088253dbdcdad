//! Letters: the PDF of a templated letter (`pdf`), when it is expected to arrive (`timings`,
//! Notify's `estimated_delivery`, which skips `bank_holidays`), and what it costs (`rates`).

mod bank_holidays;
pub mod pdf;
pub mod rates;
pub mod timings;

use crate::templates::Block;

/// Turns a rendered letter body's blocks (from `templates::letter_blocks`) into what the PDF
/// layout draws: paragraphs keep their line breaks, list items become bullets (numbered lists
/// become numbered paragraphs), nested blocks inside an item are flattened into its text.
pub fn pdf_blocks(blocks: &[Block]) -> Vec<pdf::Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::Heading(text) => out.push(pdf::Block::Heading(text.clone())),
            Block::Paragraph(lines) => out.push(pdf::Block::Paragraph(lines.join("\n"))),
            Block::PageBreak => out.push(pdf::Block::PageBreak),
            Block::List {
                ordered: false,
                items,
            } => {
                out.push(pdf::Block::List(
                    items.iter().map(|item| item_text(item)).collect(),
                ));
            }
            Block::List {
                ordered: true,
                items,
            } => {
                for (i, item) in items.iter().enumerate() {
                    out.push(pdf::Block::Paragraph(format!(
                        "{}. {}",
                        i + 1,
                        item_text(item)
                    )));
                }
            }
        }
    }
    out
}

fn item_text(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    for block in blocks {
        match block {
            Block::Heading(text) => parts.push(text.clone()),
            Block::Paragraph(lines) => parts.push(lines.join("\n")),
            Block::List { items, .. } => {
                parts.extend(items.iter().map(|i| format!("- {}", item_text(i))))
            }
            Block::PageBreak => {}
        }
    }
    parts.join("\n")
}
