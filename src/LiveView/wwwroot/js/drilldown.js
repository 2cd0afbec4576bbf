// StreamGuard console: the alert queue, card history, verdicts and the customer view (drill-down through /api).
(() => {
  "use strict";
  const SG = window.SG;
  const $ = SG.$;
  const state = { caseId: null, chosen: false, customer: null, customerPinned: false, cases: [], query: "", searched: null, lastOpen: 0, signature: "" };
  SG.console = state;

  const historyChart = new Chart($("history-chart"), {
    type: "scatter",
    data: { datasets: [
      { label: "transactions", data: [], backgroundColor: SG.colors.accent, pointRadius: 3 },
      { label: "alerts", data: [], backgroundColor: SG.colors.bad, pointRadius: 6, pointStyle: "triangle" },
    ] },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      plugins: { legend: { labels: { boxWidth: 10 } }, threshold: { axis: "y" },
        tooltip: { callbacks: { label: (c) => `${c.raw.label}: score ${c.raw.y.toFixed(2)}, ${SG.money(c.raw.amount)}` } } },
      scales: {
        x: { type: "linear", ticks: { maxTicksLimit: 5, callback: (v) => new Date(v).toISOString().slice(5, 16).replace("T", " ") } },
        y: { min: 0, max: 1, title: { display: true, text: "score" } },
      },
    },
  });
  const trendChart = SG.barChart("customer-trend", { label: "spending", tooltip: (c) => SG.money(c.raw), scales: { x: {}, y: { beginAtZero: true, ticks: { callback: (v) => SG.moneyAxis(v) } } } });

  const severityRank = { low: 0, medium: 1, high: 2, critical: 3 };

  function caseItem(c) {
    const li = SG.el("li");
    const button = SG.el("button", { type: "button", className: `case severity-${c.severity}${c.caseId === state.caseId ? " selected" : ""}` });
    button.dataset.caseId = c.caseId;
    button.setAttribute("aria-pressed", c.caseId === state.caseId ? "true" : "false");
    const who = c.cardId ? `card ${c.card}` : `customer ${c.customerId?.slice(0, 12)}`;
    button.append(...[
      SG.el("span", { className: `badge ${c.severity}`, textContent: c.severity }),
      SG.el("b", { textContent: ` ${who}` }),
      SG.el("span", { className: "muted", textContent: ` · ${c.types.map(SG.label).join(", ")} · ${c.alertCount} alert${c.alertCount === 1 ? "" : "s"}` +
        (c.topScore !== null && c.topScore !== undefined ? ` · score ${c.topScore.toFixed(2)}` : "") + (c.modelVersion ? ` · model ${c.modelVersion}` : "") }),
      c.verdict ? SG.el("span", { className: `verdict-tag ${c.verdict === "fraud" ? "bad" : "good"}`, textContent: c.verdict }) : null,
      SG.el("span", { className: "reasons", textContent: `${c.latestEventTime} — ${c.reasons.slice(0, 3).join("; ")}` })].filter(Boolean));
    button.addEventListener("click", () => { state.chosen = true; openCase(c); });
    li.append(button);
    return li;
  }

  function filtered(cases) {
    const type = $("filter-type").value;
    const severity = $("filter-severity").value;
    return cases.filter((c) => (!type || c.types.includes(type)) && (!severity || c.severity === severity));
  }

  // The queue holds still while the pointer or the keyboard focus is in it, so a case can be read and chosen.
  const list = $("case-list");
  const items = new Map();
  let hold = false;
  const setHold = (value) => {
    hold = value;
    $("queue-hold").textContent = hold ? "updates held while you point at or tab through the queue" : "";
    if (!hold) { state.signature = ""; SG.renderQueue(state.cases); }
  };
  list.addEventListener("pointerenter", () => setHold(true));
  list.addEventListener("pointerleave", () => { if (!list.contains(document.activeElement)) setHold(false); });
  list.addEventListener("focusin", () => { if (!hold) setHold(true); });
  list.addEventListener("focusout", (e) => { if (!list.contains(e.relatedTarget) && !list.matches(":hover")) setHold(false); });

  const itemSignature = (c) => `${c.alertCount}:${c.verdict}:${c.severity}`;
  function markSelected() {
    for (const button of list.querySelectorAll("button.case")) {
      const selected = button.dataset.caseId === state.caseId;
      button.classList.toggle("selected", selected);
      button.setAttribute("aria-pressed", String(selected));
    }
  }

  SG.renderQueue = (cases) => {
    state.cases = cases;
    if (!state.chosen && cases.length && cases[0].caseId !== state.caseId && Date.now() - state.lastOpen > 3000) openCase(cases[0]);
    if (hold) return;
    const shown = filtered(state.searched ?? cases);
    const signature = shown.map((c) => `${c.caseId}:${itemSignature(c)}`).join("|");
    if (signature === state.signature) return;
    state.signature = signature;
    const lis = shown.map((c) => {
      const known = items.get(c.caseId);
      if (known && known.signature === itemSignature(c)) return known.li;
      const li = caseItem(c);
      items.set(c.caseId, { li, signature: itemSignature(c) });
      return li;
    });
    for (const id of [...items.keys()]) {
      if (!shown.some((c) => c.caseId === id)) items.delete(id);
    }
    if (lis.length === 0) {
      list.replaceChildren(SG.empty("li", state.searched ? "No case matches." : "No alerts yet."));
      return;
    }
    // Only nodes out of place move: the rest stay attached and keep focus.
    if (list.firstElementChild?.classList.contains("empty")) list.firstElementChild.remove();
    lis.forEach((li, i) => { if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null); });
    while (list.children.length > lis.length) list.lastElementChild.remove();
  };

  async function search() {
    const q = $("filter-query").value.trim();
    state.query = q;
    if (!q) { state.searched = null; state.signature = ""; SG.renderQueue(state.cases); return; }
    try {
      const params = new URLSearchParams({ q, limit: "100" });
      state.searched = await SG.getJson(`api/cases?${params}`);
    } catch (e) {
      state.searched = [];
    }
    state.signature = "";
    SG.renderQueue(state.cases);
  }

  let searchTimer = 0;
  $("filter-query").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 250); });
  $("queue-filters").addEventListener("submit", (e) => { e.preventDefault(); search(); });
  for (const id of ["filter-type", "filter-severity"]) $(id).addEventListener("change", () => { state.signature = ""; SG.renderQueue(state.cases); });
  setInterval(() => { if (state.query) search(); }, 3000);

  async function openCase(c) {
    state.caseId = c.caseId;
    state.lastOpen = Date.now();
    markSelected();
    const summary = $("case-summary");
    summary.replaceChildren(
      SG.el("p", {},
        SG.el("span", { className: `badge ${c.severity}`, textContent: c.severity }),
        SG.el("b", { textContent: c.cardId ? ` card ${c.card}` : ` customer ${c.customerId}` }),
        SG.el("span", { className: "muted", textContent: ` · customer ${c.customerId ?? "–"} · ${c.alertCount} alert(s) ${c.firstEventTime} → ${c.latestEventTime}` + (c.modelVersion ? ` · model ${c.modelVersion}` : "") })),
      SG.el("ul", { className: "plain alerts-of-case" }, ...c.alerts.slice(0, 3).map((a) => SG.el("li", {},
        SG.el("b", { textContent: `${SG.label(a.type)} · ${a.severity}` }),
        SG.el("span", { textContent: ` ${a.eventTime}${a.amount !== null && a.amount !== undefined ? " · " + SG.money(a.amount) : ""}${a.score !== null && a.score !== undefined ? " · score " + a.score.toFixed(2) : ""} — ${a.message}` }),
        a.reasons.length ? SG.el("span", { className: "reasons", textContent: a.reasons.join("; ") }) : null))));
    const canJudge = Boolean(c.cardId) && c.types.includes("fraud_suspected");
    $("verdict-fraud").disabled = !canJudge;
    $("verdict-ok").disabled = !canJudge;
    $("verdict-status").textContent = c.verdict ? `verdict: ${c.verdict}` : (canJudge ? "" : "verdicts apply to fraud cases of a card");
    if (c.customerId && !state.customerPinned) loadCustomer(c.customerId, false);
    if (!c.cardId) { clearHistory("This case has no card (a budget alert): see the customer."); return; }
    try {
      const h = await SG.getJson(`api/cards/${encodeURIComponent(c.cardId)}/history`);
      if (state.caseId !== c.caseId) return;
      renderHistory(h, c);
    } catch (e) {
      clearHistory(e.message);
    }
  }
  SG.openCase = openCase;

  function clearHistory(message) {
    historyChart.data.datasets.forEach((d) => { d.data = []; });
    historyChart.update("none");
    $("card-usual").textContent = message;
    $("history-table").tBodies[0].replaceChildren();
  }

  function renderHistory(h, c) {
    const alerted = new Set(c.alerts.map((a) => a.transactionId));
    const points = h.transactions.map((t) => ({ x: Date.parse(t.eventTime.replace(" ", "T") + "Z"), y: t.score, amount: t.amount, label: t.merchant, alert: t.alert || alerted.has(t.id) }));
    historyChart.data.datasets[0].data = points.filter((p) => !p.alert);
    historyChart.data.datasets[1].data = points.filter((p) => p.alert);
    historyChart.options.plugins.threshold.value = h.alertThreshold ?? null;
    historyChart.update("none");
    const u = h.usual;
    $("card-usual").textContent = `Usual for this card (last ${u.transactions} transactions): median ${SG.money(u.medianAmount)}, 90 % under ${SG.money(u.p90Amount)}, ` +
      `mostly ${u.topCategories.map(SG.label).join(", ")}, hours ${u.usualHours}.` + (h.verdicts.length ? ` Verdicts stored: ${h.verdicts.length}.` : "");
    $("history-table").tBodies[0].replaceChildren(...h.transactions.slice(0, 30).map((t) => {
      const tr = SG.el("tr", { className: t.alert || alerted.has(t.id) ? "flagged" : "" });
      tr.append(SG.cell(t.eventTime), SG.cell(t.merchant), SG.cell(SG.label(t.category)), SG.cell(SG.money(t.amount), "num"), SG.cell(t.score.toFixed(2), "num"));
      return tr;
    }));
  }

  async function judge(verdict) {
    const caseId = state.caseId;
    if (!caseId) return;
    $("verdict-status").textContent = "saving…";
    try {
      const r = await SG.postJson("api/verdicts", { caseId, verdict });
      $("verdict-status").textContent = `Stored: ${r.verdict} on ${r.transactions} alerted transaction(s) (${r.changed} new or changed); ${r.posted} label(s) posted to the scorer.`;
      const c = state.cases.find((x) => x.caseId === caseId);
      if (c) c.verdict = r.verdict;
      const button = list.querySelector(`[data-case-id="${CSS.escape(caseId)}"]`);
      if (button && !button.querySelector(".verdict-tag")) {
        button.insertBefore(SG.el("span", { className: `verdict-tag ${r.verdict === "fraud" ? "bad" : "good"}`, textContent: r.verdict }), button.querySelector(".reasons"));
      } else if (button) {
        const tag = button.querySelector(".verdict-tag");
        tag.textContent = r.verdict;
        tag.className = `verdict-tag ${r.verdict === "fraud" ? "bad" : "good"}`;
      }
    } catch (e) {
      $("verdict-status").textContent = `Not stored: ${e.message}`;
    }
  }
  $("verdict-fraud").addEventListener("click", () => judge("fraud"));
  $("verdict-ok").addEventListener("click", () => judge("not fraud"));

  // Only the newest request draws, and a searched customer is not replaced by a case's answer still on its way.
  let customerRequest = 0;
  async function loadCustomer(query, pinned) {
    if (pinned) state.customerPinned = true;
    const request = ++customerRequest;
    const stale = () => request !== customerRequest || (!pinned && state.customerPinned);
    const summary = $("customer-summary");
    try {
      const v = await SG.getJson(`api/customers/${encodeURIComponent(query)}`);
      if (stale()) return;
      state.customer = v.customerId;
      renderCustomer(v);
    } catch (e) {
      if (stale()) return;
      summary.replaceChildren(SG.el("p", { className: "error", textContent: e.message }));
    }
  }
  SG.loadCustomer = loadCustomer;
  $("customer-search").addEventListener("submit", (e) => { e.preventDefault(); const q = $("customer-query").value.trim(); if (q) loadCustomer(q, true); });

  function renderCustomer(v) {
    $("customer-summary").replaceChildren(SG.el("p", {},
      SG.el("b", { textContent: v.customerId }),
      SG.el("span", { className: "muted", textContent: ` · segment ${v.segment ?? "not yet assigned"} · month ${v.month ?? "–"}` })));
    const body = $("budget-table").tBodies[0];
    body.replaceChildren(...(v.budgets.length ? v.budgets.map((b) => {
      const tr = SG.el("tr", { className: b.status === "over" ? "flagged" : "" });
      const progress = SG.el("progress", { max: Number(b.budget ?? 0) || 1, value: Math.min(Number(b.monthToDate), Number(b.budget ?? 0) || 0) });
      progress.setAttribute("aria-label", `${SG.label(b.category)} spent against budget`);
      const status = SG.el("td", {}, SG.el("span", { textContent: b.status }), b.budget !== null && b.budget !== undefined ? progress : null);
      status.title = b.budgetSource;
      tr.append(SG.cell(SG.label(b.category)), SG.cell(SG.money(b.monthToDate), "num"), SG.cell(b.budget === null ? "none" : SG.money(b.budget), "num"), SG.cell(SG.money(b.forecast), "num"), status);
      return tr;
    }) : [SG.el("tr", {}, SG.el("td", { colSpan: 5, className: "empty", textContent: "No spending this month yet." }))]));
    trendChart.data.labels = v.trend.map((m) => m.month);
    trendChart.data.datasets[0].data = v.trend.map((m) => m.amount);
    trendChart.update("none");
    $("customer-duplicates").replaceChildren(...(v.duplicates.length
      ? v.duplicates.map((d) => SG.el("li", { textContent: `${d.eventTime} · ${SG.money(d.amount)} — ${d.message}` }))
      : [SG.empty("li", "None.")]));
    $("customer-recent").tBodies[0].replaceChildren(...v.recent.map((t) => {
      const tr = SG.el("tr", { className: t.alert ? "flagged" : "" });
      tr.append(SG.cell(t.eventTime), SG.cell(t.merchant), SG.cell(SG.label(t.category)), SG.cell(SG.money(t.amount), "num"));
      return tr;
    }));
  }

  // Keyboard: j / k move through the queue, f / n give a verdict on the open case.
  document.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.altKey || e.ctrlKey || e.metaKey) return;
    const buttons = [...document.querySelectorAll("#case-list button.case")];
    const at = buttons.findIndex((b) => b.dataset.caseId === state.caseId);
    if (e.key === "j" || e.key === "k") {
      const next = buttons[Math.max(0, Math.min(buttons.length - 1, at + (e.key === "j" ? 1 : -1)))];
      next?.focus();
      next?.click();
    } else if (e.key === "f" && !$("verdict-fraud").disabled) {
      judge("fraud");
    } else if (e.key === "n" && !$("verdict-ok").disabled) {
      judge("not fraud");
    }
  });
  SG.severityRank = severityRank;
})();
