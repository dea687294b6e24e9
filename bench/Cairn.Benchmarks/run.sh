#!/usr/bin/env bash
# Builds and runs the micro-benchmarks (short job, in process: a few minutes). Extra arguments go to BenchmarkDotNet,
# e.g. bench/Cairn.Benchmarks/run.sh --filter '*Delta*'. Results: bench/out/benchmarks/results/*.md
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# Every benchmark unless the arguments choose (BenchmarkDotNet rejects a second --filter).
filter=(--filter '*')
for arg in "$@"; do case $arg in --filter|-f) filter=();; esac; done
dotnet run -c Release --project "$here/Cairn.Benchmarks.csproj" -- \
  --job short --inProcess "${filter[@]}" --artifacts "$here/../out/benchmarks" "$@"
