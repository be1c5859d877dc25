#!/usr/bin/env bash
# Builds wirestack and runs the main job on the simulated network: the journey of one request
# to http://www.google.com/. Captures go to out/journey/, the ladder report to out/journey.html.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh build
scripts/build.sh release --target wirestack
mkdir -p out
exec build/wirestack journey --pcap-dir out/journey --html out/journey.html "$@"
