// StreamGuard LiveView: renders the frames the server pushes over SignalR.
(() => {
  "use strict";
  const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
  const count = new Intl.NumberFormat("en-US");
  const $ = (id) => document.getElementById(id);
  const palette = ["#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#ea580c", "#4b5563",
    "#0d9488", "#9333ea", "#ca8a04", "#be123c", "#1d4ed8", "#15803d", "#b45309", "#6b7280"];

  const chart = new Chart($("categories"), {
    type: "bar",
    data: { labels: [], datasets: [{ label: "amount (USD)", data: [], backgroundColor: palette }] },
    options: {
      indexAxis: "y", animation: false, responsive: true, maintainAspectRatio: false,
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => money.format(c.raw) } } },
      scales: { x: { ticks: { callback: (v) => money.format(v) } } },
    },
  });

  const cell = (text, cls) => {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  };

  function render(frame) {
    $("processed").textContent = count.format(frame.processed);
    $("rate").textContent = count.format(Math.round(frame.eventsPerSecond));
    $("alerts").textContent = count.format(frame.alerts);
    $("dead").textContent = count.format(frame.deadLettered);
    $("latest").textContent = frame.latestEventTime ?? "–";

    chart.data.labels = frame.categories.map((c) => c.category.replaceAll("_", " ").toLowerCase());
    chart.data.datasets[0].data = frame.categories.map((c) => c.amount);
    chart.update("none");

    const body = $("recent").tBodies[0];
    body.replaceChildren(...frame.recent.map((t) => {
      const tr = document.createElement("tr");
      tr.dataset.id = t.id;
      if (t.alert) tr.className = "flagged";
      tr.append(cell(t.eventTime), cell(t.merchant), cell(t.category), cell(money.format(t.amount), "num"),
        cell(t.card), cell(t.customer), cell(t.score.toFixed(2), "num"));
      return tr;
    }));

    const list = $("alert-list");
    if (frame.recentAlerts.length === 0) {
      list.replaceChildren(Object.assign(document.createElement("li"), { className: "empty", textContent: "No alerts yet." }));
    } else {
      list.replaceChildren(...frame.recentAlerts.map((a) => {
        const li = document.createElement("li");
        li.className = `severity-${a.severity}`;
        li.dataset.type = a.type;
        li.append(Object.assign(document.createElement("b"), { textContent: `${a.type.replaceAll("_", " ")} · ${a.severity}` }),
          Object.assign(document.createElement("span"), { textContent: ` ${a.eventTime} — ${a.message}` }));
        return li;
      }));
    }

    const p = frame.privacy;
    $("privacy").textContent = `privacy: identifiers are keyed pseudonyms (key ${p.pseudonymKeyId}); cards shown as last four only; ` +
      `home generalised to ${p.homeCellDegrees}° cells and 3-digit zip; merchant coordinates ${p.merchantLocationKept ? "kept (opt-in)" : "dropped"}` +
      (frame.droppedUpdates > 0 ? ` · ${count.format(frame.droppedUpdates)} live updates dropped for slow viewers` : "");
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
