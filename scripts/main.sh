#!/usr/bin/env bash
# Builds wirestack and runs the main job on the simulated network. Captures go to out/.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh build
scripts/build.sh release --target wirestack
mkdir -p out
exec build/wirestack ping --count 4 --pcap-dir out/ping "$@"
