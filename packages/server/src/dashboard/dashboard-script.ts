/**
 * The dashboard's browser script, served as `/assets/dashboard.js` (kept as text in a module
 * so that it ships the same from the sources and from the build). It draws each
 * `figure[data-src]` with uPlot from the chart's JSON and the `figure[data-ecg-src]` ECG at
 * 25 mm/s and 10 mm/mV. A hover, or the arrow keys on a focused chart, show the exact stored
 * values of a reading and its local date and time; dragging zooms and loads the readings of
 * the zoomed span again at full detail; a double click or Escape goes back. Each chart is
 * registered in `window.__charts` (points drawn, total) and its figure carries `data-points`
 * and `data-state="ready"` once drawn, for tests and benchmarks.
 *
 * @example
 * ```ts
 * new Response(DASHBOARD_SCRIPT, { headers: { "content-type": "text/javascript" } });
 * ```
 */
export const DASHBOARD_SCRIPT = `
(function () {
  "use strict";
  var charts = (window.__charts = window.__charts || {});
  var style = getComputedStyle(document.documentElement);
  function cssVar(name, fallback) { return style.getPropertyValue(name).trim() || fallback; }
  function color(i) { return cssVar("--series-" + (i % 7), "#555"); }
  // Local wall-clock seconds are drawn as UTC, so every axis label is the reading's own clock.
  function utc(ts) { return uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); }
  var HOUR = 3600;
  var pending = Promise.resolve();

  function show(value, unit) {
    if (value === null || value === undefined) return null;
    return String(value) + (unit ? " " + unit : "");
  }

  function setupChart(fig) {
    var plotEl = fig.querySelector(".plot");
    var readout = fig.querySelector(".readout");
    var hint = readout.textContent;
    var id = fig.getAttribute("data-chart");
    var src = fig.getAttribute("data-src");
    var base = fig.getAttribute("data-query");
    var state = { plot: null, payload: null, busy: 0, zoomed: false };
    charts[id] = { points: 0, total: 0, plot: null, payload: null, drawnAt: null };

    function width() { return Math.max(280, Math.floor(plotEl.clientWidth || 600)); }
    function height() { return window.innerWidth < 640 ? 200 : 260; }

    function load(query, keepScale) {
      var busy = ++state.busy;
      fig.setAttribute("data-state", "loading");
      return fetch(src + "?" + query + "&width=" + width(), { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (p) { if (busy === state.busy) draw(p, keepScale); })
        .catch(function (e) {
          readout.textContent = "Could not load this chart (" + e.message + ").";
          fig.setAttribute("data-state", "error");
        });
    }

    function readoutText(idx) {
      var p = state.payload;
      if (idx === null || idx === undefined || p === null || idx >= p.x.length) return hint;
      var parts = [p.when[idx]];
      p.series.forEach(function (s, i) {
        var v = show(p.y[i][idx], s.unit);
        if (v !== null) parts.push(s.label + " " + v);
      });
      if (p.device[idx]) parts.push(p.device[idx]);
      return parts.join(" · ");
    }

    function finish(p) {
      fig.setAttribute("data-points", String(p.drawn));
      fig.setAttribute("data-total", String(p.total));
      charts[id].points = p.drawn;
      charts[id].total = p.total;
      charts[id].payload = p;
      charts[id].plot = state.plot;
    }

    function draw(p, keepScale) {
      state.payload = p;
      if (state.plot !== null && keepScale) {
        state.plot.setData([p.x].concat(p.y), false);
        state.plot.redraw();
        finish(p);
        fig.setAttribute("data-state", "ready");
        return;
      }
      if (state.plot !== null) { state.plot.destroy(); state.plot = null; }
      plotEl.textContent = "";
      finish(p);
      if (p.drawn === 0) {
        plotEl.textContent = "No readings in this range.";
        charts[id].drawnAt = performance.now();
        fig.setAttribute("data-state", "ready");
        return;
      }
      var units = [];
      p.series.forEach(function (s) { if (units.indexOf(s.unit) < 0) units.push(s.unit); });
      var fg = cssVar("--fg", "#222");
      var grid = cssVar("--line", "#ddd");
      var scales = { x: { time: true } };
      var axes = [{ stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } }];
      units.forEach(function (u, i) {
        scales[u] = {};
        if (i < 2) {
          axes.push({
            scale: u, side: i === 0 ? 3 : 1, label: u, stroke: fg, size: 56,
            grid: { show: i === 0, stroke: grid, width: 1 }, ticks: { stroke: grid },
          });
        }
      });
      var series = [{}].concat(p.series.map(function (s, i) {
        return {
          label: s.label, scale: s.unit, stroke: color(i), width: 1.5, spanGaps: true,
          points: { size: 5, fill: color(i) },
        };
      }));
      var opts = {
        width: width(), height: height(), tzDate: utc, scales: scales, axes: axes, series: series,
        legend: { show: false },
        cursor: { drag: { x: true, y: false, setScale: false }, points: { size: 8 } },
        hooks: {
          setCursor: [function (u) { readout.textContent = readoutText(u.cursor.idx); }],
          setSelect: [function (u) {
            if (u.select.width < 2) return;
            var min = u.posToVal(u.select.left, "x");
            var max = u.posToVal(u.select.left + u.select.width, "x");
            state.zoomed = true;
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            u.setScale("x", { min: min, max: max });
            // The x axis is local time; a record's true instant is within -14 h..+12 h of it.
            load("from=" + Math.floor(min - 14 * HOUR) + "&to=" + Math.ceil(max + 12 * HOUR + 1), true);
          }],
          draw: [function () {
            if (charts[id].drawnAt === null) charts[id].drawnAt = performance.now();
            fig.setAttribute("data-state", "ready");
          }],
        },
      };
      state.plot = new uPlot(opts, [p.x].concat(p.y), plotEl);
      // The key names every series in words beside its colour (colour alone is not enough).
      var key = document.createElement("ul");
      key.className = "key";
      p.series.forEach(function (s, i) {
        var li = document.createElement("li");
        var sw = document.createElement("span");
        sw.className = "swatch";
        sw.style.background = color(i);
        li.appendChild(sw);
        li.appendChild(document.createTextNode(s.label + " (" + s.unit + ")"));
        key.appendChild(li);
      });
      plotEl.insertBefore(key, plotEl.firstChild);
      charts[id].plot = state.plot;
      state.plot.over.addEventListener("dblclick", function () { reset(); });
    }

    function reset() {
      if (!state.zoomed) return;
      state.zoomed = false;
      load(base, false);
    }

    // Keyboard: arrows move from reading to reading, Home/End jump, Escape resets the zoom.
    var keyIdx = null;
    fig.addEventListener("keydown", function (e) {
      var u = state.plot;
      if (u === null) return;
      var n = u.data[0].length;
      var step = { ArrowRight: 1, ArrowLeft: -1, PageDown: 10, PageUp: -10 }[e.key];
      if (e.key === "Escape") { reset(); return; }
      if (e.key === "Home") keyIdx = 0;
      else if (e.key === "End") keyIdx = n - 1;
      else if (step !== undefined) keyIdx = keyIdx === null ? (step > 0 ? 0 : n - 1) : Math.min(n - 1, Math.max(0, keyIdx + step));
      else return;
      e.preventDefault();
      var left = u.valToPos(u.data[0][keyIdx], "x");
      u.setCursor({ left: left, top: u.bbox.height / devicePixelRatio / 2 });
      readout.textContent = readoutText(keyIdx);
    });
    fig.addEventListener("blur", function () { keyIdx = null; });

    if ("ResizeObserver" in window) {
      var last = 0;
      new ResizeObserver(function () {
        var w = width();
        if (state.plot !== null && w !== last) { last = w; state.plot.setSize({ width: w, height: height() }); }
      }).observe(plotEl);
    }
    // One chart's data at a time, in page order: the first chart gets the server to itself.
    pending = pending.then(function () { return load(base, false); });
  }

  function setupEcg(fig) {
    var plotEl = fig.querySelector(".plot");
    var readout = fig.querySelector(".readout");
    var hint = readout.textContent;
    // CSS pixels per millimetre: CSS fixes 1 in = 96 px = 25.4 mm.
    var mm = 96 / 25.4;
    var pxPerSecond = 25 * mm;
    var pxPerMv = 10 * mm;
    fig.setAttribute("data-px-per-second", String(pxPerSecond));
    fig.setAttribute("data-px-per-mv", String(pxPerMv));
    charts.ecg = { points: 0, total: 0, plot: null, payload: null, drawnAt: null };
    fetch(fig.getAttribute("data-ecg-src"), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (s) {
        var n = s.microvolts.length;
        var x = new Array(n), y = new Array(n);
        var lo = Infinity, hi = -Infinity;
        for (var i = 0; i < n; i++) {
          x[i] = i / s.samplingFrequency;
          y[i] = s.microvolts[i] / 1000;
          if (y[i] < lo) lo = y[i];
          if (y[i] > hi) hi = y[i];
        }
        // Whole 5 mm squares (0.5 mV) around the trace, with one to spare.
        var yMin = Math.floor(lo * 2) / 2 - 0.5;
        var height = Math.round((Math.ceil(hi * 2) / 2 + 0.5 - yMin) * pxPerMv);
        var seconds = n / s.samplingFrequency;
        var width = Math.round(seconds * pxPerSecond);
        // The canvas is whole pixels: the scales are set from its size, so 1 mV is exactly
        // 10 mm and 1 s exactly 25 mm, and the last square may be a fraction of a pixel short.
        var yMax = yMin + height / pxPerMv;
        var xMax = width / pxPerSecond;
        var minor = cssVar("--ecg-minor", "#f3c4c4");
        var major = cssVar("--ecg-major", "#dd8a8a");
        function gridLines(u) {
          var ctx = u.ctx;
          var b = u.bbox;
          ctx.save();
          var steps = [[0.04, 0.1, minor, 1], [0.2, 0.5, major, 1.5]];
          steps.forEach(function (st) {
            ctx.strokeStyle = st[2];
            ctx.lineWidth = st[3] * devicePixelRatio;
            ctx.beginPath();
            for (var t = 0; t <= xMax + 1e-9; t += st[0]) {
              var px = Math.round(u.valToPos(t, "x", true)) + 0.5;
              ctx.moveTo(px, b.top); ctx.lineTo(px, b.top + b.height);
            }
            for (var v = yMin; v <= yMax + 1e-9; v += st[1]) {
              var py = Math.round(u.valToPos(v, "y", true)) + 0.5;
              ctx.moveTo(b.left, py); ctx.lineTo(b.left + b.width, py);
            }
            ctx.stroke();
          });
          ctx.restore();
        }
        var opts = {
          width: width,
          height: height,
          padding: [0, 0, 0, 0],
          legend: { show: false },
          scales: { x: { time: false, range: [0, xMax] }, y: { range: [yMin, yMax] } },
          axes: [{ show: false }, { show: false }],
          cursor: { drag: { x: false, y: false }, points: { size: 6 } },
          series: [{}, { label: "ECG", stroke: cssVar("--ecg-trace", "#111"), width: 1.2, points: { show: false } }],
          hooks: {
            drawClear: [gridLines],
            setCursor: [function (u) {
              var i = u.cursor.idx;
              readout.textContent = i === null || i === undefined ? hint
                : "t " + (i / s.samplingFrequency).toFixed(3) + " s · " + show(y[i], "mV") + " (" + s.microvolts[i] + " µV), sample " + i;
            }],
            draw: [function () {
              if (charts.ecg.drawnAt === null) charts.ecg.drawnAt = performance.now();
              fig.setAttribute("data-state", "ready");
            }],
          },
        };
        fig.setAttribute("data-points", String(n));
        var u = new uPlot(opts, [x, y], plotEl);
        charts.ecg = { points: n, total: n, plot: u, payload: s, drawnAt: charts.ecg.drawnAt };
      })
      .catch(function (e) {
        readout.textContent = "Could not load this recording (" + e.message + ").";
        fig.setAttribute("data-state", "error");
      });
  }

  Array.prototype.forEach.call(document.querySelectorAll("figure[data-src]"), setupChart);
  Array.prototype.forEach.call(document.querySelectorAll("figure[data-ecg-src]"), setupEcg);
})();
`;
