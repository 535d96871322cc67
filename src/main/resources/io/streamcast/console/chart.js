/*
 * A small SVG chart for the console: lines (broken where a value is missing), an interval band, dots and bars
 * over a time or index axis, with grid lines, axis labels, reference lines and vertical markers. Every drawn
 * series carries data-series="<id>", so that what was drawn can be found again.
 */
(function (global) {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var PAD = { top: 10, right: 14, bottom: 24, left: 58 };

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    for (var k in attrs) { node.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function finite(v) { return typeof v === 'number' && isFinite(v); }

  function niceStep(span, count) {
    var raw = span / Math.max(1, count);
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var norm = raw / mag;
    return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  }

  function formatNumber(v) {
    var a = Math.abs(v);
    if (a >= 1e6) { return (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M'; }
    if (a >= 1e4) { return (v / 1e3).toFixed(a >= 1e5 ? 0 : 1) + 'k'; }
    if (a >= 100) { return v.toFixed(0); }
    if (a >= 1) { return v.toFixed(a >= 10 ? 1 : 2); }
    if (a === 0) { return '0'; }
    return v.toPrecision(2);
  }

  /** A whole number as it is below 10,000 (20 anomalies, not 20.0), compact above. */
  function wholeNumber(v) { return Math.abs(v) >= 1e4 ? formatNumber(v) : v.toFixed(0); }

  /** A span label's width per character, px: its 10 px bold type, as estimated where it is not drawn yet. */
  var SPAN_CHAR = 5.5;
  /** How far a span label reaches above its baseline and below it, px, and the room it wants clear around it. */
  var SPAN_ASCENT = 10, SPAN_DESCENT = 3, SPAN_CLEAR = 3;

  /**
   * Where the series and reference lines of spec will be drawn, as boxes {x0, x1, top, bottom} in px: a line's or a
   * band's each stretch between two points, a dot, a reference line and its label.
   */
  function drawnBoxes(spec, xs, sx, sy, width) {
    var boxes = [];
    spec.series.forEach(function (s) {
      var xsOf = s.x || xs;
      if (s.kind === 'line' || s.kind === 'band') {
        var lows = s.kind === 'band' ? s.lower : s.values, highs = s.kind === 'band' ? s.upper : s.values;
        var prev = null;
        xsOf.forEach(function (x, k) {
          if (finite(lows[k]) && finite(highs[k])) {
            var at = { x: sx(x), top: sy(highs[k]) - 1, bottom: sy(lows[k]) + 1 };
            var from = prev || at;
            boxes.push({ x0: from.x, x1: at.x, top: Math.min(from.top, at.top),
              bottom: Math.max(from.bottom, at.bottom) });
            prev = at;
          } else if (!s.bridge) {
            prev = null;
          }
        });
      } else if (s.kind === 'dots') {
        var r = (s.radius || 3.5) + 1;
        xsOf.forEach(function (x, k) {
          if (finite(s.values[k])) {
            var cx = sx(x), cy = sy(s.values[k]);
            boxes.push({ x0: cx - r, x1: cx + r, top: cy - r, bottom: cy + r });
          }
        });
      }
    });
    (spec.refs || []).forEach(function (r) {
      var y = sy(r.y);
      boxes.push({ x0: -Infinity, x1: width, top: y - 1, bottom: y + 1 });
      if (r.label) { boxes.push({ x0: PAD.left, x1: PAD.left + 8 + r.label.length * 6, top: y - 15, bottom: y }); }
    });
    return boxes;
  }

  /** How near, px, the drawn boxes come to a label between x0 and x1 whose baseline is at y; 0 when they meet it. */
  function clearance(drawn, x0, x1, y) {
    var top = y - SPAN_ASCENT, bottom = y + SPAN_DESCENT, nearest = Infinity;
    drawn.forEach(function (b) {
      if (b.x1 >= x0 && b.x0 <= x1) { nearest = Math.min(nearest, Math.max(0, b.top - bottom, top - b.bottom)); }
    });
    return nearest;
  }

  /**
   * The baseline of a label between x0 and x1: the first of the edges (preferred first) that the drawn boxes leave
   * clear, else the height between them where those come least near it.
   */
  function labelHeight(drawn, x0, x1, edges) {
    for (var e = 0; e < edges.length; e++) {
      if (clearance(drawn, x0, x1, edges[e]) >= SPAN_CLEAR) { return edges[e]; }
    }
    var best = edges[0], room = clearance(drawn, x0, x1, best);
    var high = Math.min(edges[0], edges[1]), low = Math.max(edges[0], edges[1]);
    for (var y = high; y <= low; y += 2) {
      var c = clearance(drawn, x0, x1, y);
      if (c > room) { best = y; room = c; }
    }
    return best;
  }

  /**
   * Draws into container (emptied first). spec: {x: [numbers], series: [{id, kind: 'line'|'band'|'dots'|'bars',
   * values, lower, upper, className}], height, yMin, yMax, refs: [{y, label, className}], marks: [{x, label}],
   * xTicks: x values to label (thinned to fit), xFormat(x) -> label, yFormat(y) -> label, yWhole: true for counts,
   * spans: [{id, from, to, label, shortLabel, title, className}] stretches of x shaded behind the data, labelled where
   * the data leave room, shortLabel where label does not fit, spanLabelsAtTop: true to prefer their labels along the
   * top, empty: text shown without data}.
   */
  function draw(container, spec) {
    var width = Math.max(240, container.clientWidth || 600);
    var height = spec.height || 220;
    container.textContent = '';
    var svg = el('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height,
      'class': 'chart-svg', role: 'img' }, container);
    var xs = spec.x || [];
    var ys = [];
    spec.series.forEach(function (s) {
      (s.values || []).forEach(function (v) { if (finite(v)) { ys.push(v); } });
      (s.lower || []).forEach(function (v) { if (finite(v)) { ys.push(v); } });
      (s.upper || []).forEach(function (v) { if (finite(v)) { ys.push(v); } });
    });
    // Reference lines are drawn over data, and are none: a chart of them alone says it has no data yet.
    var hasData = ys.length > 0;
    (spec.refs || []).forEach(function (r) { ys.push(r.y); });
    if (xs.length === 0 || !hasData) {
      el('text', { x: width / 2, y: height / 2, 'class': 'chart-empty', 'text-anchor': 'middle' }, svg)
        .textContent = spec.empty || 'No data yet';
      return svg;
    }
    var yMin = finite(spec.yMin) ? spec.yMin : Math.min.apply(null, ys);
    var yMax = finite(spec.yMax) ? spec.yMax : Math.max.apply(null, ys);
    if (!finite(spec.yMin) || !finite(spec.yMax)) {
      var pad = (yMax - yMin) * 0.08 || Math.abs(yMax) * 0.1 || 1;
      if (!finite(spec.yMin)) { yMin -= pad; }
      if (!finite(spec.yMax)) { yMax += pad; }
    }
    var bars = spec.series.some(function (s) { return s.kind === 'bars'; });
    var xMin = xs[0], xMax = xs[xs.length - 1];
    var slot = xs.length > 1 ? (xMax - xMin) / (xs.length - 1) : 1;
    if (bars) { xMin -= slot / 2; xMax += slot / 2; }
    if (spec.xExtra) { xMax = Math.max(xMax, spec.xExtra); }
    xs.forEach(function (x) { if (x < xMin) { xMin = x; } if (x > xMax) { xMax = x; } });
    // one time: the axis is widened around it to be drawn, and named at that time alone
    var lone = xMax === xMin ? [xMin] : null;
    if (lone) { xMin -= 1; xMax += 1; }
    var plotW = width - PAD.left - PAD.right, plotH = height - PAD.top - PAD.bottom;
    function sx(x) { return PAD.left + (x - xMin) / (xMax - xMin) * plotW; }
    function sy(y) { return PAD.top + (1 - (y - yMin) / (yMax - yMin)) * plotH; }
    var yFormat = spec.yFormat || (spec.yWhole ? wholeNumber : formatNumber);

    var grid = el('g', { 'class': 'chart-grid' }, svg);
    var step = niceStep(yMax - yMin, 4);
    // counts (yWhole): no level between two whole numbers
    if (spec.yWhole) { step = Math.max(1, step); }
    var levels = [];
    // Each level from the first, not by adding to the last: values beyond 2^53 may lie further apart than the step,
    // where adding the step changes nothing and the top would never be reached. Levels that round to one are one.
    var first = Math.ceil(yMin / step) * step;
    for (var k = 0, t = first; t <= yMax + 1e-12 && k <= 100; k++, t = first + k * step) {
      var level = Math.abs(t) < step / 1e6 ? 0 : t;
      if (levels[levels.length - 1] !== level) { levels.push(level); }
    }
    var labels = levels.map(yFormat);
    if (!spec.yFormat && labels.some(function (l, k) { return k > 0 && l === labels[k - 1]; })) {
      // Large values that vary little (20,000 to 20,010) share one compact label: show the digits the step needs.
      var digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
      labels = levels.map(function (v) { return v.toFixed(digits); });
    }
    levels.forEach(function (level, k) {
      var y = sy(level);
      el('line', { x1: PAD.left, x2: width - PAD.right, y1: y, y2: y }, grid);
      el('text', { x: PAD.left - 8, y: y + 4, 'text-anchor': 'end', 'class': 'chart-label' }, grid)
        .textContent = labels[k];
    });
    var ticks = Math.max(2, Math.min(6, Math.floor(plotW / 110)));
    var xTicks = spec.xTicks || lone;
    if (xTicks) {
      var every = Math.ceil(xTicks.length / (ticks + 1));
      xTicks = xTicks.filter(function (v, k) { return k % every === 0; });
    } else {
      xTicks = [];
      for (var i = 0; i <= ticks; i++) { xTicks.push(xMin + (xMax - xMin) * i / ticks); }
    }
    var keptRight = -Infinity, keptText = null;
    xTicks.forEach(function (xv) {
      var px = sx(xv);
      var label = el('text', { x: px, y: height - 6, 'class': 'chart-label chart-x-label',
        'text-anchor': px < PAD.left + 30 ? 'start' : px > width - PAD.right - 30 ? 'end' : 'middle' }, grid);
      label.textContent = (spec.xFormat || formatNumber)(xv);
      // Labels are set by the chart's width, not their own (a key's times are long): one that would overlap the
      // label before it goes without. Measured as drawn; a chart not shown measures 0 wide and keeps them all.
      var box = label.getBBox();
      // and one that repeats the label before it (times closer than the format's precision) names nothing new
      if ((box.width > 0 && box.x < keptRight + 8) || label.textContent === keptText) {
        grid.removeChild(label);
      } else {
        keptRight = box.x + box.width;
        keptText = label.textContent;
      }
    });

    // Behind the marks and the data: a stretch of the axis set apart (a key's events not scored), labelled where the
    // stretch's data leave room. Along the bottom always, low values met the label (a counter at 0 while the key
    // learns); along the top, high ones would. So the label goes to the preferred edge (the bottom, where the marks'
    // labels at the top cannot cover it; the top with spanLabelsAtTop, for a chart whose data and reference lines lie
    // at its bottom, as a likelihood's near 0 do) when the data leave it clear there, else to the other edge, else to
    // the height where the data come least near it. A stretch starts where a new model version's mark stands: labelled
    // at the top, it is set below the marks' labels. Too narrow for its label, a stretch takes its short one, if that
    // fits; before, a stretch narrower than its label's width was left without one.
    var markLabels = (spec.marks || []).some(function (m) { return m.label; });
    var spanTop = PAD.top + (markLabels ? 24 : 12), spanBottom = PAD.top + plotH - 5;
    var drawn = (spec.spans || []).length ? drawnBoxes(spec, xs, sx, sy, width) : [];
    (spec.spans || []).forEach(function (sp) {
      var g = el('g', { 'class': 'chart-span ' + (sp.className || ''), 'data-span': sp.id }, svg);
      var left = sx(sp.from), right = Math.max(sx(sp.to), left + 2);
      var rect = el('rect', { x: left.toFixed(1), y: PAD.top, width: (right - left).toFixed(1), height: plotH }, g);
      if (sp.title) { el('title', {}, rect).textContent = sp.title; }
      var label = [sp.label, sp.shortLabel].filter(function (l) {
        return l && right - left >= l.length * SPAN_CHAR + 8; })[0];
      if (label) {
        var x0 = left + 4, x1 = left + 4 + label.length * SPAN_CHAR;
        var y = labelHeight(drawn, x0, x1, spec.spanLabelsAtTop ? [spanTop, spanBottom] : [spanBottom, spanTop]);
        el('text', { x: x0, y: y, 'class': 'chart-span-label' }, g).textContent = label;
      }
    });

    var lastLabel = -Infinity;
    (spec.marks || []).forEach(function (m) {
      var g = el('g', { 'class': 'chart-mark' }, svg);
      el('line', { x1: sx(m.x), x2: sx(m.x), y1: PAD.top, y2: PAD.top + plotH }, g);
      // Labels of marks closer than a label's width would overlap: the later one goes without.
      if (m.label && sx(m.x) - lastLabel >= 24) {
        lastLabel = sx(m.x);
        el('text', { x: sx(m.x) + 3, y: PAD.top + 10, 'class': 'chart-mark-label' }, g).textContent = m.label;
      }
    });

    spec.series.forEach(function (s) {
      var cls = 'series series-' + s.id + (s.className ? ' ' + s.className : '');
      var xsOf = s.x || xs;
      if (s.kind === 'band') {
        var d = '', run = [];
        var flush = function () {
          if (run.length > 1) {
            d += 'M' + run.map(function (p) { return sx(p[0]).toFixed(1) + ',' + sy(p[2]).toFixed(1); }).join('L');
            d += 'L' + run.slice().reverse().map(function (p) {
              return sx(p[0]).toFixed(1) + ',' + sy(p[1]).toFixed(1); }).join('L') + 'Z';
          }
          run = [];
        };
        xsOf.forEach(function (x, k) {
          if (finite(s.lower[k]) && finite(s.upper[k])) { run.push([x, s.lower[k], s.upper[k]]); } else { flush(); }
        });
        flush();
        if (d) { el('path', { d: d, 'class': cls, 'data-series': s.id }, svg); }
      } else if (s.kind === 'line') {
        var path = '', pen = false, drawn = 0, last = null;
        xsOf.forEach(function (x, k) {
          var v = s.values[k];
          if (finite(v)) {
            last = [sx(x).toFixed(1), sy(v).toFixed(1)];
            path += (pen ? 'L' : 'M') + last[0] + ',' + last[1];
            pen = true;
            drawn++;
          } else if (!s.bridge) {
            pen = false;
          }
        });
        if (drawn) { el('path', { d: path, 'class': cls, 'data-series': s.id, 'data-points': drawn }, svg); }
        // A line of one point draws nothing: a dot shows it.
        if (drawn === 1) {
          el('circle', { cx: last[0], cy: last[1], r: 2.5, 'class': cls + ' chart-lone-point' }, svg);
        }
      } else if (s.kind === 'dots') {
        var g = el('g', { 'class': cls, 'data-series': s.id }, svg);
        xsOf.forEach(function (x, k) {
          var v = s.values[k];
          if (finite(v)) {
            var c = el('circle', { cx: sx(x).toFixed(1), cy: sy(v).toFixed(1), r: s.radius || 3.5 }, g);
            if (s.titles) { el('title', {}, c).textContent = s.titles[k]; }
          }
        });
      } else if (s.kind === 'bars') {
        var gb = el('g', { 'class': cls, 'data-series': s.id }, svg);
        var bw = Math.max(1, plotW / (xMax - xMin) * slot * 0.7);
        xsOf.forEach(function (x, k) {
          var v = s.values[k];
          if (finite(v) && v > 0) {
            el('rect', { x: (sx(x) - bw / 2).toFixed(1), y: sy(v).toFixed(1), width: bw.toFixed(1),
              height: Math.max(0, sy(Math.max(yMin, 0)) - sy(v)).toFixed(1) }, gb);
          }
        });
      }
    });

    (spec.refs || []).forEach(function (r) {
      var g = el('g', { 'class': 'chart-ref ' + (r.className || '') }, svg);
      el('line', { x1: PAD.left, x2: width - PAD.right, y1: sy(r.y), y2: sy(r.y) }, g);
      if (r.label) {
        el('text', { x: PAD.left + 4, y: sy(r.y) - 4, 'class': 'chart-ref-label' }, g).textContent = r.label;
      }
    });
    return svg;
  }

  global.StreamcastChart = { draw: draw, formatNumber: formatNumber };
})(window);
