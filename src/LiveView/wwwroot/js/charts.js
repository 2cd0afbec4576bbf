// StreamGuard console: Chart.js set-up, error bars and the alert-threshold marker.
(() => {
  "use strict";
  const SG = window.SG;
  const css = getComputedStyle(document.documentElement);
  const color = (name) => css.getPropertyValue(name).trim();
  Chart.defaults.color = color("--muted");
  Chart.defaults.borderColor = color("--line");
  Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', sans-serif";
  SG.colors = { accent: color("--accent"), bad: color("--bad"), good: color("--good"), warn: color("--warn"), ink: color("--ink"), muted: color("--muted") };

  // Draws each bar's 95 % interval: dataset.errors[i] is the half-width.
  const errorBars = {
    id: "errorBars",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const horizontal = chart.options.indexAxis === "y";
      chart.data.datasets.forEach((dataset, d) => {
        if (!dataset.errors) return;
        const meta = chart.getDatasetMeta(d);
        const scale = horizontal ? chart.scales.x : chart.scales.y;
        ctx.save();
        ctx.strokeStyle = SG.colors.ink;
        ctx.lineWidth = 1.2;
        meta.data.forEach((bar, i) => {
          const value = dataset.data[i];
          const error = dataset.errors[i];
          if (value === null || value === undefined || !error) return;
          const lo = scale.getPixelForValue(Math.max(scale.min, value - error));
          const hi = scale.getPixelForValue(value + error);
          ctx.beginPath();
          if (horizontal) {
            ctx.moveTo(lo, bar.y); ctx.lineTo(hi, bar.y);
            ctx.moveTo(lo, bar.y - 4); ctx.lineTo(lo, bar.y + 4);
            ctx.moveTo(hi, bar.y - 4); ctx.lineTo(hi, bar.y + 4);
          } else {
            ctx.moveTo(bar.x, lo); ctx.lineTo(bar.x, hi);
            ctx.moveTo(bar.x - 4, lo); ctx.lineTo(bar.x + 4, lo);
            ctx.moveTo(bar.x - 4, hi); ctx.lineTo(bar.x + 4, hi);
          }
          ctx.stroke();
        });
        ctx.restore();
      });
    },
  };

  // A dashed line at options.plugins.threshold.value on the x axis (or the y axis with axis: "y").
  const threshold = {
    id: "threshold",
    afterDatasetsDraw(chart, _args, options) {
      if (options.value === null || options.value === undefined) return;
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.strokeStyle = SG.colors.bad;
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 2;
      ctx.beginPath();
      if (options.axis === "y") {
        const y = chart.scales.y.getPixelForValue(options.value);
        ctx.moveTo(chartArea.left, y); ctx.lineTo(chartArea.right, y);
      } else {
        const x = chart.scales.x.getPixelForValue(options.value);
        ctx.moveTo(x, chartArea.top); ctx.lineTo(x, chartArea.bottom);
      }
      ctx.stroke();
      ctx.fillStyle = SG.colors.bad;
      ctx.fillText(options.label ?? `threshold ${options.value.toFixed(2)}`, options.axis === "y" ? chartArea.left + 4 : chart.scales.x.getPixelForValue(options.value) + 4,
        options.axis === "y" ? chart.scales.y.getPixelForValue(options.value) - 4 : chartArea.top + 10);
      ctx.restore();
    },
  };
  // A line of text across the plot (options.plugins.state.text): "budget spent", "waiting for the first release".
  const state = {
    id: "state",
    afterDraw(chart, _args, options) {
      if (!options.text) return;
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.font = "600 13px system-ui, sans-serif";
      const width = ctx.measureText(options.text).width + 16;
      const x = (chartArea.left + chartArea.right) / 2;
      const y = (chartArea.top + chartArea.bottom) / 2;
      ctx.fillStyle = SG.colors.bad;
      ctx.fillRect(x - width / 2, y - 13, width, 26);
      ctx.fillStyle = "#fff";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(options.text, x, y, chartArea.right - chartArea.left);
      ctx.restore();
    },
  };
  Chart.register(errorBars, threshold, state);

  const base = { animation: false, responsive: true, maintainAspectRatio: false };
  SG.barChart = (id, opts) => new Chart(SG.$(id), {
    type: "bar",
    data: { labels: [], datasets: [{ label: opts.label, data: [], errors: [], backgroundColor: opts.color ?? SG.colors.accent }] },
    options: {
      ...base, indexAxis: opts.horizontal ? "y" : "x",
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: opts.tooltip } }, threshold: {}, state: {} },
      scales: opts.scales ?? { x: {}, y: {} },
    },
  });
  SG.lineChart = (id, series) => new Chart(SG.$(id), {
    type: "line",
    data: { labels: [], datasets: series.map((s) => ({ label: s.label, data: [], borderColor: s.color, backgroundColor: s.color, pointRadius: 0, borderWidth: 2, tension: 0.2 })) },
    options: { ...base, plugins: { legend: { display: series.length > 1, labels: { boxWidth: 12 } }, threshold: {}, state: {} }, scales: { x: { ticks: { maxTicksLimit: 6 } }, y: { beginAtZero: true } } },
  });
})();
