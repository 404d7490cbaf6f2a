#!/bin/sh
# JSON codec benchmark: generates a ~110 MB events.ndjson in a temp dir and reports parse/write MB/s
# (medians) against plain line reading measured in the same run.
#   bench/json-bench.sh [--mb N] [--runs N] [--keep]      BENCH_JAVA_OPTS: extra JVM options
#   BENCH_CLASSES=DIR: the project's classes to measure (default target/classes), e.g. an older build's
set -eu
cd "$(dirname "$0")/.."
if [ ! -f target/classes/io/github/agentstrace/json/Json.class ]; then
  mvn -q -B package -DskipTests
fi
out=target/bench-classes
mkdir -p "$out"
classes=${BENCH_CLASSES:-target/classes}
javac --release 17 -d "$out" -cp "$classes" bench/json/JsonBench.java
# shellcheck disable=SC2086
exec java -Xms1g -Xmx2g ${BENCH_JAVA_OPTS:-} -cp "$classes:$out" JsonBench "$@"
