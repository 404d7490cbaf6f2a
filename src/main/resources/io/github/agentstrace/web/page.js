// agent-strace's page: one session (share, serve) or the list of sessions (serve). Our own code, no
// framework. Every text from the data goes in through textContent, never as markup.
(function () {
  'use strict';

  var DATA_ID = 'agent-strace-data';
  var ROW_H = 36;
  var MAX_BARS = 3000;      // beyond this many bars in view, a lane is drawn in 2-pixel buckets
  var MAX_TRACKS = 4;       // parallel calls of one lane stack up to this many tracks
  var CLASSES = [           // replay's --filter classes (see docs/web.md)
    { key: 'error', bit: 1, label: 'errors' },
    { key: 'shell', bit: 2, label: 'shell' },
    { key: 'file', bit: 4, label: 'files' },
    { key: 'mcp', bit: 8, label: 'MCP' },
    { key: 'llm', bit: 16, label: 'LLM' }
  ];

  // ---------- helpers ----------
  function h(tag, props) {
    var el = document.createElement(tag);
    if (props) {
      for (var k in props) {
        var v = props[k];
        if (v == null || v === false) continue;
        if (k === 'class') el.className = v;
        else if (k === 'text') el.textContent = v;
        else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
    return el;
  }
  function add(el, kid) {
    if (kid == null || kid === false) return;
    if (Array.isArray(kid)) { kid.forEach(function (k) { add(el, k); }); return; }
    el.appendChild(typeof kid === 'object' ? kid : document.createTextNode(String(kid)));
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
  function fmtMs(ms) {
    if (ms == null || isNaN(ms)) return '';
    if (ms < 1) return ms.toFixed(2) + ' ms';
    if (ms < 1000) return Math.round(ms) + ' ms';
    var s = ms / 1000;
    if (s < 60) return (s < 10 ? s.toFixed(2) : s.toFixed(1)) + ' s';
    var m = Math.floor(s / 60); s = Math.floor(s % 60);
    if (m < 60) return m + 'm ' + (s < 10 ? '0' : '') + s + 's';
    var hr = Math.floor(m / 60); m = m % 60;
    return hr + 'h ' + (m < 10 ? '0' : '') + m + 'm';
  }
  function fmtN(n) {
    if (n == null) return '0';
    if (n < 1000) return String(n);
    if (n < 1e6) return (n / 1e3).toFixed(n < 1e4 ? 1 : 0).replace(/\.0$/, '') + 'k';
    if (n < 1e9) return (n / 1e6).toFixed(n < 1e7 ? 2 : n < 1e8 ? 1 : 0).replace(/\.0+$/, '') + 'M';
    return (n / 1e9).toFixed(2).replace(/\.?0+$/, '') + 'B';
  }
  function fmtUsd(v) {
    if (v == null) return '–';
    if (v === 0) return '$0';
    if (v < 0.01) return '$' + v.toFixed(4);
    if (v < 10) return '$' + v.toFixed(3);
    return '$' + v.toFixed(2);
  }
  function fmtDate(epoch) {
    if (!epoch) return '';
    var d = new Date(epoch * 1000);
    return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) + ' ' +
      d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  function fmtShortDate(epoch) {
    if (!epoch) return '';
    var d = new Date(epoch * 1000);
    return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  }
  function plural(n, word) { return fmtN(n) + ' ' + word + (n === 1 ? '' : 's'); }
  function mcpName(tool) {
    var m = /^mcp__(.+?)__(.+)$/.exec(tool || '');
    return m ? m[1] + '/' + m[2] : (tool || '?');
  }
  function pretty(v) {
    if (v == null) return '';
    if (typeof v === 'string') return v;
    try { return JSON.stringify(v, null, 2); } catch (e) { return String(v); }
  }
  function laneName(l) { var a = l.agent || ''; return a.indexOf('/') >= 0 ? a.slice(a.lastIndexOf('/') + 1) : a || shortId(l.session_id); }
  function shortId(id) { return id && id.length > 12 ? id.slice(0, 12) + '…' : id; }

  function readData() {
    var el = document.getElementById(DATA_ID);
    return JSON.parse(el.textContent);
  }

  var app = document.getElementById('app');
  var D = readData();
  // search, clusters and report are drawn by the server (tables and SVG): nothing to do but say so
  if (D.mode === 'sessions') sessionsView(D);
  else if (D.mode === 'session' || D.mode === 'share') sessionView(D);
  else document.body.setAttribute('data-ready', 'true');

  // ====================================================================================================
  // One session
  // ====================================================================================================
  function sessionView(data) {
    var S, rows, lanes, col, phasePrompt, span, laneBars;
    var state = { mask: 0, query: '', sel: null, zoom: 1, detailOpen: false };
    var items = [];            // what the list shows: >= 0 a row index, < 0 the phase -(i + 1)
    var hay = null;            // lower-case search text per row, built on the first search
    var el = {};

    function load(d) {
      data = d; S = d.session; rows = d.rows; lanes = d.lanes;
      col = {}; d.columns.forEach(function (name, i) { col[name] = i; });
      hay = null;
      phasePrompt = {};
      var promptOf = {};
      S.phases.forEach(function (p, i) { if (p.prompt_event != null) promptOf[p.prompt_event] = i; });
      span = 1;
      laneBars = lanes.map(function () { return { calls: [], turns: [], maxMs: 0, tracks: 1 }; });
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i], k = r[col.kind], ln = r[col.lane], t = r[col.t_ms], ms = r[col.duration_ms] || 0;
        if (k === 'p' && ln === 0 && promptOf[r[col.event]] != null) phasePrompt[promptOf[r[col.event]]] = i;
        if (t > span) span = t;
        if (k === 'c' || k === 'l') {
          if (t + ms > span) span = t + ms;
          var lb = laneBars[ln];
          (k === 'c' ? lb.calls : lb.turns).push({ i: i, t: t, ms: ms, track: 0 });
          if (ms > lb.maxMs) lb.maxMs = ms;
        }
      }
      lanes.forEach(function (l) { if (l.end_ms > span) span = l.end_ms; });
      laneBars.forEach(function (lb) {
        lb.calls.sort(function (a, b) { return a.t - b.t; });
        lb.turns.sort(function (a, b) { return a.t - b.t; });
        var ends = [];
        lb.calls.forEach(function (b) {
          var best = -1;
          for (var j = 0; j < ends.length; j++) if (ends[j] <= b.t) { best = j; break; }
          if (best < 0 && ends.length < MAX_TRACKS) { best = ends.length; ends.push(0); }
          if (best < 0) { best = 0; for (var q = 1; q < ends.length; q++) if (ends[q] < ends[best]) best = q; }
          b.track = best; ends[best] = b.t + Math.max(b.ms, span / 2000);
        });
        lb.tracks = Math.max(1, ends.length);
      });
    }

    function rowKey(i) { var r = rows[i]; return r[col.kind] + ':' + r[col.lane] + ':' + r[col.event]; }
    function findKey(key) {
      if (key == null) return null;
      if (key.charAt(0) === 'P') return key;
      for (var i = 0; i < rows.length; i++) if (rowKey(i) === key) return i;
      return null;
    }

    // ---------- frame ----------
    function frame() {
      clear(app);
      var wrap = h('div', { class: 'wrap' });
      el.header = h('header', { class: 'top' });
      el.tl = h('section', { class: 'panel timeline', 'aria-label': 'Timeline' });
      var main = h('section', { class: 'panel main', 'aria-label': 'Calls, prompt by prompt' });
      el.toolbar = h('div', { class: 'toolbar' });
      el.list = h('div', { class: 'list', tabindex: '0', role: 'listbox', 'aria-label': 'Events' });
      el.inner = h('div', { class: 'list-inner' });
      el.list.appendChild(el.inner);
      el.detail = h('aside', { class: 'detail', 'aria-label': 'Details', 'aria-live': 'polite' });
      main.appendChild(el.toolbar);
      main.appendChild(h('div', { class: 'split' }, el.list, el.detail));
      wrap.appendChild(el.header); wrap.appendChild(el.tl); wrap.appendChild(main);
      wrap.appendChild(h('footer', { class: 'foot' },
        h('span', null, 'Keys: ', h('kbd', null, 'j'), ' ', h('kbd', null, 'k'), ' move · ', h('kbd', null, 'n'), ' ',
          h('kbd', null, 'N'), ' prompts · ', h('kbd', null, 'e'), ' next error · ', h('kbd', null, '/'), ' search · ',
          h('kbd', null, 'Esc'), ' close'),
        h('span', null, data.mode === 'share' ? 'A self-contained page made by agent-strace share: it loads nothing.'
          : 'Served by agent-strace serve (read-only).')));
      app.appendChild(wrap);
      el.list.addEventListener('scroll', function () { schedule(renderRows); });
      window.addEventListener('resize', function () { schedule(renderAll); });
      document.addEventListener('keydown', onKey);
    }

    var pending = {};
    function schedule(fn) {
      if (pending[fn.name]) return;
      pending[fn.name] = true;
      requestAnimationFrame(function () { pending[fn.name] = false; fn(); });
    }
    function renderAll() { renderTimeline(); renderRows(); }

    // ---------- header ----------
    function renderHeader() {
      clear(el.header);
      var first = null;
      for (var i = 0; i < S.phases.length; i++) if (S.phases[i].prompt_event != null) { first = S.phases[i].label; break; }
      var root = lanes[0] || {};
      var bar = h('div', { class: 'brandbar' },
        // served, the navigation above names the tool: this bar is the way back to the list
        data.mode === 'session' ? h('a', { href: '/' }, 'Sessions')
          : h('span', { class: 'brand' }, h('i', { class: 'logo' }), 'agent-strace'),
        h('span', { class: 'sep' }, '/'), h('span', { class: 'mono' }, S.session_id), h('span', { class: 'spacer' }));
      if (data.mode === 'session' && S.status === 'running') bar.appendChild(h('span', { class: 'badge live', id: 'live' }, 'live'));
      el.header.appendChild(bar);
      el.header.appendChild(h('h1', null, first || (S.agent ? S.agent + ' session' : 'Session ' + S.session_id)));
      var sub = h('div', { class: 'sub' });
      if (S.agent) sub.appendChild(h('span', null, h('b', null, S.agent)));
      if (S.model) sub.appendChild(h('span', { class: 'mono' }, S.model));
      if (data.origin) sub.appendChild(h('span', null, fmtDate(data.origin)));
      if (S.cwd) sub.appendChild(h('span', { class: 'mono', title: 'working directory' }, S.cwd));
      sub.appendChild(h('span', { class: 'badge ' + (S.status === 'ended' ? 'ok' : S.status) }, S.status));
      el.header.appendChild(sub);
      var stats = h('div', { class: 'stats' });
      function stat(k, v, small, bad) {
        stats.appendChild(h('div', { class: 'stat' + (bad ? ' bad' : '') }, h('div', { class: 'k' }, k),
          h('div', { class: 'v' }, v, small ? h('small', null, small) : null)));
      }
      stat('Duration', fmtMs(S.duration_ms) || '0 s', S.active_ms < S.duration_ms * 0.9 ? fmtMs(S.active_ms) + ' active' : null);
      stat('Prompts', fmtN(S.prompts));
      stat('Tool calls', fmtN(S.tool_calls));
      stat('Errors', fmtN(S.errors), null, S.errors > 0);
      stat('LLM turns', fmtN(S.llm_turns));
      stat('Tokens', fmtN(S.tokens));
      stat('Cost', fmtUsd(S.cost_usd));
      stat('Subagents', fmtN(S.subagent_sessions));
      el.header.appendChild(stats);
    }

    // ---------- timeline ----------
    function laneHeight(ln) { return 10 + laneBars[ln].tracks * 13 + 6; }
    function renderTimelineFrame() {
      clear(el.tl);
      var head = h('div', { class: 'panel-head' }, h('h2', null, 'Timeline'),
        h('div', { class: 'legend' },
          h('span', null, h('i', { class: 'bar-ok' }), 'ok'), h('span', null, h('i', { class: 'bar-failed' }), 'failed'),
          h('span', null, h('i', { class: 'bar-interrupted' }), 'interrupted'), h('span', null, h('i', { class: 'bar-llm' }), 'LLM turn'),
          h('span', null, h('i', { class: 'bar-prompt' }), 'prompt')),
        h('span', { class: 'spacer' }),
        h('button', { class: 'btn', title: 'Zoom out (-)', 'aria-label': 'Zoom out', onclick: function () { zoomBy(0.5); } }, '−'),
        h('button', { class: 'btn', title: 'Zoom in (+)', 'aria-label': 'Zoom in', onclick: function () { zoomBy(2); } }, '+'),
        h('button', { class: 'btn', title: 'Fit the whole session (0)', onclick: function () { state.zoom = 1; renderTimeline(); } }, 'Fit'));
      // legend swatches are coloured through the stylesheet (inline styles are not allowed by the page's policy)
      el.tl.appendChild(head);
      var labels = h('div', { class: 'tl-labels' }, h('div', { class: 'axis-gap' }));
      lanes.forEach(function (l, i) {
        var lab = h('div', { class: 'lab', title: l.session_id + (l.agent ? ' (' + l.agent + ')' : '') },
          i === 0 ? h('b', null, 'session') : h('span', null, '↳ ', h('b', null, laneName(l))));
        lab.style.height = laneHeight(i) + 'px';
        if (l.depth > 1) lab.style.paddingLeft = (10 + 8 * (l.depth - 1)) + 'px';
        labels.appendChild(lab);
      });
      el.tlScroll = h('div', { class: 'tl-scroll' });
      el.tlInner = h('div', { class: 'tl-inner' });
      el.tlScroll.appendChild(el.tlInner);
      el.tl.appendChild(h('div', { class: 'tl-body' }, labels, el.tlScroll));
      el.tlScroll.addEventListener('scroll', function () { schedule(renderTimeline); });
      el.tlScroll.addEventListener('wheel', function (ev) {
        if (!ev.ctrlKey && !ev.metaKey) return;
        ev.preventDefault();
        zoomBy(ev.deltaY < 0 ? 1.25 : 0.8, ev.clientX - el.tlScroll.getBoundingClientRect().left);
      }, { passive: false });
      el.tlScroll.addEventListener('mousedown', function (ev) {
        if (ev.button !== 0) return;
        drag = { x: ev.clientX, left: el.tlScroll.scrollLeft, moved: false };
      });
    }

    // dragging the timeline: the window's listeners are added once, whatever the live updates redraw
    var drag = null;
    window.addEventListener('mousemove', function (ev) {
      if (!drag) return;
      var dx = ev.clientX - drag.x;
      if (Math.abs(dx) > 3) { drag.moved = true; el.tlScroll.classList.add('dragging'); }
      if (drag.moved) el.tlScroll.scrollLeft = drag.left - dx;
    });
    window.addEventListener('mouseup', function () {
      if (drag && drag.moved) {
        // the click that ends a drag must not select the bar under the pointer
        window.addEventListener('click', function stop(e) { e.stopPropagation(); window.removeEventListener('click', stop, true); }, true);
      }
      drag = null;
      if (el.tlScroll) el.tlScroll.classList.remove('dragging');
    });

    function zoomBy(f, atX) {
      var w = el.tlScroll.clientWidth;
      var x = atX == null ? w / 2 : atX;
      var tAt = (el.tlScroll.scrollLeft + x) / (w * state.zoom);
      state.zoom = Math.max(1, Math.min(state.zoom * f, Math.max(1, span / 5)));
      renderTimeline();
      el.tlScroll.scrollLeft = tAt * w * state.zoom - x;
      renderTimeline();
    }

    function niceStep(msPerPx) {
      var want = msPerPx * 110;
      var steps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5, 72e5, 144e5, 288e5, 864e5];
      for (var i = 0; i < steps.length; i++) if (steps[i] >= want) return steps[i];
      return steps[steps.length - 1];
    }
    function tickLabel(ms) {
      if (ms === 0) return '0';
      if (ms < 1000) return ms + 'ms';
      var s = ms / 1000;
      if (s < 60) return (s % 1 ? s.toFixed(1) : s) + 's';
      var m = Math.floor(s / 60), rs = Math.round(s % 60);
      if (m < 60) return m + 'm' + (rs ? rs + 's' : '');
      return Math.floor(m / 60) + 'h' + (m % 60 ? (m % 60) + 'm' : '');
    }

    function lowerBound(arr, t) {
      var lo = 0, hi = arr.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid].t < t) lo = mid + 1; else hi = mid; }
      return lo;
    }

    function renderTimeline() {
      if (!el.tlScroll) return;
      var w = el.tlScroll.clientWidth || 800;
      var inner = Math.max(w, Math.floor(w * state.zoom));
      var msPerPx = span / inner;
      var pad = 6;
      el.tlInner.style.width = inner + 'px';
      clear(el.tlInner);
      var left = el.tlScroll.scrollLeft, t0 = Math.max(0, (left - w / 2) * msPerPx), t1 = (left + w * 1.5) * msPerPx;
      var px = function (t) { return t / msPerPx; };
      var axis = h('div', { class: 'axis' });
      var step = niceStep(msPerPx);
      for (var t = Math.floor(t0 / step) * step; t <= t1 && t <= span; t += step) {
        if (px(t) > inner - 44) break; // a label that would be cut at the right edge
        var tick = h('div', { class: 'tick' }, tickLabel(t));
        tick.style.left = px(t) + 'px';
        axis.appendChild(tick);
      }
      el.tlInner.appendChild(axis);
      var selRow = typeof state.sel === 'number' ? state.sel : -1;
      var filtering = state.mask || state.query;
      lanes.forEach(function (l, ln) {
        var lane = h('div', { class: 'lane' });
        lane.style.height = laneHeight(ln) + 'px';
        var lb = laneBars[ln];
        var from = lowerBound(lb.calls, t0 - lb.maxMs), to = lowerBound(lb.calls, t1);
        var dense = to - from > Math.min(MAX_BARS, w); // more bars than pixels: draw pixel buckets
        var buckets = dense ? {} : null;
        for (var j = from; j < to; j++) {
          var b = lb.calls[j];
          if (b.t + b.ms < t0) continue;
          var r = rows[b.i], out = r[col.outcome];
          if (dense) {
            var key = b.track + ':' + Math.floor(px(b.t) / 2);
            var prev = buckets[key];
            if (!prev || out === 'failed') buckets[key] = { b: b, out: out };
            continue;
          }
          lane.appendChild(bar(b, r, out, 'call', px, pad + b.track * 13, selRow, filtering));
        }
        if (dense) {
          Object.keys(buckets).forEach(function (k) {
            var x = buckets[k];
            var d = h('div', { class: 'bar call dense ' + x.out, 'data-i': x.b.i });
            d.style.left = px(x.b.t) + 'px'; d.style.width = '2px'; d.style.top = (pad + x.b.track * 13) + 'px';
            lane.appendChild(d);
          });
        }
        var tf = lowerBound(lb.turns, t0 - lb.maxMs), tt = lowerBound(lb.turns, t1);
        if (tt - tf <= Math.min(MAX_BARS, w)) {
          for (var q = tf; q < tt; q++) {
            var tb = lb.turns[q];
            lane.appendChild(bar(tb, rows[tb.i], rows[tb.i][col.outcome], 'turn', px, laneHeight(ln) - 8, selRow, filtering));
          }
        }
        el.tlInner.appendChild(lane);
      });
      // prompts as markers, across the lanes (where prompts crowd, one marker stands for its neighbours)
      var lastX = -1e9;
      S.phases.forEach(function (p, i) {
        var ri = phasePrompt[i];
        if (ri == null) return;
        var t = rows[ri][col.t_ms];
        if (t < t0 || t > t1 || px(t) - lastX < 28) return;
        lastX = px(t);
        var m = h('div', { class: 'marker' });
        m.style.left = px(t) + 'px';
        el.tlInner.appendChild(m);
        var f = h('div', { class: 'flag' + (p.failed ? ' failed' : ''), title: 'Prompt ' + (i + 1) + ': ' + p.label, 'data-phase': i,
          onclick: function (ev) { ev.stopPropagation(); select('P' + i, true); } }, 'P' + p.phase);
        f.style.left = px(t) + 'px';
        el.tlInner.appendChild(f);
      });
    }

    function bar(b, r, out, kind, px, top, selRow, filtering) {
      var d = h('div', {
        class: 'bar ' + kind + ' ' + (out || 'ok') + (b.i === selRow ? ' sel' : '') + (filtering && !matches(b.i) ? ' dim' : ''),
        'data-i': b.i,
        title: (kind === 'turn' ? 'LLM ' + (r[col.tool] || '') : mcpName(r[col.tool]) + ' ' + (r[col.text] || '')) +
          ' · ' + (fmtMs(r[col.duration_ms]) || 'no duration') + ' · ' + (out || '') + ' · #' + r[col.event]
      });
      d.style.left = px(b.t) + 'px';
      d.style.width = Math.max(2, px(b.ms)) + 'px';
      d.style.top = top + 'px';
      d.addEventListener('click', function (ev) { ev.stopPropagation(); select(b.i, true); });
      return d;
    }

    // ---------- filters, search ----------
    function toolbarFrame() {
      // built once: a live update redraws the chips, never the search box someone may be typing in
      el.chips = h('span', { class: 'chips' });
      el.count = h('span', { class: 'count' });
      var input = h('input', { id: 'search', type: 'search', placeholder: 'Search commands, paths, outputs…', 'aria-label': 'Search' });
      input.addEventListener('input', function () { state.query = input.value; schedule(refilter); });
      el.search = input;
      el.toolbar.appendChild(el.chips);
      el.toolbar.appendChild(el.count);
      el.toolbar.appendChild(h('div', { class: 'search' }, input));
    }

    function renderToolbar() {
      clear(el.chips);
      var counts = CLASSES.map(function () { return 0; });
      for (var i = 0; i < rows.length; i++) {
        var c = rows[i][col.classes];
        for (var j = 0; j < CLASSES.length; j++) if (c & CLASSES[j].bit) counts[j]++;
      }
      CLASSES.forEach(function (c, j) {
        el.chips.appendChild(h('button', {
          class: 'chip', 'data-class': c.key, 'aria-pressed': String(!!(state.mask & c.bit)), disabled: counts[j] === 0 && !(state.mask & c.bit),
          title: 'Show only %' + c.key + ' (as replay --filter %' + c.key + ')',
          onclick: function () { state.mask ^= c.bit; renderToolbar(); refilter(); }
        }, c.label, h('span', { class: 'n' }, fmtN(counts[j]))));
      });
    }

    function haystack(i) {
      if (!hay) hay = new Array(rows.length);
      var s = hay[i];
      if (s == null) {
        var r = rows[i];
        s = hay[i] = ((r[col.tool] || '') + ' ' + (r[col.text] || '') + ' ' + JSON.stringify(r[col.detail] || '') + ' #' + r[col.event]).toLowerCase();
      }
      return s;
    }
    function matches(i) {
      var r = rows[i];
      if (state.mask && !(r[col.classes] & state.mask)) return false;
      var q = state.query.trim().toLowerCase();
      return !q || haystack(i).indexOf(q) >= 0;
    }

    function refilter() {
      var q = state.query.trim().toLowerCase();
      var filtering = state.mask || q;
      items = [];
      var shown = 0, r = 0;
      for (var p = 0; p < S.phases.length; p++) {
        var start = r;
        while (r < rows.length && rows[r][col.phase] === p) r++;
        var kids = [];
        for (var i = start; i < r; i++) {
          if (phasePrompt[p] === i) continue; // the prompt is the phase's own row
          if (!filtering || matches(i)) kids.push(i);
        }
        var headerHit = q && phasePrompt[p] != null && matches(phasePrompt[p]);
        if (!filtering || kids.length || headerHit) {
          items.push(-(p + 1));
          for (var k = 0; k < kids.length; k++) items.push(kids[k]);
          shown += kids.length;
        }
      }
      while (r < rows.length) { if (!filtering || matches(r)) { items.push(r); shown++; } r++; } // rows of no known phase
      if (el.count) el.count.textContent = filtering ? shown + ' of ' + rows.length + ' shown' : plural(rows.length, 'item');
      el.inner.style.height = Math.max(items.length * ROW_H, 1) + 'px';
      renderRows();
      renderTimeline();
    }

    // ---------- the list ----------
    function renderRows() {
      var top = el.list.scrollTop, hgt = el.list.clientHeight || 600;
      var first = Math.max(0, Math.floor(top / ROW_H) - 5), last = Math.min(items.length, Math.ceil((top + hgt) / ROW_H) + 5);
      clear(el.inner);
      if (!items.length) {
        el.inner.appendChild(h('div', { class: 'empty' }, rows.length ? 'Nothing matches the filters.' : 'This session has no events yet.'));
        return;
      }
      for (var x = first; x < last; x++) {
        var node = items[x] < 0 ? phaseRow(-items[x] - 1) : rowNode(items[x]);
        node.style.top = (x * ROW_H) + 'px';
        node.setAttribute('data-item', x);
        el.inner.appendChild(node);
      }
    }

    function phaseRow(p) {
      var ph = S.phases[p];
      var facts = [];
      var calls = 0; ph.tools.forEach(function (t) { calls += t.calls; });
      facts.push(plural(calls, 'call'));
      if (ph.failures.length) facts.push(plural(ph.failures.length, 'error'));
      if (ph.tokens) facts.push(fmtN(ph.tokens) + ' tok');
      if (ph.cost_usd) facts.push(fmtUsd(ph.cost_usd));
      facts.push(fmtMs(ph.duration_ms) || '0 s');
      var key = 'P' + p;
      return h('div', { class: 'row phase' + (ph.failed ? ' failed' : '') + (state.sel === key ? ' sel' : ''), role: 'option',
        'data-phase': p, onclick: function () { select(key, false); } },
        h('span', { class: 'pn' }, ph.prompt_event != null ? 'P' + ph.phase : '·'),
        h('span', { class: 'txt' }, ph.label),
        h('span', { class: 'facts' }, facts.join(' · ')));
    }

    function rowNode(i) {
      var r = rows[i], k = r[col.kind], out = r[col.outcome], ln = r[col.lane], lane = lanes[ln] || {};
      var cls = 'row ' + ({ c: 'call', l: 'turn', p: 'prompt', a: 'answer', e: 'error', x: 'event' })[k] + (out ? ' ' + out : '') +
        (lane.depth ? ' indent' + Math.min(3, lane.depth) : '') + (state.sel === i ? ' sel' : '');
      var node = h('div', { class: cls, role: 'option', 'data-row': i, onclick: function () { select(i, false); } });
      var det = r[col.detail] || {};
      if (lane.depth) node.appendChild(h('span', { class: 'tag sub', title: (lane.agent || 'subagent') + ' ' + lane.session_id }, laneName(lane)));
      if (k === 'c') {
        node.appendChild(h('span', { class: 'dot ' + (out || 'none') }));
        node.appendChild(h('span', { class: 'tool' }, mcpName(r[col.tool])));
        node.appendChild(h('span', { class: 'txt mono' }, r[col.text] || ''));
        if (det.retry_of) node.appendChild(h('span', { class: 'tag retry', title: 'repeats the failed call #' + det.retry_of }, 'retry'));
        if (out === 'failed' && det.label) node.appendChild(h('span', { class: 'tag err' }, det.label));
      } else if (k === 'l') {
        node.appendChild(h('span', { class: 'dot ' + (out || 'none') }));
        node.appendChild(h('span', { class: 'tag llm' }, 'LLM'));
        node.appendChild(h('span', { class: 'txt' }, (r[col.tool] || 'model not named') +
          (det.usage ? ' · ' + fmtN(det.usage.total) + ' tokens' : '') + (det.cost_usd ? ' · ' + fmtUsd(det.cost_usd) : '')));
      } else if (k === 'a') {
        node.appendChild(h('span', { class: 'tag' }, 'answer'));
        node.appendChild(h('span', { class: 'txt' }, r[col.text] || ''));
      } else if (k === 'p') {
        node.appendChild(h('span', { class: 'tag' }, 'prompt'));
        node.appendChild(h('span', { class: 'txt' }, r[col.text] || ''));
      } else if (k === 'e') {
        node.appendChild(h('span', { class: 'dot failed' }));
        node.appendChild(h('span', { class: 'tag err' }, 'error'));
        node.appendChild(h('span', { class: 'txt' }, r[col.text] || ''));
      } else {
        node.appendChild(h('span', { class: 'dot none' }));
        node.appendChild(h('span', { class: 'tool muted' }, r[col.tool]));
        node.appendChild(h('span', { class: 'txt muted' }, r[col.text] || ''));
      }
      node.appendChild(h('span', { class: 'dur' }, fmtMs(r[col.duration_ms])));
      node.appendChild(h('span', { class: 'num' }, '#' + r[col.event]));
      return node;
    }

    // ---------- selection ----------
    function select(what, reveal) {
      state.sel = what;
      state.detailOpen = true;
      renderDetail();
      var at = items.indexOf(typeof what === 'number' ? what : -(parseInt(what.slice(1), 10) + 1));
      if (at < 0 && typeof what === 'number' && (state.mask || state.query)) {
        // selected from the timeline while filtered out: clear the filters so that it can be shown
        state.mask = 0; state.query = ''; if (el.search) el.search.value = '';
        renderToolbar(); refilter();
        at = items.indexOf(what);
      }
      if (at >= 0 && reveal !== false) {
        var top = at * ROW_H;
        if (top < el.list.scrollTop || top + ROW_H > el.list.scrollTop + el.list.clientHeight) {
          el.list.scrollTop = Math.max(0, top - el.list.clientHeight / 3);
        }
      } else if (at >= 0) {
        var t = at * ROW_H;
        if (t < el.list.scrollTop) el.list.scrollTop = t;
        else if (t + ROW_H > el.list.scrollTop + el.list.clientHeight) el.list.scrollTop = t + ROW_H - el.list.clientHeight;
      }
      renderRows();
      renderTimeline();
      if (typeof what === 'number') revealBar(what);
    }

    function revealBar(i) {
      var r = rows[i];
      if (r[col.kind] !== 'c' && r[col.kind] !== 'l') return;
      var w = el.tlScroll.clientWidth, inner = Math.max(w, w * state.zoom);
      var x = r[col.t_ms] / span * inner;
      if (x < el.tlScroll.scrollLeft || x > el.tlScroll.scrollLeft + w) el.tlScroll.scrollLeft = x - w / 3;
    }

    function move(delta) {
      if (!items.length) return;
      var cur = state.sel == null ? -1 : items.indexOf(typeof state.sel === 'number' ? state.sel : -(parseInt(state.sel.slice(1), 10) + 1));
      var next = Math.max(0, Math.min(items.length - 1, cur + delta));
      select(items[next] < 0 ? 'P' + (-items[next] - 1) : items[next], true);
    }
    function jump(pred, dir) {
      if (!items.length) return;
      var cur = state.sel == null ? (dir > 0 ? -1 : items.length) : items.indexOf(typeof state.sel === 'number' ? state.sel : -(parseInt(state.sel.slice(1), 10) + 1));
      for (var x = cur + dir; x >= 0 && x < items.length; x += dir) {
        if (pred(items[x])) { select(items[x] < 0 ? 'P' + (-items[x] - 1) : items[x], true); return; }
      }
    }

    function onKey(ev) {
      var typing = ev.target && (ev.target.tagName === 'INPUT' || ev.target.tagName === 'TEXTAREA');
      if (ev.key === 'Escape') {
        if (typing) { ev.target.blur(); return; }
        state.detailOpen = false; el.detail.classList.remove('open');
        return;
      }
      if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var k = ev.key;
      if (k === 'j' || k === 'ArrowDown') { move(1); ev.preventDefault(); }
      else if (k === 'k' || k === 'ArrowUp') { move(-1); ev.preventDefault(); }
      else if (k === 'n') jump(function (it) { return it < 0; }, 1);
      else if (k === 'N' || k === 'p') jump(function (it) { return it < 0; }, -1);
      else if (k === 'e') jump(function (it) { return it >= 0 && (rows[it][col.classes] & 1); }, 1);
      else if (k === 'E') jump(function (it) { return it >= 0 && (rows[it][col.classes] & 1); }, -1);
      else if (k === '/') { ev.preventDefault(); el.search.focus(); }
      else if (k === '+' || k === '=') zoomBy(2);
      else if (k === '-') zoomBy(0.5);
      else if (k === '0') { state.zoom = 1; renderTimeline(); }
      else if (k === 'Enter') { state.detailOpen = true; renderDetail(); }
    }

    // ---------- details ----------
    function renderDetail() {
      clear(el.detail);
      el.detail.classList.toggle('open', !!(state.detailOpen && state.sel != null));
      el.detail.appendChild(h('button', { class: 'btn close', 'aria-label': 'Close', onclick: function () { state.detailOpen = false; el.detail.classList.remove('open'); } }, '✕ Close'));
      if (state.sel == null) {
        el.detail.appendChild(h('div', { class: 'placeholder' }, 'Select a call, a prompt or a bar of the timeline to see it here.', h('br'), h('br'),
          h('kbd', null, 'j'), ' ', h('kbd', null, 'k'), ' to move, ', h('kbd', null, '/'), ' to search.'));
        return;
      }
      if (typeof state.sel === 'string') phaseDetail(parseInt(state.sel.slice(1), 10));
      else rowDetail(state.sel);
    }

    function section(title, body) { if (body == null || body === '') return null; return [h('h4', null, title), body]; }
    function pre(text, cls) { return text == null || text === '' ? null : h('pre', { class: cls || '' }, text); }
    function kv(pairs) {
      var dl = h('dl', { class: 'kv' });
      pairs.forEach(function (p) { if (p[1] != null && p[1] !== '') { dl.appendChild(h('dt', null, p[0])); dl.appendChild(h('dd', null, p[1])); } });
      return dl;
    }
    function eventLink(n, lane) {
      for (var i = 0; i < rows.length; i++) {
        if (rows[i][col.lane] === lane && rows[i][col.event] === n && rows[i][col.kind] !== 'x') {
          return h('span', { class: 'linkish', onclick: (function (x) { return function () { select(x, true); }; })(i) }, '#' + n);
        }
      }
      return '#' + n;
    }

    function phaseDetail(p) {
      var ph = S.phases[p], ri = phasePrompt[p];
      el.detail.appendChild(h('div', { class: 'detail-title' }, h('span', { class: 'badge' + (ph.failed ? ' failed' : ' ok') }, ph.failed ? 'failed' : 'done'),
        h('h3', null, ph.prompt_event != null ? 'Prompt ' + ph.phase : ph.label)));
      el.detail.appendChild(h('div', { class: 'facts' }, h('span', null, fmtMs(ph.duration_ms) || '0 s'),
        h('span', null, plural(ph.llm_turns, 'LLM turn')), h('span', null, fmtN(ph.tokens) + ' tokens'), h('span', null, fmtUsd(ph.cost_usd)),
        ph.prompt_event != null ? h('span', null, 'event #' + ph.prompt_event) : null));
      if (ri != null) add(el.detail, section('Prompt', h('div', { class: 'prompt-text' }, (rows[ri][col.detail] || {}).text || '')));
      if (ph.tools.length) {
        add(el.detail, section('Tools', h('ul', null, ph.tools.map(function (t) {
          return h('li', null, mcpName(t.name) + ' × ' + t.calls + (t.errors ? ' (' + plural(t.errors, 'error') + ')' : ''));
        }))));
      }
      [['Files read', ph.files.read], ['Files written', ph.files.written], ['Files edited', ph.files.edited]].forEach(function (f) {
        if (f[1].length) add(el.detail, section(f[0], h('ul', { class: 'mono' }, f[1].map(function (x) { return h('li', null, x); }))));
      });
      if (ph.commands.length) {
        add(el.detail, section('Commands', h('ul', { class: 'mono' }, ph.commands.map(function (c) {
          return h('li', null, eventLink(c.event, 0), ' $ ' + c.command + (c.outcome !== 'ok' ? '  (' + c.outcome + ')' : '') + (c.retry ? '  (retry)' : ''));
        }))));
      }
      if (ph.failures.length) {
        add(el.detail, section('Failures', h('div', null, ph.failures.map(function (f) {
          return [h('div', { class: 'muted' }, eventLink(f.event, 0), ' ', f.tool ? mcpName(f.tool) : ''), pre(f.message || 'failed', 'err')];
        }))));
      }
      if (ph.subagents.length) {
        add(el.detail, section('Subagents', h('ul', null, ph.subagents.map(function (s) {
          return h('li', null, (s.agent || shortId(s.session_id)) + ' · ' + plural(s.tool_calls, 'call') + ' · ' + fmtMs(s.duration_ms) +
            (s.errors ? ' · ' + plural(s.errors, 'error') : ''));
        }))));
      }
      var answers = [];
      for (var i = 0; i < rows.length; i++) if (rows[i][col.phase] === p && rows[i][col.kind] === 'a' && rows[i][col.lane] === 0) answers.push(rows[i]);
      if (answers.length) add(el.detail, section('Answer', answers.map(function (a) { return h('div', { class: 'answer-text' }, (a[col.detail] || {}).text || ''); })));
    }

    function rowDetail(i) {
      var r = rows[i], k = r[col.kind], d = r[col.detail] || {}, out = r[col.outcome], lane = lanes[r[col.lane]] || {};
      var title = k === 'c' ? mcpName(r[col.tool]) : k === 'l' ? 'LLM turn' : k === 'p' ? 'Prompt' : k === 'a' ? 'Answer' : k === 'e' ? 'Error' : r[col.tool];
      el.detail.appendChild(h('div', { class: 'detail-title' }, out ? h('span', { class: 'badge ' + out }, out) : null, h('h3', null, title)));
      var facts = h('div', { class: 'facts' });
      if (r[col.duration_ms] != null) facts.appendChild(h('span', null, fmtMs(r[col.duration_ms])));
      facts.appendChild(h('span', null, 'event #' + r[col.event] + (d.answer ? ' → #' + d.answer : '')));
      facts.appendChild(h('span', null, '+' + fmtMs(r[col.t_ms]) + ' from start'));
      if (lane.depth) facts.appendChild(h('span', null, 'subagent ' + (lane.agent || '') + ' ' + shortId(lane.session_id)));
      if (d.retry_of) facts.appendChild(h('span', null, 'retries ', eventLink(d.retry_of, r[col.lane])));
      el.detail.appendChild(facts);
      if (k === 'c') callDetail(r, d);
      else if (k === 'l') {
        var u = d.usage;
        add(el.detail, kv([['model', r[col.tool] || 'not named'], ['messages', d.messages],
          ['input', u ? fmtN(u.input) : null], ['output', u ? fmtN(u.output) : null], ['cache read', u && u.cache_read ? fmtN(u.cache_read) : null],
          ['cache write', u && u.cache_write ? fmtN(u.cache_write) : null], ['tokens', u ? fmtN(u.total) : 'not recorded'],
          ['cost', d.cost_usd != null ? fmtUsd(d.cost_usd) : (u ? 'unpriced model' : null)]]));
        add(el.detail, section('Error', pre(d.error, 'err')));
        add(el.detail, section('Response', d.preview ? h('div', { class: 'answer-text' }, d.preview) : null));
      } else if (k === 'p' || k === 'a') {
        add(el.detail, h('div', { class: k === 'p' ? 'prompt-text' : 'answer-text' }, d.text || ''));
      } else if (k === 'e') {
        add(el.detail, pre(d.error || r[col.text], 'err'));
      } else {
        add(el.detail, section('Data', pre(pretty(d.data))));
      }
    }

    function callDetail(r, d) {
      var a = d.args && typeof d.args === 'object' ? d.args : null;
      var kind = d.kind, tool = r[col.tool] || '';
      if (d.error || r[col.outcome] === 'failed' || r[col.outcome] === 'interrupted') {
        add(el.detail, section(d.label ? 'Failure (' + d.label + ')' : 'Failure', pre(d.error || r[col.outcome], 'err')));
      }
      if (d.mcp) add(el.detail, kv([['MCP server', d.mcp.split('/')[0]], ['tool', d.mcp.slice(d.mcp.indexOf('/') + 1)]]));
      if (kind === 'shell' && a) {
        add(el.detail, section('Command', pre('$ ' + (Array.isArray(a.command) ? a.command.join(' ') : (a.command || a.cmd || '')), 'cmd')));
        if (a.description) add(el.detail, h('div', { class: 'muted' }, a.description));
        add(el.detail, section('Output', pre(d.result)));
        return;
      }
      if (kind === 'edit' && a) {
        add(el.detail, section('File', h('div', { class: 'mono' }, a.file_path || a.path || a.notebook_path || '')));
        var edits = Array.isArray(a.edits) ? a.edits : [a];
        edits.forEach(function (e, n) {
          if (e.old_string != null || e.new_string != null || e.new_source != null) {
            add(el.detail, section(edits.length > 1 ? 'Change ' + (n + 1) : 'Change' + (e.replace_all ? ' (every occurrence)' : ''),
              diff(String(e.old_string || ''), String(e.new_string != null ? e.new_string : e.new_source || ''))));
          }
        });
        if (!edits.some(function (e) { return e.old_string != null || e.new_string != null || e.new_source != null; })) add(el.detail, section('Arguments', pre(pretty(a))));
        add(el.detail, section('Result', pre(d.result)));
        return;
      }
      if (kind === 'write' && a) {
        add(el.detail, section('File', h('div', { class: 'mono' }, a.file_path || a.path || '')));
        add(el.detail, section('Content', pre(a.content != null ? String(a.content) : pretty(a))));
        add(el.detail, section('Result', pre(d.result)));
        return;
      }
      if (kind === 'read' && a) {
        add(el.detail, kv([['file', a.file_path || a.path || a.notebook_path || a.absolute_path || ''], ['offset', a.offset], ['limit', a.limit]]));
        add(el.detail, section('Content', pre(d.result)));
        return;
      }
      if (kind === 'search' && a) {
        add(el.detail, kv([['pattern', a.pattern || a.query || a.regex || ''], ['in', a.path || a.directory || ''], ['glob', a.glob], ['type', a.type], ['mode', a.output_mode]]));
        add(el.detail, section('Matches', pre(d.result)));
        return;
      }
      if (kind === 'web' && a) {
        add(el.detail, kv([['URL', a.url], ['query', a.query], ['prompt', a.prompt]]));
        add(el.detail, section('Result', pre(d.result)));
        return;
      }
      if (kind === 'agent' && a) {
        add(el.detail, kv([['agent', a.subagent_type], ['task', a.description]]));
        add(el.detail, section('Prompt', a.prompt ? h('div', { class: 'prompt-text' }, a.prompt) : null));
        add(el.detail, section('Result', pre(d.result)));
        return;
      }
      add(el.detail, section('Arguments', pre(pretty(d.args))));
      add(el.detail, section('Result', pre(d.result)));
      if (!tool) add(el.detail, h('div', { class: 'muted' }, 'No tool name was recorded.'));
    }

    // A line diff (longest common subsequence); large texts are shown as removed then added.
    function diff(a, b) {
      var x = a.split('\n'), y = b.split('\n'), box = h('div', { class: 'diff' });
      if (a === '') x = [];
      if (x.length * y.length > 250000) {
        x.forEach(function (l) { box.appendChild(h('div', { class: 'del' }, l)); });
        y.forEach(function (l) { box.appendChild(h('div', { class: 'add' }, l)); });
        return box;
      }
      var n = x.length, m = y.length, L = [];
      for (var i = 0; i <= n; i++) L.push(new Int32Array(m + 1));
      for (i = n - 1; i >= 0; i--) for (var j = m - 1; j >= 0; j--) L[i][j] = x[i] === y[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
      i = 0; j = 0;
      while (i < n || j < m) {
        if (i < n && j < m && x[i] === y[j]) { box.appendChild(h('div', { class: 'ctx' }, x[i])); i++; j++; }
        else if (j < m && (i >= n || L[i][j + 1] >= L[i + 1][j])) { box.appendChild(h('div', { class: 'add' }, y[j])); j++; }
        else { box.appendChild(h('div', { class: 'del' }, x[i])); i++; }
      }
      return box;
    }

    // ---------- live updates (serve) ----------
    function live() {
      if (data.mode !== 'session' || !data.live_url || typeof EventSource === 'undefined') return;
      var es = new EventSource(data.live_url);
      es.addEventListener('session', function (ev) {
        var keep = typeof state.sel === 'number' ? rowKey(state.sel) : state.sel;
        var fresh = JSON.parse(ev.data);
        fresh.mode = data.mode; fresh.live_url = data.live_url;
        var atBottom = el.list.scrollTop + el.list.clientHeight >= el.list.scrollHeight - ROW_H;
        var left = el.tlScroll ? el.tlScroll.scrollLeft : 0;
        load(fresh);
        state.sel = findKey(keep);
        renderHeader(); renderTimelineFrame(); renderToolbar(); refilter();
        el.tlScroll.scrollLeft = left; renderTimeline();
        if (atBottom) { el.list.scrollTop = el.list.scrollHeight; renderRows(); }
        if (state.sel != null) renderDetail();
        document.body.setAttribute('data-events', String(fresh.session.events));
      });
    }

    // ---------- start ----------
    load(data);
    frame();
    renderHeader();
    renderTimelineFrame();
    toolbarFrame();
    renderToolbar();
    renderDetail();
    refilter();
    document.body.setAttribute('data-events', String(S.events));
    document.body.setAttribute('data-ready', 'true');
    document.body.setAttribute('data-render-ms', String(Math.round(performance.now()))); // read by bench/share-bench.sh
    live();
  }

  // ====================================================================================================
  // The sessions of a trace directory (serve)
  // ====================================================================================================
  function sessionsView(data) {
    var COLS = [
      { key: 'started_at', label: 'Started', hide: true, fmt: function (s) { return fmtShortDate(s.started_at); } },
      { key: 'agent', label: 'Agent', hide: true },
      { key: 'title', label: 'Session', node: function (s) {
        return [s.title || s.session_id, h('div', { class: 'subline' }, fmtShortDate(s.started_at) + ' · ' + (s.agent || '') + ' · ' + fmtMs(s.duration_ms))];
      } },
      // several trace directories (serve --all): the project each session's directory belongs to, as list --all
      (data.trace_dirs || []).length > 1 ? { key: 'trace_project', label: 'Project', hide: true }
        : { key: 'project', label: 'Project', hide: true, hideM: true },
      { key: 'duration_ms', label: 'Duration', num: true, hide: true, fmt: function (s) { return fmtMs(s.duration_ms); } },
      { key: 'prompts', label: 'Prompts', num: true, hide: true },
      { key: 'tool_calls', label: 'Calls', num: true },
      { key: 'errors', label: 'Errors', num: true },
      { key: 'tokens', label: 'Tokens', num: true, hide: true, fmt: function (s) { return fmtN(s.tokens); } },
      { key: 'cost_usd', label: 'Cost', num: true, fmt: function (s) { return fmtUsd(s.cost_usd); } }
    ];
    var sort = { key: 'started_at', dir: -1 }, query = '';
    var sessions = data.sessions;
    clear(app);
    var wrap = h('div', { class: 'wrap' });
    // the navigation above names the tool and the trace directory
    wrap.appendChild(h('header', { class: 'top' }, h('h1', null, 'Sessions')));
    var panel = h('section', { class: 'panel' });
    var input = h('input', { id: 'search', type: 'search', placeholder: 'Filter by agent, prompt, project, id…', 'aria-label': 'Filter sessions' });
    var count = h('span', { class: 'count' });
    panel.appendChild(h('div', { class: 'filters' }, count, h('div', { class: 'search' }, input)));
    var table = h('table', { class: 'sessions' });
    var thead = h('thead'), tbody = h('tbody');
    table.appendChild(thead); table.appendChild(tbody);
    panel.appendChild(h('div', { class: 'table-wrap' }, table));
    wrap.appendChild(panel);
    app.appendChild(wrap);
    input.addEventListener('input', function () { query = input.value.trim().toLowerCase(); render(); });

    function value(s, key) { var v = s[key]; return v == null ? '' : v; }
    function render() {
      clear(thead); clear(tbody);
      var tr = h('tr');
      COLS.forEach(function (c) {
        tr.appendChild(h('th', { class: (c.num ? 'num' : '') + (c.hide ? ' hide-s' : '') + (c.hideM ? ' hide-m' : ''), 'aria-sort': sort.key === c.key ? (sort.dir > 0 ? 'ascending' : 'descending') : null,
          onclick: function () { sort = { key: c.key, dir: sort.key === c.key ? -sort.dir : (c.num || c.key === 'started_at' ? -1 : 1) }; render(); } }, c.label));
      });
      thead.appendChild(tr);
      // a session is its id in its directory: two directories may hold the same id
      function key(s, id) { return (s.dir == null ? '' : s.dir + '/') + id; }
      var byParent = {}, tops = [];
      var ids = {}; sessions.forEach(function (s) { ids[key(s, s.session_id)] = true; });
      sessions.forEach(function (s) {
        var p = key(s, s.parent_session_id);
        if (s.parent_session_id && ids[p] && s.parent_session_id !== s.session_id) (byParent[p] = byParent[p] || []).push(s);
        else tops.push(s);
      });
      function hit(s) {
        if (!query) return true;
        return [s.session_id, s.agent, s.title, s.project, s.trace_project, s.model].join(' ').toLowerCase().indexOf(query) >= 0 ||
          (byParent[key(s, s.session_id)] || []).some(hit);
      }
      tops = tops.filter(hit);
      tops.sort(function (a, b) {
        var x = value(a, sort.key), y = value(b, sort.key);
        return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
      });
      var shown = 0;
      function addRow(s, depth) {
        shown++;
        var href = '/s/' + encodeURIComponent(s.session_id) + (s.dir == null ? '' : '?d=' + s.dir);
        var row = h('tr', { class: 's' + (depth ? ' child' : ''), 'data-id': s.session_id, 'data-dir': s.dir == null ? null : String(s.dir), tabindex: '0',
          onclick: function () { location.href = href; },
          onkeydown: function (e) { if (e.key === 'Enter') location.href = href; } });
        COLS.forEach(function (c, n) {
          var text = c.node ? c.node(s) : c.fmt ? c.fmt(s) : fmtN(value(s, c.key));
          if (!c.num && !c.fmt && !c.node) text = String(value(s, c.key));
          var td = h('td', { class: (c.num ? 'num' : '') + (c.hide ? ' hide-s' : '') + (c.hideM ? ' hide-m' : '') + (c.key === 'title' ? ' first' : '') + (c.key === 'errors' && s.errors ? ' err' : ''),
            title: c.key === 'title' ? s.session_id : null }, text);
          if (depth && c.key === 'title') td.style.paddingLeft = (10 + depth * 16) + 'px';
          row.appendChild(td);
        });
        tbody.appendChild(row);
        (byParent[key(s, s.session_id)] || []).slice().sort(function (a, b) { return a.started_at - b.started_at; })
          .forEach(function (c) { if (depth < 8) addRow(c, depth + 1); });
      }
      tops.forEach(function (s) { addRow(s, 0); });
      if (!shown) tbody.appendChild(h('tr', null, h('td', { class: 'empty', colspan: String(COLS.length) }, sessions.length ? 'No session matches.' : 'No sessions in this trace directory yet.')));
      count.textContent = plural(sessions.length, 'session');
    }
    render();
    document.body.setAttribute('data-ready', 'true');
    // new sessions and new numbers, while the page is open
    if (typeof fetch !== 'undefined' && data.api) {
      setInterval(function () {
        if (document.hidden) return;
        fetch(data.api, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : null; })
          .then(function (j) { if (j && j.sessions) { sessions = j.sessions; render(); } }).catch(function () {});
      }, 5000);
    }
  }
})();
