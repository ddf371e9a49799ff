/* gwrdata panel page: language toggle and the searchable figures table.
   Everything it needs is in the page (the JSON block #data): no fetch, so it works from file://. */
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

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function norm(s) { return String(s || '').normalize('NFKC').toLowerCase(); }
  function pick(pair) { return pair ? (lang === 'zh' ? pair[0] : pair[1]) : ''; }

  var hay = D.figures.map(function (f) {
    var ind = D.indicators[f[K.indicator_id]] || [];
    return norm([f[K.report_id], f[K.mention], f[K.value] + f[K.unit], f[K.subject_zh], f[K.indicator_id], ind[0], ind[1],
      f[K.period], f[K.status]].join(' '));
  });

  function render() {
    var terms = norm(input.value).split(/\s+/).filter(Boolean);
    var html = [];
    var matched = 0;
    for (var i = 0; i < D.figures.length; i++) {
      var ok = true;
      for (var t = 0; t < terms.length; t++) { if (hay[i].indexOf(terms[t]) < 0) { ok = false; break; } }
      if (!ok) continue;
      matched++;
      if (html.length >= LIMIT) continue;
      var f = D.figures[i];
      var ind = D.indicators[f[K.indicator_id]];
      html.push('<tr><td><a href="' + esc(D.reports[f[K.report_id]]) + '" title="offset ' + esc(f[K.start]) + '">' +
        esc(f[K.report_id]) + '</a></td><td lang="zh-Hans">' + esc(f[K.mention]) + '</td><td lang="zh-Hans">' +
        esc(f[K.subject_zh]) + '</td><td>' + esc(ind ? pick(ind) : '') + '</td><td class="num">' + esc(f[K.period]) +
        '</td><td>' + esc(pick(D.status[f[K.status]]) || f[K.status]) + '</td></tr>');
    }
    tbody.innerHTML = html.join('');
    document.getElementById('shown-count').textContent = matched;
    document.getElementById('total-count').textContent = D.figures.length;
  }

  function setLang(l) {
    lang = l === 'zh' ? 'zh' : 'en';
    root.lang = lang === 'zh' ? 'zh-Hans' : 'en';
    root.classList.toggle('lang-zh', lang === 'zh');
    root.classList.toggle('lang-en', lang !== 'zh');
    render();
  }
  document.getElementById('lang').addEventListener('click', function () { setLang(lang === 'zh' ? 'en' : 'zh'); });
  input.addEventListener('input', render);
  setLang((navigator.language || '').slice(0, 2) === 'zh' ? 'zh' : 'en');
}());
