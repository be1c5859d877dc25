#!/usr/bin/env bash
# The interop suite's ctest fixture cleanup: after every interop test, no ws-it-* namespace is
# left and no process the harness started (PIDs listed in $1, one per line) is still alive.
# Namespaces of test processes still running (a parallel run) are not this run's leftovers.
set -u
pid_file="$1"
status=0
for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^ws-it-' || true); do
  owner="${ns#ws-it-}"; owner="${owner%%-*}"
  if ! kill -0 "$owner" 2>/dev/null; then
    echo "left behind: namespace $ns (pids: $(ip netns pids "$ns" | tr '\n' ' '))"
    status=1
  fi
done
if [ -f "$pid_file" ]; then
  while read -r pid; do
    [ -n "$pid" ] || continue
    if [ -e "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; then
      echo "left behind: process $pid ($(tr '\0' ' ' < "/proc/$pid/cmdline"))"
      status=1
    fi
  done < "$pid_file"
  [ $status -eq 0 ] && rm -f "$pid_file"
fi
[ $status -eq 0 ] && echo "nothing left behind"
exit $status
