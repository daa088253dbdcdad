//! Templates: their three types and how their content is rendered with personalisation.

pub mod manage;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TemplateType {
    Sms,
    Email,
    Letter,
}

impl TemplateType {
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateType::Sms => "sms",
            TemplateType::Email => "email",
            TemplateType::Letter => "letter",
        }
    }

    pub fn parse(s: &str) -> Option<TemplateType> {
        match s {
            "sms" => Some(TemplateType::Sms),
            "email" => Some(TemplateType::Email),
            "letter" => Some(TemplateType::Letter),
            _ => None,
        }
    }
}

/// The names of the placeholders in a template, as written, subject first, without repeats.
pub fn placeholder_names(_kind: TemplateType, subject: Option<&str>, body: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for text in subject.into_iter().chain([body]) {
        let mut rest = text;
        while let Some(start) = rest.find("((") {
            let after = &rest[start + 2..];
            let Some(end) = after.find("))") else { break };
            let inner = &after[..end];
            if !inner.is_empty() && !inner.contains('(') && !inner.contains(')') {
                let name = inner.split("??").next().unwrap_or(inner).to_owned();
                let key: String = name
                    .chars()
                    .filter(|c| !matches!(c, ' ' | '_' | '-'))
                    .flat_map(char::to_lowercase)
                    .collect();
                if !names.iter().any(|n| {
                    n.chars()
                        .filter(|c| !matches!(c, ' ' | '_' | '-'))
                        .flat_map(char::to_lowercase)
                        .collect::<String>()
                        == key
                }) {
                    names.push(name);
                }
            }
            rest = &after[end + 2..];
        }
    }
    names
}
