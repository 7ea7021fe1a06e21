#!/usr/bin/env bash
# Fuzzes the service against its own OpenAPI document with schemathesis (`--checks all`): starts
# the debug binary on a free port against the local PostgreSQL and Redis (its own database and
# key prefix, removed afterwards) with the embedded simulator, calls it with an ADMIN token, and
# exits non-zero on any failure. A fixed seed and a bounded number of examples keep it
# reproducible and under about two minutes.
#
#   scripts/schemathesis.sh                 # needs `schemathesis` in $SCHEMATHESIS_VENV
#   SCHEMATHESIS_EXAMPLES=50 scripts/schemathesis.sh
#
# Environment: SCHEMATHESIS_VENV (default .venv-schemathesis), SCHEMATHESIS_SEED (1),
# SCHEMATHESIS_EXAMPLES (per operation, 50), BIN (default $CARGO_TARGET_DIR/debug/dinamize-sync).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${SCHEMATHESIS_VENV:-.venv-schemathesis}"
SEED="${SCHEMATHESIS_SEED:-1}"
EXAMPLES="${SCHEMATHESIS_EXAMPLES:-50}"
BIN="${BIN:-${CARGO_TARGET_DIR:-target}/debug/dinamize-sync}"
[ -x "$BIN" ] || { echo "schemathesis.sh: no binary at $BIN (cargo build first)" >&2; exit 1; }
[ -x "$VENV/bin/schemathesis" ] || { echo "schemathesis.sh: no schemathesis in $VENV" >&2; exit 1; }

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
DB="dsync_schemathesis_$$"
PREFIX="schemathesis:$$:"
LOG="$(mktemp -t dsync-schemathesis.XXXXXX.log)"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export REDIS_HOST=127.0.0.1 REDIS_PORT=6379 REDIS_KEY_PREFIX="$PREFIX"
export HTTP_HOST=127.0.0.1 HTTP_PORT="$PORT" HTTP_WORKERS=2 HTTP_SHUTDOWN_TIMEOUT_SECS=1
# The two rules JSON Schema cannot state (see the file).
export SCHEMATHESIS_HOOKS="$PWD/scripts/schemathesis_hooks.py"
# Fuzzing sends far more than Dinamize's 60 a minute: lift the limit (the service's and the
# embedded simulator's) so that every request is answered instead of waiting for a permit.
export DINAMIZE_RATE_LIMIT_PER_MINUTE=1000000
export RUST_LOG=warn
unset DINAMIZE_API_BASE_URL JWT_SECRET ENCRYPT_TOKEN_KEY

SERVICE_PID=""
cleanup() {
  if [ -n "$SERVICE_PID" ]; then
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 -p 6379 --scan --pattern "${PREFIX}*" | xargs -r redis-cli -h 127.0.0.1 -p 6379 DEL >/dev/null || true
  rm -f "$LOG"
}
trap cleanup EXIT

"$BIN" serve >"$LOG" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$LOG" >&2; echo "schemathesis.sh: the service died" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/ready" >/dev/null || { cat "$LOG" >&2; exit 1; }

# The account routes change a company's Dinamize credentials, which the contact routes of that
# company then use: fuzz them on a company of their own so they cannot break the other run.
fuzz() {
  local company="$1"
  shift
  local token
  token="$("$BIN" token --company "$company" --role ADMIN)"
  "$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/api/openapi.json" \
    --checks all --seed "$SEED" --max-examples "$EXAMPLES" --workers 1 \
    --generation-database none --no-color --request-timeout 20 \
    -H "Authorization: Bearer $token" "$@"
}
status=0
fuzz 1 --exclude-path-regex '^/api/dinamize/account' "$@" || status=$?
fuzz 2 --include-path-regex '^/api/dinamize/account' "$@" || status=$?
if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
  echo "schemathesis.sh: the service died during the run" >&2
  cat "$LOG" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "schemathesis.sh: the service's errors during the run:" >&2
  grep -E ' (ERROR|WARN) ' "$LOG" | tail -n 40 >&2 || true
fi
exit "$status"
