#!/usr/bin/env bash
# StreamGuard's test command (README.md; CI runs exactly this). On a fresh machine it installs
# what the tests need — Chromium from Debian, the npm packages of the dashboard and of the local
# AWS emulators — then builds and runs the whole suite, ending with one "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing Chromium (Debian package) for the browser tests"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

for dir in src/LiveView tools/emulators; do
  if [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules" ]; then
    echo "test.sh: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test StreamGuard.sln -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log" | grep -E "^\s*(Passed|Failed|Skipped) |^(Passed|Failed)!|error|Test Run"
status=${PIPESTATUS[0]}
set -e

# Each failure again at the end with its message and the top of its stack, so a red run says why.
awk '/^[[:space:]]+Failed / { block = 1; n = 0; print "----" }
     /^[[:space:]]+(Passed|Skipped) |^(Passed|Failed)!|^Test Run|^Results File/ { block = 0 }
     block && n++ < 40 { print }' "$log"

# One closing line over all test assemblies, counted from the per-test result lines.
awk '/^[[:space:]]+Passed /  { p++ }
     /^[[:space:]]+Failed /  { f++ }
     /^[[:space:]]+Skipped / { s++ }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
