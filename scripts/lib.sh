# Shared by run.sh and test.sh: install what is missing, quietly and only once.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Build output lives outside the checkout so fresh clones (CI) reuse it; a
# machine without it simply builds from scratch.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/mahresources/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Where `cargo install` puts tauri-driver.
export PATH="$HOME/.cargo/bin:$PATH"

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
  require npm "install Node.js (20 or later) with npm"
  # rusqlite builds SQLite from source: a C compiler is all it needs.
  # setpriv (util-linux) lets the tests run the CLI as an unprivileged user.
  # libjpeg-turbo decodes JPEGs at 1/2, 1/4 or 1/8 scale for thumbnails.
  # WebKitGTK 4.1 (with GTK 3, libsoup 3) is the desktop app's webview.
  apt_ensure build-essential pkg-config util-linux coreutils libturbojpeg0-dev \
    libwebkit2gtk-4.1-dev
}

# What the app draws some kinds with, found at run time (each missing one
# only costs its kind a thumbnail, with a note saying what to install):
# libheif for HEIC and AVIF, Poppler for PDFs, ffmpeg (and ffprobe) for
# video frames, codecs and frame rates.
setup_media_tools() {
  apt_ensure libheif1 poppler-utils ffmpeg
}

# What the tests write their sample files with: EXIF/XMP/IPTC (exiftool),
# HEIC and AVIF (heif-enc), video and songs (ffmpeg); and what the app needs
# to draw them.
setup_test_tools() {
  setup_media_tools
  apt_ensure libimage-exiftool-perl libheif-examples
}

# npm_ensure DIR: installs DIR's locked npm packages unless they already are.
# npm's own cache (~/.npm) makes a fresh clone's install quick and offline.
npm_ensure() {
  local dir="$1" stamp="$1/node_modules/.installed-from"
  local want
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing npm packages in $dir"
    (cd "$dir" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
}

# Builds the page into ui/dist, which the app embeds when it is compiled.
build_ui() {
  npm_ensure ui
  log "building the page (ui/dist)"
  (cd ui && npm run --silent build >/dev/null)
}

# What the end-to-end tests need: a virtual display, WebKit's WebDriver,
# tauri-driver, and a GTK drag source moved by xdotool.
setup_e2e() {
  # ImageMagick's `import` screenshots the whole screen (the native picker).
  # dbus-daemon: the session bus a second launch finds the first window on.
  # desktop-file-validate checks the package's desktop entry.
  apt_ensure xvfb xauth webkit2gtk-driver xdotool python3-gi gir1.2-gtk-3.0 imagemagick \
    dbus-daemon desktop-file-utils
  if ! command -v tauri-driver >/dev/null 2>&1; then
    log "installing tauri-driver"
    cargo install tauri-driver --version '^2' --locked --quiet
  fi
  npm_ensure tests/e2e
}
