#!/bin/sh
# Time to record one Claude Code hook event: POSTed to the resident recorder (setup --resident) against a
# command hook process (bin/agent-strace hook <event>, plain setup), the real payloads, in the same run.
#   bench/resident-latency.sh [rounds]     (default 5 rounds of the 22-event foreground-subagent session,
#                                           after one warm-up round; medians and p90 of every event)
# Builds the jar if missing. Each mode records into its own fresh sessions under a temporary directory.
set -e
cd "$(dirname "$0")/.."
[ -f target/agent-strace.jar ] || mvn -B -q -DskipTests package
exec java bench/ResidentLatency.java "${1:-5}"
