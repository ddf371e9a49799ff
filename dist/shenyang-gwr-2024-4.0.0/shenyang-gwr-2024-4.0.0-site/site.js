/* gwrdata data page: language toggle, the figures table (filter, search, sort) and the source view's marks.
   Everything it needs is in the page (the JSON block #data): no fetch, so it works from file://.
   The view (search, filters, sort) lives in the address (#figures?status=target&q=GDP), so a
   filtered view can be shared, and the rows shown download as CSV made here, in the page. */
(function () {
  'use strict';

  var D = JSON.parse(document.getElementById('data').textContent);
  var L = D.labels;
  var root = document.documentElement;
  var lang = 'en';
  var figures = D.figures;
  var byId = {};
  var sections = {};
  var sectionOrder = {};
  var state = { q: '', sort: 'start', dir: 1, filters: { category: '', section: '', status: '', measure: '' } };
  var selected = null;
  var cardFor = null;
  var tbody = document.querySelector('#ftable tbody');
  var wrap = document.querySelector('.tablewrap');
  var card = document.getElementById('card');
  var hint = document.getElementById('scroll-hint');
  var FILTERS = ['category', 'section', 'status', 'measure'];
  var VIEW = 'figures?';

  D.sections.forEach(function (s, i) { sections[s.section_id] = s; sectionOrder[s.section_id] = i; });
  figures.forEach(function (f, i) {
    f.index = i;
    f.part = (sections[f.section_id] && sections[f.section_id].parent_id) || f.section_id;
    byId[f.figure_id] = f;
  });

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function pair(kind, code) { return (L[kind] && L[kind][code]) || [code, code]; }
  function tr(p) { return lang === 'zh' ? p[0] : p[1]; }
  function lab(kind, code) { return tr(pair(kind, code)); }
  function norm(s) { return String(s || '').normalize('NFKC').toLowerCase(); }
  function sectionTitle(id) { var s = sections[id]; return s ? (lang === 'zh' ? s.title_zh : s.title_en) : id; }
  function subject(f) { return lang === 'zh' ? (f.subject_zh || f.subject_en) : (f.subject_en || f.subject_zh); }
  function shownValue(f) {
    return (D.symbols[f.qualifier] || '') + (f.direction === 'down' ? '↓' : '') + f.value + f.unit;
  }

  // Search text: both languages of everything the row shows, so either language finds it.
  figures.forEach(function (f) {
    var s = sections[f.section_id] || {};
    var parts = [f.figure_id, f.mention, f.value + f.unit, f.subject_zh, f.subject_en, f.sentence, f.unit, D.units[f.unit],
      f.period, s.title_zh, s.title_en].concat(pair('status', f.status), pair('measure', f.measure), pair('category', f.category));
    if (f.indicator_id && D.indicators[f.indicator_id]) parts = parts.concat(D.indicators[f.indicator_id]);
    f.hay = norm(parts.join(' \u0001 '));
  });

  /* ---- language ---- */
  function setLang(l, keep) {
    lang = l === 'zh' ? 'zh' : 'en';
    root.lang = lang === 'zh' ? 'zh-Hans' : 'en';
    root.classList.toggle('lang-zh', lang === 'zh');
    root.classList.toggle('lang-en', lang !== 'zh');
    if (!keep) { try { localStorage.setItem('gwrdata-lang', lang); } catch (e) { /* storage may be off */ } }
    fillFilters();
    render();
    if (cardFor) showCard(cardFor.kind, cardFor.n);
  }
  function initialLang() {
    var stored = null;
    try { stored = localStorage.getItem('gwrdata-lang'); } catch (e) { stored = null; }
    if (stored === 'zh' || stored === 'en') return stored;
    var langs = navigator.languages || [navigator.language || ''];
    for (var i = 0; i < langs.length; i++) { if (/^zh/i.test(langs[i])) return 'zh'; }
    return 'en';
  }

  /* ---- filters ---- */
  function fillFilters() {
    ['category', 'status', 'measure', 'section'].forEach(function (key) {
      var sel = document.getElementById('f-' + key);
      var keep = sel.value;
      var c = {};
      figures.forEach(function (f) {
        var code = key === 'section' ? f.section_id : f[key];
        c[code] = (c[code] || 0) + 1;
        if (key === 'section' && f.part !== f.section_id) c[f.part] = (c[f.part] || 0) + 1;
      });
      var codes = Object.keys(c);
      if (key === 'section') {
        codes.sort(function (a, b) { return sectionOrder[a] - sectionOrder[b]; });
      } else if (L[key]) {
        var order = Object.keys(L[key]);
        codes.sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
      }
      var html = '<option value="">' + (lang === 'zh' ? '全部' : 'all') + '</option>';
      codes.forEach(function (code) {
        var text = key === 'section'
          ? (sections[code] && sections[code].level === 'chapter' ? '\u2003' : '') + sectionTitle(code)
          : lab(key, code);
        html += '<option value="' + esc(code) + '">' + esc(text) + ' (' + c[code] + ')</option>';
      });
      sel.innerHTML = html;
      sel.value = keep;
    });
  }
  function passes(f) {
    var F = state.filters;
    if (F.category && f.category !== F.category) return false;
    if (F.status && f.status !== F.status) return false;
    if (F.measure && f.measure !== F.measure) return false;
    if (F.section && f.section_id !== F.section && f.part !== F.section) return false;
    if (state.q) {
      var terms = norm(state.q).split(/\s+/);
      for (var i = 0; i < terms.length; i++) { if (terms[i] && f.hay.indexOf(terms[i]) < 0) return false; }
    }
    return true;
  }

  /* ---- sorting ---- */
  var collator = null;
  function compareText(a, b) {
    if (!collator) { try { collator = new Intl.Collator(lang === 'zh' ? 'zh-Hans-CN' : 'en'); } catch (e) { collator = { compare: function (x, y) { return x < y ? -1 : x > y ? 1 : 0; } }; } }
    return collator.compare(a, b);
  }
  var keys = {
    start: function (f) { return f.index; },
    mention: function (f) { return f.index; },
    value: function (f) { return parseFloat(f.base_value); },
    subject: function (f) { return subject(f); },
    status: function (f) { return lab('status', f.status); },
    period: function (f) { return Number(f.period); },
    measure: function (f) { return lab('measure', f.measure); },
    category: function (f) { return lab('category', f.category); },
    section: function (f) { return sectionOrder[f.section_id]; }
  };
  function sorted(rows) {
    var key = keys[state.sort] || keys.start;
    return rows.slice().sort(function (a, b) {
      var x = key(a), y = key(b), c;
      c = (typeof x === 'string') ? compareText(x, y) : (x - y);
      return c * state.dir || (a.index - b.index);
    });
  }

  /* ---- the table ---- */
  function rowHtml(f) {
    var s = sections[f.section_id] || {};
    return '<tr id="row-' + f.figure_id + '" data-id="' + f.figure_id + '"' + (selected === f.figure_id ? ' class="sel"' : '') + '>' +
      '<td class="c-mention"><a class="go" href="#' + f.figure_id + '" lang="zh-Hans">' + esc(f.mention) + '</a></td>' +
      '<td class="c-value num opt">' + esc(shownValue(f)) + '</td>' +
      '<td class="c-subject"' + (lang === 'zh' ? ' lang="zh-Hans"' : '') + '>' + esc(subject(f)) + '</td>' +
      '<td class="c-status"><span class="badge st-' + esc(f.status) + '">' + esc(lab('status', f.status)) + '</span></td>' +
      '<td class="c-period num opt">' + esc(f.period) + '</td>' +
      '<td class="c-measure opt">' + esc(lab('measure', f.measure)) + '</td>' +
      '<td class="c-category opt">' + esc(lab('category', f.category)) + '</td>' +
      '<td class="c-section opt" title="' + esc(sectionTitle(f.section_id)) + '">' + esc(sectionTitle(f.section_id)) + '</td></tr>';
  }
  var shownRows = [];
  function render() {
    collator = null;
    var rows = sorted(figures.filter(passes));
    shownRows = rows;
    tbody.innerHTML = rows.map(rowHtml).join('');
    updateHint();
    document.getElementById('shown-count').textContent = rows.length;
    document.querySelectorAll('#ftable th').forEach(function (th) {
      var on = th.getAttribute('data-key') === state.sort || (state.sort === 'start' && th.getAttribute('data-key') === 'mention');
      if (on) th.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending'); else th.removeAttribute('aria-sort');
    });
  }

  /* ---- the scroll hint: shown while columns lie beyond the table's box ---- */
  function updateHint() {
    var more = wrap.scrollWidth > wrap.clientWidth + 1;
    hint.hidden = !more;
    wrap.classList.toggle('more-right', more && wrap.scrollLeft + wrap.clientWidth < wrap.scrollWidth - 1);
    wrap.classList.toggle('more-left', more && wrap.scrollLeft > 0);
  }

  /* ---- the view in the address: #figures?q=…&status=…&sort=…&dir=… ---- */
  function viewHash() {
    var parts = [];
    if (state.q) parts.push('q=' + encodeURIComponent(state.q));
    FILTERS.forEach(function (k) { if (state.filters[k]) parts.push(k + '=' + encodeURIComponent(state.filters[k])); });
    if (state.sort !== 'start' || state.dir !== 1) parts.push('sort=' + encodeURIComponent(state.sort), 'dir=' + state.dir);
    return parts.length ? '#' + VIEW + parts.join('&') : '';
  }
  function saveView() {
    if (!history.replaceState) return;
    var hash = viewHash();
    var current = location.hash.indexOf('#' + VIEW) === 0 ? location.hash : '';
    if (hash === current) return;
    history.replaceState(null, '', hash || location.pathname + location.search);
  }
  function readView(hash) {
    if (hash.indexOf('#' + VIEW) !== 0) return false;
    hash.slice(VIEW.length + 1).split('&').forEach(function (part) {
      var eq = part.indexOf('=');
      if (eq < 0) return;
      var key = part.slice(0, eq), value;
      try { value = decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' ')); } catch (e) { return; }
      if (key === 'q') state.q = value;
      else if (FILTERS.indexOf(key) >= 0) state.filters[key] = value;
      else if (key === 'sort' && keys[value]) state.sort = value;
      else if (key === 'dir') state.dir = value === '-1' ? -1 : 1;
    });
    document.getElementById('q').value = state.q;
    FILTERS.forEach(function (k) { document.getElementById('f-' + k).value = state.filters[k]; });
    return true;
  }

  /* ---- the rows shown, as CSV: the columns of figures.csv, quoted as the package quotes them ---- */
  function csvCell(value) {
    var text = value == null ? '' : String(value);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function rowsCsv(rows) {
    var lines = [D.columns.map(csvCell).join(',')];
    rows.forEach(function (f) { lines.push(D.columns.map(function (c) { return csvCell(f[c]); }).join(',')); });
    return lines.join('\n') + '\n';
  }
  function download() {
    var blob = new Blob([rowsCsv(shownRows)], { type: 'text/csv;charset=utf-8' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = D.name + '-' + D.version + '-figures-' + (viewHash() ? 'filtered' : 'all') + '.csv';
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  /* ---- selection: a figure in the table <-> its mark in the source ---- */
  function select(id) {
    document.querySelectorAll('.sel').forEach(function (el) { el.classList.remove('sel'); });
    selected = id;
    var mark = document.getElementById(id);
    if (mark) { mark.classList.remove('sel'); void mark.offsetWidth; mark.classList.add('sel'); }
    var row = document.getElementById('row-' + id);
    if (row) row.classList.add('sel');
  }
  function goToMark(id) {
    var mark = document.getElementById(id);
    if (!mark) return;
    select(id);
    mark.scrollIntoView({ block: 'center', inline: 'nearest' });
    try { mark.focus({ preventScroll: true }); } catch (e) { /* old browsers */ }
    if (history.replaceState) history.replaceState(null, '', '#' + id);
  }
  function scrollRowIntoWrap(row) {
    // Bring the row into view inside the table's own scroller without moving the page.
    var top = row.offsetTop - wrap.clientHeight / 2 + row.offsetHeight / 2;
    wrap.scrollTop = Math.max(0, top);
  }
  function showRow(id) {
    var f = byId[id];
    if (!f) return;
    if (!passes(f)) { resetFilters(); }
    select(id);
    var row = document.getElementById('row-' + id);
    if (row) {
      scrollRowIntoWrap(row);
      row.scrollIntoView({ block: 'nearest' });
    }
  }

  /* ---- the card of a selected mark ---- */
  function dl(items) {
    return '<dl>' + items.filter(function (it) { return it[1] !== '' && it[1] != null; }).map(function (it) {
      return '<dt>' + esc(tr(it[0])) + '</dt><dd>' + it[1] + '</dd>';
    }).join('') + '</dl>';
  }
  function showCard(kind, n) {
    var html = '<button type="button" class="close" aria-label="close">×</button>';
    if (kind === 'f') {
      var f = figures[n];
      var ind = f.indicator_id && D.indicators[f.indicator_id];
      html += '<p class="big" lang="zh-Hans">' + esc(f.mention) + '</p>' + dl([
        [['事项', 'Subject'], '<span lang="zh-Hans">' + esc(f.subject_zh) + '</span> · ' + esc(f.subject_en)],
        [['数值', 'Value'], esc(shownValue(f)) + ' <span class="muted">(' + esc(lab('qualifier', f.qualifier)) + (D.units[f.unit] ? '; ' + esc(D.units[f.unit]) : '') + ')</span>'],
        [['基准值', 'Base value'], esc(f.base_value) + ' ' + esc(f.base_unit)],
        [['状态', 'Status'], '<span class="badge st-' + esc(f.status) + '">' + esc(lab('status', f.status)) + '</span> ' + esc(f.period)],
        [['类型', 'Measure'], esc(lab('measure', f.measure)) + (f.direction !== 'none' ? ' · ' + esc(lab('direction', f.direction)) : '')],
        [['领域', 'Category'], esc(lab('category', f.category))],
        [['章节', 'Part'], esc(sectionTitle(f.section_id))],
        [['主要指标', 'Headline indicator'], ind ? esc(tr(ind)) : ''],
        [['编号', 'Id'], '<code>' + esc(f.figure_id) + '</code> · ' + esc(f.start) + '–' + esc(f.end)]
      ]) + '<p class="actions"><button type="button" data-show="' + esc(f.figure_id) + '">' + esc(tr(['在表格中显示', 'Show in table'])) + '</button></p>';
    } else if (kind === 'x') {
      var x = D.exclusions[n];
      html += '<p class="big" lang="zh-Hans">' + esc(x.mention) + '</p>' + dl([
        [['不计为数字', 'Not a figure'], esc(lab('reason', x.reason))],
        [['位置', 'Offsets'], esc(x.start) + '–' + esc(x.end)]
      ]);
    } else if (kind === 'i') {
      var i = D.issues[n];
      html += '<p class="big" lang="zh-Hans">' + esc(i.mention.length > 40 ? i.mention.slice(0, 40) + '…' : i.mention) + '</p>' + dl([
        [['原文缺陷', 'Source defect'], esc(lab('kind', i.kind))],
        [['说明', 'Note'], esc(i.note)],
        [['规则', 'Rule'], esc(i.rule)],
        [['编号', 'Id'], '<code>' + esc(i.issue_id) + '</code> · ' + esc(i.start) + '–' + esc(i.end)]
      ]);
    } else if (kind === 'h') {
      var h = D.headline[n];
      var name = D.indicators[h.indicator_id];
      html += '<p class="big" lang="zh-Hans">' + esc(name ? tr(name) : h.indicator_id) + '</p>' + dl([
        [['状态', 'Status'], esc(h.year) + ' ' + esc(lab('status', h.status))],
        [['原文', 'Text'], '<span lang="zh-Hans">' + esc(h.text) + '</span>'],
        [['说明', 'Note'], esc(h.note)]
      ]);
    }
    var span = kind === 'f' ? figures[n] : kind === 'x' ? D.exclusions[n] : kind === 'h' ? D.headline[n] : null;
    if (span) {
      var within = D.issues.filter(function (i) { return +i.start <= +span.start && +span.end <= +i.end; });
      if (within.length) {
        html += '<p class="muted">' + esc(tr(['在原文缺陷之内：', 'Inside a source defect: '])) + within.map(function (i) {
          return esc(lab('kind', i.kind)) + ' (' + esc(i.note) + ')';
        }).join('; ') + '</p>';
      }
    }
    card.innerHTML = html;
    card.hidden = false;
    cardFor = { kind: kind, n: n };
  }
  function hideCard() { card.hidden = true; cardFor = null; }

  function resetFilters() {
    state.q = '';
    document.getElementById('q').value = '';
    Object.keys(state.filters).forEach(function (k) { state.filters[k] = ''; document.getElementById('f-' + k).value = ''; });
    render();
    saveView();
  }

  /* ---- wiring ---- */
  document.getElementById('lang').addEventListener('click', function () { setLang(lang === 'zh' ? 'en' : 'zh'); });
  document.getElementById('q').addEventListener('input', function (e) { state.q = e.target.value; render(); saveView(); });
  document.querySelectorAll('select[data-filter]').forEach(function (sel) {
    sel.addEventListener('change', function () { state.filters[sel.getAttribute('data-filter')] = sel.value; render(); saveView(); });
  });
  document.getElementById('reset').addEventListener('click', resetFilters);
  document.getElementById('download').addEventListener('click', download);
  wrap.addEventListener('scroll', updateHint, { passive: true });
  window.addEventListener('resize', updateHint);
  document.querySelectorAll('#ftable th').forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () {
      var key = th.getAttribute('data-key');
      if (key === 'mention') key = 'start';
      if (state.sort === key) state.dir = -state.dir; else { state.sort = key; state.dir = 1; }
      render();
      saveView();
    });
  });
  tbody.addEventListener('click', function (e) {
    var link = e.target.closest('a.go');
    if (link) { e.preventDefault(); goToMark(link.getAttribute('href').slice(1)); }
  });
  function onMark(e) {
    var mark = e.target.closest('.mk');
    if (!mark) return;
    if (e.type === 'keydown' && e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    var kind = mark.getAttribute('data-k'), n = Number(mark.getAttribute('data-n'));
    if (kind === 'f') {
      var id = figures[n].figure_id;
      select(id);
      var row = document.getElementById('row-' + id);
      if (row && window.matchMedia('(min-width: 1000px)').matches) scrollRowIntoWrap(row);
    } else {
      document.querySelectorAll('.sel').forEach(function (el) { el.classList.remove('sel'); });
      mark.classList.add('sel');
    }
    showCard(kind, n);
  }
  document.getElementById('src').addEventListener('click', onMark);
  document.getElementById('src').addEventListener('keydown', onMark);
  card.addEventListener('click', function (e) {
    if (e.target.closest('.close')) { hideCard(); return; }
    var show = e.target.closest('[data-show]');
    if (show) showRow(show.getAttribute('data-show'));
  });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && !card.hidden) hideCard(); });

  setLang(initialLang(), true);
  if (readView(location.hash)) {
    render();
    document.getElementById('figures').scrollIntoView();
  } else {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (byId[hash]) goToMark(hash);
  }
}());
