#!/usr/bin/env bash
# Builds wirestack and runs every test: unit, scenario and tshark-validation tests in a
# release build, then the same tests under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh test

scripts/build.sh release
(cd build && ctest --output-on-failure -j "$(nproc)")

scripts/build.sh sanitize
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j "$(nproc)")
