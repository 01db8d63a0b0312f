#!/usr/bin/env bash
# Runs the benchmarks recorded in docs/BENCHMARKS.md, each measuring us and
# its baseline side by side in one run. It installs the baselines from
# Debian: libvips (vipsthumbnail), ImageMagick, heif-thumbnailer, dcraw, and
# wallpaper packages whose photographs (2–17 megapixels, JPEG, PNG and WebP)
# are the test images. As
# root it also measures import on a loop-mounted XFS (reflink copies).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_common
apt_ensure libvips-tools imagemagick gnome-backgrounds mate-backgrounds ukui-wallpapers util-linux
cargo bench --quiet -p mahres-core --no-run

bench() { cargo bench --quiet -p mahres-core --bench "$@"; }

log "bus throughput and memory (100,000 events)"
bench bus

log "import acknowledgement on $(df -T "${TMPDIR:-/tmp}" | awk 'NR==2 {print $2}') (200 files x 20 MB)"
bench import_ack

if [ "$(id -u)" -eq 0 ]; then
  apt_ensure xfsprogs
  image="$(mktemp -d)/xfs.img"
  mountpoint="$(mktemp -d)"
  truncate -s 12G "$image"
  mkfs.xfs -q -m reflink=1 "$image"
  if mount -o loop "$image" "$mountpoint" 2>/dev/null; then
    log "import acknowledgement on XFS with reflink (200 files x 20 MB)"
    TMPDIR="$mountpoint" bench import_ack
    umount "$mountpoint"
  else
    log "no loop devices here: skipping the XFS measurement"
  fi
  rm -f "$image"
fi

log "MD5 against md5sum (1 GiB)"
bench md5

mapfile -t jpegs < <(find /usr/share/backgrounds -name '*.jpg' | sort)
mapfile -t pngs < <(find /usr/share/backgrounds -name '*.png' | sort)
mapfile -t webps < <(find /usr/share/backgrounds -name '*.webp' | sort)
for cores in 1 2; do
  cpus=$([ "$cores" -eq 1 ] && echo 0 || echo 0,1)
  for set in jpegs pngs webps; do
    declare -n files="$set"
    log "thumbnails, ${set%s}, $cores core(s)"
    # The benchmark and the tools it starts all inherit the CPU set.
    taskset -c "$cpus" cargo bench --quiet -p mahres-core --bench thumbnails -- --threads "$cores" "${files[@]}"
  done
done

log "an item opened before its preview's turn: a 24 MP JPEG's preview made on the spot, against vipsthumbnail"
bench open_preview -- "$(ls -S "${jpegs[@]}" | head -1)"

log "photo metadata against exiftool, reverse geocoding, and the handler's share of an import"
setup_test_tools
bench metadata -- "${jpegs[@]}" "${pngs[@]}" "${webps[@]}"

log "HEIC thumbnails, raw previews and PDF first pages against libvips, heif-thumbnailer, exiftool, dcraw and pdftoppm"
apt_ensure heif-thumbnailer dcraw
bench formats -- "${jpegs[@]}"

log "search latency over 100,000 resources"
bench search

log "near-duplicate lookup over 100,000 hashes"
bench similarity
log "near-duplicate groups over 1,000,000 hashes"
bench similarity -- 1000000

log "watched folder, first walk of 100,000 files, against find"
bench watch_walk

log "bookkeeping: a watched folder of 300,000 small text files fully processed, against md5sum"
bench bookkeeping

log "a library of 1,000,000 items: opening, search, status, deep grid pages, duplicates, memory, size"
# Kept until the app has been measured on it too (the last step), then removed.
million="$(mktemp -d "${TMPDIR:-/tmp}/mahres-million.XXXXXX")"
trap 'rm -rf "$million"' EXIT
bench million -- 1000000 --keep "$million"

log "whole pipeline, 1,000 photos"
bench pipeline -- --count 1000 "${jpegs[@]}" "${pngs[@]}"

log "desktop app: 500 photos dropped, and memory with 100,000 items"
setup_e2e
build_ui
cargo build --release --quiet -p mahres-app -p mahres-cli
xvfb-run -a -s "-screen 0 1600x1000x24 -nolisten tcp" \
  node tests/e2e/bench.mjs "$CARGO_TARGET_DIR/release/mahresources" "$CARGO_TARGET_DIR/release/mahres" \
  "${jpegs[@]}"

log "desktop app on the library of 1,000,000 items: launch, memory, the Duplicates view"
xvfb-run -a -s "-screen 0 1600x1000x24 -nolisten tcp" \
  env BENCH_LIBRARY="$million/library" \
  node tests/e2e/bench.mjs "$CARGO_TARGET_DIR/release/mahresources" "$CARGO_TARGET_DIR/release/mahres"
