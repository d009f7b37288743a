use clap::{CommandFactory, Parser};
use naql::cli::{Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        // No subcommand: the window, on the last project or the sample.
        return match naql::app::run(None, None, None) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("naql: {message}");
                let _ = Cli::command().print_long_help();
                ExitCode::from(2)
            }
        };
    };
    if let naql::cli::CliCommand::Open {
        project,
        document,
        coder,
        name,
    } = command
    {
        let coder = coder.map(|id| naql::model::Person {
            name: name.unwrap_or_else(|| id.clone()),
            id: naql::model::PersonId::new(id),
        });
        return match naql::app::run(Some(project), document, coder) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("naql: {message}");
                ExitCode::from(2)
            }
        };
    }
    match run(command) {
        Ok(code) => code,
        Err(e) => {
            // `:#` prints the chain: what failed, then why ("quotes.csv: Permission denied").
            eprintln!("naql: {e:#}");
            ExitCode::from(2)
        }
    }
}
