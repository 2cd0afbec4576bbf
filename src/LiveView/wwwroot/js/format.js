// StreamGuard console: shared formatting and DOM helpers (window.SG).
(() => {
  "use strict";
  const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
  const count = new Intl.NumberFormat("en-US");
  // Axis ticks: "$1.2M" instead of "$1,200,000.00", so a phone's axis is readable.
  const compact = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", notation: "compact", maximumFractionDigits: 1 });
  const SG = window.SG = {};
  SG.$ = (id) => document.getElementById(id);
  SG.money = (v) => (v === null || v === undefined ? "–" : money.format(v));
  SG.count = (v) => count.format(v);
  SG.moneyAxis = (v) => compact.format(v);
  // One spelling of a category everywhere: FOOD_AND_DRINK and food_dining read "food and drink", "food dining".
  SG.label = (text) => (text ?? "").replaceAll("_", " ").toLowerCase();
  SG.el = (tag, props, ...children) => {
    const node = Object.assign(document.createElement(tag), props ?? {});
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  };
  SG.cell = (text, cls) => SG.el("td", { textContent: text, className: cls ?? "" });
  SG.empty = (tag, text) => SG.el(tag, { className: "empty", textContent: text });
  SG.getJson = async (url) => {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
    return body;
  };
  SG.postJson = async (url, data) => {
    const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(data) });
    const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
    return body;
  };
})();
