#!/usr/bin/env bash
# Builds Cairn: the command at dist/cairn, each plugin under dist/plugins/<id>/.
# Needs only the .NET SDK (packages come from NuGet).
set -euo pipefail
cd "$(dirname "$0")"
rm -rf dist
dotnet restore Toolkit.sln --verbosity quiet
dotnet msbuild build/Dist.proj -m -nologo -verbosity:minimal
echo "built: dist/cairn and $(ls dist/plugins | wc -l) plugins in dist/plugins/"
