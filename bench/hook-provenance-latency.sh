#!/usr/bin/env bash
# What provenance adds to the two hooks that record it, against a baseline measured in the same run
# (interleaved, so machine noise hits all alike):
#
#   start-plain   SessionStart of a new session whose cwd is not in a git work tree (no provenance facts)
#   start-repo    the same in a git work tree: git's files read, provenance.json written, no git process
#   end-plain     SessionEnd of a session outside a work tree
#   end-repo      SessionEnd in a work tree: git status, log and diff run, provenance.json completed
#   base-start, base-end   with BENCH_BASELINE: start-repo and end-repo run by a build without provenance
#
#   bench/hook-provenance-latency.sh [N]     N timed rounds (default 20) after 3 warm-up rounds
#   BENCH_LAUNCHER=/other/bin/agent-strace   another build to measure instead of this one
#   BENCH_BASELINE=/before/bin/agent-strace  also run base-start and base-end: the work-tree case with a build
#                                            without provenance (e.g. main's), interleaved with the others
#
# Each hook runs through the launcher (bin/agent-strace, with its class-data archive), with Claude Code's real
# payloads and a fresh session id per round. Prints the median and minimum wall time and the median CPU time
# (user+sys, children included: the git runs) of each case. Needs the jar (mvn -B -q package -DskipTests) and git.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
launcher=${BENCH_LAUNCHER:-bin/agent-strace}
start=src/test/resources/claude-code-payloads/foreground-subagent/01-SessionStart.json
[ -f target/agent-strace.jar ] || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 2; }
command -v git >/dev/null || { echo "needs git" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hook-prov.XXXXXX")
trap 'rm -rf "$work"' EXIT
export AGENT_STRACE_CACHE_DIR=$work/cache AGENT_TRACE_DIR=$work/traces
unset CLAUDE_PROJECT_DIR AGENT_STRACE_PRIVACY
mkdir -p "$work/plain" "$work/repo"
git -C "$work/repo" init -q
for i in $(seq 1 200); do echo "line $i" > "$work/repo/f$i.txt"; done
git -C "$work/repo" add . && git -C "$work/repo" -c user.name=b -c user.email=b@e -c commit.gpgsign=false commit -qm init
git -C "$work/repo" remote add origin https://example.com/acme/repo.git
echo changed >> "$work/repo/f1.txt"  # a dirty tree and a diff, as at the end of real work

baseline=${BENCH_BASELINE:-}
env AGENT_TRACE_DIR="$work/warm" "$launcher" hook SessionStart < "$start" >/dev/null 2>&1
[ -z "$baseline" ] || env AGENT_TRACE_DIR="$work/warm" "$baseline" hook SessionStart < "$start" >/dev/null 2>&1
for _ in $(seq 1 100); do
  ls "$work"/cache/*.jsa "$work"/cache/*.aot >/dev/null 2>&1 && ! ls -d "$work"/cache/*.lock >/dev/null 2>&1 && break
  sleep 0.2
done

declare -A wall cpu
TIMEFORMAT='%3R %3U %3S'
count=0
payload() { # session id, cwd, event name, extra JSON: a payload file
  printf '{"session_id":"%s","transcript_path":"%s/none.jsonl","cwd":"%s","hook_event_name":"%s"%s}' \
    "$1" "$work" "$2" "$3" "$4" > "$work/payload.json"
}
timed() { # name, hook event[, launcher]: the payload in $work/payload.json, timed
  local r u s
  read -r r u s < <( { time "${3:-$launcher}" hook "$2" < "$work/payload.json" > /dev/null 2>&1 ; } 2>&1 )
  wall[$1]+="$(awk -v r="$r" 'BEGIN { printf "%d", r * 1000000 }') "
  cpu[$1]+="$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000000 }') "
}
round() {
  for where in plain repo; do
    count=$((count + 1))
    local id; id=$(printf 'prov%012d' "$count")
    payload "$id" "$work/$where" SessionStart ',"source":"startup"'
    timed "start-$where" SessionStart
    payload "$id" "$work/$where" SessionEnd ',"reason":"exit"'
    timed "end-$where" SessionEnd
  done
  if [ -n "$baseline" ]; then
    count=$((count + 1))
    local id; id=$(printf 'prov%012d' "$count")
    payload "$id" "$work/repo" SessionStart ',"source":"startup"'
    timed base-start SessionStart "$baseline"
    payload "$id" "$work/repo" SessionEnd ',"reason":"exit"'
    timed base-end SessionEnd "$baseline"
  fi
}
for _ in 1 2 3; do round; done
wall=() cpu=()
for _ in $(seq 1 "$n"); do round; done
[ -f "$work/traces/prov$(printf '%012d' 2)/provenance.json" ] || { echo "no provenance.json written" >&2; exit 1; }

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
minimum() { tr ' ' '\n' | grep . | sort -n | head -n 1; }
echo "launcher: $launcher   rounds: $n   cores: $(nproc)   load: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo ?)"
printf '%-12s %12s %9s %12s\n' what wall_med_ms min_ms cpu_med_ms
names="start-plain start-repo end-plain end-repo"
[ -z "$baseline" ] || names="$names base-start base-end"
for name in $names; do
  awk -v n="$name" -v wm="$(echo "${wall[$name]}" | median)" -v wl="$(echo "${wall[$name]}" | minimum)" \
    -v cm="$(echo "${cpu[$name]}" | median)" 'BEGIN { printf "%-12s %12.1f %9.1f %12.1f\n", n, wm/1000, wl/1000, cm/1000 }'
done
