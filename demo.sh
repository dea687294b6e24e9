#!/usr/bin/env bash
# Cairn's main job on the embedded default: a backup of examples/data with the bundled profile
# examples/home.yaml (local folder target, zstd, AES-256-GCM, passphrase from CAIRN_PASSPHRASE or
# asked on the terminal), then status, list and a single-file restore. Run ./build.sh first.
set -euo pipefail
cd "$(dirname "$0")"
cairn=dist/cairn
[ -x "$cairn" ] || { echo "dist/cairn is missing: run ./build.sh first"; exit 2; }
profile=examples/home.yaml
# The demo's cache beside its target, so that removing the two (git clean -fdx) starts the demo afresh: a cache that
# remembers backups its target no longer holds makes the backup stop, as it should for an unmounted disk.
cache=(--cache-dir examples/.demo-cache)

if [ -z "${CAIRN_PASSPHRASE:-}" ] && [ ! -t 0 ]; then
  echo "CAIRN_PASSPHRASE is not set and there is no terminal to ask on: export CAIRN_PASSPHRASE first." >&2
  exit 2
fi
if [ -z "${CAIRN_PASSPHRASE:-}" ]; then
  # Ask once here, so the five commands below do not each ask again.
  read -r -s -p "Passphrase for the demo backup: " CAIRN_PASSPHRASE; echo
  export CAIRN_PASSPHRASE
fi

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
step "$cairn" run "$profile" "${cache[@]}"
echo "a line added by demo.sh at $(date -u +%FT%TZ)" >> examples/data/notes/demo-run.txt
step "$cairn" backup --profile "$profile" "${cache[@]}"
step "$cairn" status --profile "$profile" "${cache[@]}"
step "$cairn" list --profile "$profile" "${cache[@]}"
restored=$(mktemp -d)
step "$cairn" restore --profile "$profile" "${cache[@]}" --path notes/demo-run.txt "$restored"
echo; echo "restored: $restored/notes/demo-run.txt ($(wc -c < "$restored/notes/demo-run.txt") bytes)"
