#!/usr/bin/env bash
# Benchmark of `share` on generated sessions: the time to write the page (against `stats` on the same
# session, which reads it through the same session model, and `cat` of its events, both measured in the
# same run), the page's size against the session's NDJSON, and the page's first render in headless
# Chromium (the page records performance.now() when it is ready; dumped with --dump-dom).
#
#   bench/share-bench.sh [EVENTS...] [--runs N]     (default: 10000 100000, 5 runs)
#
# Needs: java 17+, target/agent-strace.jar (built when missing), the session generator
# bench/GenSession.java (GEN=path to use another copy), and chromium for the render times (skipped without).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=()
RUNS=5
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    *) SIZES+=("$1"); shift ;;
  esac
done
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000)
JAR=target/agent-strace.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
GEN=${GEN:-bench/GenSession.java}
if [ ! -f "$GEN" ]; then
  echo "share-bench: no session generator at $GEN (set GEN=path/to/GenSession.java)" >&2
  exit 2
fi
CHROMIUM=${AGENT_STRACE_CHROMIUM:-$(command -v chromium || true)}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# prints "wall cpu" seconds of one run (stdout to /dev/null)
measure() {
  /usr/bin/time -f '%e %U %S' -o "$WORK/t" "$@" > /dev/null 2> "$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$WORK/t"
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg) (wall times on a busy machine are mostly waiting; CPU = user + sys)"
printf '\n%-8s %-7s %10s %10s %12s\n' events command "median s" "median CPU" "x stats CPU"
declare -A SUMMARY
for n in "${SIZES[@]}"; do
  dir="$WORK/t$n"; id="bench$n"
  "$JAVA" -cp "$JAR" "$GEN" session "$dir" --events "$n" --id "$id" > /dev/null
  AS=("$JAVA" -jar "$JAR" --trace-dir "$dir")
  declare -A W C
  for cmd in cat stats share; do
    : > "$WORK/w"; : > "$WORK/c"
    for _ in $(seq 1 "$RUNS"); do
      case $cmd in
        cat) read -r w c < <(measure cat "$dir/$id/events.ndjson") ;;
        stats) read -r w c < <(measure "${AS[@]}" stats "$id") ;;
        share) read -r w c < <(measure "${AS[@]}" share "$id" -o "$WORK/$id.html") ;;
      esac
      echo "$w" >> "$WORK/w"; echo "$c" >> "$WORK/c"
    done
    W[$cmd]=$(median < "$WORK/w"); C[$cmd]=$(median < "$WORK/c")
  done
  for cmd in cat stats share; do
    awk -v n="$n" -v k="$cmd" -v w="${W[$cmd]}" -v c="${C[$cmd]}" -v b="${C[stats]}" \
      'BEGIN { printf "%-8s %-7s %10.3f %10.3f %12.2f\n", n, k, w, c, (b > 0 ? c / b : 0) }'
  done
  ndjson=$(stat -c %s "$dir/$id/events.ndjson"); page=$(stat -c %s "$WORK/$id.html")
  render="n/a (no chromium)"
  if [ -n "$CHROMIUM" ]; then
    : > "$WORK/r"
    for i in $(seq 1 "$RUNS"); do
      timeout 300 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --window-size=1280,800 \
        --user-data-dir="$WORK/profile-$n-$i" --dump-dom "file://$WORK/$id.html" 2> /dev/null \
        | grep -o 'data-render-ms="[0-9]*"' | grep -o '[0-9]*' >> "$WORK/r" || true
      rm -rf "$WORK/profile-$n-$i"
    done
    [ -s "$WORK/r" ] && render="$(median < "$WORK/r") ms (median of $(wc -l < "$WORK/r"))"
  fi
  SUMMARY[$n]=$(awk -v n="$n" -v a="$ndjson" -v b="$page" -v r="$render" \
    'BEGIN { printf "%-8s NDJSON %6.1f MB, page %6.1f MB (%.2f x), first render %s", n, a / 1048576, b / 1048576, b / a, r }')
done
echo
for n in "${SIZES[@]}"; do echo "${SUMMARY[$n]}"; done
