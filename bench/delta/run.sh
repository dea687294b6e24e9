#!/usr/bin/env bash
# Times Cairn's delta engine (dist/cairn rdiff ...) against librsync's rdiff side by side, in one run,
# on the same files, and prints a markdown table of wall-clock seconds and the Cairn/rdiff ratio.
#   signature        : 192 MiB semi-compressible file (base64 text of random bytes)
#   delta (changed)  : that file with 4 KiB inserted in the middle, against its signature
#   delta (unrelated): two unrelated random files (UNRELATED_MIB, default 128 MiB)
#   patch            : the changed pair's delta applied to the basis
# Each measurement is the best of RUNS (default 3) runs (wall clock; CPU = user + system time of that
# run, all threads), alternating the tools so both see the same machine load. Outputs are compared byte for byte (the tools must agree). Needs ./build.sh first.
# Usage: bench/delta/run.sh [WORKDIR]   (default: a temporary directory, removed afterwards)
# Environment: CAIRN (default dist/cairn), RUNS, SIZE_MIB, UNRELATED_MIB.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cairn=${CAIRN:-$root/dist/cairn}
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
  # head cuts base64 off: its SIGPIPE is expected and must not end the script under pipefail.
  { base64 -w 76 /dev/urandom || true; } | head -c $((size_mib * mib)) > old.bin
  { head -c $((size_mib / 2 * mib)) old.bin; head -c 4096 /dev/urandom; tail -c +$((size_mib / 2 * mib + 1)) old.bin; } > new.bin
fi
if [ ! -f ra.bin ] || [ "$(stat -c %s ra.bin)" -ne $((unrelated_mib * mib)) ]; then
  echo "generating two unrelated ${unrelated_mib} MiB random files..." >&2
  head -c $((unrelated_mib * mib)) /dev/urandom > ra.bin
  head -c $((unrelated_mib * mib)) /dev/urandom > rb.bin
fi
cat old.bin new.bin ra.bin rb.bin > /dev/null  # warm the page cache for both tools alike

# measure TOOL ARGS... OUTPUT : prints "WALL CPU" (seconds; CPU = user + system, all threads) of one run.
# The output file is removed first, so a failed run cannot leave an earlier run's output to compare, and a
# failed run stops the script (a tool that exits at once would otherwise be the "best" time).
measure() {
  local TIMEFORMAT='%R %U %S' timing
  timing=$(mktemp)
  rm -f "${!#}"
  if ! { time "$@" > /dev/null 2>/dev/null; } 2> "$timing"; then
    echo "failed: $*" >&2
    rm -f "$timing"
    return 1
  fi
  read -r wall user sys < <(tail -1 "$timing")
  rm -f "$timing"
  echo "$wall $(echo "$user + $sys" | bc)"
}

# best_of -- RDIFF-CMD -- CAIRN-CMD : sets best_rdiff/cpu_rdiff and best_cairn/cpu_cairn (the fastest run's)
best_of() {
  local a=() b=() i w c timing
  shift  # --
  while [ "$1" != "--" ]; do a+=("$1"); shift; done
  shift
  b=("$@")
  best_rdiff=""; best_cairn=""
  for ((i = 0; i < runs; i++)); do
    timing=$(measure "${a[@]}") || exit 1
    read -r w c <<<"$timing"
    if [ -z "$best_rdiff" ] || (( $(echo "$w < $best_rdiff" | bc) )); then best_rdiff=$w; cpu_rdiff=$c; fi
    timing=$(measure "${b[@]}") || exit 1
    read -r w c <<<"$timing"
    if [ -z "$best_cairn" ] || (( $(echo "$w < $best_cairn" | bc) )); then best_cairn=$w; cpu_cairn=$c; fi
  done
}

rows=()
ratio() { local r; r=$(echo "scale=2; $1 / $2" | bc); echo "${r/#./0.}"; }
row() {
  rows+=("| $1 | $(printf %.2f "$best_rdiff") | $(printf %.2f "$best_cairn") | $(ratio "$best_cairn" "$best_rdiff") | $(printf %.2f "$cpu_rdiff") | $(printf %.2f "$cpu_cairn") | $(ratio "$cpu_cairn" "$cpu_rdiff") |")
}

best_of -- rdiff -f signature old.bin old.rdiff.sig -- "$cairn" rdiff signature -f old.bin old.cairn.sig
cmp old.rdiff.sig old.cairn.sig
row "signature (${size_mib} MiB)"

best_of -- rdiff -f delta old.rdiff.sig new.bin changed.rdiff.delta -- "$cairn" rdiff delta -f old.rdiff.sig new.bin changed.cairn.delta
cmp changed.rdiff.delta changed.cairn.delta
row "delta, 4 KiB inserted (${size_mib} MiB)"

rdiff -f signature ra.bin ra.sig
best_of -- rdiff -f delta ra.sig rb.bin unrelated.rdiff.delta -- "$cairn" rdiff delta -f ra.sig rb.bin unrelated.cairn.delta
cmp unrelated.rdiff.delta unrelated.cairn.delta
row "delta, unrelated (${unrelated_mib} MiB)"

best_of -- rdiff -f patch old.bin changed.rdiff.delta new.rdiff.out -- "$cairn" rdiff patch -f old.bin changed.rdiff.delta new.cairn.out
cmp new.rdiff.out new.bin
cmp new.cairn.out new.bin
row "patch, 4 KiB inserted (${size_mib} MiB)"

echo
echo "rdiff $(rdiff --version | head -1 | sed 's/.*(librsync \(.*\))/\1/'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), best of $runs"
echo
echo "| operation | rdiff wall (s) | cairn wall (s) | cairn/rdiff | rdiff CPU (s) | cairn CPU (s) | cairn/rdiff CPU |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
