// The ops page's live view: polls /ops/api/overview every second and redraws.
// Plain JavaScript, no build step; charts by uPlot (served from the app's webjar).
"use strict";

const POLL_MS = 1000;
const HISTORY_SECONDS = 300; // the charts show the last five minutes
const PRESETS = {
  slow: { latencyMs: 4800 },
  jitter: { latencyMs: 1000, jitterMs: 500 },
  fail: { errorRate: 0.5 },
  hang: { hangRate: 1.0 },
  unready: { failReadiness: true },
};

const history = new Map(); // "caller/dependency" -> { t: [], p99: [], errors: [], fallbacks: [], last: snapshot }
const charts = new Map();

async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
    credentials: "same-origin",
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { /* not JSON */ }
  if (!response.ok) {
    throw new Error((json && (json.detail || json.title)) || response.status + " " + response.statusText);
  }
  return json;
}

function describeFaults(chaos) {
  if (!chaos || !chaos.active) return "no faults";
  const parts = [];
  // jitter is added on top (0..jitterMs), never subtracted: 1000 + 500 is 1000–1500 ms, not 1000 ± 500
  if (chaos.latencyMs) parts.push("latency " + chaos.latencyMs + (chaos.jitterMs ? "–" + (chaos.latencyMs + chaos.jitterMs) : "") + " ms");
  else if (chaos.jitterMs) parts.push("jitter 0–" + chaos.jitterMs + " ms");
  if (chaos.errorRate) parts.push("errors " + Math.round(chaos.errorRate * 100) + "%");
  if (chaos.hangRate) parts.push("hangs " + Math.round(chaos.hangRate * 100) + "%");
  if (chaos.failReadiness) parts.push("failing readiness");
  if (chaos.pathPattern) parts.push("on " + chaos.pathPattern);
  return parts.join(", ");
}

function renderServices(overview) {
  for (const s of overview.services) {
    const card = document.querySelector(`[data-service="${s.name}"]`);
    if (!card) continue;
    const dot = card.querySelector('[data-role="dot"]');
    dot.className = "dot " + (s.ready ? "ok" : s.up ? "warn" : "bad");
    card.dataset.state = s.ready ? "ready" : s.up ? "not-ready" : "down";
    card.querySelector('[data-role="status"]').textContent =
      s.ready ? "ready" : s.up ? "up, not ready" : "down: " + (s.error || "not answering");
    const faults = card.querySelector('[data-role="faults"]');
    const chaos = s.state ? s.state.chaos : null;
    faults.textContent = s.state ? describeFaults(chaos) : "faults unknown (service not answering)";
    faults.classList.toggle("active", !!(chaos && chaos.active));
    card.dataset.commands = JSON.stringify(s.commands);
  }
}

function rate(now, prev, field, seconds) {
  if (!prev || seconds <= 0) return 0;
  return Math.max(0, (now[field] - prev[field]) / seconds);
}

/** The patterns a calling service can switch off one at a time (PUT /ops/resilience "off"). */
const PATTERNS = ["breaker", "bulkhead", "retry", "timeout", "hedging", "fallback", "rate-limit"];

