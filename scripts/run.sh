#!/usr/bin/env bash
# Sets up what is missing, builds, and starts Mahresources on the default
# library (the platform data dir; --library DIR or MAHRES_LIBRARY for another).
#
# The desktop window arrives with the Tauri shell; until then this starts the
# `mahres` CLI with the arguments given (default: process pending work, then
# show the library's status).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_common
log "building"
cargo build --release --quiet -p mahres-cli
if [ $# -eq 0 ]; then
  "$CARGO_TARGET_DIR/release/mahres" wait
  exec "$CARGO_TARGET_DIR/release/mahres" status
fi
exec "$CARGO_TARGET_DIR/release/mahres" "$@"
