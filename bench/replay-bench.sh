#!/usr/bin/env bash
# Benchmark of the read side on a large session: replay, stats and list against a generated session,
# with `cat events.ndjson > /dev/null` as the baseline measured in the same run.
#
#   bench/replay-bench.sh [EVENTS] [RUNS]      (defaults: 1000000 events, 5 runs)
#
# Reports per command the median wall time, the ratio to the baseline, and the median peak RSS
# (/usr/bin/time -v when present, else sampled with ps). Also reports the time to the first timeline
# line (replay | head -n 1) and whether replay completes with a 32 MB heap (memory does not grow with
# the session). Needs: java 17+, awk, and target/agent-strace.jar (built when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=${1:-1000000}
RUNS=${2:-5}
JAR=target/agent-strace.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TRACES=$WORK/traces
SID=bench00000000001
mkdir -p "$TRACES/$SID"

# A hooks-like session: prompts, Bash/Read/Edit/MCP calls with results, LLM turns, some failures.
awk -v n="$EVENTS" -v sid="$SID" 'BEGIN {
  t = 1795477000.0; id = 0
  printf "{\"event_type\":\"session_start\",\"timestamp\":%.6f,\"event_id\":\"%012x\",\"session_id\":\"%s\",\"data\":{\"mode\":\"bench\"}}\n", t, ++id, sid
  for (i = 1; i < n - 1; i++) {
    t += 0.01; k = i % 10; e = sprintf("%012x", ++id)
    if (k == 1) printf "{\"event_type\":\"user_prompt\",\"timestamp\":%.6f,\"event_id\":\"%s\",\"session_id\":\"%s\",\"data\":{\"prompt\":\"Fix test_auth.py::test_login number %d and run the **tests**\"}}\n", t, e, sid, i
    else if (k == 2) { call = e; printf "{\"event_type\":\"tool_call\",\"timestamp\":%.6f,\"event_id\":\"%s\",\"session_id\":\"%s\",\"data\":{\"tool_name\":\"Bash\",\"arguments\":{\"command\":\"python3 -m pytest tests/test_%d.py -q\",\"description\":\"run\"}}}\n", t, e, sid, i }
    else if (k == 3) printf "{\"event_type\":\"tool_result\",\"timestamp\":%.6f,\"event_id\":\"%s\",\"session_id\":\"%s\",\"parent_id\":\"%s\",\"duration_ms\":%.3f,\"data\":{\"tool_name\":\"Bash\",\"result\":{\"stdout\":\"........ 8 passed in 0.31s\",\"stderr\":\"\",\"interrupted\":false}}}\n", t, e, sid, call, 10 + (i % 97)
    else if (k == 4) { call = e; printf "{\"event_type\":\"tool_call\",\"timestamp\":%.6f,\"event_id\":\"%s\",\"session_id\":\"%s\",\"data\":{\"tool_name\":\"Read\",\"arguments\":{\"file_path\":\"/home/dev/project/src/module_%d.py\"}}}\n", t, e, sid, i % 500 }
    else if (k == 5) printf "{\"event_type\":\"tool_result\",\"timestamp\":%.6f,\"event_id\":\"%s\",\"session_id\":\"%s\",\"parent_id\":\"%s\",\"duration_ms\":%.3f,\"data\":{\"tool_name\":\"Read\",\"result\":\"def login(user, password):\\n    return check(user, password) is not None\\n\"}}\n", t, e, sid, call, 1 + (i % 13)
    else if (k == 6) { call = e; printf "{\"event_type\":\"tool_call\",\"timestamp\":%.6f,\"event_id\":\"%s\",\"session_id\":\"%s\",\"data\":{\"tool_name\":\"mcp__github__get_issue\",\"arguments\":{\"owner\":\"acme\",\"repo\":\"api\",\"number\":%d}}}\n", t, e, sid, i }
    else if (k == 7) {
      if (i % 7 == 0) printf "{\"event_type\":\"error\",\"timestamp\":%.6f,\"event_id\":\"%s\",\"session_id\":\"%s\",\"parent_id\":\"%s\",\"duration_ms\":%.3f,\"data\":{\"tool_name\":\"mcp__github__get_issue\",\"error\":\"Not found: issue %d\"}}\n", t, e, sid, call, 100 + (i % 300), i
      else printf "{\"event_type\":\"tool_result\",\"timestamp\":%.6f,\"event_id\":\"%s\",\"session_id\":\"%s\",\"parent_id\":\"%s\",\"duration_ms\":%.3f,\"data\":{\"tool_name\":\"mcp__github__get_issue\",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Issue %d: login broken\"}],\"isError\":false}}}\n", t, e, sid, call, 100 + (i % 300), i
    }
    else if (k == 8) { call = e; printf "{\"event_type\":\"llm_request\",\"timestamp\":%.6f,\"event_id\":\"%s\",\"session_id\":\"%s\",\"data\":{\"model\":\"claude-sonnet-4-5\",\"message_count\":%d}}\n", t, e, sid, i % 40 }
    else if (k == 9) printf "{\"event_type\":\"llm_response\",\"timestamp\":%.6f,\"event_id\":\"%s\",\"session_id\":\"%s\",\"parent_id\":\"%s\",\"duration_ms\":%.3f,\"data\":{\"content_preview\":\"I will run the tests again\",\"total_tokens\":%d}}\n", t, e, sid, call, 500 + (i % 900), 1000 + (i % 5000)
    else printf "{\"event_type\":\"assistant_response\",\"timestamp\":%.6f,\"event_id\":\"%s\",\"session_id\":\"%s\",\"data\":{\"text\":\"## Done\\n\\n- Fixed `auth.py`\\n- **All** tests pass\"}}\n", t, e, sid
  }
  t += 0.01
  printf "{\"event_type\":\"session_end\",\"timestamp\":%.6f,\"event_id\":\"%012x\",\"session_id\":\"%s\",\"data\":{\"exit_code\":0}}\n", t, ++id, sid
  printf "%.6f\n", t > "/dev/stderr"
}' > "$TRACES/$SID/events.ndjson" 2> "$WORK/end"
END=$(cat "$WORK/end")
printf '{\n  "session_id": "%s",\n  "started_at": 1795477000.0,\n  "ended_at": %s,\n  "agent_name": "bench",\n  "attribution": {}\n}' \
  "$SID" "$END" > "$TRACES/$SID/meta.json"
