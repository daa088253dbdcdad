//! Light inspection of client-supplied (precompiled) letter PDFs and the sheet arithmetic of
//! letter cost data. The bytes are untrusted: the scan is linear, bounded and never panics.

const PDF_MAGIC: &[u8] = b"%PDF-";
const TYPE_KEY: &[u8] = b"/Type";
const COUNT_KEY: &[u8] = b"/Count";
const PARENT_KEY: &[u8] = b"/Parent";
/// How far either side of a `/Type /Pages` marker its object may extend.
const OBJECT_WINDOW: usize = 8192;

/// Pages in a PDF, counted tolerantly: the `/Count` of the root page-tree node (a `/Pages`
/// object without `/Parent`; the last one wins, as in an incremental update), otherwise the
/// number of `/Type /Page` objects, otherwise the `/N` of a linearization dictionary (which
/// stays uncompressed). `None` unless the bytes start with `%PDF-`; `Some(0)` when nothing
/// countable is visible (pages hidden in compressed object streams, as PDF 1.5 writers do).
pub fn page_count(pdf: &[u8]) -> Option<u32> {
    if !pdf.starts_with(PDF_MAGIC) {
        return None;
    }
    let mut page_objects: u32 = 0;
    let mut root_count = None;
    let mut at = 0;
    while let Some(found) = find(pdf.get(at..)?, TYPE_KEY) {
        let after_key = at + found + TYPE_KEY.len();
        at = after_key;
        match type_value(pdf, after_key) {
            Some(b"Page") => page_objects = page_objects.saturating_add(1),
            Some(b"Pages") => {
                if let Some(count) = root_pages_count(pdf, after_key) {
                    root_count = Some(count);
                }
            }
            _ => {}
        }
    }
    Some(match root_count {
        Some(count) => count,
        None if page_objects == 0 => linearized_page_count(pdf).unwrap_or(0),
        None => page_objects,
    })
}

/// Sheets of paper for a letter of `pages` pages printed double-sided: ceil(pages / 2)
/// (`API:app/letters/utils.py` `get_billable_units_for_letter_page_count`, 0 for 0).
pub fn billable_sheets(pages: u32) -> u32 {
    pages.div_ceil(2)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn skip_whitespace(pdf: &[u8], mut at: usize) -> usize {
    while pdf.get(at).is_some_and(|&b| is_whitespace(b)) {
        at += 1;
    }
    at
}

/// The name that follows a `/Type` key ending just before `at` (without its slash), if the
/// key is a whole name followed by a name value.
fn type_value(pdf: &[u8], at: usize) -> Option<&[u8]> {
    let slash = skip_whitespace(pdf, at);
    // Anything else means `/Type` was only the start of a longer name such as `/Types`.
    if pdf.get(slash) != Some(&b'/') {
        return None;
    }
    let start = slash + 1;
    let rest = pdf.get(start..)?;
    let len = rest
        .iter()
        .position(|&b| is_whitespace(b) || is_delimiter(b))
        .unwrap_or(rest.len());
    rest.get(..len)
}

/// The `/N` (page count) of the `/Linearized` dictionary, which must be the first object.
fn linearized_page_count(pdf: &[u8]) -> Option<u32> {
    let head = pdf.get(..pdf.len().min(OBJECT_WINDOW))?;
    let start = find(head, b"/Linearized")?;
    let end = find(&head[start..], b">>").map_or(head.len(), |i| start + i);
    let dict = head.get(start..end)?;
    let key = find(dict, b"/N")?;
    number_after(dict, key + 2)
}

/// The non-negative integer that follows `at` after optional whitespace.
fn number_after(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(skip_whitespace(bytes, at)..)?;
    let len = digits.iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(digits.get(..len)?).ok()?.parse().ok()
}

/// The `/Count` of the `/Pages` object around `at`, when that object has no `/Parent`.
/// The object spans from the nearest `obj`/`endobj` token before `at` to the nearest after.
fn root_pages_count(pdf: &[u8], at: usize) -> Option<u32> {
    let window_start = at.saturating_sub(OBJECT_WINDOW);
    let window_end = at.saturating_add(OBJECT_WINDOW).min(pdf.len());
    let before = pdf.get(window_start..at)?;
    let after = pdf.get(at..window_end)?;
    let start = rfind(before, b"obj").map_or(window_start, |i| window_start + i + 3);
    let end = find(after, b"obj").map_or(window_end, |i| at + i);
    let object = pdf.get(start..end)?;
    if find(object, PARENT_KEY).is_some() {
        return None;
    }
    number_after(object, find(object, COUNT_KEY)? + COUNT_KEY.len())
}

#[cfg(test)]
mod tests;
