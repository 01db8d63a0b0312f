#!/usr/bin/env bash
# Runs the benchmarks recorded in docs/BENCHMARKS.md, each measuring us and
# its baseline side by side in one run. As root it also measures import on a
# loop-mounted XFS (reflink copies), installing xfsprogs from Debian.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_common

log "bus throughput and memory (100,000 events)"
cargo bench --quiet -p mahres-core --bench bus

log "import acknowledgement on $(df -T "${TMPDIR:-/tmp}" | awk 'NR==2 {print $2}') (200 files x 20 MB)"
cargo bench --quiet -p mahres-core --bench import_ack

if [ "$(id -u)" -eq 0 ]; then
  apt_ensure xfsprogs
  image="$(mktemp -d)/xfs.img"
  mountpoint="$(mktemp -d)"
  truncate -s 12G "$image"
  mkfs.xfs -q -m reflink=1 "$image"
  if mount -o loop "$image" "$mountpoint" 2>/dev/null; then
    trap 'umount "$mountpoint"; rm -f "$image"' EXIT
    log "import acknowledgement on XFS with reflink (200 files x 20 MB)"
    TMPDIR="$mountpoint" cargo bench --quiet -p mahres-core --bench import_ack
  else
    log "no loop devices here: skipping the XFS measurement"
  fi
fi
