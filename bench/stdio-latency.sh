#!/bin/sh
# Added latency and throughput of `agent-strace record` on an MCP stdio echo server.
#   bench/stdio-latency.sh [round-trips] [throughput-messages] [jar[,jar...]]   (defaults: 5000 20000 target/agent-strace.jar)
# Several jars (before.jar,after.jar) are measured in turn within each round, against the same direct baseline.
# Builds the jar if missing. Target: <= 0.15 ms added at p50, <= 2 ms at p99; a kill -9 loses at most a few
# hundred milliseconds of recording.
set -e
cd "$(dirname "$0")/.."
[ -f target/agent-strace.jar ] || mvn -B -q -DskipTests package
exec java -Drounds="${ROUNDS:-3}" bench/StdioLatency.java "${1:-5000}" "${2:-20000}" "${3:-target/agent-strace.jar}"
