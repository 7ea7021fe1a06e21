#!/usr/bin/env bash
# Requests/s of contact search by e-mail against the Dinamize simulator holding 1 000 contacts:
# starts the simulator (limit off: --limit 0), logs in, runs wrk three times with
# scripts/sim-search.lua and prints each figure and the median.
#
#   scripts/bench-sim.sh                       # uses `cargo run --release -- simulate`
#   SIM_CMD="target/release/dinamize-sync simulate" DURATION=10s CONNECTIONS=32 scripts/bench-sim.sh
set -euo pipefail
cd "$(dirname "$0")/.."

port=${SIM_PORT:-18090}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
contacts=${SIM_CONTACTS:-1000}
sim_cmd=${SIM_CMD:-"cargo run --release --quiet -- simulate"}
base="http://127.0.0.1:${port}"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

# shellcheck disable=SC2086
$sim_cmd --port "$port" --limit 0 --seed "$contacts" &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true' EXIT

deadline=$((SECONDS + 900))
until curl -sf "${base}/_sim/limit" >/dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || { echo "the simulator did not start" >&2; exit 1; }
  kill -0 "$sim_pid" 2>/dev/null || { echo "the simulator exited" >&2; exit 1; }
  sleep 0.5
done

login='{"user":"sim@dwu.local","password":"sim-password","client_code":"300001"}'
token=$(curl -sf -X POST -H 'content-type: application/json' -d "$login" "${base}/auth" |
  sed -n 's/.*"auth-token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "login failed" >&2; exit 1; }

rates=()
for run in 1 2 3; do
  curl -sf -X DELETE "${base}/_sim/requests" >/dev/null
  out=$(SIM_TOKEN="$token" SIM_CONTACTS="$contacts" \
    wrk -t"$threads" -c"$connections" -d"$duration" -s scripts/sim-search.lua "$base")
  rate=$(printf '%s\n' "$out" | awk '/^Requests\/sec:/ {print $2}')
  misses=$(printf '%s\n' "$out" | awk '/^non-success answers:/ {print $3}')
  latency=$(printf '%s\n' "$out" | awk '$1 == "Latency" {print $2}')
  echo "run ${run}: ${rate} req/s, mean latency ${latency}, non-success ${misses}"
  rates+=("$rate")
done
median=$(printf '%s\n' "${rates[@]}" | sort -g | sed -n 2p)
echo "median: ${median} req/s (wrk -t${threads} -c${connections} -d${duration}, ${contacts} contacts, load1 $(cut -d' ' -f1 /proc/loadavg))"
