//! A whole HTML email around Notify's body fragment, for delivery over SMTP by the local
//! stand-in. Deliberately small: a heading with the service name, the fragment in a readable
//! column, and the subject as the document title, all well-formed and escaped.

/// Wraps `html_fragment` (from [`super::email_html`]) in a complete HTML document.
pub(super) fn email_document(subject: &str, html_fragment: &str, service_name: &str) -> String {
    let title = escape_text_only(subject);
    let service = escape_text_only(service_name);
    let mut out = String::with_capacity(html_fragment.len() + 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>");
    out.push_str(&title);
    out.push_str("</title>\n</head>\n");
    out.push_str("<body style=\"font-family: Helvetica, Arial, sans-serif; font-size: 16px; margin: 0; color: #0B0C0C;\">\n");
    out.push_str("<div style=\"background: #0B0C0C; padding: 15px 20px;\">");
    out.push_str("<span style=\"color: #FFFFFF; font-size: 24px; font-weight: bold;\">");
    out.push_str(&service);
    out.push_str("</span></div>\n");
    out.push_str("<div style=\"max-width: 580px; margin: 0 auto; padding: 30px 10px;\">\n");
    out.push_str(html_fragment);
    out.push_str("\n</div>\n</body>\n</html>\n");
    out
}

/// Escapes `&`, `<`, `>` and `"` without decoding existing references.
fn escape_text_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}
