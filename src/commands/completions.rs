//! `entscope completions` and `entscope man`, from the clap definitions.

use super::{CommandError, Output};

/// `entscope completions SHELL`: a completion script from the clap definitions.
pub fn completions(shell: clap_complete::Shell) -> Output {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::Cli::command(), "entscope", &mut out);
    Output {
        stdout: String::from_utf8_lossy(&out).into_owned(),
        success: true,
        ..Output::default()
    }
}

/// `entscope man`: the manual page, from the clap definitions.
pub fn man() -> Result<Output, CommandError> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_mangen::Man::new(crate::cli::Cli::command())
        .render(&mut out)
        .map_err(|e| CommandError::Message(format!("cannot render the manual page: {e}")))?;
    Ok(Output {
        stdout: String::from_utf8_lossy(&out).into_owned(),
        success: true,
        ..Output::default()
    })
}
