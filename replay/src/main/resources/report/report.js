// Draws the replay report from DATA (inlined by Report.java) with uPlot (inlined too).
(function () {
  const D = DATA;
  const MODES = Object.keys(D.modes);
  const COLORS = { resilient: ['#1b7f3b', '#62c17f'], naive: ['#b3261e', '#f08a7e'] };
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  const fmtT = s => { const a = Math.round(Math.abs(s)); return 'T' + (s < 0 ? '-' : '+') + String(Math.floor(a / 60)).padStart(2, '0') + ':' + String(a % 60).padStart(2, '0'); };

  // fault phases shaded red, fix and recovery green, on every chart; alert firings as dashed lines
  function shading(mode) {
    return {
      hooks: {
        drawClear: [u => {
          const ctx = u.ctx, phases = D.scenario.phases, end = D.scenario.endSeconds;
          for (let i = 0; i < phases.length; i++) {
            const p = phases[i], next = i + 1 < phases.length ? phases[i + 1].atSeconds : end;
            const color = p.kind === 'fault' ? 'rgba(214,39,40,0.10)' : p.kind === 'baseline' ? null : 'rgba(44,160,44,0.08)';
            if (!color) continue;
            const x0 = u.valToPos(p.atSeconds, 'x', true), x1 = u.valToPos(next, 'x', true);
            ctx.fillStyle = color;
            ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
          }
        }],
        draw: [u => {
          const ctx = u.ctx;
          ctx.save();
          ctx.setLineDash([4, 3]);
          ctx.font = '10px sans-serif';
          for (const m of (mode ? [mode] : MODES)) {
            for (const e of (D.events[m] || [])) {
              if (e.kind !== 'alert') continue;
              const x = u.valToPos(e.seedSeconds, 'x', true);
              ctx.strokeStyle = COLORS[m][0];
              ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
              ctx.fillStyle = COLORS[m][0];
              ctx.fillText(e.text, x + 3, u.bbox.top + 12);
            }
          }
          ctx.restore();
        }]
      }
    };
  }

  function chart(title, el, xs, series, opts) {
    opts = opts || {};
    const box = document.createElement('div');
    box.className = 'chart';
    const h = document.createElement('h3');
    h.textContent = title;
    box.appendChild(h);
    el.appendChild(box);
    const y = { auto: true };
    if (opts.log) { y.distr = 3; }
    if (opts.range) { y.range = opts.range; y.auto = false; }
    const axisY = { size: 60 };
    if (opts.ticks) { axisY.values = (u, vals) => vals.map(v => opts.ticks[v] !== undefined ? opts.ticks[v] : ''); axisY.splits = () => Object.keys(opts.ticks).map(Number); }
    const cfg = {
      width: Math.min(1100, window.innerWidth - 60), height: opts.height || 220,
      plugins: [shading(opts.mode)],
      scales: { x: { time: false }, y: y },
      axes: [{ values: (u, vals) => vals.map(fmtT) }, axisY],
      series: [{ label: 'seed time', value: (u, v) => v == null ? '' : fmtT(v) }].concat(series.map(s => ({
        label: s.label, stroke: s.color, width: s.width || 1.5, dash: s.dash, paths: s.step ? uPlot.paths.stepped({ align: 1 }) : undefined,
        value: (u, v) => v == null ? '-' : (opts.ticks ? (opts.ticks[v] || v) : (Math.round(v * 10) / 10) + (opts.unit || ''))
      })))
    };
    new uPlot(cfg, [xs].concat(series.map(s => s.data)), box);
  }

  // one x axis for both modes: the union of their sample times, each mode's values on its own times
  function aligned(getter) {
    const xsSet = new Set();
    MODES.forEach(m => D.modes[m].t.forEach(t => xsSet.add(t)));
    const xs = Array.from(xsSet).sort((a, b) => a - b);
    const out = {};
    MODES.forEach(m => {
      const idx = new Map(D.modes[m].t.map((t, i) => [t, i]));
      out[m] = g => xs.map(t => { const i = idx.get(t); return i === undefined ? null : g(D.modes[m], i); });
    });
    return { xs, of: out };
  }

  const charts = document.getElementById('charts');
  const A = aligned();
  const pos = v => v > 0 ? v : null;
  chart('Page latency p50 / p99 (ms, log scale; product and category pages)', charts, A.xs, MODES.flatMap(m => [
    { label: m + ' p99', color: COLORS[m][0], data: A.of[m]((d, i) => pos(d.pageP99[i])) },
    { label: m + ' p50', color: COLORS[m][1], data: A.of[m]((d, i) => pos(d.pageP50[i])), dash: [5, 3] }
  ]), { log: true, unit: ' ms' });
  chart('Failed pages per second (5xx or no answer)', charts, A.xs, MODES.map(m => (
    { label: m, color: COLORS[m][0], data: A.of[m]((d, i) => d.page5xx[i]) })), { unit: '/s' });
  chart('Requests sent per second (open model) and pages with a notice ("banner") per second', charts, A.xs, MODES.flatMap(m => [
    { label: m + ' sent', color: COLORS[m][1], data: A.of[m]((d, i) => d.rps[i]), dash: [5, 3] },
    { label: m + ' notice', color: COLORS[m][0], data: A.of[m]((d, i) => d.banner[i]) }
  ]), { unit: '/s' });
  if (MODES.some(m => D.modes[m].checkout.total.some(v => v > 0))) {
    chart('Checkout outcomes per second (POST /orders)', charts, A.xs, MODES.flatMap(m => [
      { label: m + ' 2xx', color: COLORS[m][1], data: A.of[m]((d, i) => d.checkout.ok[i]) },
      { label: m + ' 503', color: COLORS[m][0], data: A.of[m]((d, i) => d.checkout.s503[i]), dash: [5, 3] },
      { label: m + ' other 5xx / no answer', color: COLORS[m][0], data: A.of[m]((d, i) => d.checkout.fail[i]), width: 3 }
    ]), { unit: '/s' });
  }

  const depNames = Array.from(new Set(MODES.flatMap(m => Object.keys(D.modes[m].deps)))).sort();
  const depsEl = document.getElementById('deps');
  MODES.forEach(m => chart('Breaker state per dependency, ' + m + ' mode', depsEl, A.xs, depNames.map((n, k) => (
    { label: n, color: PALETTE[k % PALETTE.length], step: true, data: A.of[m]((d, i) => d.deps[n] ? d.deps[n].breaker[i] : null) })),
  { ticks: { 0: 'CLOSED', 1: 'HALF_OPEN', 2: 'OPEN' }, range: [-0.1, 2.2], height: 180, mode: m }));
  depNames.forEach(n => chart('Limiter of ' + n + ': in flight and limit', depsEl, A.xs, MODES.flatMap(m => [
    { label: m + ' limit', color: COLORS[m][0], step: true, data: A.of[m]((d, i) => d.deps[n] ? d.deps[n].limit[i] : null) },
    { label: m + ' in flight', color: COLORS[m][1], data: A.of[m]((d, i) => d.deps[n] ? d.deps[n].inFlight[i] : null), dash: [5, 3] }
  ]), { height: 180 }));
  MODES.forEach(m => {
    const series = [];
    depNames.forEach(n => {
      const dep = D.modes[m].deps[n];
      if (!dep) return;
      Object.keys(dep.fallbacks).forEach(src => series.push({ label: n + ' ' + src, color: PALETTE[series.length % PALETTE.length],
        data: A.of[m]((d, i) => d.deps[n] && d.deps[n].fallbacks[src] ? d.deps[n].fallbacks[src][i] : null) }));
    });
    if (series.length) chart('Fallbacks per second by source, ' + m + ' mode', depsEl, A.xs, series, { unit: '/s', mode: m });
  });
})();