function renderCallers(overview) {
  const container = document.getElementById("callers");
  for (const s of overview.services.filter(x => x.caller)) {
    let section = container.querySelector(`[data-caller="${s.name}"]`);
    if (!section) {
      section = document.createElement("article");
      section.className = "caller";
      section.dataset.caller = s.name;
      section.innerHTML = `<header><h3>${s.name}</h3>
        <div class="mode" role="group" aria-label="resilience mode of ${s.name}">
          <button data-mode="resilient">resilient</button><button data-mode="naive">naive</button>
        </div></header>
        <p class="patterns" role="group" aria-label="patterns of ${s.name}, press to switch one off or on">
          ${PATTERNS.map(p => `<button data-pattern="${p}" title="switch ${p} off or on">${p}</button>`).join("")}
        </p>
        <p class="hint" data-role="off"></p><div class="deps"></div>`;
      container.appendChild(section);
    }
    const mode = s.state ? s.state.mode : null;
    section.querySelectorAll("[data-mode]").forEach(b => b.classList.toggle("on", b.dataset.mode === mode));
    section.dataset.mode = mode || "unknown";
    // what is off: every pattern in naive mode, else the ones switched off by name (PUT /ops/resilience "off")
    const off = s.state ? (s.state.off || []) : [];
    section.dataset.off = off.join(",");
    section.querySelectorAll("[data-pattern]").forEach(b => b.classList.toggle("off", off.includes(b.dataset.pattern)));
    section.querySelector('[data-role="off"]').textContent = !s.state ? ""
      : mode === "naive" ? "Naive: every pattern is off."
      : off.length === 0 ? "Every pattern is on."
      : `Off: ${off.join(", ")} (./shop resilience ${s.name} off=${off.join(",")}).`;
    const deps = section.querySelector(".deps");
    if (!s.state) {
      deps.innerHTML = `<p class="notice bad">${s.name} is not answering: its live state is unknown.</p>`;
      continue;
    }
    renderSharedPool(section, s.name, s.state.sharedPool, mode);
    if (s.state.dependencies.length === 0) {
      deps.innerHTML = `<p class="hint">No resilience pipeline registered yet (they appear on the first call to each dependency).</p>`;
      continue;
    }
    for (const d of s.state.dependencies) renderDependency(deps, s.name, d);
  }
}

// Naive mode's one outbound pool (shop-kit SharedPool): every call of the caller holds one of its
// connections for its whole duration, so one slow dependency fills it and starves the others.
// Charted over time, so the pool can be watched filling up; resilient mode leaves it empty and
// the per-dependency bulkheads below take its place.
function renderSharedPool(section, caller, pool, mode) {
  if (!pool) return;
  let box = section.querySelector(".shared-pool");
  if (!box) {
    box = document.createElement("div");
    box.className = "dep shared-pool";
    box.innerHTML = `<div class="facts"><h4>shared pool (naive mode)</h4>
        <p data-role="occupancy"></p><p class="hint" data-role="hint"></p></div><div class="chart" data-role="chart"></div>`;
    section.insertBefore(box, section.querySelector(".deps"));
  }
  const key = caller + "/shared-pool";
  const h = history.get(key) || { t: [], inUse: [], waiting: [] };
  history.set(key, h);
  const at = Date.now() / 1000;
  h.t.push(at); h.inUse.push(pool.inUse); h.waiting.push(pool.queued);
  while (h.t.length && h.t[0] < at - HISTORY_SECONDS) { h.t.shift(); h.inUse.shift(); h.waiting.shift(); }
  const by = Object.entries(pool.inUseBy || {}).map(([d, n]) => `${d} ${n}`).join(", ");
  box.dataset.inUse = pool.inUse;
  box.dataset.full = String(pool.inUse >= pool.size);
  box.querySelector('[data-role="occupancy"]').textContent =
    `${pool.inUse}/${pool.size} connections in use${by ? " (" + by + ")" : ""}, ${pool.queued} calls waiting, ${pool.timedOut} timed out`;
  box.querySelector('[data-role="hint"]').textContent = mode === "naive"
    ? "every outbound call waits for one of these connections"
    : "unused in resilient mode: each dependency has its own bulkhead below";
  const data = [h.t, h.inUse, h.waiting];
  let chart = charts.get(key);
  if (!chart && typeof uPlot !== "undefined") {
    chart = new uPlot({
      width: 420, height: 120,
      scales: { x: { time: true }, n: { auto: true } },
      axes: [{}, { scale: "n", label: "calls", size: 50 }],
      series: [{}, { label: "in use", scale: "n", stroke: "#3b5bdb", width: 2 },
        { label: "waiting", scale: "n", stroke: "#e03131" }],
      legend: { live: false },
    }, data, box.querySelector('[data-role="chart"]'));
    charts.set(key, chart);
  } else if (chart) {
    chart.setData(data);
  }
}

