#!/usr/bin/env bash
# Latency of a hook that creates a session (SessionStart of a new Claude session), the only hook that notes its
# trace directory in the registry of trace directories, in three cases measured in the same run, interleaved:
#
#   no-registry   HOME and XDG_CONFIG_HOME unset: no registry to note it in
#   listed        the registry lists the trace directory already (a new session in a known project)
#   new-dir       each session in a trace directory the registry does not list yet (lock, rewrite, rename)
#
#   bench/hook-create-latency.sh [N]     N timed rounds (default 30) after 3 warm-up rounds
#   BENCH_LAUNCHER=/other/bin/agent-strace   another build (e.g. one without the registry, for before/after)
#
# Each hook runs through the launcher (bin/agent-strace, with its class-data archive) and gets Claude Code's
# real SessionStart payload with a fresh session id. Prints the median and minimum wall time and the median
# CPU time (user+sys) of each case. Needs the jar (mvn -B -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-30}
launcher=${BENCH_LAUNCHER:-bin/agent-strace}
payload=src/test/resources/claude-code-payloads/foreground-subagent/01-SessionStart.json
[ -f target/agent-strace.jar ] || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hook-create.XXXXXX")
trap 'rm -rf "$work"' EXIT
export AGENT_STRACE_CACHE_DIR=$work/cache
mkdir -p "$work/home" "$work/config"
# The launcher builds its class-data archive on first use: wait for it so rounds measure the steady state.
env -u CLAUDE_PROJECT_DIR AGENT_TRACE_DIR="$work/warm" "$launcher" hook SessionStart < "$payload"
for _ in $(seq 1 100); do
  ls "$work"/cache/*.jsa "$work"/cache/*.aot >/dev/null 2>&1 && ! ls -d "$work"/cache/*.lock >/dev/null 2>&1 && break
  sleep 0.2
done

declare -A wall cpu
TIMEFORMAT='%3R %3U %3S'
count=0
run() { # name, trace dir, env...: one SessionStart with a session id never seen before
  local name=$1 dir=$2; shift 2
  count=$((count + 1))
  local id; id=$(printf 'bench%011d-0000-4000-8000-000000000000' "$count")
  sed "s/\"session_id\":\"[^\"]*\"/\"session_id\":\"$id\"/" "$payload" > "$work/payload.json"
  local r u s
  read -r r u s < <( { time env "$@" AGENT_TRACE_DIR="$dir" "$launcher" hook SessionStart < "$work/payload.json" \
    > /dev/null 2>&1 ; } 2>&1 )
  wall[$name]+="$(awk -v r="$r" 'BEGIN { printf "%d", r * 1000000 }') "
  cpu[$name]+="$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000000 }') "
}
round() {
  run no-registry "$work/none" -u HOME -u XDG_CONFIG_HOME
  run listed "$work/known" HOME="$work/home" XDG_CONFIG_HOME="$work/config"
  run new-dir "$work/new/$count" HOME="$work/home" XDG_CONFIG_HOME="$work/config"
}
for _ in 1 2 3; do round; done
wall=() cpu=()
for _ in $(seq 1 "$n"); do round; done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
minimum() { tr ' ' '\n' | grep . | sort -n | head -n 1; }
echo "launcher: $launcher   rounds: $n   cores: $(nproc)   load: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo ?)"
registry=$work/config/agent-strace/trace-dirs
echo "registry: $( [ -f "$registry" ] && wc -l < "$registry" || echo 0) lines after the run (a build without it: 0)"
printf '%-12s %12s %9s %12s\n' what wall_med_ms min_ms cpu_med_ms
for name in no-registry listed new-dir; do
  awk -v n="$name" -v wm="$(echo "${wall[$name]}" | median)" -v wl="$(echo "${wall[$name]}" | minimum)" \
    -v cm="$(echo "${cpu[$name]}" | median)" 'BEGIN { printf "%-12s %12.1f %9.1f %12.1f\n", n, wm/1000, wl/1000, cm/1000 }'
done
