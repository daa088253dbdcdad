//! Fuzz target `config`: the TOML config file parser (`config::parse`).
//!
//! Invariants: nothing panics; a refusal is one line, `line N: <message>` with N a line of
//! the text (or the bare message when TOML gives no position); an accepted config prints with
//! `Debug` without showing any secret (API key secrets, the SMTP password, the SMS webhook
//! token) that is long enough to be unambiguous and written only once in the text; parsing
//! is deterministic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use notifyd::config;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match config::parse(text) {
        Err(error) => {
            let message = &error.0;
            assert!(!message.contains('\n'), "{message:?}");
            assert!(!message.trim().is_empty());
            if let Some(rest) = message.strip_prefix("line ") {
                let (number, _) = rest.split_once(": ").expect("line N: message");
                let line: usize = number.parse().expect("a line number");
                assert!(line >= 1 && line <= text.split('\n').count(), "{message}");
            }
            assert_eq!(config::parse(text).unwrap_err().0, *message);
        }
        Ok(parsed) => {
            let debug = format!("{parsed:?}");
            let mut secrets: Vec<&str> = Vec::new();
            for service in &parsed.services {
                secrets.extend(service.keys.iter().map(|k| k.secret.expose()));
            }
            if let Some(smtp) = &parsed.smtp {
                secrets.extend(smtp.password.as_ref().map(|p| p.expose()));
            }
            secrets.extend(parsed.sms.webhook_bearer_token.as_ref().map(|t| t.expose()));
            for secret in secrets {
                if secret.chars().count() >= 12 && text.matches(secret).count() == 1 {
                    assert!(!debug.contains(secret), "secret shown: {secret:?}");
                }
            }
            assert_eq!(format!("{:?}", config::parse(text).unwrap()), debug);
        }
    }
});
