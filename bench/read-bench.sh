#!/usr/bin/env bash
# Read commands on one large generated session, through the launcher, against two baselines measured in
# the same run: the JVM floor (an empty main) and parsing every line with Json.parse (bench/ParseLines.java),
# both started with the launcher's JVM options for read commands.
#
#   bench/read-bench.sh [--events N] [--runs N] [--only LIST]
#       --events  session size (default 300000, about 115 MB; 1000000 is about 380 MB)
#       --runs    runs per command, medians reported (default 5)
#       --only    comma-separated subset of: replay,stats,ndjson,csv,json,otlp,otlpsend,explain
#                 (otlp prints the OTLP JSON request; otlpsend sends protobuf + gzip to a local receiver,
#                 bench/OtlpSink.java, started for the run)
#   BENCH_LAUNCHER=/path/to/agent-strace   another launcher (and the jar beside it or AGENT_STRACE_JAR),
#                                          e.g. an older build kept for a before/after comparison
#   BENCH_BEFORE=/path/to/agent-strace     also run every command through this launcher, interleaved with
#                                          the others in the same run (rows "was-<command>"): before/after
#                                          figures under the same load
#   BENCH_DATA=DIR                         where generated sessions are kept (default target/bench-data)
#
# Per command: median wall time (JVM start included), its ratio to the parse baseline, median CPU time
# (user + sys) and its ratio to the parse baseline's, and median peak RSS (/usr/bin/time -v). `explain`
# runs when `agent-strace explain --help` exits 0. Output of every command goes to /dev/null. Needs java 17+,
# javac, /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=300000
RUNS=5
ONLY=replay,stats,ndjson,csv,json,otlp,otlpsend,explain
while [ $# -gt 0 ]; do
  case $1 in
    --events) EVENTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    *) echo "unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
LAUNCHER=${BENCH_LAUNCHER:-bin/agent-strace}
JAR=target/agent-strace.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests
/usr/bin/time -v true >/dev/null 2>&1 || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac

# The launcher's JVM options for read commands (the cli="..." line), so that the baselines start alike.
# shellcheck disable=SC2206
CLI_OPTS=($(sed -n 's/^cli="\(.*\)"$/\1/p' "$LAUNCHER"))

CLASSES=target/bench-classes
mkdir -p "$CLASSES"
"$JAVAC" --release 17 -d "$CLASSES" -cp "$JAR" bench/ParseLines.java bench/Floor.java

DATA=${BENCH_DATA:-target/bench-data}
TRACES=$DATA/session-$EVENTS
SID=bench0000000001
if [ ! -f "$TRACES/$SID/meta.json" ]; then
  rm -rf "$TRACES"
  "$JAVA" -cp "$JAR" bench/GenSession.java session "$TRACES" --events "$EVENTS" --id "$SID"
fi
FILE=$TRACES/$SID/events.ndjson

WORK=$(mktemp -d)
SINK_PID=""
trap '[ -z "$SINK_PID" ] || kill "$SINK_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
SINK_URL=""
if [[ ",$ONLY," == *,otlpsend,* ]]; then
  "$JAVA" bench/OtlpSink.java > "$WORK/sink.log" 2>&1 &
  SINK_PID=$!
  for _ in $(seq 1 600); do
    grep -q '^port ' "$WORK/sink.log" 2>/dev/null && break
    sleep 0.1
  done
  SINK_URL="http://127.0.0.1:$(awk '/^port /{print $2}' "$WORK/sink.log")"
  [ "$SINK_URL" != "http://127.0.0.1:" ] || { echo "receiver did not start" >&2; cat "$WORK/sink.log" >&2; exit 1; }
fi

# One run: prints "wall_seconds cpu_seconds peak_rss_kb"; stdout to /dev/null, a failure stops the bench.
measure_once() {
  if ! /usr/bin/time -v -o "$WORK/time.txt" "$@" > /dev/null 2> "$WORK/stderr.txt"; then
    echo "failed: $*" >&2; cat "$WORK/stderr.txt" >&2; exit 1
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time|System time/ { c += $2 }
    /Maximum resident set size/ { r = $2 }
    END { printf "%.3f %.2f %d\n", w, c, r }' "$WORK/time.txt"
}

AS=("$LAUNCHER" --trace-dir "$TRACES")
declare -A CMD
CMD[floor]="$JAVA ${CLI_OPTS[*]} -cp $CLASSES Floor"
CMD[parse]="$JAVA ${CLI_OPTS[*]} -cp $JAR:$CLASSES ParseLines $FILE"
CMD[replay]="${AS[*]} replay --color never $SID"
CMD[stats]="${AS[*]} stats $SID"
CMD[ndjson]="${AS[*]} export $SID --format ndjson"
CMD[csv]="${AS[*]} export $SID --format csv"
CMD[json]="${AS[*]} export $SID --format json"
CMD[otlp]="${AS[*]} export $SID --format otlp"
CMD[otlpsend]="${AS[*]} export $SID --format otlp --endpoint $SINK_URL --compression gzip"
CMD[explain]="${AS[*]} explain $SID"

ORDER=(floor parse)
IFS=, read -r -a WANT <<< "$ONLY"
for k in "${WANT[@]}"; do
  if [ "$k" = explain ] && ! "${AS[@]}" explain --help > /dev/null 2>&1; then
    echo "explain: not available in this build (agent-strace explain --help did not exit 0), skipped"
    continue
  fi
  [ -n "${CMD[$k]:-}" ] || { echo "unknown command $k" >&2; exit 2; }
  ORDER+=("$k")
done
if [ -n "${BENCH_BEFORE:-}" ]; then
  for k in "${ORDER[@]:2}"; do
    CMD[was-$k]=${CMD[$k]/#$LAUNCHER /$BENCH_BEFORE }
    ORDER+=("was-$k")
  done
fi

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "session: $(wc -l < "$FILE") events, $(( $(wc -c < "$FILE") / 1000000 )) MB; $RUNS runs each, interleaved"
echo "launcher: $LAUNCHER${BENCH_BEFORE:+ (was-: $BENCH_BEFORE)}; read-command JVM options: ${CLI_OPTS[*]:-(none)}"
declare -A W C R
for run in $(seq 1 "$RUNS"); do
  for k in "${ORDER[@]}"; do
    # shellcheck disable=SC2086
    read -r w c r < <(measure_once ${CMD[$k]})
    W[$k]+="$w "; C[$k]+="$c "; R[$k]+="$r "
  done
  echo "run $run done (load $(cut -d' ' -f1-3 /proc/loadavg))"
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
PARSE=$(echo "${W[parse]}" | median)
PARSE_CPU=$(echo "${C[parse]}" | median)
FLOOR=$(echo "${W[floor]}" | median)
echo
echo "load average: $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after ($(nproc) cores); JDK: $("$JAVA" -version 2>&1 | head -n 1)"
printf '%-12s %10s %8s %10s %8s %13s\n' what "wall s" "x parse" "cpu s" "x parse" "peak RSS MiB"
for k in "${ORDER[@]}"; do
  w=$(echo "${W[$k]}" | median); c=$(echo "${C[$k]}" | median); r=$(echo "${R[$k]}" | median)
  awk -v k="$k" -v w="$w" -v p="$PARSE" -v c="$c" -v pc="$PARSE_CPU" -v r="$r" \
    'BEGIN { printf "%-12s %10.2f %7.2fx %10.2f %7.2fx %13.0f\n", k, w, w / p, c, c / pc, r / 1024 }'
done
echo "(floor: ${FLOOR} s is the JVM start alone; the parse baseline includes it)"
