//! The README is a promise: its commands and its key list must stay true.

use entscope::app::Mode;
use entscope::app::keymap::Keymap;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

#[test]
fn readme_lists_every_key_of_the_keymap() {
    let readme = readme();
    for (command, keys) in Keymap::default().bindings(Mode::Normal) {
        for key in keys {
            let name = format!("`{}`", key.label());
            assert!(
                readme.contains(&name),
                "README does not list {name} ({})",
                command.doc_in(Mode::Normal)
            );
        }
    }
}

#[test]
fn readme_gives_the_run_and_test_commands_near_the_top() {
    let readme = readme();
    let top: String = readme.lines().take(15).collect::<Vec<_>>().join("\n");
    assert!(top.contains("cargo run --release"), "{top}");
    assert!(top.contains("cargo test"), "{top}");
    let ci =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).expect(".ci/run");
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        "CI runs the README's test command"
    );
}
