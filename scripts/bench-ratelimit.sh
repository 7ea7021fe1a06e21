#!/usr/bin/env bash
# Runs the `ratelimit_direct` benchmark (the limiter alone) several times for each guard margin and prints one JSON line
# per run, then the median of the key figures per guard.
# Usage: scripts/bench-ratelimit.sh [runs=3] [guards="0 25 50 100"] [receiver=sim|plain]
set -euo pipefail
runs="${1:-3}"
guards="${2:-0 25 50 100}"
receiver="${3:-sim}"
cd "$(dirname "$0")/.."
cargo build --release --bin bench >&2
bench="${CARGO_TARGET_DIR:-target}/release/bench"
for guard in $guards; do
  lines=$(for _ in $(seq "$runs"); do
    "$bench" ratelimit_direct --guard-ms "$guard" --receiver "$receiver"
  done)
  echo "$lines"
  echo "$lines" | python3 -c '
import json, statistics, sys
rows = [json.loads(line) for line in sys.stdin if line.startswith("{")]
pick = lambda k: statistics.median(r[k] for r in rows)
print(json.dumps({"summary": True, "guard_ms": rows[0]["guard_ms"], "runs": len(rows),
  "median_max_in_any_1000ms_window": pick("max_in_any_1000ms_window"),
  "worst_max_in_any_1000ms_window": max(r["max_in_any_1000ms_window"] for r in rows),
  "median_windows_over_limit": pick("windows_over_limit"),
  "median_utilisation": pick("utilisation"), "median_actual_ms": pick("actual_ms"),
  "worst_lag_max_ms": max((r.get("decision_to_arrival_ms") or r.get("decision_to_answer_ms") or {}).get("max", 0) for r in rows)}))'
done
