//! How commands print: text (a value, lines, or an aligned table) or one JSON document.

use serde::Serialize;

pub struct Output {
    json: bool,
}

impl Output {
    pub fn new(json: bool) -> Output {
        Output { json }
    }

    pub fn is_json(&self) -> bool {
        self.json
    }

    /// Prints `value` as the command's JSON document.
    pub fn json(&self, value: &impl Serialize) {
        match serde_json::to_string_pretty(value) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("error: cannot write JSON: {e}"),
        }
    }

    /// Prints `json` with `--json`, else `text` (if any) as one line.
    pub fn either(&self, json: &impl Serialize, text: Option<&str>) {
        if self.json {
            self.json(json);
        } else if let Some(text) = text {
            println!("{text}");
        }
    }

    /// Prints an aligned table with a header row.
    pub fn table(&self, headers: &[&str], rows: &[Vec<String>]) {
        let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.chars().count());
                }
            }
        }
        let line = |cells: Vec<&str>| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            println!("{}", padded.join("  ").trim_end());
        };
        line(headers.to_vec());
        for row in rows {
            line(row.iter().map(String::as_str).collect());
        }
    }
}
