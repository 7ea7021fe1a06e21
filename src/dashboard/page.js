// dinamize-sync admin dashboard. Holds no data: everything comes from the admin JSON routes,
// read with the CRM token the admin gives (kept in this tab's sessionStorage only).
"use strict";

const REFRESH_MS = 5000;
const API = "/api/dinamize";
let token = null;
let timer = null;

const $ = (selector, root = document) => root.querySelector(selector);

function claims(jwt) {
  try {
    const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(part + "=".repeat((4 - (part.length % 4)) % 4)));
  } catch (e) {
    return null;
  }
}

// The token's companies: `companyIds`, else `companyId`, else the server's choice (null).
function companiesOf(jwt) {
  const c = claims(jwt) || {};
  const ids = Array.isArray(c.companyIds) ? c.companyIds : [];
  if (ids.length) return ids.map(String);
  if (c.companyId !== undefined && c.companyId !== null) return [String(c.companyId)];
  return [null];
}

async function call(method, path, company, body) {
  const headers = { Authorization: "Bearer " + token, Accept: "application/json" };
  if (company !== null) headers["X-Company-Id"] = company;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(API + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  return { status: response.status, data };
}

class Refused extends Error {
  constructor(status, data) {
    super((data && data.message) || "HTTP " + status);
    this.status = status;
  }
}

async function read(path, company) {
  const answer = await call("GET", path, company);
  if (answer.status === 401 || answer.status === 403) throw new Refused(answer.status, answer.data);
  return answer;
}

function text(el, value) { el.textContent = value === null || value === undefined ? "—" : String(value); }

function age(secs) {
  if (secs === null || secs === undefined) return "none";
  if (secs < 60) return Math.round(secs) + " s";
  if (secs < 3600) return Math.round(secs / 60) + " min";
  return (secs / 3600).toFixed(1) + " h";
}

function when(iso) { return iso ? new Date(iso).toLocaleString() : "—"; }

function row(tbody, cells, id) {
  const tr = document.createElement("tr");
  if (id !== undefined) tr.dataset.job = id;
  for (const cell of cells) {
    const td = document.createElement("td");
    if (cell instanceof Node) td.appendChild(cell);
    else text(td, cell);
    tr.appendChild(td);
  }
  tbody.appendChild(tr);
  return tr;
}

function section(company) {
  const id = "company-" + (company === null ? "default" : company);
  let el = document.getElementById(id);
  if (el) return el;
  el = $("#company").content.firstElementChild.cloneNode(true);
  el.id = id;
  el.dataset.company = company === null ? "" : company;
  $(".start-incremental", el).addEventListener("click", () => startRun(company, "incremental"));
  $(".start-full", el).addEventListener("click", () => startRun(company, "full"));
  $(".retry-all", el).addEventListener("click", () => act(company, "POST", "/sync/jobs/retry-failed", {}));
  $("#companies").appendChild(el);
  return el;
}

function say(company, message) { text($(".message", section(company)), message); }

async function act(company, method, path, body) {
  const answer = await call(method, path, company, body);
  const message = answer.data && answer.data.message;
  say(company, answer.status < 300 ? "done (" + answer.status + ")" : "refused: " + (message || answer.status));
  await refresh();
}

function startRun(company, mode) { act(company, "POST", "/sync/runs", { mode, dry_run: false }); }

function showStats(el, stats) {
  for (const key of ["waiting", "delayed", "running", "completed", "failed"]) text($("." + key, el), stats[key]);
  text($(".throughput", el), stats.completed_last_minute);
  text($(".oldest", el), age(stats.oldest_waiting_secs));
  const fill = $(".fill", el);
  if (stats.limiter) {
    const l = stats.limiter;
    fill.style.width = Math.min(100, (100 * l.used) / Math.max(1, l.limit)) + "%";
    text($(".limiter-text", el), l.used + " of " + l.limit + " requests in the " + l.window_ms / 1000 +
      " s window (sync may use " + l.background_cap + ")");
  } else {
    fill.style.width = "0";
    text($(".limiter-text", el), "unavailable: " + (stats.limiter_unavailable || "unknown"));
  }
}

function showAccount(el, answer) {
  const p = $(".account", el);
  p.classList.remove("bad");
  if (answer.status === 404) { p.classList.add("bad"); text(p, "No Dinamize account configured"); return; }
  const a = answer.data || {};
  if (a.misconfigured_reason) { p.classList.add("bad"); text(p, "Misconfigured account: " + a.misconfigured_reason); }
  else if (a.active === false) { p.classList.add("bad"); text(p, "Account inactive"); }
  else text(p, "Account " + (a.api_user || "?") + ", list " + (a.default_list_code || "none") + ", " +
    (a.requests_per_minute || "?") + " requests/min");
}

function showFailed(el, company, jobs) {
  const tbody = $(".failed-jobs tbody", el);
  tbody.replaceChildren();
  for (const job of jobs) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "retry";
    button.textContent = "Retry";
    button.addEventListener("click", () => act(company, "POST", "/sync/jobs/" + job.id + "/retry", {}));
    const tr = row(tbody, [job.id, job.lead_id, job.operation, job.attempts + "/" + job.max_attempts, job.last_error, button], job.id);
    tr.children[4].className = "error";
  }
  if (!jobs.length) row(tbody, ["no failed jobs", "", "", "", "", ""]);
}

