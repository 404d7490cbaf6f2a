#!/usr/bin/env bash
# Read commands on one generated session through the launcher, each run with several sets of extra JVM options
# (AGENT_STRACE_JAVA_OPTS, which come after the launcher's own and so win), interleaved in the same run: how
# the launcher's options for read commands were chosen (see the comment above cli= in bin/agent-strace).
#
#   bench/jvm-options-bench.sh [--events N] [--runs N] [--only LIST] [NAME=OPTIONS ...]
#       --events  session size (default 300000; the sizes measured for the launcher: 10000 100000 300000 1000000)
#       --runs    runs per command and variant, medians reported (default 3)
#       --only    comma-separated subset of: replay,stats,explain,cost,why,diff,ndjson,csv,json,otlp,report
#                 (default replay,stats,explain,ndjson; diff compares the session with a second one of the same
#                 size generated from another seed)
#       NAME=OPTIONS  a variant; default: launcher= (its own options) and c2=-XX:TieredStopAtLevel=4
#   BENCH_LAUNCHER=/path/to/agent-strace   another launcher
#   BENCH_DATA=DIR                         where generated sessions are kept (default target/bench-data)
#
# Per command and variant: median wall time, median CPU time (user + sys) and its ratio to the first
# variant's, median peak RSS (/usr/bin/time). Output of every command goes to /dev/null.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=300000
RUNS=3
ONLY=replay,stats,explain,ndjson
VARIANTS=()
while [ $# -gt 0 ]; do
  case $1 in
    --events) EVENTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    *=*) VARIANTS+=("$1"); shift ;;
    *) echo "unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=("launcher=" "c2=-XX:TieredStopAtLevel=4")
LAUNCHER=${BENCH_LAUNCHER:-bin/agent-strace}
JAR=target/agent-strace.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests
/usr/bin/time -v true >/dev/null 2>&1 || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

DATA=${BENCH_DATA:-target/bench-data}
TRACES=$DATA/session-$EVENTS
SID=bench0000000001
if [ ! -f "$TRACES/$SID/meta.json" ]; then
  rm -rf "$TRACES"
  "$JAVA" -cp "$JAR" bench/GenSession.java session "$TRACES" --events "$EVENTS" --id "$SID"
fi
SID2=bench0000000002
if [[ ",$ONLY," == *,diff,* ]] && [ ! -f "$TRACES/$SID2/meta.json" ]; then
  "$JAVA" -cp "$JAR" bench/GenSession.java session "$TRACES" --events "$EVENTS" --id "$SID2" --seed 2
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
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

declare -A ARGS
ARGS[replay]="replay --color never $SID"
ARGS[stats]="stats $SID"
ARGS[explain]="explain $SID"
ARGS[cost]="cost $SID"
ARGS[why]="why $SID 900000"
ARGS[diff]="diff $SID $SID2"
ARGS[ndjson]="export $SID --format ndjson"
ARGS[csv]="export $SID --format csv"
ARGS[json]="export $SID --format json"
ARGS[otlp]="export $SID --format otlp"
ARGS[report]="report"
IFS=, read -r -a WANT <<< "$ONLY"
for k in "${WANT[@]}"; do
  [ -n "${ARGS[$k]:-}" ] || { echo "unknown command $k" >&2; exit 2; }
done

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "session: $(wc -l < "$TRACES/$SID/events.ndjson") events; $RUNS runs each, interleaved; launcher $LAUNCHER"
declare -A W C R
for run in $(seq 1 "$RUNS"); do
  for k in "${WANT[@]}"; do
    for v in "${VARIANTS[@]}"; do
      # shellcheck disable=SC2086
      read -r w c r < <(AGENT_STRACE_JAVA_OPTS="${v#*=}" measure_once "$LAUNCHER" --trace-dir "$TRACES" ${ARGS[$k]})
      W[$k.${v%%=*}]+="$w "; C[$k.${v%%=*}]+="$c "; R[$k.${v%%=*}]+="$r "
    done
  done
  echo "run $run done (load $(cut -d' ' -f1-3 /proc/loadavg))"
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
echo "load average: $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after ($(nproc) cores); JDK: $("$JAVA" -version 2>&1 | head -n 1)"
for v in "${VARIANTS[@]}"; do echo "  ${v%%=*}: ${v#*=}"; done
printf '%-8s %-10s %8s %8s %9s %13s\n' what variant "wall s" "cpu s" "x first" "peak RSS MiB"
for k in "${WANT[@]}"; do
  first=$(echo "${C[$k.${VARIANTS[0]%%=*}]}" | median)
  for v in "${VARIANTS[@]}"; do
    n=${v%%=*}
    awk -v k="$k" -v n="$n" -v w="$(echo "${W[$k.$n]}" | median)" -v c="$(echo "${C[$k.$n]}" | median)" \
      -v f="$first" -v r="$(echo "${R[$k.$n]}" | median)" \
      'BEGIN { printf "%-8s %-10s %8.2f %8.2f %8.2fx %13.0f\n", k, n, w, c, (f > 0 ? c / f : 0), r / 1024 }'
  done
done
