//! `SanitiseSMS` (notifications-utils `sanitise_text.py`): the GSM downgrade applied to text
//! messages, and the character classes behind fragment counting. GSM 03.38 characters and
//! Welsh accented letters are kept; characters with a canonical decomposition whose base is
//! sendable are downgraded to it (`é` stays, `ç` -> `c`); dashes, smart quotes, the ellipsis,
//! zero-width and non-breaking spaces and tabs have fixed replacements; anything else is `?`.

use super::decompositions::FIRST_OF_DECOMPOSITION;

/// GSM extension-table characters, sent as two septets (`EXTENDED_GSM_CHARACTERS`).
pub(super) fn is_extended_gsm(c: char) -> bool {
    matches!(c, '^' | '{' | '}' | '\\' | '[' | '~' | ']' | '|' | '€')
}

/// GSM 03.38 basic table plus the extension table (`GSM_CHARACTERS`).
pub(super) fn is_gsm(c: char) -> bool {
    match c {
        ' '..='#' | '%'..='?' | 'A'..='Z' | 'a'..='z' | '\n' | '\r' | '@' | '$' | '_' => true,
        '\u{1b}' | '£' | '¥' | 'è' | 'é' | 'ù' | 'ì' | 'ò' | 'Ç' | 'Ø' | 'ø' | 'Å' | 'å' | 'Æ'
        | 'æ' | 'ß' | 'É' => true,
        'Δ' | 'Φ' | 'Γ' | 'Λ' | 'Ω' | 'Π' | 'Ψ' | 'Σ' | 'Θ' | 'Ξ' => true,
        '¤' | '¡' | 'Ä' | 'Ö' | 'Ñ' | 'Ü' | '§' | '¿' | 'ä' | 'ö' | 'ñ' | 'ü' | 'à' => {
            true
        }
        c => is_extended_gsm(c),
    }
}

/// Welsh letters that are not in GSM: their presence makes the whole message UCS-2
/// (`WELSH_NON_GSM_CHARACTERS`).
pub(super) fn is_welsh_non_gsm(c: char) -> bool {
    matches!(
        c,
        'ẁ' | 'ỳ'
            | 'À'
            | 'È'
            | 'Ì'
            | 'Ò'
            | 'Ù'
            | 'Ẁ'
            | 'Ỳ'
            | 'á'
            | 'í'
            | 'ó'
            | 'ú'
            | 'ẃ'
            | 'ý'
            | 'Á'
            | 'Í'
            | 'Ó'
            | 'Ú'
            | 'Ẃ'
            | 'Ý'
            | 'ë'
            | 'ï'
            | 'ẅ'
            | 'ÿ'
            | 'Ë'
            | 'Ï'
            | 'Ẅ'
            | 'Ÿ'
            | 'â'
            | 'ê'
            | 'î'
            | 'ô'
            | 'û'
            | 'ŵ'
            | 'ŷ'
            | 'Â'
            | 'Ê'
            | 'Î'
            | 'Ô'
            | 'Û'
            | 'Ŵ'
            | 'Ŷ'
    )
}

/// Characters Notify sends as they are (`ALLOWED_CHARACTERS` = GSM + Welsh diacritics).
pub(super) fn is_sendable(c: char) -> bool {
    is_gsm(c) || is_welsh_non_gsm(c)
}

/// Fixed replacements (`REPLACEMENT_CHARACTERS`).
fn replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2011}' | '–' | '—' | '\u{2212}' => "-",
        '…' => "...",
        '‘' | '’' | '‚' => "'",
        '“' | '”' | '„' => "\"",
        '\u{180e}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        | '\u{2028}' | '\u{2029}' => "",
        '\u{a0}' | '\u{202f}' | '\t' => " ",
        _ => return None,
    })
}

/// What one character becomes in a text message (`SanitiseSMS.encode_char`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoded {
    Char(char),
    Text(&'static str),
}

pub(super) fn encode_char(c: char) -> Encoded {
    if is_sendable(c) {
        return Encoded::Char(c);
    }
    let code = u32::from(c);
    if let Ok(i) = FIRST_OF_DECOMPOSITION.binary_search_by_key(&code, |(cp, _)| *cp) {
        return Encoded::Char(FIRST_OF_DECOMPOSITION[i].1);
    }
    match replacement(c) {
        Some(text) => Encoded::Text(text),
        None => Encoded::Char('?'),
    }
}

/// `SanitiseSMS.encode` for a whole string.
pub(super) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match encode_char(c) {
            Encoded::Char(e) => out.push(e),
            Encoded::Text(t) => out.push_str(t),
        }
    }
    out
}

/// `get_sms_fragment_count`: 160/153 GSM septets, or 70/67 when a Welsh non-GSM letter forces
/// UCS-2. `character_count` already includes extended characters counted twice.
pub(super) fn fragments_for(character_count: usize, has_welsh: bool) -> u32 {
    let (single, multi) = if has_welsh { (70, 67) } else { (160, 153) };
    let fragments = if character_count <= single {
        1
    } else {
        character_count.div_ceil(multi)
    };
    u32::try_from(fragments).unwrap_or(u32::MAX)
}
