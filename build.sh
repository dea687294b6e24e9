#!/usr/bin/env bash
# Builds Cairn: the command at dist/cairn, each plugin under dist/plugins/<id>/.
# Needs only the .NET SDK (packages come from NuGet). With a C toolchain (gcc or clang, and libc6-dev)
# dist/cairn is the native front (cli/Cairn.Launcher): it starts in milliseconds, runs `cairn rdiff`
# itself and hands every other command to the .NET command, dist/cairn-cli. Without one, dist/cairn is
# the .NET command itself: everything works the same, `cairn rdiff` just starts 0.1 s slower.
set -euo pipefail
cd "$(dirname "$0")"
# One build at a time: two at once each move dist/cairn aside for the native front, and one left the front where
# the .NET command belongs. The lock is on this script itself, so it needs no file of its own.
exec 9<build.sh
flock 9
rm -rf dist
dotnet restore Toolkit.sln --verbosity quiet
dotnet msbuild build/Dist.proj -m -nologo -verbosity:minimal
if command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; then
  launcher=$(mktemp -d)
  trap 'rm -rf "$launcher"' EXIT
  dotnet publish cli/Cairn.Launcher -c Release -nologo -verbosity:quiet -o "$launcher"
  mv dist/cairn dist/cairn-cli
  cp "$launcher/cairn" dist/cairn
  front="native front + dist/cairn-cli"
else
  front="the .NET command (no C toolchain for the native front)"
fi
echo "built: dist/cairn ($front) and $(ls dist/plugins | wc -l) plugins in dist/plugins/"