# A few more sessions so that list has something to sort.
for i in $(seq 1 50); do
  s=$(printf 'benchsmall%06d' "$i")
  mkdir -p "$TRACES/$s"
  printf '{"session_id":"%s","started_at":%d.5,"agent_name":"bench","attribution":{}}' "$s" "$((1795400000 + i))" > "$TRACES/$s/meta.json"
  : > "$TRACES/$s/events.ndjson"
done
SIZE=$(du -h "$TRACES/$SID/events.ndjson" | cut -f1)
LINES=$(wc -l < "$TRACES/$SID/events.ndjson")

HAVE_GNU_TIME=0
if /usr/bin/time -v true >/dev/null 2>&1; then HAVE_GNU_TIME=1; fi

# measure LABEL CMD... : prints "seconds kilobytes" for one run (stdout of CMD to /dev/null).
measure_once() {
  if [ "$HAVE_GNU_TIME" = 1 ]; then
    /usr/bin/time -v -o "$WORK/time.txt" "$@" > /dev/null 2> "$WORK/stderr.txt"
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
    cpu=$(awk -F': ' '/User time|System time/ {c += $2} END {print c}' "$WORK/time.txt")
    # wall is [h:]m:ss.ss
    echo "$wall" | awk -F: -v rss="$rss" -v cpu="$cpu" '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.3f %d %.2f\n", s, rss, cpu }'
  else
    local start end peak=0 pid
    start=$(date +%s.%N)
    "$@" > /dev/null 2> "$WORK/stderr.txt" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      r=$(ps -o rss= -p "$pid" 2>/dev/null | tr -d ' ' || true)
      [ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
      sleep 0.05
    done
    wait "$pid"
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" -v p="$peak" 'BEGIN { printf "%.3f %d -1\n", b - a, p }'
  fi
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A WALL RSS CPU
run() {
  local label=$1; shift
  : > "$WORK/w"; : > "$WORK/r"; : > "$WORK/c"
  for _ in $(seq 1 "$RUNS"); do
    read -r w r c < <(measure_once "$@")
    echo "$w" >> "$WORK/w"; echo "$r" >> "$WORK/r"; echo "$c" >> "$WORK/c"
  done
  WALL[$label]=$(median < "$WORK/w")
  RSS[$label]=$(median < "$WORK/r")
  CPU[$label]=$(median < "$WORK/c")
}

AS=("$JAVA" ${AGENT_STRACE_JAVA_OPTS:-} -jar "$JAR" --trace-dir "$TRACES")
echo "session: $LINES events, $SIZE; $RUNS runs each; peak RSS via $([ $HAVE_GNU_TIME = 1 ] && echo '/usr/bin/time -v' || echo 'ps sampling')"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
run baseline cat "$TRACES/$SID/events.ndjson"
run version "${AS[@]}" version
run replay "${AS[@]}" replay "$SID"
run replay-color "${AS[@]}" --color always replay "$SID"
run replay-32m "$JAVA" -Xmx32m -jar "$JAR" --trace-dir "$TRACES" replay "$SID"
run stats "${AS[@]}" stats "$SID"
run list "${AS[@]}" list

echo "load average before the runs: $LOAD (wall times on a busy machine are mostly waiting; CPU = user + sys)"
printf '\n%-14s %10s %8s %10s %12s\n' command "median s" "x cat" "median CPU" "peak RSS MB"
for k in baseline version replay replay-color replay-32m stats list; do
  awk -v k="$k" -v w="${WALL[$k]}" -v b="${WALL[baseline]}" -v r="${RSS[$k]}" -v c="${CPU[$k]}" \
    'BEGIN { printf "%-14s %10.3f %8.1f %10s %12.1f\n", k, w, (b > 0 ? w / b : 0), (c < 0 ? "n/a" : sprintf("%.2f", c)), r / 1024 }'
done

# Streaming: the first line arrives at once, and a 32 MB heap is enough for the whole session.
first=$( { /usr/bin/env bash -c 'start=$(date +%s%N); "$@" replay --no-header "'"$SID"'" | head -n 1 > /dev/null; end=$(date +%s%N); echo $(( (end - start) / 1000000 ))' _ "${AS[@]}"; } )
echo
echo "replay | head -n 1: ${first} ms (JVM start included; '${WALL[version]}' s for 'version' alone)"
if "$JAVA" -Xmx32m -jar "$JAR" --trace-dir "$TRACES" replay "$SID" > /dev/null 2> "$WORK/small.txt" \
   && "$JAVA" -Xmx32m -jar "$JAR" --trace-dir "$TRACES" stats "$SID" > /dev/null 2>> "$WORK/small.txt"; then
  echo "replay and stats with -Xmx32m: ok (memory does not grow with the session)"
else
  echo "replay or stats with -Xmx32m: FAILED"; cat "$WORK/small.txt"
fi
