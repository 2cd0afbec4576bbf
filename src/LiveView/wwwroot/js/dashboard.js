// StreamGuard console: renders the frames the server pushes over SignalR.
(() => {
  "use strict";
  const SG = window.SG;
  const $ = SG.$;
  const fixed = (v, d) => (v === null || v === undefined ? "–" : v.toFixed(d));

  const noisy = (c) => (Math.abs(c.raw) <= (c.dataset.errors[c.dataIndex] ?? 0) ? " · noise larger than the value" : "");
  // Every category label is drawn (autoSkip off): the chart is tall enough for the fixed public list.
  const categoryCounts = (c) => {
    const v = (lastFrame?.population?.categories ?? [])[c.dataIndex];
    return v ? ` · ${SG.count(v.count)} ± ${SG.count(v.countError95)} transactions, ${SG.count(v.customers ?? 0)} ± ${SG.count(v.customersError95 ?? 0)} customers` : "";
  };
  const categories = SG.barChart("categories", { label: "amount (USD)", horizontal: true, tooltip: (c) => `${SG.money(c.raw)} ± ${SG.money(c.dataset.errors[c.dataIndex] ?? 0)}${categoryCounts(c)}${noisy(c)}`,
    scales: { x: { beginAtZero: true, ticks: { callback: (v) => SG.moneyAxis(v) } }, y: { ticks: { autoSkip: false, font: { size: 11 } } } } });
  const trend = SG.barChart("trend-chart", { label: "spending (USD)", tooltip: (c) => `${SG.money(c.raw)} ± ${SG.money(c.dataset.errors[c.dataIndex] ?? 0)}${noisy(c)}`,
    scales: { y: { beginAtZero: true, ticks: { callback: (v) => SG.moneyAxis(v) } }, x: { ticks: { maxRotation: 0, autoSkipPadding: 8 } } } });
  const segments = SG.barChart("segments-chart", { label: "customers", color: SG.colors.good, tooltip: (c) => `${c.raw} ± ${c.dataset.errors[c.dataIndex] ?? 0} customers${noisy(c)}`,
    scales: { x: { ticks: { autoSkip: false } }, y: { beginAtZero: true } } });
  const scores = SG.barChart("score-chart", { label: "transactions", tooltip: (c) => `${SG.count(c.raw.y)} transactions`,
    scales: { x: { type: "linear", min: 0, max: 1, ticks: { stepSize: 0.1 } }, y: { type: "logarithmic", title: { display: true, text: "transactions (log)" } } } });
  scores.data.datasets[0].barPercentage = 1;
  scores.data.datasets[0].categoryPercentage = 1;
  const rate = SG.lineChart("health-rate", [{ label: "events / s", color: SG.colors.accent }]);
  const latency = SG.lineChart("health-latency", [{ label: "latency p50 (ms)", color: SG.colors.good }, { label: "latency p99 (ms)", color: SG.colors.warn }]);
  const losses = SG.lineChart("health-losses", [{ label: "dead letters", color: SG.colors.bad }, { label: "late events", color: SG.colors.warn }, { label: "dropped frames", color: SG.colors.muted }]);
  const lag = SG.lineChart("health-lag", [{ label: "ms behind (oldest unprocessed record, worst shard)", color: SG.colors.warn }]);
  lag.options.plugins.legend.display = true;

  let paused = false;
  let lastFrame = null;
  $("pause").addEventListener("click", () => {
    paused = !paused;
    $("pause").textContent = paused ? "Resume live" : "Pause live";
    $("pause").setAttribute("aria-pressed", String(paused));
    if (!paused && lastFrame) render(lastFrame);
  });

  // Fills a population chart: values within their own noise are drawn grey, and the value axis
  // reaches the top of every error bar so each interval is visible whole.
  function fill(chart, values, value, error, color) {
    const data = values.map(value);
    const errors = values.map(error);
    chart.data.labels = values.map((v) => v.label);
    chart.data.datasets[0].data = data;
    chart.data.datasets[0].errors = errors;
    chart.data.datasets[0].backgroundColor = data.map((d, i) => (Math.abs(d) <= errors[i] ? SG.colors.muted : color));
    const axis = chart.options.indexAxis === "y" ? "x" : "y";
    chart.options.scales[axis].suggestedMax = Math.max(0, ...data.map((d, i) => d + errors[i]));
    return data.filter((d, i) => Math.abs(d) <= errors[i]).length;
  }

  // Periods before the stream's first transaction are not drawn (they would be pure noise around zero).
  function fromFirstData(trendValues, first) {
    if (!first) {
      const start = trendValues.findIndex((t) => t.amount > t.amountError95);
      return start < 0 ? [] : trendValues.slice(start);
    }
    return trendValues.filter((t) => t.key >= first.slice(0, t.key.length));
  }

  function setState(chart, text) {
    chart.options.plugins.state = { text };
  }

  function renderPopulation(frame) {
    const p = frame.population;
    const note = $("population-budget");
    if (!p) {
      // Before the continual release exists: the sums of closed-window releases.
      categories.data.labels = frame.categories.map((c) => SG.label(c.category));
      categories.data.datasets[0].data = frame.categories.map((c) => c.amount);
      categories.data.datasets[0].errors = [];
      categories.data.datasets[0].backgroundColor = SG.colors.accent;
      setState(categories, frame.categories.length ? null : "waiting for the first release");
      categories.update("none");
      note.textContent = "differentially private · closed days only until the first population release";
      note.className = "muted";
      return;
    }
    const exhausted = p.budgetExhausted ? "privacy budget spent: releases stopped until the next period" : null;
    const hidden = fill(categories, p.categories.map((c) => ({ ...c, label: SG.label(c.key) })), (c) => c.amount, (c) => c.amountError95, SG.colors.accent);
    setState(categories, exhausted);
    categories.update("none");
    const shown = fromFirstData(p.trend, frame.firstEventTime);
    const hiddenTrend = fill(trend, shown.map((t) => ({ ...t, label: t.key })), (t) => t.amount, (t) => t.amountError95, SG.colors.accent);
    setState(trend, exhausted ?? (shown.length ? null : "no closed period with data yet"));
    trend.update("none");
    const hiddenSegments = fill(segments, p.segments.map((x) => ({ ...x, label: x.key })), (x) => x.count, (x) => x.countError95, SG.colors.good);
    setState(segments, exhausted);
    segments.update("none");
    renderCounts(p);
    const drowned = hidden + hiddenTrend + hiddenSegments;
    note.textContent = `${p.mechanism} · ε ${fixed(p.epsilonSpent, 2)} of ${fixed(p.epsilonBudget, 2)} spent · as of ${p.asOf.slice(0, 16).replace("T", " ")} · bars show 95 % error` +
      (drowned > 0 ? ` · ${drowned} grey bar${drowned === 1 ? "" : "s"} in the three population charts: noise larger than the value` : "") +
      (p.budgetExhausted ? " · budget spent, releases stopped" : "");
    note.className = p.budgetExhausted ? "exhausted" : "muted";
  }

  // The released counts next to the amounts, each with its 95 % error, and the plain verdict: is this view mostly noise?
  function renderCounts(p) {
    const pm = (v, e, f) => `${f(v)} ± ${f(e)}`;
    const rows = p.categories.map((c) => {
      const tr = SG.el("tr", { className: c.noiseExceedsSignal ? "muted" : "" });
      tr.append(SG.cell(SG.label(c.key)), SG.cell(pm(c.amount, c.amountError95, SG.money), "num"),
        SG.cell(pm(c.count, c.countError95, SG.count), "num"), SG.cell(pm(c.customers ?? 0, c.customersError95 ?? 0, SG.count), "num"));
      return tr;
    });
    $("population-counts").tBodies[0].replaceChildren(...rows);
    $("population-bound").textContent = p.bound
      ? `Noise is calibrated to a fixed bound ${p.bound}; ${p.treeLevels === 1 ? "each day is noised once" : `tree of ${p.treeLevels} levels`}.`
      : "";
    const verdict = $("population-verdict");
    const error = p.categories.length ? p.categories[0].amountError95 : 0;
    const clear = p.categories.filter((c) => !c.noiseExceedsSignal).length;
    if (p.budgetExhausted || !p.categories.length) {
      verdict.textContent = "";
      verdict.className = "";
    } else if (p.noiseExceedsSignal) {
      verdict.textContent = `Too few customers for a useful private view yet: the noise on each category (± ${SG.money(error)}) is larger than the average category. Only ${clear} of ${p.categories.length} categories stand above their noise.`;
      verdict.className = "warning";
    } else {
      verdict.textContent = `Each category is within ± ${SG.money(error)} (95 %); ${clear} of ${p.categories.length} categories stand above their noise, the others are drawn grey.`;
      verdict.className = "muted";
    }
  }

  function renderHealth(frame) {
    const h = frame.health;
    const labels = h.map((x) => x.at);
    rate.data.labels = labels; rate.data.datasets[0].data = h.map((x) => x.eventsPerSecond); rate.update("none");
    latency.data.labels = labels; latency.data.datasets[0].data = h.map((x) => x.latencyP50Ms); latency.data.datasets[1].data = h.map((x) => x.latencyP99Ms); latency.update("none");
    losses.data.labels = labels;
    losses.data.datasets[0].data = h.map((x) => x.deadLetters);
    losses.data.datasets[1].data = h.map((x) => x.lateEvents);
    losses.data.datasets[2].data = h.map((x) => x.droppedUpdates);
    losses.update("none");
    lag.data.labels = labels; lag.data.datasets[0].data = h.map((x) => x.millisBehind ?? null); lag.update("none");
    const shards = frame.shardLag ?? [];
    $("shard-lag").tBodies[0].replaceChildren(...(shards.length ? shards.map((l) => {
      const tr = SG.el("tr");
      tr.append(SG.cell(l.shardId), SG.cell(l.recordsBehind === null || l.recordsBehind === undefined ? "n/a" : SG.count(l.recordsBehind), "num"),
        SG.cell(SG.count(Math.round(l.millisBehind)), "num"));
      return tr;
    }) : [SG.el("tr", {}, SG.el("td", { colSpan: 3, className: "empty", textContent: "measuring…" }))]));
    const last = h[h.length - 1];
    $("health-now").textContent = last
      ? `${SG.count(Math.round(last.eventsPerSecond))} events/s · latency p50 ${fixed(last.latencyP50Ms, 0)} ms, p99 ${fixed(last.latencyP99Ms, 0)} ms · ${SG.count(last.deadLetters)} dead letters · ${SG.count(last.lateEvents)} late · ${SG.count(last.droppedUpdates)} dropped frames` +
        (last.millisBehind === null || last.millisBehind === undefined ? "" : ` · lag ${SG.count(Math.round(last.millisBehind))} ms` + (last.recordsBehind === null || last.recordsBehind === undefined ? "" : ` (${SG.count(last.recordsBehind)} records)`))
      : "collecting the first second…";
  }

  function renderScores(frame) {
    scores.data.datasets[0].data = frame.scoreHistogram.map((n, i) => ({ x: (i + 0.5) / frame.scoreHistogram.length, y: n }));
    scores.options.plugins.threshold.value = frame.alertThreshold ?? null;
    scores.update("none");
    $("threshold-note").textContent = frame.alertThreshold === null || frame.alertThreshold === undefined
      ? "alert threshold: not reported by this scorer"
      : `alert threshold ${frame.alertThreshold.toFixed(3)} (dashed line)`;
  }

  // aws mode: the workers release the population view; say which mechanism and how much budget it has spent.
  function workersNote(pop) {
    return pop
      ? `population charts: differentially private releases from the workers (${pop.mechanism}, ε ${fixed(pop.epsilonSpent, 2)} of ${fixed(pop.epsilonBudget, 2)} spent this period)`
      : "population charts: differentially private releases from the workers (none received yet)";
  }

  function render(frame) {
    lastFrame = frame;
    if (paused) return;
    $("processed").textContent = SG.count(frame.processed);
    $("rate").textContent = SG.count(Math.round(frame.eventsPerSecond));
    $("alerts").textContent = SG.count(frame.alerts);
    $("dead").textContent = SG.count(frame.deadLettered);
    $("verdicts").textContent = `${SG.count(frame.verdicts.fraud + frame.verdicts.notFraud)}`;
    $("verdicts").title = `${frame.verdicts.fraud} fraud, ${frame.verdicts.notFraud} not fraud, ${frame.verdicts.waiting} waiting for the scorer`;
    $("latest").textContent = frame.latestEventTime ?? "–";
    renderPopulation(frame);
    renderHealth(frame);
    renderScores(frame);
    SG.renderQueue(frame.cases);

    $("recent").tBodies[0].replaceChildren(...frame.recent.map((t) => {
      const tr = SG.el("tr", { className: t.alert ? "flagged" : "" });
      tr.dataset.id = t.id;
      tr.append(SG.cell(t.eventTime), SG.cell(t.merchant), SG.cell(SG.label(t.category)), SG.cell(SG.money(t.amount), "num"),
        SG.cell(t.card), SG.cell(t.customer), SG.cell(t.score.toFixed(2), "num"));
      return tr;
    }));

    const p = frame.privacy;
    $("privacy").textContent = `privacy: identifiers are keyed pseudonyms (key ${p.pseudonymKeyId}); cards shown as last four only; ` +
      `home generalised to ${p.homeCellDegrees}° cells and 3-digit zip; merchant coordinates ${p.merchantLocationKept ? "kept (opt-in)" : "dropped"}; ` +
      (p.noise ? `category chart before the first population release: differentially private releases of closed windows (${p.noise}, ε ${p.epsilon} per release, ${p.releases} releases, ε spent ${p.epsilonSpent})` : workersNote(frame.population)) +
      (frame.droppedUpdates > 0 ? ` · ${SG.count(frame.droppedUpdates)} live updates dropped for slow viewers` : "");
  }

  const status = $("status");
  const setStatus = (text, cls) => { status.textContent = text; status.className = `status ${cls}`; };
  const connection = new signalR.HubConnectionBuilder().withUrl("hubs/dashboard").withAutomaticReconnect().build();
  connection.on("frame", render);
  connection.onreconnecting(() => setStatus("reconnecting…", "connecting"));
  connection.onreconnected(() => setStatus("live", "live"));
  connection.onclose(() => setStatus("disconnected", "down"));
  const start = () => connection.start().then(() => setStatus("live", "live")).catch(() => { setStatus("retrying…", "down"); setTimeout(start, 2000); });
  start();
})();
