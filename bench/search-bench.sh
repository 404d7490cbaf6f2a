#!/usr/bin/env bash
# `agent-strace search WORD` over about 1 GB of sessions against `grep -rF WORD` over the same files, measured
# in the same run, interleaved (so machine noise hits both alike), after the files are in the page cache.
#
#   bench/search-bench.sh [--mb 1024] [--runs 5] [--words "zanzibar quokka pytest"]
#   BENCH_DATA=DIR   where the generated sessions are kept (default target/bench-data)
#
# The sessions come from bench/SearchGen.java (deterministic; about 1,000 sessions of 1 MB, 2.8 million
# events). Its planted words: zanzibar on one line in 2,000, quokka on one line in 40; pytest is in the
# generated commands (about one line in 30). Per word: median wall time of each and their ratio, median CPU
# time (user + sys, steadier than wall time on a shared machine), median peak RSS, and the hits each found
# (grep counts lines; search counts events, and also finds the word where grep would need its JSON escape).
# Flat memory: the search also runs with a 64 MB heap (-Xmx64m) and must finish. Needs java 17+, GNU time at
# /usr/bin/time, and the jar (built when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

MB=1024
RUNS=5
WORDS="zanzibar quokka pytest"
while [ $# -gt 0 ]; do
  case $1 in
    --mb) MB=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --words) WORDS=$2; shift 2 ;;
    *) echo "unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
JAR=target/agent-strace.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests
/usr/bin/time -f %e true >/dev/null 2>&1 || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

DATA=${BENCH_DATA:-target/bench-data}/search-${MB}mb
if [ ! -f "$DATA/.complete" ]; then
  rm -rf "$DATA"
  "$JAVA" -cp "$JAR" bench/SearchGen.java "$DATA" --mb "$MB"
  touch "$DATA/.complete"
fi
cat "$DATA"/*/events.ndjson > /dev/null   # into the page cache: both read from memory
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# One run: "wall cpu rss_kb" on stdout; the command's output is counted into $WORK/count.
measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@" > "$WORK/stdout" 2> "$WORK/stderr" || {
    cat "$WORK/stderr" >&2; echo "failed: $*" >&2; exit 1; }
  wc -l < "$WORK/stdout" > "$WORK/count"
  awk '{ printf "%s %.3f %s\n", $1, $2 + $3, $4 }' "$WORK/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "data: $DATA ($(du -sh "$DATA" | cut -f1), $(ls "$DATA" | wc -l) sessions)   runs: $RUNS   cores: $(nproc)   load: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo ?)"
printf '%-9s %11s %13s %7s %11s %11s %9s %9s %8s %8s\n' word grep_wall_s search_wall_s ratio grep_cpu_s search_cpu_s grep_MB search_MB grep_n search_n
for word in $WORDS; do
  : > "$WORK/g"; : > "$WORK/s"
  measure grep -rF "$word" "$DATA" > /dev/null                        # warm-up, not counted
  measure bin/agent-strace --trace-dir "$DATA" search "$word" > /dev/null
  for _ in $(seq 1 "$RUNS"); do
    measure grep -rF "$word" "$DATA" >> "$WORK/g"; gn=$(cat "$WORK/count")
    measure bin/agent-strace --trace-dir "$DATA" search "$word" >> "$WORK/s"; sn=$(cat "$WORK/count")
  done
  gw=$(cut -d ' ' -f 1 "$WORK/g" | median); sw=$(cut -d ' ' -f 1 "$WORK/s" | median)
  gc=$(cut -d ' ' -f 2 "$WORK/g" | median); sc=$(cut -d ' ' -f 2 "$WORK/s" | median)
  gm=$(cut -d ' ' -f 3 "$WORK/g" | median); sm=$(cut -d ' ' -f 3 "$WORK/s" | median)
  awk -v w="$word" -v gw="$gw" -v sw="$sw" -v gc="$gc" -v sc="$sc" -v gm="$gm" -v sm="$sm" -v gn="$gn" -v sn="$sn" \
    'BEGIN { printf "%-9s %11.2f %13.2f %6.2fx %11.2f %11.2f %9.0f %9.0f %8d %8d\n", w, gw, sw, sw/gw, gc, sc, gm/1024, sm/1024, gn, sn }'
done
first=${WORDS%% *}
AGENT_STRACE_JAVA_OPTS="-Xmx64m" bin/agent-strace --trace-dir "$DATA" search "$first" > /dev/null \
  && echo "flat memory: search '$first' over $DATA completes with -Xmx64m" \
  || { echo "flat memory: search failed with -Xmx64m" >&2; exit 1; }
