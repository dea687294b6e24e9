#!/usr/bin/env bash
# Runs every Cairn test on a machine that has only the .NET SDK: installs the reference tools and
# servers the tests use (rdiff, gpg, OpenSSH's sshd, rclone, s3rver), builds dist/, runs the whole
# solution's tests, and ends with one line: "N passed, N failed, N skipped".
# The integration tests start their servers themselves on 127.0.0.1 and stop them afterwards.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

need_debs=()
# gcc and libc6-dev link the native front of dist/cairn (build.sh), which the tests run; libzstd1 (on every
# Debian, dpkg needs it) is the zstd plugin's faster implementation, which the tests check against ZstdSharp.
for pair in rdiff:rdiff gpg:gnupg /usr/sbin/sshd:openssh-server rclone:rclone setfacl:acl setfattr:attr zstd:zstd \
            /usr/lib/x86_64-linux-gnu/libzstd.so.1:libzstd1 \
            gcc:gcc /usr/lib/x86_64-linux-gnu/crt1.o:libc6-dev; do
  cmd=${pair%%:*}; pkg=${pair#*:}
  command -v "$cmd" >/dev/null 2>&1 || [ -e "$cmd" ] || need_debs+=("$pkg")
done
if [ ${#need_debs[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need_debs[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_debs[@]}" >/dev/null \
    || { echo "could not install ${need_debs[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi
if [ ! -x tests/servers/node_modules/.bin/s3rver ]; then
  echo "installing s3rver (npm)"
  (cd tests/servers && npm install --no-audit --no-fund --silent >/dev/null) \
    || { echo "could not install s3rver"; echo "0 passed, 1 failed"; exit 1; }
fi

./build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

results="$root/tests/TestResults"
rm -rf "$results"
dotnet test Toolkit.sln -c Debug --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false
status=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done
# A test project that failed to build leaves no results: count it as a failure, never as silence.
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
