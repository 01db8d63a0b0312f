#!/usr/bin/env bash
# Formatting and clippy, as run before each commit.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_common
cargo fmt --all -- --check
cargo clippy --quiet --workspace --all-targets -- -D warnings
