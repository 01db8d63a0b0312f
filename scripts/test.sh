#!/usr/bin/env bash
# Sets up what is missing and runs every test: formatting, then the unit and
# integration tests of every crate. (Clippy runs before each commit, with
# scripts/lint.sh: in CI it would double the cold build time.)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_common
log "checking formatting"
cargo fmt --all -- --check
log "running tests"
cargo test --workspace