function renderDependency(container, caller, d) {
  const key = caller + "/" + d.dependency;
  let row = container.querySelector(`[data-dep="${key}"]`);
  if (!row) {
    row = document.createElement("div");
    row.className = "dep";
    row.dataset.dep = key;
    row.innerHTML = `<div class="facts">
        <h4>${d.dependency}</h4>
        <p><span class="breaker" data-role="breaker"></span> <span data-role="limit"></span></p>
        <dl>
          <dt>p50 / p99</dt><dd data-role="latency"></dd>
          <dt>calls/s</dt><dd data-role="calls"></dd>
          <dt>errors/s</dt><dd data-role="errors"></dd>
          <dt>timeouts/s</dt><dd data-role="timeouts"></dd>
          <dt>rejected/s</dt><dd data-role="rejected"></dd>
          <dt>fallbacks/s</dt><dd data-role="fallbacks"></dd>
          <dt>retries/s</dt><dd data-role="retries"></dd>
          <dt>hedges/s</dt><dd data-role="hedges"></dd>
        </dl></div><div class="chart" data-role="chart"></div>`;
    container.appendChild(row);
  }
  const h = history.get(key) || { t: [], p99: [], errors: [], fallbacks: [], last: null, lastAt: 0 };
  history.set(key, h);
  const at = Date.now() / 1000; // the poll time: timestamps from the services need not share a clock
  const seconds = h.lastAt ? at - h.lastAt : 0;
  const rates = {};
  for (const f of ["calls", "errors", "timeouts", "rejections", "fallbacks", "retries", "hedges"]) {
    rates[f] = rate(d, h.last, f, seconds);
  }
  h.last = d;
  h.lastAt = at;
  h.t.push(at); h.p99.push(d.p99Millis); h.errors.push(rates.errors + rates.timeouts + rates.rejections); h.fallbacks.push(rates.fallbacks);
  while (h.t.length && h.t[0] < at - HISTORY_SECONDS) { h.t.shift(); h.p99.shift(); h.errors.shift(); h.fallbacks.shift(); }

  const state = String(d.breakerState).toLowerCase();
  const breaker = row.querySelector('[data-role="breaker"]');
  breaker.textContent = "breaker " + state.replace("_", "-");
  breaker.className = "breaker " + state;
  row.dataset.breaker = state;
  row.dataset.p99 = d.p99Millis;
  row.querySelector('[data-role="limit"]').textContent =
    `${d.limiterKind === "adaptive" ? "adaptive limit" : "bulkhead"} ${d.inFlight}/${d.limit}`;
  row.querySelector('[data-role="latency"]').textContent = `${d.p50Millis.toFixed(0)} / ${d.p99Millis.toFixed(0)} ms`;
  row.querySelector('[data-role="calls"]').textContent = rates.calls.toFixed(1);
  row.querySelector('[data-role="errors"]').textContent = rates.errors.toFixed(1);
  row.querySelector('[data-role="timeouts"]').textContent = rates.timeouts.toFixed(1);
  row.querySelector('[data-role="rejected"]').textContent = rates.rejections.toFixed(1);
  row.querySelector('[data-role="fallbacks"]').textContent = rates.fallbacks.toFixed(1);
  row.querySelector('[data-role="retries"]').textContent = rates.retries.toFixed(1);
  row.querySelector('[data-role="hedges"]').textContent = rates.hedges.toFixed(1);
  drawChart(key, row.querySelector('[data-role="chart"]'), h);
}

function drawChart(key, element, h) {
  const data = [h.t, h.p99, h.errors, h.fallbacks];
  let chart = charts.get(key);
  if (!chart && typeof uPlot !== "undefined") {
    chart = new uPlot({
      width: 420, height: 150,
      scales: { x: { time: true }, ms: { auto: true }, rate: { auto: true } },
      axes: [{}, { scale: "ms", label: "p99 ms", size: 50 }, { scale: "rate", side: 1, label: "per s", grid: { show: false } }],
      series: [{}, { label: "p99 ms", scale: "ms", stroke: "#3b5bdb", width: 2 },
        { label: "failed/s", scale: "rate", stroke: "#e03131" },
        { label: "fallbacks/s", scale: "rate", stroke: "#f08c00" }],
      legend: { live: false },
    }, data, element);
    charts.set(key, chart);
  } else if (chart) {
    chart.setData(data);
  }
}

