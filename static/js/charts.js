/*
 * Charts drawn with Chart.js (static/vendor/chart.umd.min.js) from data the server renders with
 * Django's json_script: no inline scripts (strict Content-Security-Policy).
 *
 *   {{ grafiek|json_script:"grafiek-uitkering" }}
 *   <canvas data-chart="grafiek-uitkering" role="img" aria-label="..."></canvas>
 *
 * The data block: {"type": "bar" | "line", "labels": [...], "datasets": [{"label": ..., "data": ["134960.00", ...]}],
 * "gestapeld": true|false, "eenheid": "euro" | "aantal"}. Amounts arrive as decimal strings and are only
 * drawn here; every page shows the same numbers in an accessible table beside the chart.
 */
(function () {
  "use strict";

  // Dark, distinguishable colours with at least 3:1 contrast on white (WCAG 1.4.11).
  var KLEUREN = ["#00568b", "#ac501b", "#105f26", "#6b2c91", "#8a1538", "#00707a", "#5c5c5c", "#7a5c00"];

  var euro = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR" });
  var euroKort = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
  var getal = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });

  function teken(canvas) {
    if (canvas.dataset.chartInitialised || !window.Chart) {
      return;
    }
    var bron = document.getElementById(canvas.dataset.chart);
    if (!bron) {
      return;
    }
    canvas.dataset.chartInitialised = "true";
    var spec = JSON.parse(bron.textContent);
    var isEuro = spec.eenheid === "euro";
    var formaat = isEuro ? euro : getal;
    var gestapeld = Boolean(spec.gestapeld);
    var datasets = spec.datasets.map(function (ds, i) {
      var kleur = KLEUREN[i % KLEUREN.length];
      return {
        label: ds.label,
        data: ds.data.map(function (w) {
          return w === null ? null : parseFloat(w);
        }),
        backgroundColor: kleur,
        borderColor: kleur,
        borderWidth: 1,
      };
    });
    new window.Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        locale: "nl-NL",
        scales: {
          x: { stacked: gestapeld },
          y: {
            stacked: gestapeld,
            beginAtZero: true,
            ticks: {
              callback: function (waarde) {
                return isEuro ? euroKort.format(waarde) : getal.format(waarde);
              },
            },
          },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + ": " + formaat.format(context.parsed.y);
              },
            },
          },
        },
      },
    });
  }

  function init() {
    document.querySelectorAll("canvas[data-chart]").forEach(teken);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
