#!/usr/bin/env bash
# Latency of one `agent-strace hook pre-tool` process against the JVM floor, measured in the same run.
#
#   bench/hook-latency.sh [N]        N timed rounds (default 30) after 3 warm-up rounds
#   JAVA_HOME=/path/to/jdk bench/hook-latency.sh    another JDK (e.g. 25, for its AOT cache)
#
# Each round runs, in turn (interleaved, so machine noise hits all alike):
#   floor       java <hook flags> -cp <tmp> Empty          an empty main: what any JVM process costs
#   floor-jar   java <hook flags> -jar empty.jar           the same from a jar (what any -jar program costs)
#   hook        bin/agent-strace hook pre-tool             the launcher: hook flags + class-data archive
#   hook-nocds  same with AGENT_STRACE_CDS=0               flags only, no archive
#   hook-plain  java -jar agent-strace.jar hook pre-tool   no launcher, default JVM flags
#   no-redact   bin/agent-strace hook pre-tool --no-redact the redaction engine's share
#   enforce     bin/agent-strace hook pre-tool --enforce   the policy checked (a policy of every rule kind
#                                                          in $CLAUDE_PROJECT_DIR) and the call allowed
#   enf-deny    the same with a policy that denies the call: the decision printed, the denial recorded
# All hooks get the same real PreToolUse payload and append to one existing session (the steady state).
# Prints, for each, the median and minimum wall time and the median CPU time (user+sys, steadier than
# wall time on a loaded machine), with ratios to the floor's medians. Needs the jar
# (mvn -B -q package -DskipTests) and javac.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-30}
jar=target/agent-strace.jar
[ -f "$jar" ] || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 2; }
if [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java; javac=$JAVA_HOME/bin/javac; else java=java; javac=javac; fi
payload=src/test/resources/claude-code-payloads/foreground-subagent/03-PreToolUse.json

work=$(mktemp -d "${TMPDIR:-/tmp}/hook-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export AGENT_STRACE_CACHE_DIR=$work/cache AGENT_TRACE_DIR=$work/traces
mkdir -p "$work/floor" "$work/allow/.agent-strace" "$work/deny/.agent-strace"
# A policy of every rule kind that the benchmark's call (Bash: echo hello-from-bash) passes, and one it breaks.
cat > "$work/allow/.agent-strace/policy.json" <<'JSON'
{"files": {"read": {"deny": ["secrets/**"]}, "write": {"allow": ["src/**", "docs/**"]}},
 "commands": {"allow": ["echo", "git *", "mvn *", "npm test"], "deny": ["rm -rf", "git push --force", "curl * | sh"]},
 "network": {"allow": ["github.com", "*.github.com"], "deny": ["gist.github.com"]},
 "tools": {"deny": ["mcp__fs__move_file"]}}
JSON
printf '{"commands": {"deny": ["echo"]}}\n' > "$work/deny/.agent-strace/policy.json"
printf 'public class Empty { public static void main(String[] a) { } }\n' > "$work/floor/Empty.java"
"$javac" -d "$work/floor" "$work/floor/Empty.java"
printf 'Main-Class: Empty\n' > "$work/manifest.txt"
"${JAVA_HOME:+$JAVA_HOME/bin/}jar" cfm "$work/empty.jar" "$work/manifest.txt" -C "$work/floor" Empty.class
# The launcher's hook flags, read from the script so the floor always matches them.
fast=$(sed -n 's/^fast="\(.*\)"$/\1/p' bin/agent-strace)

# First use builds the class-data archive in the background; wait for it so rounds measure the steady state.
bin/agent-strace hook pre-tool < "$payload"
for _ in $(seq 1 100); do
  ls "$work"/cache/*.jsa "$work"/cache/*.aot >/dev/null 2>&1 && ! ls -d "$work"/cache/*.lock >/dev/null 2>&1 && break
  sleep 0.2
done
archive=$(ls "$work"/cache/ 2>/dev/null | grep -E '\.(jsa|aot)$' | head -n 1 || true)

declare -A wall cpu
TIMEFORMAT='%3R %3U %3S'
run() { # name, command...: wall and user+sys CPU time in microseconds, from bash's time keyword
  local name=$1; shift
  local r u s
  read -r r u s < <( { time "$@" < "$payload" > /dev/null 2>&1 ; } 2>&1 )
  wall[$name]+="$(awk -v r="$r" 'BEGIN { printf "%d", r * 1000000 }') "
  cpu[$name]+="$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000000 }') "
}
round() {
  # shellcheck disable=SC2086
  run floor "$java" $fast -cp "$work/floor" Empty
  # shellcheck disable=SC2086
  run floor-jar "$java" $fast -jar "$work/empty.jar"
  run hook bin/agent-strace hook pre-tool
  run hook-nocds env AGENT_STRACE_CDS=0 bin/agent-strace hook pre-tool
  run hook-plain "$java" -jar "$jar" hook pre-tool
  run no-redact bin/agent-strace hook pre-tool --no-redact
  run enforce env CLAUDE_PROJECT_DIR="$work/allow" bin/agent-strace hook pre-tool --enforce
  run enf-deny env CLAUDE_PROJECT_DIR="$work/deny" bin/agent-strace hook pre-tool --enforce
}
for _ in 1 2 3; do round; done
wall=() cpu=()
for _ in $(seq 1 "$n"); do round; done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
minimum() { tr ' ' '\n' | grep . | sort -n | head -n 1; }
floor_wall=$(echo "${wall[floor]}" | median)
floor_cpu=$(echo "${cpu[floor]}" | median)
echo "JDK: $("$java" -version 2>&1 | head -n 1)   rounds: $n   archive: ${archive:-none}   cores: $(nproc)   load: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo ?)"
printf '%-11s %12s %9s %7s %12s %7s\n' what wall_med_ms min_ms ratio cpu_med_ms ratio
for name in floor floor-jar hook hook-nocds hook-plain no-redact enforce enf-deny; do
  wm=$(echo "${wall[$name]}" | median)
  wl=$(echo "${wall[$name]}" | minimum)
  cm=$(echo "${cpu[$name]}" | median)
  awk -v n="$name" -v wm="$wm" -v wl="$wl" -v fw="$floor_wall" -v cm="$cm" -v fc="$floor_cpu" \
    'BEGIN { printf "%-11s %12.1f %9.1f %6.2fx %12.1f %6.2fx\n", n, wm/1000, wl/1000, wm/fw, cm/1000, cm/fc }'
done
