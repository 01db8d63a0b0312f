#!/usr/bin/env bash
# Sets up what is missing, builds, and starts the Mahresources app on the
# default library (the platform data dir; pass --library DIR or set
# MAHRES_LIBRARY for another). Pending work resumes in the background.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_common
setup_media_tools
build_ui
log "building the app"
cargo build --release --quiet -p mahres-app -p mahres-cli
exec "$CARGO_TARGET_DIR/release/mahresources" "$@"
