/* gwrdata panel page: language toggle, the indicator picker and the searchable table of its targets and results.
   The page holds the overview and the picker; each indicator's chart and rows are a file data/<id>.js, and the
   reports' addresses data/report-links.js. They are scripts calling window.gwrdataPanel.add(...), loaded by a
   <script> element when first needed (not fetch, which a browser refuses from file://), and kept once loaded. */
(function () {
  'use strict';

  var D = JSON.parse(document.getElementById('data').textContent);
  var K = {};
  D.keys.forEach(function (k, i) { K[k] = i; });
  var LIMIT = 500;
  var root = document.documentElement;
  var lang = 'en';
  var tbody = document.querySelector('#ftable tbody');
  var input = document.getElementById('q');
  var picker = document.getElementById('indicator');
  var chart = document.getElementById('chart');
  var note = document.getElementById('load-note');
  var reports = null;   // report id -> address of its text, from data/report-links.js
  var loaded = {};      // indicator id -> {chart, figures, hay}
  var asked = {};       // file -> true once its <script> element is in the page
  var current = null;   // the indicator shown (or being loaded)

  window.gwrdataPanel = {
    add: function (part) {
      if (part.reports) reports = part.reports;
      if (part.indicator) loaded[part.indicator] = part;
    }
  };

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function norm(s) { return String(s || '').normalize('NFKC').toLowerCase(); }
  function pick(pair) { return pair ? (lang === 'zh' ? pair[0] : pair[1]) : ''; }
  function bi(zh, en) { return '<span class="t-zh" lang="zh-Hans">' + esc(zh) + '</span><span class="t-en" lang="en">' + esc(en) + '</span>'; }

  function fail(file) {
    note.innerHTML = bi('无法载入 ' + file + '；数据见 CSV 数据包与 Excel 工作簿。',
      'Could not load ' + file + '; the data are in the CSV data package and the Excel workbook.');
    note.classList.add('error');
  }

  /* Adds a <script> element for file once; ready() says whether it gave what was asked for. */
  function load(file, ready, done) {
    if (asked[file]) return;
    asked[file] = true;
    var s = document.createElement('script');
    s.src = file;
    s.onload = function () {
      delete asked[file];
      if (ready()) done(); else fail(file);
    };
    s.onerror = function () { delete asked[file]; fail(file); };
    document.head.appendChild(s);
  }

  function show(id) {
    current = id;
    if (!id) return;
    if (!reports) {
      note.innerHTML = bi('正在载入……', 'Loading…');
      load(D.reports, function () { return reports; }, function () { show(current); });
      return;
    }
    var part = loaded[id];
    if (!part) {
      note.innerHTML = bi('正在载入……', 'Loading…');
      load(D.data + id + '.js', function () { return loaded[id]; }, function () { if (current === id) show(id); });
      return;
    }
    if (!part.hay) {
      part.hay = part.figures.map(function (f) {
        var ind = D.indicators[f[K.indicator_id]] || [];
        return norm([f[K.report_id], f[K.mention], f[K.value] + f[K.unit], f[K.subject_zh], f[K.indicator_id], ind[0], ind[1],
          f[K.period], f[K.status]].join(' '));
      });
    }
    note.classList.remove('error');
    note.innerHTML = bi('已载入 ' + D.data + id + '.js。', 'Loaded ' + D.data + id + '.js.');
    chart.innerHTML = part.chart;
    chart.setAttribute('data-indicator', id);
    render();
  }

  function render() {
    var part = current && loaded[current];
    var figures = part ? part.figures : [];
    var terms = norm(input.value).split(/\s+/).filter(Boolean);
    var html = [];
    var matched = 0;
    for (var i = 0; i < figures.length; i++) {
      var ok = true;
      for (var t = 0; t < terms.length; t++) { if (part.hay[i].indexOf(terms[t]) < 0) { ok = false; break; } }
      if (!ok) continue;
      matched++;
      if (html.length >= LIMIT) continue;
      var f = figures[i];
      var ind = D.indicators[f[K.indicator_id]];
      html.push('<tr><td><a href="' + esc(reports[f[K.report_id]]) + '" title="offset ' + esc(f[K.start]) + '">' +
        esc(f[K.report_id]) + '</a></td><td lang="zh-Hans">' + esc(f[K.mention]) + '</td><td lang="zh-Hans">' +
        esc(f[K.subject_zh]) + '</td><td>' + esc(ind ? pick(ind) : '') + '</td><td class="num">' + esc(f[K.period]) +
        '</td><td>' + esc(pick(D.status[f[K.status]]) || f[K.status]) + '</td></tr>');
    }
    tbody.innerHTML = html.join('');
    document.getElementById('shown-count').textContent = matched;
    document.getElementById('total-count').textContent = figures.length;
  }

  function setLang(l) {
    lang = l === 'zh' ? 'zh' : 'en';
    root.lang = lang === 'zh' ? 'zh-Hans' : 'en';
    root.classList.toggle('lang-zh', lang === 'zh');
    root.classList.toggle('lang-en', lang !== 'zh');
    Array.prototype.forEach.call(picker.options, function (o) {
      o.textContent = (pick(D.indicators[o.value]) || o.value) + ' (' + o.getAttribute('data-targets') + ')';
    });
    render();
  }
  document.getElementById('lang').addEventListener('click', function () { setLang(lang === 'zh' ? 'en' : 'zh'); });
  input.addEventListener('input', render);
  picker.addEventListener('change', function () { show(picker.value); });
  setLang((navigator.language || '').slice(0, 2) === 'zh' ? 'zh' : 'en');
  show(picker.value);
}());
