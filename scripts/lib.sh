# Shared by run.sh and test.sh: install what is missing, quietly and only once.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Build output lives outside the checkout so fresh clones (CI) reuse it; a
# machine without it simply builds from scratch.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mahresources/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# apt_ensure PKG...: installs the Debian packages that are not installed yet.
apt_ensure() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

require() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is needed: $2" >&2; exit 1; }
}

setup_common() {
  require cargo "install Rust from https://rustup.rs"
  # rusqlite builds SQLite from source: a C compiler is all it needs.
  # setpriv (util-linux) lets the tests run the CLI as an unprivileged user.
  # libjpeg-turbo decodes JPEGs at 1/2, 1/4 or 1/8 scale for thumbnails.
  apt_ensure build-essential pkg-config util-linux coreutils libturbojpeg0-dev
}
