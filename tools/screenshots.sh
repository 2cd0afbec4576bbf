#!/usr/bin/env bash
# Writes docs/screenshots/*.png from the real console (Release build, Debian's Chromium).
# Usage: tools/screenshots.sh   (after: dotnet build StreamGuard.sln -c Release)
set -euo pipefail
cd "$(dirname "$0")/.."
test -x /usr/bin/chromium || { echo "Chromium is missing: apt-get install -y chromium" >&2; exit 2; }
SG_SCREENSHOTS="$PWD/docs/screenshots" dotnet test tests/StreamGuard.LiveView.Tests -c Release --no-build \
  --filter "FullyQualifiedName~ConsoleScreenshots" --logger "console;verbosity=minimal"
ls -l docs/screenshots/*.png
