/*
 * Charts of the dashboards (team dashboard, KPI pages), drawn with Chart.js (static/vendor/chart.umd.min.js)
 * from data the server renders with Django's json_script: no inline scripts (strict Content-Security-Policy).
 *
 *   <script id="grafiek-kpi-gestart" type="application/json">{...}</script>
 *   <canvas data-dashboard-chart="grafiek-kpi-gestart" role="img" aria-label="..."></canvas>
 *
 * The data block is made by dashboards/tabellen.py from the same table that is printed beside the chart:
 * {"type": "bar" | "line", "labels": [...], "datasets": [{"label": ..., "data": ["92.5", null, ...], "lijn": bool}],
 *  "gestapeld": bool, "eenheid": "aantal" | "procent"}. A dataset with "lijn" (a target) is drawn as a dashed line.
 */
(function () {
  "use strict";

  // Dark, distinguishable colours with at least 3:1 contrast on white (WCAG 1.4.11).
  var KLEUREN = ["#00568b", "#ac501b", "#105f26", "#6b2c91", "#8a1538", "#00707a", "#5c5c5c", "#7a5c00"];
  var DOEL_KLEUR = "#1a1a1a";

  var getal = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });

  function formatteer(waarde, procent) {
    return procent ? getal.format(waarde) + "%" : getal.format(waarde);
  }

  function teken(canvas) {
    if (canvas.dataset.chartInitialised || !window.Chart) {
      return;
    }
    var bron = document.getElementById(canvas.dataset.dashboardChart);
    if (!bron) {
      return;
    }
    canvas.dataset.chartInitialised = "true";
    var spec = JSON.parse(bron.textContent);
    var procent = spec.eenheid === "procent";
    var gestapeld = Boolean(spec.gestapeld);
    var kleur = 0;
    var datasets = spec.datasets.map(function (ds) {
      var data = ds.data.map(function (w) {
        return w === null ? null : parseFloat(w);
      });
      if (ds.lijn) {
        return {
          type: "line",
          label: ds.label,
          data: data,
          borderColor: DOEL_KLEUR,
          backgroundColor: DOEL_KLEUR,
          borderDash: [6, 4],
          borderWidth: 2,
          pointRadius: 0,
          fill: false,
          order: 0,
        };
      }
      var c = KLEUREN[kleur++ % KLEUREN.length];
      return {
        label: ds.label,
        data: data,
        backgroundColor: c,
        borderColor: c,
        borderWidth: spec.type === "line" ? 2 : 1,
        pointRadius: spec.type === "line" ? 3 : undefined,
        spanGaps: true,
        order: 1,
      };
    });
    var y = {
      stacked: gestapeld,
      beginAtZero: true,
      ticks: {
        callback: function (waarde) {
          return formatteer(waarde, procent);
        },
      },
    };
    if (procent) {
      y.suggestedMax = 100;
    }
    new window.Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        aspectRatio: 3,
        locale: "nl-NL",
        scales: { x: { stacked: gestapeld }, y: y },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + formatteer(context.parsed.y, procent);
              },
            },
          },
        },
      },
    });
  }

  function init() {
    document.querySelectorAll("canvas[data-dashboard-chart]").forEach(teken);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
