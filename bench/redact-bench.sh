#!/bin/sh
# Redaction throughput (MB/s) against copying the same strings, and per-event cost of a hook payload.
# Usage: bench/redact-bench.sh [rounds]   (from anywhere; compiles the project when needed)
set -eu
cd "$(dirname "$0")/.."
if [ ! -f target/classes/io/github/agentstrace/redact/Redactor.class ]; then
  mvn -B -q -o compile 2>/dev/null || mvn -B -q compile
fi
exec java -XX:+UseSerialGC -cp target/classes bench/RedactBench.java "${1:-15}" .
