#!/usr/bin/env bash
# Chaos check of the lead sync: a simulator process and the service (`serve`, its own database
# and Redis key prefix, short leases) take N leads (default 10 000), half written with SQL
# (psql, as the CRM does) and half through `POST /api/leads`, with some of the SQL leads then
# renamed and some soft-deleted; the service is SIGKILLed twice during the burst and restarted.
# When the queue has drained, every live lead must be in the simulator exactly once with its
# last e-mail and name, and no deleted lead may be there. Exits non-zero otherwise.
#
# Usage: N=1000 scripts/chaos.sh          (CI size; PROFILE=release for the release binary,
#                                           BIN=path to use a built binary as it is)
set -euo pipefail
cd "$(dirname "$0")/.."
export N="${N:-10000}"
profile="${PROFILE:-debug}"
target="${CARGO_TARGET_DIR:-target}"
export BIN="${BIN:-$target/$profile/dinamize-sync}"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  flag=""; [[ "$profile" == release ]] && flag="--release"
  cargo build $flag --bin dinamize-sync >&2
fi
[[ -x "$BIN" ]] || { echo "chaos: no binary at $BIN" >&2; exit 2; }
export PG_URL="${CHAOS_PG_SERVER:-postgres://postgres@127.0.0.1:5432}"
exec python3 - <<'PY'
import json, os, random, signal, socket, subprocess, sys, tempfile, threading, time
import urllib.request, urllib.error

N = int(os.environ["N"]); BIN = os.environ["BIN"]; PG = os.environ["PG_URL"]
tag = f"{os.getpid():x}{random.randrange(16**4):04x}"
DB, PREFIX = f"dsync_chaos_{tag}", f"chaos-{tag}:"
USER, PASSWORD, CLIENT = "chaos", "chaos-password", "chaos-client"
logdir = tempfile.mkdtemp(prefix="chaos-")
started = time.monotonic()

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]

SIM_PORT, SVC_PORT = free_port(), free_port()
SIM, SVC = f"http://127.0.0.1:{SIM_PORT}", f"http://127.0.0.1:{SVC_PORT}"
env = dict(os.environ,
    DATABASE_URL=f"{PG}/{DB}", REDIS_KEY_PREFIX=PREFIX, HTTP_HOST="127.0.0.1",
    HTTP_PORT=str(SVC_PORT), HTTP_WORKERS="2", HTTP_SHUTDOWN_TIMEOUT_SECS="1",
    DINAMIZE_API_BASE_URL=SIM, DINAMIZE_API_USER=USER, DINAMIZE_API_PASSWORD=PASSWORD,
    DINAMIZE_CLIENT_CODE=CLIENT, JWT_SECRET="chaos-only-jwt-secret-never-in-production",
    ENCRYPT_TOKEN_KEY="chaos-key-for-chaos-runs-only-32",
    DINAMIZE_RATE_LIMIT_PER_MINUTE="1000000", DINAMIZE_RATE_LIMIT_WINDOW_MS="1000",
    SYNC_LEASE_SECS="3", SYNC_TICK_MS="250", SYNC_POLL_INTERVAL_MS="200",
    SYNC_BACKOFF_BASE_MS="200", SYNC_CONCURRENCY="20", RUST_LOG="warn")

