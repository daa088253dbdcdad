//! Seeding a test server the way a user would, through the `notifyd` command line: templates,
//! a service with a key of each type and a template of each kind, team members with phone
//! numbers, and text messages received from the public.

use super::TestServer;
use notifyd::keys::{KeyType, NewKey};
use uuid::Uuid;

/// A service with a key of each type and one template of each kind, for sending tests.
pub struct Seeded {
    pub service: Uuid,
    pub live: NewKey,
    pub team: NewKey,
    pub test: NewKey,
    pub sms: Uuid,
    pub email: Uuid,
    pub letter: Uuid,
}

impl TestServer {
    /// Creates a template through the CLI and returns its id.
    pub fn template(&self, service: Uuid, args: &[&str]) -> Uuid {
        let sid = service.to_string();
        let mut all = vec!["template", "create", "--service", &sid];
        all.extend_from_slice(args);
        self.cli_ok(&all).trim().parse().unwrap()
    }

    /// A service (trial mode or live) with keys and templates.
    pub fn seed(&self, trial_mode: bool) -> Seeded {
        let service = self.create_service("Seeded service", trial_mode);
        Seeded {
            service,
            live: self.create_key(service, "live key", KeyType::Live),
            team: self.create_key(service, "team key", KeyType::Team),
            test: self.create_key(service, "test key", KeyType::Test),
            sms: self.template(
                service,
                &[
                    "--type",
                    "sms",
                    "--name",
                    "SMS",
                    "--body",
                    "Hello ((name)), your code is ((code))",
                ],
            ),
            email: self.template(
                service,
                &[
                    "--type",
                    "email",
                    "--name",
                    "Email",
                    "--subject",
                    "Hi ((name))",
                    "--body",
                    "Dear ((name)),\n\nThanks.",
                ],
            ),
            letter: self.template(
                service,
                &[
                    "--type",
                    "letter",
                    "--name",
                    "Letter",
                    "--subject",
                    "Your letter",
                    "--body",
                    "Dear ((name))",
                ],
            ),
        }
    }

    /// Adds a team member with a phone number (`notifyd team add`).
    pub fn add_team_phone(&self, service: Uuid, email: &str, phone: &str) {
        let sid = service.to_string();
        let args = [
            "team",
            "add",
            "--service",
            &sid,
            "--email",
            email,
            "--phone",
            phone,
        ];
        self.cli_ok(&args);
    }

    /// Records a text message received from `from` (`notifyd inbound-sms`); returns its id.
    pub fn receive_sms(&self, service: Uuid, from: &str, text: &str) -> String {
        let sid = service.to_string();
        let args = [
            "inbound-sms",
            "--service",
            &sid,
            "--from",
            from,
            "--text",
            text,
        ];
        self.cli_ok(&args).trim().to_owned()
    }
}
