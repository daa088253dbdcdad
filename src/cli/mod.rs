//! The command line. This contract is fixed (scripts and test harnesses rely on it):
//! global `--db`, `--config`, `--json` valid anywhere; exit 0 on success, 1 on a runtime error
//! (one line on stderr), 2 on a usage error; `create`/`add` print only the new value on the
//! first line; `--json` prints one JSON document. Each command group lives in its own file
//! and calls the same library functions as the server.

mod callback;
mod healthcheck;
mod keys;
mod notifications;
mod output;
mod service;
mod team;
mod template;

use crate::config::{self, Overrides, Settings};
use crate::setup::{self, Opened};
use clap::{Parser, Subcommand};
pub use output::Output;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "notifyd",
    version,
    about = "A GOV.UK Notify API stand-in with real API keys, in one binary and one SQLite file"
)]
pub struct Cli {
    /// SQLite database file [default: notifyd.db]
    #[arg(long, global = true, env = "NOTIFYD_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// TOML config file (see config.example.toml)
    #[arg(long, global = true, env = "NOTIFYD_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Print one JSON document instead of text
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the API server (the default command)
    Serve(ServeArgs),
    /// Create, change and list services
    #[command(subcommand)]
    Service(service::ServiceCommand),
    /// Add team members
    #[command(subcommand)]
    Team(team::TeamCommand),
    /// Set or show a service's guest list
    #[command(subcommand, name = "guest-list")]
    GuestList(team::GuestListCommand),
    /// Create, update and list templates
    #[command(subcommand)]
    Template(template::TemplateCommand),
    /// Create, list, revoke and regenerate API keys
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// Check that a running server answers
    Healthcheck(healthcheck::HealthcheckArgs),
    /// Show what was sent
    #[command(subcommand)]
    Notifications(notifications::NotificationsCommand),
    /// Set, remove and inspect delivery-status and received-text callbacks
    #[command(subcommand)]
    Callback(callback::CallbackCommand),
    /// Record a text message received from the public; prints its id
    #[command(name = "inbound-sms")]
    InboundSms(notifications::InboundSmsArgs),
}

#[derive(Debug, Default, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:6011]
    #[arg(long, env = "NOTIFYD_LISTEN", value_name = "ADDR")]
    pub listen: Option<String>,
}

/// A runtime error: printed as one line, exit status 1.
#[derive(Debug)]
pub struct CliError(pub String);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<E: std::error::Error> From<E> for CliError {
    fn from(e: E) -> CliError {
        CliError(e.to_string())
    }
}

impl Cli {
    /// Settings from defaults, the config file, the environment and these flags.
    pub fn settings(&self, listen: Option<String>) -> Result<Settings, CliError> {
        Ok(config::resolve(Overrides {
            config: self.config.clone(),
            db: self.db.clone(),
            listen,
        })?)
    }
}

/// Opens the database for a command.
fn open(cli: &Cli) -> Result<(Opened, Settings), CliError> {
    let settings = cli.settings(None)?;
    let opened = setup::open_database(&settings)?;
    Ok((opened, settings))
}

/// Runs a command other than `serve`.
pub fn run(cli: &Cli, command: &Command) -> Result<(), CliError> {
    let out = Output::new(cli.json);
    match command {
        Command::Serve(_) => unreachable!("serve is run by main"),
        Command::Healthcheck(args) => healthcheck::run(cli, args, &out),
        Command::Service(cmd) => service::run(&open(cli)?.0, cmd, &out),
        Command::Team(cmd) => team::run_team(&open(cli)?.0, cmd, &out),
        Command::GuestList(cmd) => team::run_guest_list(&open(cli)?.0, cmd, &out),
        Command::Template(cmd) => template::run(&open(cli)?.0, cmd, &out),
        Command::Keys(cmd) => keys::run(&open(cli)?.0, cmd, &out),
        Command::Notifications(cmd) => notifications::run(&open(cli)?.0, cmd, &out),
        Command::Callback(cmd) => {
            let (db, settings) = open(cli)?;
            callback::run(&db, &settings, cmd, &out)
        }
        Command::InboundSms(args) => notifications::record_inbound(&open(cli)?.0, args, &out),
    }
}

/// The current time for CLI changes.
fn now() -> crate::clock::Micros {
    crate::clock::Clock::system().now_us()
}
