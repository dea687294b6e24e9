#!/usr/bin/env bash
# Scale run: N small generated files (default 1,000,000), a full and an incremental backup with
# dist/cairn and a restore of the whole tree, wall time and peak RSS of each, so linear time and
# bounded memory can be checked.
#
#   bench/scale/run.sh [N]            e.g. bench/scale/run.sh 100000 for a quick run
#   CAIRN_DIST=DIR bench/scale/run.sh  use a copy of dist/ (cairn + plugins/)
#
# Files are 1 to 4 KB, 1,000 per folder; the incremental follows edits to 1% of them and 1,000 additions.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
n="${1:-1000000}"
dist="${CAIRN_DIST:-$root/dist}"
work="${SCALE_OUT:-$root/bench/out/scale-$n}"
cairn="$dist/cairn"
[[ -x "$cairn" ]] || { echo "no $cairn: run ./build.sh first" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/src"
echo "generating $n files in $work/src" >&2
python3 - "$work/src" "$n" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(1)
words = [bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9))) for _ in range(5000)]
for i in range(n):
    folder = os.path.join(root, f"d{i // 1000:05d}")
    if i % 1000 == 0:
        os.mkdir(folder)
    size = rng.randint(1000, 4000)
    text = b" ".join(rng.choice(words) for _ in range(size // 6))
    with open(os.path.join(folder, f"f{i:07d}.txt"), "wb") as f:
        f.write(text[:size])
PY

export CAIRN_PASSPHRASE="bench-passphrase-not-secret" XDG_CACHE_HOME="$work/cache"
measure() {  # label, command...: prints "label  wall s  peak RSS MB"
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/$label.log" 2>&1 \
    || { echo "$label failed:" >&2; tail -5 "$work/$label.log" >&2; exit 1; }
  read -r wall rss < "$work/time"
  printf '| %s | %s | %.1f s | %.0f MB |\n' "$label" "$n" "$wall" "$((rss / 1024))"
}

echo "| step | files | wall | peak RSS |"
echo "|---|---|---|---|"
measure full "$cairn" backup --full --source "$work/src" --target "file://$work/repo"
python3 - "$work/src" "$n" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(2)
for i in rng.sample(range(n), n // 100):
    with open(os.path.join(root, f"d{i // 1000:05d}", f"f{i:07d}.txt"), "ab") as f:
        f.write(b" edited")
os.mkdir(os.path.join(root, "added"))
for i in range(1000):
    with open(os.path.join(root, "added", f"a{i:04d}.txt"), "wb") as f:
        f.write(rng.randbytes(1500))
PY
measure incremental "$cairn" backup --source "$work/src" --target "file://$work/repo"
echo "stored: $(du -sb "$work/repo" | cut -f1) bytes" >&2
# Restore the whole tree at the latest time (full + incremental), and check one edited file came back.
measure restore "$cairn" restore --target "file://$work/repo" "$work/restored"
restored_files=$(find "$work/restored" -type f | wc -l)
source_files=$(find "$work/src" -type f | wc -l)
[[ "$restored_files" == "$source_files" ]] || { echo "restored $restored_files files, the source has $source_files" >&2; exit 1; }
cmp -s "$work/src/added/a0999.txt" "$work/restored/added/a0999.txt" || { echo "added/a0999.txt differs after restore" >&2; exit 1; }
