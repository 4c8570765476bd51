#![forbid(unsafe_code)]

/// Everything lives in the library; a large model need not be freed piece
/// by piece on the way out, so the process exits once all is written.
fn main() {
    std::process::exit(entscope::commands::main(std::env::args_os()));
}
