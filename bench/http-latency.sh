#!/bin/sh
# Added latency of `agent-strace record-http` per POST round trip (JSON and SSE answers), p50/p99.
#   bench/http-latency.sh [round-trips]      (default 3000; ROUNDS=3 rounds, medians reported;
#                                            KINDS=json,sse: which answer forms to measure)
# Builds the jar if missing.
set -e
cd "$(dirname "$0")/.."
[ -f target/agent-strace.jar ] || mvn -B -q -DskipTests package
exec java -Drounds="${ROUNDS:-3}" -Dkinds="${KINDS:-json,sse}" bench/http-latency.java "${1:-3000}" target/agent-strace.jar
