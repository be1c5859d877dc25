#!/usr/bin/env bash
# Configures and builds one flavour of the tree.
#   scripts/build.sh release    -> build/        (warnings are errors)
#   scripts/build.sh sanitize   -> build-asan/   (AddressSanitizer + UndefinedBehaviorSanitizer)
#   extra arguments are passed to `cmake --build` (e.g. --target wirestack)
set -euo pipefail
cd "$(dirname "$0")/.."

flavour="${1:-release}"
shift || true
case "$flavour" in
  release) dir=build; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DWIRESTACK_WERROR=ON) ;;
  sanitize) dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DWIRESTACK_WERROR=ON -DWIRESTACK_SANITIZE=ON) ;;
  *) echo "build.sh: unknown flavour '$flavour' (release|sanitize)" >&2; exit 2 ;;
esac

cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)" "$@"
