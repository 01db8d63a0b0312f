#!/usr/bin/env bash
# Formatting and clippy, as run before each commit.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_common
cargo fmt --all -- --check
# The app embeds ui/dist when it compiles, so clippy needs the page built.
build_ui
cargo clippy --quiet --workspace --all-targets -- -D warnings
