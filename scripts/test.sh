#!/usr/bin/env bash
# Sets up what is missing and runs every test: formatting, lints, unit and
# integration tests of every crate.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_common
log "checking formatting"
cargo fmt --all -- --check
log "linting"
cargo clippy --quiet --workspace --all-targets -- -D warnings
log "running tests"
cargo test --workspace
