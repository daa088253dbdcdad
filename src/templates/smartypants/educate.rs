//! smartypants' `convert_quotes`: the thirteen regular-expression passes that turn straight
//! quotes into curly-quote entities, each applied to the output of the previous one (so later
//! passes see the entities earlier ones inserted), reproduced pass by pass.

const OPEN_SINGLE: &str = "&#8216;";
const CLOSE_SINGLE: &str = "&#8217;";
const OPEN_DOUBLE: &str = "&#8220;";
const CLOSE_DOUBLE: &str = "&#8221;";

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_space(c: char) -> bool {
    crate::python::is_space(c)
}

/// `punct_class`: ASCII punctuation except `&`.
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation() && c != '&'
}

/// `close_class = [^\ \t\r\n\[\{\(\-]`.
fn is_close(c: char) -> bool {
    !matches!(c, ' ' | '\t' | '\r' | '\n' | '[' | '{' | '(' | '-')
}

fn word_at(t: &[char], i: usize) -> bool {
    t.get(i).is_some_and(|c| is_word(*c))
}

fn ends_with(t: &[char], end: usize, s: &str) -> bool {
    let n = s.chars().count();
    end >= n && t[end - n..end].iter().copied().eq(s.chars())
}

/// Start of an "opening context" ending at `end`: whitespace, `&nbsp;`, `--`, dash entities.
fn opening_context_start(t: &[char], end: usize) -> Option<usize> {
    if end >= 1 && is_space(t[end - 1]) {
        return Some(end - 1);
    }
    const CONTEXTS: [&str; 8] = [
        "&nbsp;", "--", "&mdash;", "&ndash;", "&#8211;", "&#8212;", "&#x2013;", "&#x2014;",
    ];
    CONTEXTS
        .iter()
        .filter(|s| ends_with(t, end, s))
        .map(|s| end - s.chars().count())
        .max()
}

/// `(?=\s | s\b)` after a closing single quote at `i`.
fn space_or_plural_after(t: &[char], i: usize) -> bool {
    match t.get(i + 1) {
        Some(c) if is_space(*c) => true,
        Some('s') => !word_at(t, i + 2),
        _ => false,
    }
}

/// A match of one pass: `t[at..replaced]` becomes `text`, `t[replaced..next]` is kept and
/// scanning resumes at `next`.
struct Hit {
    text: &'static str,
    replaced: usize,
    next: usize,
}

fn hit(text: &'static str, replaced: usize, next: usize) -> Hit {
    Hit {
        text,
        replaced,
        next,
    }
}

/// One left-to-right pass: `rule(t, i, last_end)` says whether the quote at `i` matches
/// (`last_end` is where the previous match ended, so matches never overlap).
fn pass(t: &[char], rule: impl Fn(&[char], usize, usize) -> Option<Hit>) -> Vec<char> {
    let mut out = Vec::with_capacity(t.len() + 8);
    let mut last_end = 0;
    let mut i = 0;
    while i < t.len() {
        if let Some(Hit {
            text,
            replaced,
            next,
        }) = rule(t, i, last_end)
        {
            out.extend(text.chars());
            out.extend(&t[replaced..next]);
            last_end = next;
            i = next;
        } else {
            out.push(t[i]);
            i += 1;
        }
    }
    out
}

/// `convert_quotes`.
pub(super) fn convert_quotes(text: &str) -> String {
    let mut t: Vec<char> = text.chars().collect();
    // ^'(?=punct\\B) and ^"(?=punct\\B): the library's pattern needs a literal `\B`.
    if t.len() >= 4 && is_punct(t[1]) && t[2] == '\\' && t[3] == 'B' {
        let replacement = match t[0] {
            '\'' => Some(CLOSE_SINGLE),
            '"' => Some(CLOSE_DOUBLE),
            _ => None,
        };
        if let Some(r) = replacement {
            t.splice(0..1, r.chars());
        }
    }
    t = pass(&t, |t, i, _| {
        (t[i] == '"' && t.get(i + 1) == Some(&'\'') && word_at(t, i + 2)).then_some(hit(
            "&#8220;&#8216;",
            i + 2,
            i + 2,
        ))
    });
    t = pass(&t, |t, i, _| {
        (t[i] == '\'' && t.get(i + 1) == Some(&'"') && word_at(t, i + 2)).then_some(hit(
            "&#8216;&#8220;",
            i + 2,
            i + 2,
        ))
    });
    t = pass(&t, |t, i, _| {
        let decade =
            t.len() >= i + 4 && t[i + 1].is_numeric() && t[i + 2].is_numeric() && t[i + 3] == 's';
        (t[i] == '\'' && i > 0 && is_word(t[i - 1]) && decade).then_some(hit(
            CLOSE_SINGLE,
            i + 1,
            i + 1,
        ))
    });
    t = opening(&t, '\'', OPEN_SINGLE);
    t = pass(&t, |t, i, last| {
        let context = t[i] == '\'' && i > last && is_close(t[i - 1]);
        let blocked = space_or_plural_after(t, i) || t.get(i + 1).is_some_and(|c| c.is_numeric());
        (context && !blocked).then_some(hit(CLOSE_SINGLE, i + 1, i + 1))
    });
    t = pass(&t, |t, i, last| {
        let context = t[i] == '\'' && i > last && is_close(t[i - 1]);
        (context && space_or_plural_after(t, i)).then_some(hit(CLOSE_SINGLE, i + 1, i + 2))
    });
    t = pass(&t, |t, i, _| {
        (t[i] == '\'').then_some(hit(OPEN_SINGLE, i + 1, i + 1))
    });
    t = opening(&t, '"', OPEN_DOUBLE);
    t = pass(&t, |t, i, _| {
        (t[i] == '"' && t.get(i + 1).is_some_and(|c| is_space(*c))).then_some(hit(
            CLOSE_DOUBLE,
            i + 1,
            i + 1,
        ))
    });
    t = pass(&t, |t, i, last| {
        (t[i] == '"' && i > last && is_close(t[i - 1])).then_some(hit(CLOSE_DOUBLE, i + 1, i + 1))
    });
    t = pass(&t, |t, i, _| {
        (t[i] == '"').then_some(hit(OPEN_DOUBLE, i + 1, i + 1))
    });
    t.into_iter().collect()
}

/// Opening quotes after whitespace, `&nbsp;`, `--` or a dash entity, before a word character.
fn opening(t: &[char], quote: char, replacement: &'static str) -> Vec<char> {
    pass(t, |t, i, last| {
        let matches = t[i] == quote
            && word_at(t, i + 1)
            && opening_context_start(t, i).is_some_and(|start| start >= last);
        matches.then_some(hit(replacement, i + 1, i + 1))
    })
}