function showRecent(el, jobs) {
  const tbody = $(".recent-jobs tbody", el);
  tbody.replaceChildren();
  for (const job of jobs) {
    const tr = row(tbody, [job.id, job.lead_id, job.operation, job.status, job.attempts, when(job.updated_at)], job.id);
    tr.children[3].className = "status-" + job.status;
  }
}

function showRuns(el, runs) {
  const tbody = $(".runs tbody", el);
  tbody.replaceChildren();
  for (const run of runs) {
    const bar = document.createElement("div");
    bar.className = "bar";
    const fill = document.createElement("div");
    fill.className = "fill";
    fill.style.width = (run.total ? (100 * (run.done + run.failed)) / run.total : 100) + "%";
    bar.appendChild(fill);
    const progress = document.createElement("span");
    progress.append(bar, run.done + " done, " + run.failed + " failed of " + run.total);
    row(tbody, [run.id, run.mode + (run.dry_run ? " (dry)" : ""), run.status, progress, when(run.started_at), run.started_by]);
  }
}

async function refreshCompany(company) {
  const el = section(company);
  const label = company === null ? "Company" : "Company " + company;
  const [stats, failed, recent, runs, account] = await Promise.all([
    read("/sync/stats", company),
    read("/sync/jobs?status=failed&limit=50", company),
    read("/sync/jobs?limit=10", company),
    read("/sync/runs?limit=5", company),
    read("/account", company),
  ]);
  text($(".title", el), label);
  if (stats.status === 200) showStats(el, stats.data);
  showAccount(el, account);
  if (failed.status === 200) showFailed(el, company, failed.data.items);
  if (recent.status === 200) showRecent(el, recent.data.items);
  if (runs.status === 200) showRuns(el, runs.data.items);
}

function refuse(error) {
  const box = $("#refused");
  box.hidden = false;
  text(box, "Access refused (" + error.status + "): " + error.message +
    ". This dashboard needs the token of an OWNER or ADMIN of the company.");
  $("#companies").replaceChildren();
  text($("#status"), "refused");
  clearInterval(timer);
  timer = null;
}

async function refresh() {
  if (!token) return;
  try {
    for (const company of companiesOf(token)) await refreshCompany(company);
    $("#refused").hidden = true;
    text($("#status"), "updated " + new Date().toLocaleTimeString() + " · refreshes every " + REFRESH_MS / 1000 + " s");
  } catch (error) {
    if (error instanceof Refused) refuse(error);
    else text($("#status"), "cannot reach the service: " + error.message);
  }
}

function use(jwt) {
  token = jwt.trim();
  if (!token) return;
  sessionStorage.setItem("dinamize-sync-token", token);
  $("#forget").hidden = false;
  $("#companies").replaceChildren();
  clearInterval(timer);
  timer = setInterval(refresh, REFRESH_MS);
  refresh();
}

$("#signin").addEventListener("submit", (event) => {
  event.preventDefault();
  use($("#token").value);
  $("#token").value = "";
});
$("#forget").addEventListener("click", () => {
  sessionStorage.removeItem("dinamize-sync-token");
  location.reload();
});

// A token in the fragment (`/admin#token=…`): used, then removed from the address bar.
const fragment = new URLSearchParams(location.hash.slice(1)).get("token");
if (fragment) {
  history.replaceState(null, "", location.pathname);
  use(fragment);
} else if (sessionStorage.getItem("dinamize-sync-token")) {
  use(sessionStorage.getItem("dinamize-sync-token"));
}
