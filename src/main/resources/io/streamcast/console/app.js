/* The Streamcast console: an overview of the instance and a live chart per key, polling the console's JSON. */
(function () {
  'use strict';
  var Chart = window.StreamcastChart;
  var view = document.getElementById('view');
  var statusEl = document.getElementById('status');
  var generation = 0;
  var OVERVIEW_EVERY_MS = 2000;
  var KEY_EVERY_MS = 1000;

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var k in (attrs || {})) {
      if (k === 'text') { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    }
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }

  function finite(v) { return typeof v === 'number' && isFinite(v); }
  function num(v, digits) {
    if (!finite(v)) { return '–'; }
    return v.toLocaleString('en-US', { maximumFractionDigits: digits === undefined ? 0 : digits });
  }
  function loss(v) { return finite(v) ? v.toPrecision(4) : '–'; }
  function value(v) {
    if (!finite(v)) { return '–'; }
    var a = Math.abs(v);
    return v.toLocaleString('en-US', { maximumFractionDigits: a >= 1000 ? 0 : a >= 10 ? 2 : 4 });
  }
  function pad2(n) { return (n < 10 ? '0' : '') + n; }
  /** A time of day in UTC, as every time the console shows: the browser's time zone may not be the instance's. */
  function clock(ms) { var d = new Date(ms); return pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()) + ':' + pad2(d.getUTCSeconds()); }
  function utcClock(ms) { return clock(ms) + ' UTC'; }
  function utc(iso) { return iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '–'; }
  function eventLabel(ms) {
    var d = new Date(ms);
    return d.getUTCFullYear() + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate()) + ' ' +
      pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes());
  }
  function duration(ms) { return ms >= 10000 ? num(ms / 1000, 0) + ' s' : ms >= 1000 ? num(ms / 1000, 1) + ' s' : num(ms) + ' ms'; }
  /**
   * A key's address in the console and in its query. Keys are bytes: a UTF-8 key is its text, encoded with
   * encodeURIComponent; any other is its bytes percent-encoded, as the instance gives them (key_segment) beside the
   * key's text, which writes such bytes out as \xHH and cannot be encoded back to them.
   */
  function keyRef(text, segment) { return { text: text, segment: segment || null }; }
  function keyEncoded(ref) { return ref.segment !== null ? ref.segment : encodeURIComponent(ref.text); }
  function keyHref(ref) { return '#/key/' + keyEncoded(ref); }
  /** A key as shown: the empty key, which the stream accepts like any other, as words rather than nothing. */
  function keyLabel(key) { return key === '' ? '(empty key)' : key; }
  /**
   * Marks a key that is not UTF-8 where it is shown, so that its bytes written out (\xC8) never look like a UTF-8 key
   * of that text.
   */
  function markBytes(node, ref) {
    if (ref.segment !== null) {
      node.classList.add('key-bytes');
      node.setAttribute('title', 'Not UTF-8: the key\u2019s bytes, printable ASCII as it is, others as \\xHH');
      node.setAttribute('data-key-segment', ref.segment);
    }
    return node;
  }
  /**
   * The text of a key that is not UTF-8, from its bytes percent-encoded, as the instance writes it (KeyName): printable
   * ASCII as it is, a backslash doubled, every other byte as \xHH.
   */
  function bytesText(segment) {
    return segment.replace(/%([0-9A-Fa-f]{2})|[^%]/g, function (m, hex) {
      var c = hex ? parseInt(hex, 16) : m.charCodeAt(0);
      if (c === 0x5C) { return '\\\\'; }
      if (c >= 0x20 && c < 0x7F) { return String.fromCharCode(c); }
      return '\\x' + (c < 16 ? '0' : '') + c.toString(16).toUpperCase();
    });
  }
  /**
   * The key an address names. One that decodes as UTF-8 is that text; one of well-formed percent-encoding that does
   * not is a key of other bytes; one with a bare % (written by hand) is the text as written.
   */
  function keyOfAddress(encoded) {
    try { return keyRef(decodeURIComponent(encoded)); } catch (notUtf8) { /* below */ }
    if (!/^(?:[^%]|%[0-9A-Fa-f]{2})*$/.test(encoded)) { return keyRef(encoded); }
    // characters written as they are (a + by hand) encoded, so that the query carries the same bytes
    var segment = encoded.replace(/%[0-9A-Fa-f]{2}|[^%]/gu, function (m) {
      return m.charAt(0) === '%' ? m.toUpperCase() : encodeURIComponent(m);
    });
    return keyRef(bytesText(segment), segment);
  }

  /** A request the instance leaves unanswered (a proxy holding it) is given up, or its view would stop polling. */
  var REQUEST_TIMEOUT_MS = 10000;

  function getJson(path) {
    var abort = new AbortController();
    var timer = setTimeout(function () { abort.abort(); }, REQUEST_TIMEOUT_MS);
    return fetch(path, { cache: 'no-store', signal: abort.signal }).catch(function (e) {
      // No answer at all (the instance stopped, or its address is not reached): the browser's words for it, such as
      // "Failed to fetch", do not say what failed.
      throw new Error(e.name === 'AbortError' ? 'no answer in ' + REQUEST_TIMEOUT_MS / 1000 + ' s'
        : 'cannot reach the instance');
    }).then(function (r) {
      return r.text().then(function (raw) {
        // A proxy in front of the instance may answer an error with a page that is not JSON: its status counts.
        var body = null;
        try { body = JSON.parse(raw); } catch (ignored) { if (r.ok) { throw new Error('not JSON from ' + path); } }
        if (!r.ok) { var e = new Error(body && body.error ? body.error : 'HTTP ' + r.status); e.status = r.status; throw e; }
        return body;
      });
    }).finally(function () { clearTimeout(timer); });
  }

  function setStatus(text, ok) {
    statusEl.textContent = text;
    statusEl.className = 'status ' + (ok ? 'status-ok' : 'status-bad');
  }

  /** What a poll's step returns when asking again cannot change the answer. */
  var STOP = 'stop';

  var noAnswer = document.getElementById('no-answer');

  /**
   * A view's figures stay as the instance last gave them when it stops answering (stopped, or a proxy's error page
   * in its stead): they are dimmed, and a banner says since when and why, until it answers again.
   */
  function showNoAnswer(e, since) {
    setStatus(e.message, false);
    noAnswer.textContent = 'No answer from the instance' + (since === null ? ' (' + e.message + ').'
      : ' since ' + utcClock(since) + ' (' + e.message + '): what is shown is from its last answer.');
    noAnswer.hidden = false;
    view.classList.add('stale');
  }

  function hideNoAnswer() {
    noAnswer.hidden = true;
    noAnswer.textContent = '';
    view.classList.remove('stale');
  }

  /**
   * Calls step now and then every period, until the view changes or step returns STOP. step gets a function that
   * says whether its view is still shown: an answer that arrives after the user moved on must not be drawn into the
   * next view.
   */
  function poll(step, period) {
    var mine = generation;
    var current = function () { return mine === generation; };
    var answeredAt = null;
    var run = function () {
      if (!current()) { return; }
      Promise.resolve().then(function () { return step(current); })
        .then(function (outcome) {
          if (current()) { answeredAt = Date.now(); hideNoAnswer(); }
          return outcome;
        }, function (e) { if (current()) { showNoAnswer(e, answeredAt); } })
        .then(function (outcome) { if (current() && outcome !== STOP) { setTimeout(run, period); } });
    };
    run();
  }

  function card(title, body, extraClass) {
    return h('section', { 'class': 'card ' + (extraClass || '') }, [h('h2', { text: title }), body]);
  }

  function stat(id, label) {
    return h('div', { 'class': 'stat', id: 'stat-' + id }, [
      h('div', { 'class': 'stat-label', text: label }),
      h('div', { 'class': 'stat-value', id: id, text: '–' }),
      h('div', { 'class': 'stat-note', id: id + '-note' })]);
  }

  function legend(items, id) {
    return h('div', id ? { 'class': 'legend', id: id } : { 'class': 'legend' }, items.map(function (i) {
      return h('span', { 'class': 'legend-item legend-' + i[0] }, [h('span', { 'class': 'swatch ' + i[0] }),
        document.createTextNode(i[1])]);
    }));
  }

  /** The legend of a chart over time, which says the time axis is in UTC. */
  function timeLegend(items, id) {
    var node = legend(items, id);
    node.appendChild(h('span', { 'class': 'legend-note', text: 'times in UTC' }));
    return node;
  }

  function text(id, value) { var n = document.getElementById(id); if (n) { n.textContent = value; } }

  // ---------------------------------------------------------------- overview

  function showOverview() {
    view.textContent = '';
    view.appendChild(h('div', { 'class': 'stats' }, [
      stat('events-rate', 'Events / s'), stat('predictions-rate', 'Predictions / s'),
      stat('anomalies-minute', 'Anomalies / min'), stat('keys', 'Keys'),
      stat('dead-letters', 'Dead letters'), stat('model-version', 'Model in use'),
      stat('forecast-error', 'Error vs persistence')]));
    view.appendChild(h('div', { 'class': 'grid3' }, [
      card('Throughput', h('div', {}, [timeLegend([['sw-events', 'events / s'], ['sw-predictions', 'predictions / s']]),
        h('div', { 'class': 'chart', id: 'chart-throughput' })])),
      card('Forecast error relative to persistence', h('div', {}, [
        timeLegend([['sw-error', 'mean absolute error ÷ persistence\u2019s'], ['sw-model', 'new model version']]),
        h('div', { 'class': 'chart', id: 'chart-error' })])),
      card('Anomalies per minute', h('div', {}, [timeLegend([['sw-anomaly', 'anomalies flagged']]),
        h('div', { 'class': 'chart', id: 'chart-anomalies' })]))]));
    view.appendChild(h('div', { 'class': 'grid2' }, [
      card('Training rounds', h('div', {}, [
        timeLegend([['sw-candidate', 'candidate, held-out loss'], ['sw-reference', 'model in use (or persistence), same windows'],
          ['sw-published', 'published']]),
        h('div', { 'class': 'chart', id: 'chart-training' }),
        h('div', { 'class': 'table-wrap' }, [h('table', { id: 'training', 'class': 'table' }, [
          h('thead', {}, [h('tr', {}, ['Started (UTC)', 'Windows', 'Keys', 'Candidate loss', 'Beat', 'Loss to beat',
            'Verdict', 'Duration'].map(function (c) { return h('th', { text: c }); }))]),
          h('tbody', { id: 'training-rows' })])])]), 'wide'),
      card('Recent anomalies, newest first', h('div', {}, [h('div', { 'class': 'table-wrap tall' }, [
        h('table', { 'class': 'table', id: 'anomalies' }, [
          h('thead', {}, [h('tr', {}, ['Event time (UTC)', 'Key', 'Value', 'Forecast', 'Likelihood', 'Cause']
            .map(function (c) { return h('th', { text: c }); }))]),
          h('tbody', { id: 'anomaly-rows' })])]),
        h('p', { 'class': 'muted', id: 'anomalies-empty', text: 'No anomaly flagged yet.' })]))]));
    view.appendChild(card('Model in use', h('div', { id: 'model', 'class': 'model' })));
    poll(refreshOverview, OVERVIEW_EVERY_MS);
  }

  function refreshOverview(current) {
    return Promise.all([getJson('/console/api/overview'), getJson('/console/api/training').catch(function () { return null; })])
      .then(function (answers) {
        if (!current()) { return; }
        var o = answers[0];
        // Starting, the streams are REBALANCING as in any rebalance: the status says which.
        setStatus((o.starting ? 'starting' : o.streams) + ' \u00b7 ' + o.instance + ' \u00b7 ' + utcClock(Date.now()),
          o.streams === 'RUNNING');
        renderStats(o);
        renderTimeline(o);
        renderAnomalies(o.anomalies);
        renderModel(o.model, o.starting);
        // While the instance starts, its global stores are read from their topics: an empty history is not news.
        if (answers[1] || o.starting) {
          renderTraining(answers[1] ? answers[1].rounds : [], o.starting ? 'Not read yet: the instance is starting'
            : 'No training round yet');
        }
      });
  }

  function renderStats(o) {
    var t = o.totals, r = o.rates;
    text('events-rate', num(r.events_per_s));
    text('events-rate-note', num(t.events) + ' in all');
    text('predictions-rate', num(r.predictions_per_s));
    text('predictions-rate-note', num(t.predictions) + ' in all');
    text('anomalies-minute', num(r.anomalies_last_minute));
    text('anomalies-minute-note', 'last minute, ' + num(t.anomalies) + ' in all');
    renderKeys(t, o);
    text('dead-letters', num(t.dead_letters));
    var reasons = Object.keys(t.dead_letters_by_reason).filter(function (k) { return t.dead_letters_by_reason[k] > 0; })
      .map(function (k) { return k + ' ' + num(t.dead_letters_by_reason[k]); });
    text('dead-letters-note', reasons.length ? reasons.join(', ') : 'none refused');
    // Starting, no version may mean the models are not read yet rather than that none was trained.
    var unknown = o.starting && !(o.model.version > 0);
    text('model-version', unknown ? '–' : o.model.version > 0 ? 'v' + o.model.version : 'persistence');
    text('model-version-note', unknown ? 'the instance is starting' : o.model.version > 0 ? 'since ' + utc(o.model.created_at)
      : 'until a first model is trained');
    text('forecast-error', finite(r.forecast_error) ? r.forecast_error.toFixed(3) : '–');
    text('forecast-error-note', finite(r.forecast_error)
      ? (r.forecast_error < 1 ? 'below 1 beats persistence' : 'no better than persistence') + ', last minute'
      : 'no forecasts scored yet');
  }

  /**
   * The key count, and how it was taken: counted, estimated, or without some stores' keys: a lower bound then, which
   * says so, in the words of the suggestions' note, by what brings their keys back. A store that could not be read
   * through (a damaged table file, say) leaves out its keys from there on until an operator rebuilds it; one that
   * could not be read now (its partition moving) leaves out all of them until a later count reads it.
   */
  function renderKeys(t, o) {
    var unreadable = t.keys_unreadable_partitions || [];
    var unavailable = t.keys_unavailable_partitions || [];
    var card = document.getElementById('stat-keys');
    var note = document.getElementById('keys-note');
    if (!card) { return; }
    var partial = t.keys !== null && unreadable.length + unavailable.length > 0;
    document.getElementById('keys').classList.toggle('stat-value-stale', t.keys === null && lastKeyCount !== null);
    note.classList.toggle('stat-note-wrap', t.keys === null);
    if (t.keys === null) {
      renderNoKeyCount(card, note, o);
      return;
    }
    lastKeyCount = { text: (partial ? '\u2265 ' : '') + num(t.keys), at: Date.parse(o.time) };
    text('keys', t.keys === null ? '–' : (partial ? '\u2265 ' : '') + num(t.keys));
    note.classList.toggle('stat-note-bad', partial);
    if (partial) {
      var parts = [];
      var details = [];
      if (unreadable.length) {
        parts.push(stores(unreadable.length) + ' unreadable');
        details.push(storesOf(unreadable) + ' could not be read through, and their keys from there on are not'
          + ' counted');
      }
      if (unavailable.length) {
        parts.push(stores(unavailable.length) + ' moving');
        details.push(storesOf(unavailable) + ' could not be read now, while the partition moves, and their keys are'
          + ' not counted until a count reads them again');
      }
      text('keys-note', parts.join(', '));
      card.setAttribute('title', (t.keys_exact ? 'At least ' : 'More than about ') + num(t.keys)
        + ' keys with state on this instance: ' + details.join('. ').replace(/^The/, 'the'));
    } else {
      text('keys-note', t.keys !== null && !t.keys_exact ? 'about, with state on this instance'
        : 'with state on this instance');
      card.removeAttribute('title');
    }
  }

  /** The overview's last key count, and when it was taken; null before one was. */
  var lastKeyCount = null;

  /**
   * No store could be read (they restore after a start or a rebalance, or all move): the last count this page was
   * given stands, dimmed and dated, or, before any, the figure says why there is none. Before, the figure read '–'
   * beside 'with state on this instance', as if the count had failed.
   */
  function renderNoKeyCount(card, note, o) {
    var restoring = o.starting || o.streams !== 'RUNNING';
    var why = 'no store can be read now' + (restoring ? ', while they restore' : ', while they restore or move');
    note.classList.remove('stat-note-bad');
    if (lastKeyCount !== null) {
      text('keys', lastKeyCount.text);
      text('keys-note', 'as counted at ' + utcClock(lastKeyCount.at) + ': ' + why);
    } else {
      text('keys', restoring ? 'restoring' : '\u2013');
      text('keys-note', 'not counted: ' + why);
    }
    card.setAttribute('title', 'The keys with state on this instance are counted in its key-state stores, and '
      + why.replace('no store', 'none of them') + '; the count comes back once one can be read.');
  }

  function renderTimeline(o) {
    var tl = o.timeline;
    Chart.draw(document.getElementById('chart-throughput'), {
      x: tl.time, height: 170, xFormat: clock, yMin: 0,
      series: [{ id: 'events', kind: 'line', values: tl.events_per_s },
               { id: 'predictions', kind: 'line', values: tl.predictions_per_s }]
    });
    var marks = [];
    for (var i = 1; i < tl.model_version.length; i++) {
      if (tl.model_version[i] !== tl.model_version[i - 1]) { marks.push({ x: tl.time[i], label: 'v' + tl.model_version[i] }); }
    }
    Chart.draw(document.getElementById('chart-error'), {
      x: tl.time, height: 170, xFormat: clock, yMin: 0, marks: marks, empty: 'No forecasts scored yet',
      refs: [{ y: 1, label: 'persistence', className: 'ref-persistence' }],
      series: [{ id: 'error', kind: 'line', values: tl.forecast_error, bridge: true }]
    });
    var minutes = [], counts = [];
    tl.time.forEach(function (t, k) {
      // A sample counts the anomalies of the 2 seconds up to its time: a sample at 00:01:00 counts 00:00's. Each bar
      // is labelled by the minute it counts, as a clock read while they happened.
      var m = Math.floor((t - 1) / 60000) * 60000;
      if (minutes.length === 0 || minutes[minutes.length - 1] !== m) { minutes.push(m); counts.push(0); }
      counts[counts.length - 1] += tl.anomalies[k];
    });
    Chart.draw(document.getElementById('chart-anomalies'), {
      x: minutes, xTicks: minutes, height: 170, xFormat: function (ms) { return clock(ms).slice(0, 5); }, yMin: 0,
      yWhole: true,
      series: [{ id: 'anomalies', kind: 'bars', values: counts }]
    });
  }

  function renderAnomalies(list) {
    var body = document.getElementById('anomaly-rows');
    body.textContent = '';
    list.forEach(function (a) {
      var ref = keyRef(a.key, a.key_segment);
      var link = markBytes(h('a', { href: keyHref(ref), text: keyLabel(a.key), 'class': 'key-link' }), ref);
      body.appendChild(h('tr', { 'class': 'anomaly-row', 'data-key': a.key, 'data-time': a.event_time }, [
        h('td', { text: eventLabel(Date.parse(a.event_time)) }), h('td', {}, [link]), h('td', { 'class': 'num', text: value(a.actual) }),
        h('td', { 'class': 'num', text: value(a.forecast) }), h('td', { 'class': 'num', text: num(a.likelihood, 3) }),
        h('td', { 'class': 'anomaly-cause', text: a.cause })]));
    });
    document.getElementById('anomalies-empty').style.display = list.length ? 'none' : '';
  }

  var VERDICTS = { publish: ['published', 'ok'], not_better: ['not better', 'neutral'], diverged: ['diverged', 'bad'],
    too_few_samples: ['too few windows', 'neutral'], failed: ['failed', 'bad'] };

  function renderTraining(rounds, empty) {
    var body = document.getElementById('training-rows');
    body.textContent = '';
    rounds.slice(0, 50).forEach(function (r) {
      var v = VERDICTS[r.verdict] || [r.verdict, 'neutral'];
      var label = r.verdict === 'publish' ? 'published v' + r.published_version : v[0];
      body.appendChild(h('tr', { 'class': 'round-row', 'data-verdict': r.verdict, title: r.error || '' }, [
        h('td', { text: utc(r.started_at).replace(/ UTC$/, '') }), h('td', { 'class': 'num', text: num(r.windows) }),
        h('td', { 'class': 'num', text: num(r.keys) }), h('td', { 'class': 'num', text: loss(r.candidate_loss) }),
        h('td', { text: r.reference_version > 0 ? 'v' + r.reference_version : 'persistence' }),
        h('td', { 'class': 'num', text: loss(r.reference_loss) }),
        h('td', {}, [h('span', { 'class': 'badge badge-' + v[1], text: label })]),
        h('td', { 'class': 'num', text: duration(r.duration_ms) })]));
    });
    if (!rounds.length) {
      body.appendChild(h('tr', {}, [h('td', { colspan: 8, 'class': 'muted', text: empty + '.' })]));
    }
    var chrono = rounds.slice().reverse();
    // By when each round started, as the table names them: the history read holds the latest rounds only, so a
    // round's place in it is not its place among all rounds.
    var xs = chrono.map(function (r) { return Date.parse(r.started_at); });
    // within a day (the demo's rounds are seconds apart) by the time of day, to the second; the table has the dates
    var withinDay = xs.length > 0 && xs[xs.length - 1] - xs[0] < 86400000;
    Chart.draw(document.getElementById('chart-training'), {
      x: xs, xTicks: xs, height: 180, yMin: 0, empty: empty, xFormat: withinDay ? clock : eventLabel,
      series: [
        { id: 'reference', kind: 'line', values: chrono.map(function (r) { return r.reference_loss; }) },
        { id: 'candidate', kind: 'line', values: chrono.map(function (r) { return r.candidate_loss; }) },
        { id: 'reference-points', kind: 'dots', radius: 2.5, values: chrono.map(function (r) { return r.reference_loss; }) },
        { id: 'candidate-points', kind: 'dots', radius: 2.5, values: chrono.map(function (r) { return r.candidate_loss; }) },
        { id: 'published', kind: 'dots', values: chrono.map(function (r) { return r.verdict === 'publish' ? r.candidate_loss : null; }),
          titles: chrono.map(function (r) { return 'v' + r.published_version; }) }]
    });
  }

  function renderModel(m, starting) {
    var box = document.getElementById('model');
    box.textContent = '';
    var rows = [['Name', m.name], ['In use', m.version > 0 ? 'version ' + m.version
      : starting ? 'not known yet: the instance is starting and reads the models' : 'none yet: persistence, yesterday or a rhythm forecasts']];
    if (m.version > 0) {
      rows.push(['Created', utc(m.created_at)]);
      rows.push(['Network', m.architecture.layers + ' \u00d7 LSTM ' + m.architecture.hidden_size + ', ' +
        num(m.architecture.parameters) + ' parameters']);
      if (m.training) {
        rows.push(['Held-out loss', loss(m.training.validation_loss) + (m.training.champion_version > 0
          ? ' against ' + loss(m.training.champion_validation_loss) + ' of v' + m.training.champion_version
          : ', better than persistence on the same windows')]);
        rows.push(['Trained on', num(m.training.samples) + ' windows, ' + m.training.epochs + ' epochs, ' + duration(m.training.duration_ms)]);
      }
    }
    rows.push(['Inputs', m.spec.value_dimension + ' value(s)' + (m.spec.calendar_features.length ? ' + ' +
      m.spec.calendar_features.join(', ').toLowerCase().replace(/_/g, ' ') : '') + ', horizon ' + m.spec.horizon]);
    rows.push(['Value transform', m.spec.value_transform.toLowerCase().replace(/_/g, ' ')]);
    rows.push(['Refused snapshots', num(m.refused_since_start)]);
    box.appendChild(h('dl', { 'class': 'facts' }, [].concat.apply([], rows.map(function (r) {
      return [h('dt', { text: r[0] }), h('dd', { text: r[1] })];
    }))));
  }

  // ---------------------------------------------------------------- key view

  function showKey(ref) {
    view.textContent = '';
    view.appendChild(h('div', { 'class': 'key-head' }, [
      h('a', { href: '#/', 'class': 'back', text: '\u2190 Overview' }),
      // data-key: the key exactly, where the heading's text is what a reader sees (and data-key-segment, for a key
      // that is not UTF-8, its bytes)
      markBytes(h('h1', { id: 'key-name', text: keyLabel(ref.text), 'data-key': ref.text }), ref),
      h('div', { 'class': 'chips', id: 'key-facts' })]));
    view.appendChild(card('Actual values and forecasts', h('div', {}, [
      timeLegend([['sw-actual', 'actual'], ['sw-forecast', 'forecast made one event earlier'], ['sw-band', 'prediction interval'],
        ['sw-anomaly', 'anomaly'], ['sw-model', 'new model version']].concat(SCORING_LEGEND), 'legend-key'),
      h('div', { 'class': 'chart', id: 'chart-key' })]), 'wide'));
    var likelihoodLegend = timeLegend([['sw-likelihood', 'likelihood'], ['sw-threshold', 'anomaly threshold'],
      ['sw-anomaly', 'anomaly'], ['sw-model', 'new model version']].concat(SCORING_LEGEND), 'legend-likelihood');
    // the axis's range, beside the times' zone: it is scaled to the threshold, not 0 to 1
    likelihoodLegend.insertBefore(h('span', { 'class': 'legend-note', id: 'likelihood-axis' }),
      likelihoodLegend.lastChild);
    view.appendChild(card('Anomaly likelihood', h('div', {}, [
      likelihoodLegend,
      h('div', { 'class': 'chart', id: 'chart-likelihood' }),
      h('p', { 'class': 'muted scoring-note', id: 'scoring-note' })]), 'wide'));
    view.appendChild(h('p', { 'class': 'muted', id: 'key-note' }));
    // shown once the series has such a stretch
    document.querySelectorAll('.legend-sw-learning, .legend-sw-relearning').forEach(function (node) {
      node.style.display = 'none';
    });
    poll(function (current) { return refreshKey(ref, current); }, KEY_EVERY_MS);
  }

  function refreshKey(ref, current) {
    // In the query, not the path: a browser resolves a path's segments . and .. (even as %2E) away, and with them
    // the keys . and ..
    return getJson('/console/api/key?key=' + keyEncoded(ref)).then(function (k) {
      if (!current()) { return; }
      setStatus('key served by ' + k.served_by + ' \u00b7 ' + utcClock(Date.now()), true);
      renderKey(k);
    }, function (e) {
      if (!current()) { return; }
      if (e.status === 400) {
        // The instance refuses the key itself (too long): it will refuse it every time.
        showNoKey('The instance refuses this key');
        text('key-note', 'The instance refuses this key: ' + e.message + '.');
        setStatus('key refused', false);
        return STOP;
      }
      if (e.status === 404) {
        showNoKey('No event of this key yet');
        text('key-note', 'No event of this key has been accepted yet.');
        setStatus('key not found', false);
        return;
      }
      throw e;
    });
  }

  function showNoKey(empty) {
    document.getElementById('key-facts').textContent = '';
    text('scoring-note', '');
    text('likelihood-axis', '');
    ['chart-key', 'chart-likelihood'].forEach(function (id) {
      Chart.draw(document.getElementById(id), { x: [], series: [], empty: empty });
    });
  }

  /**
   * How far an event was scored, as the series names it, and the words for its stretch of the charts; the short ones
   * for a stretch too narrow for them. A key's forecast errors start afresh after a new model version, and also at
   * their first that is not 0 after a run of errors all exactly 0 (nothing to measure it in): the series tells which
   * where it shows the stretch's start, by whether a new model version came into use there. Before, every such
   * stretch blamed a new model.
   */
  var SCORING_LABELS = { learning: 'learning this key: not scored', relearning: 'learning errors afresh: not judged' };
  var SHORT_LABELS = { learning: 'learning', relearning: 'relearning' };
  var NEW_MODEL_LABEL = 'learning the new model: errors not judged';
  var SCORING_LEGEND = [['sw-learning', SCORING_LABELS.learning], ['sw-relearning', SCORING_LABELS.relearning]];

  /**
   * Why the key's forecast errors relearn from point i of series s on: 'model' where a new model version came into use
   * at i, 'zeros' where none did (the errors were all exactly 0 before it), null where the series starts there.
   */
  function relearningCause(s, i) {
    if (i === 0 || !s.model_version) { return null; }
    return s.model_version[i] !== s.model_version[i - 1] ? 'model' : 'zeros';
  }

  /**
   * The stretches of a key's series whose events were not scored in full, each from its first event (where a new
   * model version's mark stands) halfway to the event after its last:
   * its learning period, where every likelihood is 0 whatever the key does, and its forecast errors' relearning after
   * a new model version or a run of errors all exactly 0, when only its range and rhythms score. Without them a
   * newcomer reads a flat likelihood as a quiet key. An owner of an earlier release names none.
   */
  function scoringSpans(s, p) {
    var sc = s.scoring || [], n = s.time.length, spans = [];
    var edge = function (i) { return (s.time[i] + s.time[i + 1]) / 2; };
    var period = p ? 'the next ' + num(p.relearning_period) + ' forecast errors are not judged'
      : 'the forecast errors are not judged for a while';
    var checked = ' the value\u2019s range and daily rhythm are still checked (setting: anomaly.relearning.period).';
    var titles = {
      learning: 'A key\u2019s first ' + (p ? num(p.learning_period) + ' ' : '') + 'events only teach the detector:'
        + ' their likelihood is 0 whatever they do (setting: anomaly.learning.period).',
      model: 'After a new model version, ' + period + ' while the detector learns the new model;' + checked,
      zeros: 'The forecast errors were all exactly 0 before this stretch, so its first that is not 0 starts them'
        + ' afresh: ' + (p ? 'the next ' + num(p.relearning_period) + ' are not judged'
          : 'they are not judged for a while') + ' while the detector learns them;' + checked,
      relearning: 'After a new model version, or at the first forecast error that is not 0 after errors all exactly 0, '
        + period + ' while the detector learns them afresh;' + checked
    };
    for (var i = 0; i < n; i++) {
      if (!SCORING_LABELS[sc[i]]) { continue; }
      var j = i;
      while (j + 1 < n && sc[j + 1] === sc[i]) { j++; }
      var cause = sc[i] === 'relearning' ? relearningCause(s, i) : null;
      spans.push({ id: sc[i], className: 'span-' + sc[i], from: s.time[i], to: j < n - 1 ? edge(j) : s.time[j],
        label: cause === 'model' ? NEW_MODEL_LABEL : SCORING_LABELS[sc[i]], shortLabel: SHORT_LABELS[sc[i]],
        title: titles[cause || sc[i]], cause: cause, last: j === n - 1 });
      i = j;
    }
    return spans;
  }

  /**
   * The line under the likelihood: which events are not scored, and whether this key's are not now, with how many
   * of its next events (or forecast errors) are left, from the owner's count.
   */
  function scoringNote(p, cause) {
    if (!p) {
      return 'A key\u2019s first events only teach the detector: they are not scored. After each new model version,'
        + ' the forecast errors are not judged for a while, as the detector learns the new model\u2019s errors; the'
        + ' value\u2019s range and daily rhythm are still checked.';
    }
    var note = 'A key\u2019s first ' + num(p.learning_period) + ' events only teach the detector: they are not scored.'
      + ' After each new model version, the next ' + num(p.relearning_period) + ' forecast errors are not judged,'
      + ' as the detector learns the new model\u2019s errors; the value\u2019s range and daily rhythm are still'
      + ' checked.';
    var left = scoringLeft(p, cause);
    return left ? note + ' ' + left.sentence : note;
  }

  /**
   * Whether the key's next events are not scored in full, in a chip's words and a sentence's; null when they are.
   * cause: why its forecast errors relearn now ('model', 'zeros'), null when the series does not show it.
   */
  function scoringLeft(p, cause) {
    if (!p) { return null; }
    if (p.learning_events_left > 0) {
      var events = num(p.learning_events_left) + (p.learning_events_left === 1 ? ' event' : ' events');
      return { chip: 'learning this key: ' + events + ' left', sentence: 'Its next ' + events
        + (p.learning_events_left === 1 ? ' is' : ' are') + ' not judged while the detector learns this key.' };
    }
    if (p.relearning_errors_left > 0) {
      var one = p.relearning_errors_left === 1;
      var count = num(p.relearning_errors_left);
      var next = 'Its next ' + count + (one ? ' forecast error is' : ' forecast errors are') + ' not judged';
      if (cause === 'model') {
        return { chip: 'learning the new model: ' + count + (one ? ' error' : ' errors') + ' left',
          sentence: next + ' while the detector learns the new model.' };
      }
      return { chip: 'learning errors afresh: ' + count + (one ? ' error' : ' errors') + ' left',
        sentence: next + ' while the detector learns them afresh'
          + (cause === 'zeros' ? ', after a run of forecast errors all exactly 0.' : '.') };
    }
    return null;
  }

  var NICE_TOPS = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

  /**
   * The top of the likelihood chart's axis. On a fixed 0 to 1 axis a low threshold (the default 0.0253) and the
   * likelihood around it were squashed against the bottom, so nobody could see how close a key came to it: the axis
   * reaches 2.5 times the threshold, which puts the threshold between a quarter and 40 % of the way up, or the highest
   * likelihood shown, so that no anomaly is cut off; rounded up to a level the grid labels, and never above 1.
   */
  function likelihoodTop(threshold, likelihoods) {
    var want = finite(threshold) && threshold > 0 ? 2.5 * threshold : 1;
    likelihoods.forEach(function (v) { if (finite(v) && v > want) { want = v; } });
    if (!(want < 1)) { return 1; }
    var mag = Math.pow(10, Math.floor(Math.log10(want)));
    for (var i = 0; i < NICE_TOPS.length; i++) {
      var top = Number((NICE_TOPS[i] * mag).toPrecision(6));
      if (top >= want) { return Math.min(1, top); }
    }
    return 1;
  }

  /** A level of the likelihood's axis: two decimals at least, as many as it has up to four (0.025, not 0.03). */
  function likelihoodLevel(v) {
    var digits = v.toFixed(4).replace(/0+$/, '');
    var decimals = digits.length - digits.indexOf('.') - 1;
    return decimals < 2 ? v.toFixed(2) : digits;
  }

  function chip(label, v) { return h('span', { 'class': 'chip' }, [h('span', { 'class': 'chip-label', text: label }), document.createTextNode(v)]); }

  function renderKey(k) {
    var st = k.state, s = k.series;
    var facts = document.getElementById('key-facts');
    facts.textContent = '';
    facts.appendChild(chip('events', num(st.event_count)));
    facts.appendChild(chip('last event', utc(st.last_event_time)));
    facts.appendChild(chip('model', st.model_version > 0 ? 'v' + st.model_version : 'persistence'));
    facts.appendChild(chip('next forecast', st.forecast.length ? st.forecast.map(function (f) { return value(f[0]); }).join(', ') : '–'));
    facts.appendChild(chip('likelihood', num(st.likelihood, 3)));
    if (st.anomaly) { facts.appendChild(h('span', { 'class': 'chip chip-bad', text: 'last event is an anomaly' })); }
    var spans = s && s.time.length ? scoringSpans(s, st.scoring) : [];
    // why the errors relearn now, where the series shows the stretch the key's latest event is in start
    var latest = spans.length && spans[spans.length - 1].last ? spans[spans.length - 1] : null;
    var cause = latest && latest.id === 'relearning' ? latest.cause : null;
    var left = scoringLeft(st.scoring, cause);
    if (left) { facts.appendChild(h('span', { 'class': 'chip chip-learning', id: 'scoring-chip', text: left.chip })); }
    facts.appendChild(chip('served by', k.served_by));
    text('scoring-note', scoringNote(st.scoring, cause));
    if (!s || !s.time.length) {
      text('key-note', 'This instance has not recorded predictions of this key since it started; they appear with its next event.');
      Chart.draw(document.getElementById('chart-key'), { x: [], series: [], empty: 'Waiting for the key\u2019s next event' });
      Chart.draw(document.getElementById('chart-likelihood'), { x: [], series: [], empty: 'Waiting for the key\u2019s next event' });
      text('likelihood-axis', '');
      return;
    }
    var n = s.time.length;
    var step = n > 1 ? (s.time[n - 1] - s.time[0]) / (n - 1) : 600000;
    var xs = s.time.slice();
    var nextX = s.time[n - 1] + step;
    var forecastX = xs.concat([nextX]);
    var anomalies = s.actual.map(function (v, i) { return s.anomaly[i] ? v : null; });
    var titles = s.time.map(function (t, i) { return eventLabel(t) + ': ' + value(s.actual[i]); });
    var marks = [];
    for (var i = 1; i < n; i++) {
      if (s.model_version[i] !== s.model_version[i - 1]) { marks.push({ x: s.time[i], label: 'v' + s.model_version[i] }); }
    }
    var hasBand = s.lower.some(finite) || finite(s.next_lower);
    var bandLegend = document.querySelector('#legend-key .legend-sw-band');
    if (bandLegend) { bandLegend.style.display = hasBand ? '' : 'none'; }
    var series = [];
    if (hasBand) {
      series.push({ id: 'band', kind: 'band', x: forecastX, lower: s.lower.concat([s.next_lower]), upper: s.upper.concat([s.next_upper]) });
    }
    series.push({ id: 'actual', kind: 'line', values: s.actual });
    series.push({ id: 'forecast', kind: 'line', x: forecastX, values: s.forecast.concat([s.next_forecast]) });
    series.push({ id: 'anomaly', kind: 'dots', values: anomalies, titles: titles, radius: 4.5 });
    ['sw-learning', 'sw-relearning'].forEach(function (sw) {
      var shown = spans.filter(function (sp) { return 'sw-' + sp.id === sw; });
      document.querySelectorAll('.legend-' + sw).forEach(function (node) {
        node.style.display = shown.length ? '' : 'none';
        // in the words of the latest such stretch, which say why its errors relearn where the series shows it
        if (shown.length) { node.lastChild.textContent = shown[shown.length - 1].label; }
      });
    });
    Chart.draw(document.getElementById('chart-key'), {
      x: xs, xExtra: nextX, height: 300, xFormat: eventLabel, marks: marks, series: series, spans: spans
    });
    var top = likelihoodTop(k.threshold, s.likelihood);
    text('likelihood-axis', top < 1 ? 'axis 0 to ' + likelihoodLevel(top) + ', zoomed in (the likelihood runs to 1)'
      : 'axis 0 to 1');
    Chart.draw(document.getElementById('chart-likelihood'), {
      x: xs, xExtra: nextX, height: 150, xFormat: eventLabel, yMin: 0, yMax: top, spans: spans, spanLabelsAtTop: true,
      marks: marks, yFormat: likelihoodLevel,
      refs: [{ y: k.threshold, label: 'threshold ' + k.threshold, className: 'ref-threshold' }],
      series: [{ id: 'likelihood', kind: 'line', values: s.likelihood },
               { id: 'anomaly-likelihood', kind: 'dots', radius: 4,
                 values: s.likelihood.map(function (v, i) { return s.anomaly[i] ? v : null; }) }]
    });
    var flagged = s.anomaly.filter(function (a) { return a; }).length;
    text('key-note', n + ' latest events of this key, as the instance that owns it predicted them' +
      (flagged ? '; ' + flagged + (flagged === 1 ? ' flagged as an anomaly' : ' flagged as anomalies') : '') +
      '. Values are the first forecast value' +
      (hasBand ? '' : '; forecasts carry no prediction interval yet') + '.');
  }

  // ---------------------------------------------------------------- the models' wait for the registry

  var HEALTH_EVERY_MS = 2000;
  var banner = document.getElementById('models-wait');

  /**
   * Says on every view when the models' reader waits for the schema registry: no new model version is taken up
   * meanwhile, which no count or chart shows. From the liveness report, which the instance answers during its start
   * too, and with the same body while it is down (503).
   */
  function pollHealth() {
    var abort = new AbortController();
    var timer = setTimeout(function () { abort.abort(); }, REQUEST_TIMEOUT_MS);
    fetch('/health/live', { cache: 'no-store', signal: abort.signal }).then(function (r) {
      // The wait's length by the instance's clock (its Date header), which the browser's may not match.
      var now = Date.parse(r.headers.get('Date'));
      return r.json().then(function (health) { showModelsWait(health, isFinite(now) ? now : Date.now()); });
    }).catch(function () {
      // No report, no wait known: the view's status line says the instance does not answer.
      showModelsWait(null, 0);
    }).finally(function () {
      clearTimeout(timer);
      setTimeout(pollHealth, HEALTH_EVERY_MS);
    });
  }

  function showModelsWait(health, now) {
    var wait = health && health.models_registry_wait;
    if (!wait) {
      banner.hidden = true;
      banner.textContent = '';
      return;
    }
    var since = Date.parse(wait.since);
    banner.textContent = 'Models: waiting for the schema registry since ' + utcClock(since) + ' (' +
      Math.max(0, Math.floor((now - since) / 1000)) + ' s) to read ' + wait.reading +
      ': no new model version or training report is taken up meanwhile, and unless it answers by ' +
      utcClock(Date.parse(wait.gives_up_at)) + ' (model.registry.wait.ms) the instance stops. ' + predicting(health);
    banner.hidden = false;
  }

  function predicting(health) {
    if (health.starting) { return 'Not predicting yet: the instance is starting.'; }
    if (health.streams !== 'RUNNING') { return 'Not predicting while Kafka Streams is ' + health.streams + '.'; }
    return health.model ? 'Predicting with version ' + health.model.version + '.'
      : 'Predicting without a model yet: persistence, yesterday or a rhythm.';
  }

  pollHealth();

  // ---------------------------------------------------------------- search and routing

  var input = document.getElementById('search-input');
  var suggestions = document.getElementById('key-suggestions');
  var pending = null;
  var asked = 0;
  /**
   * The bytes of the suggested keys that are not UTF-8, by their text: the search box holds text only, and such a
   * key's text does not name it. A UTF-8 key suggested with the same text keeps it.
   */
  var suggestedBytes = new Map();
  function suggest() {
    clearTimeout(pending);
    pending = setTimeout(function () {
      // An answer to an earlier prefix that arrives after a later one's would replace the right suggestions.
      var mine = ++asked;
      // in the chain, so that text that cannot be encoded fails as the request would, and says why
      Promise.resolve().then(function () {
        return getJson('/console/api/keys?prefix=' + typedEncoded(input.value));
      }).then(function (answer) {
        if (mine !== asked) { return; }
        suggestions.textContent = '';
        suggestedBytes = new Map();
        var segments = answer.key_segments || [];
        answer.keys.forEach(function (k, i) {
          var option = h('option', { value: k });
          if (segments[i]) {
            option.setAttribute('label', k + ' (not UTF-8)');
            option.setAttribute('data-key-segment', segments[i]);
            suggestedBytes.set(k, segments[i]);
          }
          suggestions.appendChild(option);
        });
        answer.keys.forEach(function (k, i) { if (!segments[i]) { suggestedBytes.delete(k); } });
        noteMissing(answer);
      }).catch(function (e) {
        if (mine !== asked) { return; }
        // The last answer's suggestions and note are of an earlier prefix, or of stores since moved: they go.
        suggestions.textContent = '';
        suggestedBytes = new Map();
        showNote('suggestions unavailable: ' + e.message, 'Suggestions are unavailable: ' + e.message);
      });
    }, 150);
  }
  /**
   * Text typed or pasted into the search box, percent-encoded as UTF-8. A lone UTF-16 surrogate (half of a character,
   * as a paste cut in two leaves one) has no UTF-8, and encodeURIComponent throws a bare 'URI malformed': this says
   * what is wrong instead. No key's text holds one: a key's text is its UTF-8, or its bytes written out.
   */
  function typedEncoded(typed) {
    try {
      return encodeURIComponent(typed);
    } catch (malformed) {
      throw new Error('the text holds half a character (a lone UTF-16 surrogate), which no key holds');
    }
  }
  function stores(n) { return n + (n === 1 ? ' store' : ' stores'); }
  function storesOf(partitions) {
    return 'The key-state ' + (partitions.length === 1 ? 'store of partition ' : 'stores of partitions ')
      + partitions.join(', ');
  }
  /**
   * The suggestions leave out the keys of a store that was not read through, and look whole: say so beside them, and
   * which stores on hover, by what brings their keys back. A damaged table file ends RocksDB's read as if the store
   * ended (an operator rebuilds it); a store whose partition moves cannot be read now (asking again helps); a store
   * with more than 1,000 keys starting as asked is read for its first 1,000 (typing more reaches the others).
   */
  function noteMissing(answer) {
    var unreadable = answer.keys_unreadable_partitions || [];
    var unavailable = answer.keys_unavailable_partitions || [];
    var truncated = answer.keys_truncated_partitions || [];
    var parts = [];
    var details = [];
    if (unreadable.length > 0) {
      parts.push(stores(unreadable.length) + ' unreadable');
      details.push(storesOf(unreadable) + ' could not be read through: keys of theirs may be missing from the'
        + ' suggestions');
    }
    if (unavailable.length > 0) {
      parts.push(stores(unavailable.length) + ' moving');
      details.push(storesOf(unavailable) + ' could not be read now, while the partition moves: keys of theirs may be'
        + ' missing until it is read again');
    }
    if (truncated.length > 0) {
      parts.push(stores(truncated.length) + ' read in part, type more');
      details.push(storesOf(truncated) + (truncated.length === 1 ? ' holds' : ' hold') + ' more than 1,000 keys'
        + ' starting as asked, and only the first 1,000 were looked at: type more of the key to reach the others');
    }
    showNote(parts.length === 0 ? '' : 'suggestions may miss keys: ' + parts.join(', '), details.join('. '));
  }
  /** The note beside the search box, hidden while it has no text; its title says more on hover. */
  function showNote(text, title) {
    var note = document.getElementById('search-note');
    note.hidden = text === '';
    note.textContent = text;
    note.title = title;
  }
  input.addEventListener('input', suggest);
  input.addEventListener('focus', suggest);
  document.getElementById('search').addEventListener('submit', function (e) {
    e.preventDefault();
    // Not trimmed: spaces around a key are part of it, and " pump 7 " is another key than "pump 7".
    var key = input.value;
    var bytes = suggestedBytes.get(key);
    if (key === '') { return; }
    var address;
    try {
      address = bytes ? keyHref(keyRef(key, bytes)) : '#/key/' + typedEncoded(key);
    } catch (e) {
      showNote('cannot open the key: ' + e.message, 'The key cannot be opened: ' + e.message);
      return;
    }
    location.hash = address;
    input.blur();
  });

  function route() {
    generation++;
    hideNoAnswer();
    var hash = location.hash || '#/';
    // (.*): the empty key's address is #/key/ with nothing after it
    var match = hash.match(/^#\/key\/(.*)$/);
    document.getElementById('nav-overview').className = match ? '' : 'active';
    if (match) {
      var ref = keyOfAddress(match[1]);
      document.title = keyLabel(ref.text) + ' \u00b7 Streamcast';
      showKey(ref);
    } else {
      document.title = 'Streamcast console';
      showOverview();
    }
  }
  window.addEventListener('hashchange', route);
  route();
})();