// The slowest product page of the last minute and a link to its trace (docs/tracing.md). Built
// with DOM calls: the path is whatever a visitor asked for.
function renderTracing(tracing) {
  const p = document.getElementById("slowest-trace");
  if (!p || !tracing) return;
  p.replaceChildren();
  if (!tracing.on) {
    p.append("Tracing is off. Start the shop with ", code("./shop up --with-tracing"),
      " and this links to the trace of the slowest product page.");
    return;
  }
  const page = tracing.slowestPage;
  if (!page) {
    p.append("No product page in the last 60 s: open one.");
    return;
  }
  p.append(code(page.path), " took " + page.millis + " ms: ");
  if (page.url) {
    const a = document.createElement("a");
    a.href = page.url;
    a.target = "_blank";
    a.rel = "noopener";
    a.textContent = "open its trace ↗";
    p.append(a);
  } else {
    p.append("trace ", code(page.traceId), " (set shop.tracing.trace-url to link to the viewer)");
  }
}

function code(text) {
  const c = document.createElement("code");
  c.textContent = text;
  return c;
}

async function poll() {
  const pulse = document.getElementById("pulse");
  try {
    const overview = await call("GET", "/ops/api/overview");
    renderServices(overview);
    renderCallers(overview);
    renderTracing(overview.tracing);
    pulse.textContent = "live · " + new Date().toLocaleTimeString();
    pulse.className = "pulse ok";
  } catch (e) {
    pulse.textContent = "no answer from the product page: " + e.message;
    pulse.className = "pulse bad";
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

function showCommand(card, text, bad) {
  const p = card.querySelector('[data-role="command"]');
  p.textContent = text;
  p.classList.toggle("bad", !!bad);
}

document.addEventListener("click", async event => {
  const button = event.target.closest("button");
  if (!button) return;
  const card = button.closest("[data-service]");
  const caller = button.closest("[data-caller]");
  try {
    if (button.dataset.preset && card) {
      await call("PUT", `/ops/api/services/${card.dataset.service}/chaos`, PRESETS[button.dataset.preset]);
      showCommand(card, `./shop chaos ${card.dataset.service} ` + Object.entries(PRESETS[button.dataset.preset])
        .map(([k, v]) => ({ latencyMs: "latency", jitterMs: "jitter", errorRate: "errors", hangRate: "hang", failReadiness: "ready" }[k]) + "=" + (k === "failReadiness" ? "false" : v)).join(" "));
    } else if (button.hasAttribute("data-chaos-off") && card) {
      await call("DELETE", `/ops/api/services/${card.dataset.service}/chaos`);
      showCommand(card, `./shop chaos ${card.dataset.service} off`);
    } else if (button.dataset.process && card) {
      const result = await call("POST", `/ops/api/services/${card.dataset.service}/${button.dataset.process}`);
      showCommand(card, "running: " + result.command);
    } else if (button.dataset.mode && caller) {
      await call("PUT", `/ops/api/services/${caller.dataset.caller}/mode`, { mode: button.dataset.mode });
    } else if (button.dataset.pattern && caller) {
      const now = caller.dataset.mode === "naive" ? [] : (caller.dataset.off || "").split(",").filter(x => x);
      const p = button.dataset.pattern;
      const next = now.includes(p) ? now.filter(x => x !== p) : [...now, p];
      await call("PUT", `/ops/api/services/${caller.dataset.caller}/mode`, { mode: "resilient", off: next });
    }
  } catch (e) {
    if (card) showCommand(card, e.message, true);
  }
});

document.addEventListener("submit", async event => {
  const form = event.target.closest('[data-role="custom"]');
  if (!form) return;
  event.preventDefault();
  const card = form.closest("[data-service]");
  const body = {};
  for (const [k, v] of new FormData(form).entries()) {
    if (v === "") continue;
    body[k] = k === "pathPattern" ? v : Number(v);
  }
  try {
    await call("PUT", `/ops/api/services/${card.dataset.service}/chaos`, body);
    showCommand(card, "applied " + describeFaults({ ...body, active: true }));
  } catch (e) {
    showCommand(card, e.message, true);
  }
});

poll();
