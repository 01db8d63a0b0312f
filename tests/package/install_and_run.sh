#!/usr/bin/env bash
# Installs the Debian package given (scripts/package.sh builds it) with dpkg,
# as a person would, and checks what it installed: `mahres --version`, the
# desktop entry (valid, opening the library's file types, with its icons),
# and the installed app itself, started under Xvfb on a throw-away library
# with a file to import — which its window must show. Then removes the
# package again, so a developer's machine keeps nothing of it.
#
# Usage: tests/package/install_and_run.sh PATH/TO/Mahresources_*.deb
set -euo pipefail
deb="$(realpath "$1")"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
fail() { echo "package check failed: $*" >&2; exit 1; }

work="$(mktemp -d)"
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill -TERM "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  $sudo dpkg -r mahresources >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "installing $(basename "$deb")"
# What it depends on is on any machine that builds it (the -dev packages
# pull in the libraries); apt-get -f fetches what a clean machine lacks.
$sudo dpkg -i "$deb" >/dev/null || $sudo apt-get install -f -y -qq >/dev/null

version="$(/usr/bin/mahres --version)"
want="$(sed -n 's/^version = "\(.*\)"/\1/p' "$(dirname "$0")/../../Cargo.toml" | head -1)"
[ "$version" = "mahres $want" ] || fail "mahres --version said '$version', not 'mahres $want'"
app_version="$(/usr/bin/mahresources --version)"
[ "$app_version" = "mahresources $want" ] || fail "mahresources --version said '$app_version'"

entry=/usr/share/applications/Mahresources.desktop
[ -f "$entry" ] || fail "no desktop entry at $entry"
desktop-file-validate "$entry" || fail "the desktop entry is not valid"
grep -q '^Exec=mahresources %F$' "$entry" || fail "the desktop entry does not hand files to the app"
for type in image/jpeg image/heic image/x-canon-cr2 video/mp4 application/pdf; do
  grep -q "^MimeType=.*$type;" "$entry" || fail "the desktop entry does not open $type"
done
for size in 16 22 24 32 48 64 128 256 512; do
  [ -f "/usr/share/icons/hicolor/${size}x${size}/apps/mahresources.png" ] || fail "no ${size}x${size} icon"
done

echo "starting the installed app"
python3 - "$work/photo.png" <<'PY'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
rows = b"".join(b"\x00" + b"".join(bytes([x * 8, y * 10, 120]) for x in range(32)) for y in range(24))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 32, 24, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
HOME="$work/home" /usr/bin/mahresources --library "$work/library" "$work/photo.png" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 150); do
  if xdotool search --onlyvisible --name '^Mahresources$' >/dev/null 2>&1; then break; fi
  kill -0 "$app_pid" 2>/dev/null || fail "the installed app exited: $(cat "$work/app.log")"
  sleep 0.2
done
xdotool search --onlyvisible --name '^Mahresources$' >/dev/null || fail "the installed app showed no window"
for _ in $(seq 1 150); do
  /usr/bin/mahres --library "$work/library" list 2>/dev/null | grep -q photo.png && break
  sleep 0.2
done
/usr/bin/mahres --library "$work/library" list | grep -q photo.png || fail "the installed app did not import the file it was opened with"
sleep 2
if [ -n "${MAHRES_E2E_ARTIFACTS:-}" ]; then
  mkdir -p "$MAHRES_E2E_ARTIFACTS"
  import -window root "$MAHRES_E2E_ARTIFACTS/package-installed-app.png" || true
fi
kill -TERM "$app_pid"
wait "$app_pid" || fail "the installed app did not end cleanly on SIGTERM: $(cat "$work/app.log")"
app_pid=""
echo "the package installs, and its app and CLI run"
