#!/bin/sh
# How fast `replay --follow` shows an appended line, against `tail -n 0 -f` on the same file in the same run,
# and the CPU each follower uses while it waits (busy-waiting would show here).
#   bench/follow-latency.sh [APPENDS]      (default 40)
#   BENCH_LAUNCHER=/path/to/agent-strace   another launcher, e.g. an older build for a before/after comparison
set -e
cd "$(dirname "$0")/.."
[ -f target/agent-strace.jar ] || mvn -B -q -DskipTests package
exec java bench/FollowLatency.java "${BENCH_LAUNCHER:-bin/agent-strace}" "${1:-40}"
