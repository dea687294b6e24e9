#!/usr/bin/env bash
# Times Cairn's tree scan (the backup hot path before any data is read) against GNU find doing an lstat
# of every entry, side by side with hyperfine on the same warm tree, and prints hyperfine's table plus
# one line of Cairn's own counters (entries, CPU, allocation, peak working set).
# Cairn records more per entry than find prints here (xattrs, ACLs, owner names, sparse maps), so
# find is a floor, not an equal.
# Usage: bench/filesystem/run.sh [DIRECTORY]   (default /usr/include)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tree=${1:-/usr/include}
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
dotnet build -c Release -v q --nologo "$here/ScanBench" >/dev/null
bench="$here/ScanBench/bin/Release/net10.0/ScanBench"
find "$tree" > /dev/null  # warm the dentry and inode caches for both alike
echo "tree: $tree ($(find "$tree" | wc -l) entries)"
"$bench" "$tree"
hyperfine --warmup 2 --runs "${RUNS:-10}" \
  -n "cairn TreeScanner" "$bench $tree" \
  -n "find -printf (lstat)" "find $tree -printf '%p %s %T@ %m %u %g %l\n' > /dev/null"
