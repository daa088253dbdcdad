//! The notifyd binary: parse the command line, run the command, turn failures into one line
//! on stderr and exit status 1 (clap exits 2 on usage errors by itself).

use clap::Parser;
use notifyd::cli::{self, Cli, Command, ServeArgs};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        None => notifyd::serve::run(&cli, &ServeArgs::default()),
        Some(Command::Serve(args)) => notifyd::serve::run(&cli, args),
        Some(command) => cli::run(&cli, command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
