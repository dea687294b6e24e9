#!/usr/bin/env bash
# Times Cairn's delta engine (dist/cairn rdiff ...) against librsync's rdiff side by side, in one run,
# on the same files, and prints a markdown table of wall-clock seconds and the Cairn/rdiff ratio.
#   signature        : 192 MiB semi-compressible file (base64 text of random bytes)
#   delta (changed)  : that file with 4 KiB inserted in the middle, against its signature
#   delta (unrelated): two unrelated random files (UNRELATED_MIB, default 128 MiB)
#   patch            : the changed pair's delta applied to the basis
# Each measurement is the best of RUNS (default 3) runs, alternating the tools so both see the same
# machine load. Outputs are compared byte for byte (the tools must agree). Needs ./build.sh first.
# Usage: bench/delta/run.sh [WORKDIR]   (default: a temporary directory, removed afterwards)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cairn="$root/dist/cairn"
[ -x "$cairn" ] || { echo "dist/cairn is missing: run ./build.sh first" >&2; exit 1; }
command -v rdiff >/dev/null || { echo "rdiff is missing: apt-get install rdiff" >&2; exit 1; }
runs=${RUNS:-3}
mib=$((1024 * 1024))
size_mib=${SIZE_MIB:-192}
unrelated_mib=${UNRELATED_MIB:-128}

if [ $# -ge 1 ]; then work=$1; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
cd "$work"

if [ ! -f old.bin ] || [ "$(stat -c %s old.bin)" -ne $((size_mib * mib)) ]; then
  echo "generating ${size_mib} MiB semi-compressible basis and its edited copy..." >&2
  base64 -w 76 /dev/urandom | head -c $((size_mib * mib)) > old.bin
  { head -c $((size_mib / 2 * mib)) old.bin; head -c 4096 /dev/urandom; tail -c +$((size_mib / 2 * mib + 1)) old.bin; } > new.bin
fi
if [ ! -f ra.bin ] || [ "$(stat -c %s ra.bin)" -ne $((unrelated_mib * mib)) ]; then
  echo "generating two unrelated ${unrelated_mib} MiB random files..." >&2
  head -c $((unrelated_mib * mib)) /dev/urandom > ra.bin
  head -c $((unrelated_mib * mib)) /dev/urandom > rb.bin
fi
cat old.bin new.bin ra.bin rb.bin > /dev/null  # warm the page cache for both tools alike

# seconds TOOL ARGS... : wall-clock seconds of one run
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

# best_of NAME -- RDIFF-CMD -- CAIRN-CMD : sets best_rdiff and best_cairn
best_of() {
  local a=() b=() i t
  shift  # the name
  shift  # --
  while [ "$1" != "--" ]; do a+=("$1"); shift; done
  shift
  b=("$@")
  best_rdiff=""; best_cairn=""
  for ((i = 0; i < runs; i++)); do
    t=$(seconds "${a[@]}"); if [ -z "$best_rdiff" ] || (( $(echo "$t < $best_rdiff" | bc) )); then best_rdiff=$t; fi
    t=$(seconds "${b[@]}"); if [ -z "$best_cairn" ] || (( $(echo "$t < $best_cairn" | bc) )); then best_cairn=$t; fi
  done
}

rows=()
row() {
  local ratio
  ratio=$(echo "scale=2; $best_cairn / $best_rdiff" | bc)
  rows+=("| $1 | $(printf %.2f "$best_rdiff") | $(printf %.2f "$best_cairn") | ${ratio/#./0.} |")
}

best_of signature -- rdiff -f signature old.bin old.rdiff.sig -- "$cairn" rdiff signature -f old.bin old.cairn.sig
cmp old.rdiff.sig old.cairn.sig
row "signature (${size_mib} MiB)"

best_of delta -- rdiff -f delta old.rdiff.sig new.bin changed.rdiff.delta -- "$cairn" rdiff delta -f old.rdiff.sig new.bin changed.cairn.delta
cmp changed.rdiff.delta changed.cairn.delta
row "delta, 4 KiB inserted (${size_mib} MiB)"

rdiff -f signature ra.bin ra.sig
best_of delta -- rdiff -f delta ra.sig rb.bin unrelated.rdiff.delta -- "$cairn" rdiff delta -f ra.sig rb.bin unrelated.cairn.delta
cmp unrelated.rdiff.delta unrelated.cairn.delta
row "delta, unrelated (${unrelated_mib} MiB)"

best_of patch -- rdiff -f patch old.bin changed.rdiff.delta new.rdiff.out -- "$cairn" rdiff patch -f old.bin changed.rdiff.delta new.cairn.out
cmp new.rdiff.out new.bin
cmp new.cairn.out new.bin
row "patch, 4 KiB inserted (${size_mib} MiB)"

echo
echo "rdiff $(rdiff --version | head -1 | sed 's/.*(librsync \(.*\))/\1/'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), best of $runs"
echo
echo "| operation | rdiff (s) | cairn (s) | cairn/rdiff |"
echo "|---|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
