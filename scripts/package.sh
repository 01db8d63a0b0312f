#!/usr/bin/env bash
# Builds the installable Debian package with the Tauri bundler: the app and
# the `mahres` CLI in /usr/bin, a desktop entry that opens the library's file
# types, the icon at every freedesktop size, and the dependencies declared.
#
#   scripts/package.sh           a release build (what to install)
#   scripts/package.sh --debug   the debug build the tests already made (CI)
#
# Leaves the .deb in target/ and prints its path on the last line. Install
# it with `sudo apt install ./target/Mahresources_*.deb` (apt fetches what
# it depends on).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

profile=release
cargo_profile=(--release)
bundler_profile=()
if [ "${1:-}" = "--debug" ]; then
  profile=debug
  cargo_profile=()
  bundler_profile=(--debug)
fi

setup_common
npm_ensure packaging
build_ui
log "building the mahres CLI ($profile)"
cargo build --quiet -p mahres-cli "${cargo_profile[@]}"

# The bundler reads its config from src-tauri: generated from the root's, and
# removed again however the build ends.
generated="$ROOT/src-tauri/tauri.conf.json"
trap 'rm -f "$generated"' EXIT
node packaging/bundle-config.mjs "$CARGO_TARGET_DIR/$profile/mahres"

log "building the app ($profile)"
export TAURI_APP_PATH=src-tauri
tauri=packaging/node_modules/.bin/tauri
"$tauri" build "${bundler_profile[@]}" --no-bundle --ci >&2
if [ "$profile" = release ]; then
  # The release profile keeps line tables for backtraces: 200–300 MB a
  # binary. What is installed carries its symbols only (about 40 MB).
  strip --strip-debug "$CARGO_TARGET_DIR/release/mahresources" "$CARGO_TARGET_DIR/release/mahres"
fi
log "bundling the Debian package ($profile)"
rm -rf "$CARGO_TARGET_DIR/$profile/bundle/deb"
"$tauri" bundle "${bundler_profile[@]}" --bundles deb --ci >&2
built="$(ls "$CARGO_TARGET_DIR/$profile/bundle/deb/"*.deb)"
# Beside the checkout, where a person looks (the build cache is elsewhere).
mkdir -p "$ROOT/target"
cp "$built" "$ROOT/target/"
echo "$ROOT/target/$(basename "$built")"
