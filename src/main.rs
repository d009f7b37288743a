use clap::{CommandFactory, Parser};
use naql::cli::{Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        // The window does not exist yet (the text engine comes first); until it does, `naql`
        // alone explains itself.
        let _ = Cli::command().print_long_help();
        return ExitCode::SUCCESS;
    };
    match run(command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("naql: {message}");
            ExitCode::from(2)
        }
    }
}