def psql(sql, db=DB):
    # The service's tables live in its own schema (DATABASE_SCHEMA, default dinamize_sync).
    env = {**os.environ, "PGOPTIONS": "-c search_path=dinamize_sync"}
    out = subprocess.run(["psql", f"{PG}/{db}", "-qtAX", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"psql: {out.stderr.strip()}")
    return out.stdout.strip()

def http(method, url, body=None, token=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("content-type", "application/json")
    if token: req.add_header("authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, json.loads(r.read() or b"null")

def wait_until(what, check, secs):
    deadline = time.monotonic() + secs
    while time.monotonic() < deadline:
        try:
            if check(): return
        except Exception:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"timed out waiting for {what}")

procs = {}
def start(name, args):
    log = open(os.path.join(logdir, f"{name}.log"), "a")
    procs[name] = subprocess.Popen([BIN] + args, env=env, stdout=log, stderr=log)

def start_service():
    start("service", ["serve"])
    wait_until("the service", lambda: http("GET", f"{SVC}/health")[0] == 200, 60)

kills = 0
def kill_service():
    global kills
    procs["service"].send_signal(signal.SIGKILL); procs["service"].wait(); kills += 1
    start_service()

def cleanup():
    for p in procs.values():
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try: p.wait(5)
            except subprocess.TimeoutExpired: p.kill()
    try: psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)", db="postgres")
    except Exception as e: print(f"chaos: cannot drop {DB}: {e}", file=sys.stderr)
    keys = subprocess.run(["redis-cli", "--scan", "--pattern", f"{PREFIX}*"],
                          capture_output=True, text=True).stdout.split()
    if keys: subprocess.run(["redis-cli", "DEL", *keys], capture_output=True)

def burst(token):
    """Half the leads with SQL in batches, half through the API, the kills in between."""
    sql_n, api_n = N // 2, N - N // 2
    errors, done = [], [0]
    def api_writer(lo, hi):
        for i in range(lo, hi):
            body = {"email": f"api-{i}@chaos.test", "name": f"API lead {i}"}
            for _ in range(200):
                try:
                    http("POST", f"{SVC}/api/leads", body, token); done[0] += 1; break
                except urllib.error.HTTPError as e:
                    if e.code < 500: errors.append(f"{e.code} for lead {i}"); break
                    time.sleep(0.05)
                except Exception:
                    time.sleep(0.05)  # the service is down: try again once it is back
    threads = [threading.Thread(target=api_writer, args=(k * api_n // 8, (k + 1) * api_n // 8))
               for k in range(8)]
    for t in threads: t.start()
    batches = 10
    for b in range(batches):
        lo, hi = b * sql_n // batches, (b + 1) * sql_n // batches
        psql("INSERT INTO crm_leads (company_id, email, name) SELECT 1, 'sql-' || g || "
             f"'@chaos.test', 'SQL lead ' || g FROM generate_series({lo}, {hi - 1}) g")
        if b in (3, 7): kill_service()
    psql("UPDATE crm_leads SET name = name || ' renamed' WHERE email LIKE 'sql-%' AND id % 10 = 0")
    psql("UPDATE crm_leads SET deleted_at = now() WHERE email LIKE 'sql-%' AND id % 20 = 1")
    for t in threads: t.join()
    if errors: raise RuntimeError(f"the API refused leads: {errors[:5]}")
    return sql_n, done[0]

def verify():
    live = {}
    for line in psql("SELECT lower(email) || '|' || coalesce(name, '') FROM crm_leads "
                     "WHERE deleted_at IS NULL").splitlines():
        email, name = line.split("|", 1); live[email] = name
    deleted = set(psql("SELECT lower(email) FROM crm_leads WHERE deleted_at IS NOT NULL")
                  .splitlines())
    _, contacts = http("GET", f"{SIM}/_sim/contacts?client_code={CLIENT}&list=1", timeout=60)
    seen = {}
    for c in contacts:
        seen.setdefault(c["email"].lower(), []).append(c.get("name") or "")
    missing = [e for e in live if e not in seen]
    doubled = [e for e, names in seen.items() if len(names) > 1]
    stale = [e for e, name in live.items() if e in seen and seen[e][0] != name]
    ghosts = [e for e in seen if e in deleted]
    strangers = [e for e in seen if e not in live and e not in deleted]
    failed = psql("SELECT count(*) FROM crm_sync_queue WHERE status = 'failed'")
    return live, contacts, missing, doubled, stale, ghosts, strangers, int(failed)

try:
    start("simulator", ["simulate", "--port", str(SIM_PORT), "--limit", "0",
                        "--account", f"{USER}:{PASSWORD}:{CLIENT}"])
    wait_until("the simulator", lambda: http("GET", f"{SIM}/_sim/limit")[0] == 200, 30)
    start_service()
    psql("UPDATE crm_dinamize_accounts SET default_list_code = '1' WHERE company_id = 1")
    token = subprocess.run([BIN, "token", "--company", "1", "--role", "ADMIN"], env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    burst_started = time.monotonic()
    sql_n, api_n = burst(token)
    burst_s = time.monotonic() - burst_started
    wait_until("the queue to drain", lambda: psql(
        "SELECT count(*) FROM crm_sync_queue WHERE status IN ('queued', 'processing')") == "0",
        max(60, N // 50))
    drained_s = time.monotonic() - burst_started
    live, contacts, missing, doubled, stale, ghosts, strangers, failed = verify()
    requests = len(http("GET", f"{SIM}/_sim/requests", timeout=60)[1])
    ok = not (missing or doubled or stale or ghosts or strangers or failed)
    print(json.dumps({"chaos": "ok" if ok else "FAILED", "n": N, "sql_leads": sql_n,
        "api_leads": api_n, "kills": kills, "live_leads": len(live),
        "contacts_in_simulator": len(contacts), "missing": len(missing),
        "duplicated": len(doubled), "stale": len(stale), "deleted_but_present": len(ghosts),
        "unknown": len(strangers), "failed_jobs": failed, "simulator_requests": requests,
        "burst_s": round(burst_s, 1), "burst_to_drained_s": round(drained_s, 1),
        "total_s": round(time.monotonic() - started, 1), "logs": logdir}))
    if not ok:
        for name, items in [("missing", missing), ("duplicated", doubled), ("stale", stale),
                            ("deleted_but_present", ghosts), ("unknown", strangers)]:
            if items: print(f"chaos: {name}: {items[:5]}", file=sys.stderr)
    sys.exit(0 if ok else 1)
except Exception as e:
    print(f"chaos: {e} (logs in {logdir})", file=sys.stderr); sys.exit(2)
finally:
    cleanup()
PY
