#!/usr/bin/env bash
# Times `cairn archive create` (zstd-3, AES-256-GCM, passphrase from the environment) against
# `tar -I "zstd -3 -T0" -cf` on the same ~500 MB tree built from files on this machine, side by side
# in one run, and prints a markdown table. Target: ratio <= 1.5.
#   bench/archive/run.sh [WORKDIR]        (default /tmp/cairn-bench-archive; CAIRN=path/to/cairn)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=${1:-/tmp/cairn-bench-archive}
cairn=${CAIRN:-$root/dist/cairn}
tree=$work/tree
rounds=${ROUNDS:-2}

if [ ! -x "$cairn" ]; then
  echo "building dist/cairn..." >&2
  ./build.sh >&2
fi
command -v zstd >/dev/null || { echo "zstd is needed (apt-get install zstd)" >&2; exit 1; }

if [ ! -d "$tree" ]; then
  echo "building the tree in $tree..." >&2
  mkdir -p "$tree/include" "$tree/dotnet" "$tree/blobs"
  cp -a /usr/include/. "$tree/include/"
  cp -a /usr/share/dotnet/shared/. "$tree/dotnet/" 2>/dev/null || true
  # ~200 MB of shared libraries in one big file: a large, moderately compressible file.
  # (head closes the pipe early: the pipeline's SIGPIPE status is expected, hence || true.)
  { find /usr/lib -name '*.so*' -type f -size +100k 2>/dev/null | sort | head -n 2000 | xargs cat 2>/dev/null | head -c 200000000 > "$tree/blobs/libs.bin"; } || true
  # 40 MB of random data: incompressible, stored frames.
  head -c 40000000 /dev/urandom > "$tree/blobs/random.bin"
fi
size=$(du -sb "$tree" | cut -f1)
files=$(find "$tree" -type f | wc -l)
cat "$(find "$tree" -type f | head -n 1)" >/dev/null
find "$tree" -type f -print0 | xargs -0 cat >/dev/null   # warm the page cache for both tools

export CAIRN_BENCH_PASSPHRASE=${CAIRN_BENCH_PASSPHRASE:-bench-passphrase-not-secret}
now() { date +%s.%N; }
best_tar=; best_cairn=
for round in $(seq "$rounds"); do
  rm -f "$work/tree.tar.zst" "$work/tree.cairn"
  t0=$(now); tar -I "zstd -3 -T0" -cf "$work/tree.tar.zst" -C "$work" tree; t1=$(now)
  "$cairn" archive create -f "$work/tree.cairn" --compress zstd:3 --passphrase-env CAIRN_BENCH_PASSPHRASE "$tree" 2>/dev/null; t2=$(now)
  tar_s=$(echo "$t1 - $t0" | bc -l); cairn_s=$(echo "$t2 - $t1" | bc -l)
  echo "round $round: tar+zstd ${tar_s}s, cairn ${cairn_s}s" >&2
  if [ -z "$best_tar" ] || (( $(echo "$tar_s < $best_tar" | bc -l) )); then best_tar=$tar_s; fi
  if [ -z "$best_cairn" ] || (( $(echo "$cairn_s < $best_cairn" | bc -l) )); then best_cairn=$cairn_s; fi
done

tar_bytes=$(stat -c %s "$work/tree.tar.zst"); cairn_bytes=$(stat -c %s "$work/tree.cairn")
ratio=$(echo "$best_cairn / $best_tar" | bc -l)
printf '\n| tool | time (best of %d) | output bytes |\n|---|---:|---:|\n' "$rounds"
printf '| `tar -I "zstd -3 -T0" -cf` | %.2f s | %d |\n' "$best_tar" "$tar_bytes"
printf '| `cairn archive create --compress zstd:3` (encrypted) | %.2f s | %d |\n' "$best_cairn" "$cairn_bytes"
printf '\ntree: %d bytes in %d files, %s cores, load %s; ratio cairn/tar = **%.2f** (target <= 1.5)\n' "$size" "$files" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" "$ratio"
