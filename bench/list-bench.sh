#!/usr/bin/env bash
# `list` over a trace directory of many small sessions, through the launcher, against the JVM floor (an
# empty main started with the launcher's read-command options) measured in the same run. Target: <= 1 s
# for 10,000 sessions.
#
#   bench/list-bench.sh [--sessions N] [--runs N]      (defaults: 10000 sessions, 7 runs)
#   BENCH_LAUNCHER=/path/to/agent-strace   another launcher (e.g. an older build, for before/after)
#   BENCH_BEFORE=/path/to/agent-strace     also run both through this launcher in the same run (rows "was-...")
#   BENCH_DATA=DIR                         where generated trace directories are kept (default target/bench-data)
#
# Reports median wall time, median CPU time (user + sys) and median peak RSS of `list` (table, stdout to
# /dev/null) and `list --json`, and checks that every session was listed.
set -euo pipefail
cd "$(dirname "$0")/.."

SESSIONS=10000
RUNS=7
while [ $# -gt 0 ]; do
  case $1 in
    --sessions) SESSIONS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    *) echo "unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
LAUNCHER=${BENCH_LAUNCHER:-bin/agent-strace}
JAR=target/agent-strace.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests
/usr/bin/time -v true >/dev/null 2>&1 || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JAVAC=${JAVA_HOME:+$JAVA_HOME/bin/}javac
# shellcheck disable=SC2206
CLI_OPTS=($(sed -n 's/^cli="\(.*\)"$/\1/p' "$LAUNCHER"))
CLASSES=target/bench-classes
mkdir -p "$CLASSES"
"$JAVAC" --release 17 -d "$CLASSES" bench/Floor.java

DATA=${BENCH_DATA:-target/bench-data}
TRACES=$DATA/many-$SESSIONS
if [ ! -d "$TRACES" ] || [ "$(ls "$TRACES" | wc -l)" -ne "$SESSIONS" ]; then
  rm -rf "$TRACES"
  "$JAVA" -cp "$JAR" bench/GenSession.java many "$TRACES" --sessions "$SESSIONS"
fi
listed=$("$LAUNCHER" --trace-dir "$TRACES" list --json | grep -c '"session_id"')
[ "$listed" -eq "$SESSIONS" ] || { echo "list showed $listed of $SESSIONS sessions" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
measure_once() {
  /usr/bin/time -v -o "$WORK/time.txt" "$@" > /dev/null 2> "$WORK/stderr.txt" || { cat "$WORK/stderr.txt" >&2; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time|System time/ { c += $2 }
    /Maximum resident set size/ { r = $2 }
    END { printf "%.3f %.2f %d\n", w, c, r }' "$WORK/time.txt"
}
declare -A CMD W C R
CMD[floor]="$JAVA ${CLI_OPTS[*]} -cp $CLASSES Floor"
CMD[list]="$LAUNCHER --trace-dir $TRACES list"
CMD[list-json]="$LAUNCHER --trace-dir $TRACES list --json"
ORDER=(floor list list-json)
if [ -n "${BENCH_BEFORE:-}" ]; then
  CMD[was-list]="$BENCH_BEFORE --trace-dir $TRACES list"
  CMD[was-list-json]="$BENCH_BEFORE --trace-dir $TRACES list --json"
  ORDER+=(was-list was-list-json)
fi
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for _ in $(seq 1 "$RUNS"); do
  for k in "${ORDER[@]}"; do
    # shellcheck disable=SC2086
    read -r w c r < <(measure_once ${CMD[$k]})
    W[$k]+="$w "; C[$k]+="$c "; R[$k]+="$r "
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "$SESSIONS sessions in $TRACES; $RUNS runs each; launcher $LAUNCHER${BENCH_BEFORE:+ (was-: $BENCH_BEFORE)} (${CLI_OPTS[*]:-no JVM options})"
echo "load average: $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after ($(nproc) cores)"
printf '%-13s %8s %8s %13s\n' what "wall s" "cpu s" "peak RSS MiB"
for k in "${ORDER[@]}"; do
  awk -v k="$k" -v w="$(echo "${W[$k]}" | median)" -v c="$(echo "${C[$k]}" | median)" -v r="$(echo "${R[$k]}" | median)" \
    'BEGIN { printf "%-13s %8.2f %8.2f %13.0f\n", k, w, c, r / 1024 }'
done
