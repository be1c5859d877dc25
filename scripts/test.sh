#!/usr/bin/env bash
# Builds wirestack and runs every test: unit, scenario, robustness and tshark tests in a release
# build, then the unit, scenario and robustness tests again under AddressSanitizer +
# UndefinedBehaviorSanitizer. (The tshark cross-checks of real captures are left out of the
# sanitizer pass: their time goes into running tshark, and the parsers they drive are covered
# under the sanitizers by the wire, robustness and fuzz-style tests.)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh test

scripts/build.sh release
(cd build && ctest --output-on-failure -j "$(nproc)")

scripts/build.sh sanitize
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j "$(nproc)" --label-exclude wire_tshark)
