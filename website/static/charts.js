// Time-series charts drawn with uPlot (vendor/uPlot.iife.min.js) from the page's embedded
// JSON (<script type="application/json" id="chart-data">, see website/series.py): one
// <figure data-chart="i"> per chart; a single line is drawn as bars, several as lines.
(function () {
  "use strict";
  var holder = document.getElementById("chart-data");
  if (!holder || !window.uPlot) return;
  var data = JSON.parse(holder.textContent);
  var xs = data.periods.map(function (d) { return Date.parse(d + "T00:00:00Z") / 1000; });
  var palette = ["#0b57d0", "#c2410c", "#2e7d32", "#6a1b9a", "#00695c", "#4a4f57"];
  var HEIGHT = 220;
  var DAY = 86400;
  var STEP = { daily: DAY, weekly: 7 * DAY, monthly: 30.44 * DAY }[data.grain] || DAY;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function label(ts) {  // UTC dates: "Jun 1" (days, weeks) or "Jun 2026" (months)
    var d = new Date(ts * 1000);
    var month = MONTHS[d.getUTCMonth()];
    return data.grain === "monthly" ? month + " " + d.getUTCFullYear() : month + " " + d.getUTCDate();
  }

  function width(el) { return Math.max(260, Math.floor(el.clientWidth || 600)); }
  function series(chart) {
    var bars = chart.lines.length === 1;
    return [{ label: data.grain === "daily" ? "Day" : data.grain === "weekly" ? "Week of" : "Month" }].concat(
      chart.lines.map(function (line, i) {
        var color = palette[i % palette.length];
        return {
          label: line.label,
          stroke: color,
          width: bars ? 1 : 2,
          fill: bars ? color + "cc" : undefined,
          paths: bars ? uPlot.paths.bars({ size: [0.8, 48] }) : undefined,
          points: { show: !bars && xs.length <= 60 },
          value: function (u, v) { return v == null ? "\u2014" : v.toLocaleString("en") + (chart.unit ? " " + chart.unit : ""); },
        };
      }));
  }
  function draw(figure) {
    var chart = data.charts[Number(figure.getAttribute("data-chart"))];
    var target = figure.querySelector(".plot");
    var opts = {
      width: width(target),
      height: HEIGHT,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); },
      scales: { x: { time: true, range: function (u, min, max) { return [min - STEP / 2, max + STEP / 2]; } }, y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } } },
      axes: [{
        space: 56,
        incrs: [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 91 * DAY, 182 * DAY, 364 * DAY],
        values: function (u, ticks) { return ticks.map(label); },
      }, { size: 64, values: function (u, ticks) { return ticks.map(function (t) { return t.toLocaleString("en"); }); } }],
      series: series(chart),
      legend: { live: true },
    };
    var plot = new uPlot(opts, [xs].concat(chart.lines.map(function (l) { return l.values; })), target);
    figure.setAttribute("data-drawn", String(chart.lines.reduce(function (n, l) { return n + l.values.length; }, 0)));
    if (window.ResizeObserver) {
      new ResizeObserver(function () { plot.setSize({ width: width(target), height: HEIGHT }); }).observe(target);
    }
  }
  document.querySelectorAll("figure[data-chart]").forEach(draw);
})();
