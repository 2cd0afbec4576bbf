#!/usr/bin/env bash
# Regenerates docs/evaluation-report.png: generated labelled data,
# `evaluate --report`, then a full-page screenshot in headless Chromium (offline, no browser download).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
dotnet build src/Processor -c Release -v quiet -nologo >/dev/null
dotnet build src/Producer -c Release -v quiet -nologo >/dev/null
dotnet src/Producer/bin/Release/net10.0/StreamGuard.Producer.dll generate --customers 300 --days 90 --seed 2026 --episode-rate 0.2 --out "$work/generated.csv"
dotnet src/Processor/bin/Release/net10.0/StreamGuard.Processor.dll evaluate --input "$work/generated.csv" --label-delay 7d --report "$work/report.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --window-size=1200,3000 \
  --screenshot="$root/docs/evaluation-report.png" "file://$work/report.html" 2>/dev/null
echo "wrote docs/evaluation-report.png"
