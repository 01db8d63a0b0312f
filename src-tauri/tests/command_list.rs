//! The command list is written once (`src/command_names.rs`); every other
//! place that names the page's commands must agree with it: the
//! `generate_handler!` list, the capability, the page's API module and the
//! page's fake backend. (The capability is also checked in `shell.rs`,
//! permission by permission.)

use std::collections::BTreeSet;

/// The names that follow each `marker` in `text`, up to the next `end`.
fn names_after(text: &str, marker: &str, end: char) -> BTreeSet<String> {
    text.match_indices(marker)
        .filter_map(|(at, _)| {
            let rest = &text[at + marker.len()..];
            let name: String = rest.chars().take_while(|c| *c != end).collect();
            let is_name = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit());
            is_name.then_some(name)
        })
        .collect()
}

fn commands() -> BTreeSet<String> {
    mahres_app::COMMANDS.iter().map(|c| c.to_string()).collect()
}

fn read(path: &str) -> String {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

#[test]
fn the_handler_list_is_the_command_list() {
    let lib = read("src/lib.rs");
    let start = lib.find("generate_handler![").expect("a handler list");
    let list = &lib[start..lib[start..].find("])").map_or(lib.len(), |end| start + end)];
    let listed: BTreeSet<String> = ["commands::", "integrity::", "drag_out::"]
        .iter()
        .flat_map(|module| names_after(list, module, ','))
        .collect();
    assert_eq!(listed, commands());
}

#[test]
fn the_page_calls_exactly_the_commands() {
    let api = read("../ui/src/api.ts");
    let called: BTreeSet<String> = names_after(&api, ">(\"", '"')
        .into_iter()
        .chain(names_after(&api, "invoke(\"", '"'))
        .collect();
    assert_eq!(called, commands(), "ui/src/api.ts");
}

#[test]
fn the_fake_backend_answers_every_command() {
    let fake = read("../ui/src/dev/fakeBackend.ts");
    assert_eq!(
        names_after(&fake, "case \"", '"'),
        commands(),
        "ui/src/dev/fakeBackend.ts"
    );
}

#[test]
fn the_capability_grants_exactly_the_commands() {
    // Permission names spell the commands with dashes.
    let capability = read("capabilities/main.json").replace('-', "_");
    assert_eq!(
        names_after(&capability, "\"allow_", '"'),
        commands(),
        "capabilities/main.json"
    );
}
