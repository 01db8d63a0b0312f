#!/usr/bin/env bash
# Sets up what is missing and runs every test: formatting, the page's unit
# tests, every crate's unit and integration tests (the desktop shell's
# through tauri's mock runtime, with a check that the TypeScript bindings
# are current), then the end-to-end tests: the real app under Xvfb, driven
# through WebDriver, with a real drag and drop; last, the Debian package is
# built, installed and its app and CLI run. (Clippy runs before each
# commit, with scripts/lint.sh: in CI it would double the cold build time.)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_common
setup_e2e
setup_test_tools
log "checking formatting"
cargo fmt --all -- --check
build_ui
log "running the page's tests"
(cd ui && npm test --silent)
log "running the crates' tests"
cargo test --workspace
log "running the end-to-end tests (Xvfb, tauri-driver, WebKitWebDriver)"
export MAHRES_APP_BINARY="$CARGO_TARGET_DIR/debug/mahresources"
export MAHRES_E2E_ARTIFACTS="${MAHRES_E2E_ARTIFACTS:-$ROOT/target/e2e-artifacts}"
# The screen fits the window and, beside it, the drag source.
timeout 600 xvfb-run -a -s "-screen 0 1600x1000x24 -nolisten tcp" \
  npm --prefix tests/e2e test --silent
log "building the Debian package, installing it, running the installed app and CLI"
# The debug build the tests used, bundled: what is checked is the package
# (layout, desktop entry, dependencies, install); scripts/package.sh without
# --debug makes the release one.
deb="$(scripts/package.sh --debug | tail -1)"
timeout 300 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  tests/package/install_and_run.sh "$deb"
log "screenshots of each step: $MAHRES_E2E_ARTIFACTS"
