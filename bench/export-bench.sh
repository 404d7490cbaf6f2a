#!/usr/bin/env bash
# Export benchmark: a generated 100k-event session (50k tool call/result pairs) sent as OTLP
# (http/protobuf + gzip) to a local receiver, against the baseline of an NDJSON export of the same
# session to /dev/null in the same run. Reports medians of wall time (JVM start included) and the bytes
# that went over the wire.
#
#   bench/export-bench.sh            # 5 runs each
#   BENCH_RUNS=9 bench/export-bench.sh
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS="${BENCH_RUNS:-5}"
PAIRS="${BENCH_PAIRS:-50000}"
JAR=target/agent-strace.jar
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [[ ! -f "$JAR" ]]; then
  mvn -B -q -o package -DskipTests
fi

WORK="$(mktemp -d)"
SINK_PID=""
cleanup() {
  if [[ -n "$SINK_PID" ]]; then kill "$SINK_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---- the session: the on-disk format, written directly (same lines the writer would append)
SID=bench100k
mkdir -p "$WORK/traces/$SID"
awk -v pairs="$PAIRS" -v sid="$SID" 'BEGIN {
  t = 1790000000.0
  for (i = 0; i < pairs; i++) {
    t += 0.001
    printf "{\"event_type\":\"tool_call\",\"timestamp\":%.6f,\"event_id\":\"c%011d\",\"session_id\":\"%s\",\"data\":{\"tool_name\":\"Bash\",\"arguments\":{\"command\":\"grep -rn pattern src/module%d\",\"description\":\"search\"}}}\n", t, i, sid, i
    t += 0.002
    printf "{\"event_type\":\"tool_result\",\"timestamp\":%.6f,\"event_id\":\"r%011d\",\"session_id\":\"%s\",\"parent_id\":\"c%011d\",\"duration_ms\":2.0,\"data\":{\"tool_name\":\"Bash\",\"result\":\"src/module%d/file.py:12: pattern found\"}}\n", t, i, sid, i, i
  }
  printf "%.6f\n", t > "/dev/stderr"
}' > "$WORK/traces/$SID/events.ndjson" 2> "$WORK/end"
END="$(cat "$WORK/end")"
printf '{\n  "session_id": "%s",\n  "started_at": 1790000000.0,\n  "ended_at": %s,\n  "agent_name": "bench",\n  "tool_calls": %d,\n  "attribution": {}\n}' \
  "$SID" "$END" "$PAIRS" > "$WORK/traces/$SID/meta.json"
EVENTS=$(wc -l < "$WORK/traces/$SID/events.ndjson")
INPUT_BYTES=$(wc -c < "$WORK/traces/$SID/events.ndjson")

# ---- the receiver
"$JAVA" bench/OtlpSink.java > "$WORK/sink.log" 2>&1 &
SINK_PID=$!
for _ in $(seq 1 300); do
  grep -q '^port ' "$WORK/sink.log" 2>/dev/null && break
  sleep 0.1
done
PORT=$(awk '/^port /{print $2}' "$WORK/sink.log")
[[ -n "$PORT" ]] || { echo "receiver did not start" >&2; cat "$WORK/sink.log" >&2; exit 1; }

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

BASE=()
OTLP=()
for run in $(seq 1 "$RUNS"); do
  t0=$(now_ms)
  "$JAVA" -jar "$JAR" --trace-dir "$WORK/traces" export "$SID" --format ndjson -o /dev/null
  t1=$(now_ms)
  BASE+=($((t1 - t0)))

  before=$(grep -c '^request ' "$WORK/sink.log" || true)
  t0=$(now_ms)
  env -u OTEL_EXPORTER_OTLP_ENDPOINT "$JAVA" -jar "$JAR" --trace-dir "$WORK/traces" export "$SID" --format otlp \
    --endpoint "http://127.0.0.1:$PORT" --protocol http/protobuf --compression gzip 2> "$WORK/otlp.err"
  t1=$(now_ms)
  OTLP+=($((t1 - t0)))
  echo "run $run: ndjson $((BASE[run-1])) ms, otlp $((OTLP[run-1])) ms  ($(cat "$WORK/otlp.err"))"
done

LAST=$(awk '/^request /{n++} END{print n}' "$WORK/sink.log")
PER_RUN=$((LAST / RUNS))
WIRE=$(awk -v per="$PER_RUN" '/^request /{n++; if (n <= per) w += $2} END{print w}' "$WORK/sink.log")
RAW=$(awk -v per="$PER_RUN" '/^request /{n++; if (n <= per) r += $3} END{print r}' "$WORK/sink.log")
MB=$(printf '%s\n' "${BASE[@]}" | median)
MO=$(printf '%s\n' "${OTLP[@]}" | median)

echo
echo "session: $EVENTS events, $INPUT_BYTES bytes of NDJSON; $RUNS runs each, wall time incl. JVM start"
echo "baseline  ndjson export to /dev/null          median ${MB} ms"
echo "otlp      http/protobuf+gzip to 127.0.0.1     median ${MO} ms  (ratio $(awk -v a="$MO" -v b="$MB" 'BEGIN{printf "%.2f", a/b}')x)"
echo "wire: $PER_RUN requests, $WIRE bytes gzipped ($RAW bytes protobuf, $(awk -v w="$WIRE" -v r="$RAW" 'BEGIN{printf "%.1f", r/w}')x compression)"
