/* parkkg explorer, details panel: what the graph says about one entity and where it says it.
 * Loaded before explorer.js in the same <script>; explorer.js passes its state in. Every
 * string is untrusted web text and is written with textContent / text nodes only. */
const kgDetailsPanel = (ctx) => {
  'use strict';
  const {D, T2S, mapChars, el, $, state, adj, neighbours, choose, expand, refresh, clearSelection, sel, fillArticles} = ctx;
  function fmtNumber(v, digits) { return v.toLocaleString('zh-CN', {maximumFractionDigits: digits === undefined ? 2 : digits}); }
  function fmtValue(value, unit) {
    const v = Number(value);
    if (!isFinite(v)) return String(value) + ' ' + unit;
    const big = (names) => (Math.abs(v) >= 1e8 ? fmtNumber(v / 1e8) + ' 亿' + names : Math.abs(v) >= 1e4 ? fmtNumber(v / 1e4) + ' 万' + names : fmtNumber(v) + ' ' + names);
    switch (unit) {
      case 'CNY': return big('元');
      case 'USD': return big('美元');
      case 't': return big('吨');
      case 'percent': return fmtNumber(v) + '%';
      case 'km2': return fmtNumber(v) + ' km²';
      case 'count': return fmtNumber(v, 0);
      default: return fmtNumber(v) + ' ' + unit;
    }
  }
  // a row is missing when its side chunk could not be loaded (explorer.js says so under the panel)
  const has = (v) => D.evidence[v] !== undefined;
  function names(i) { return [D.nodes[i].label, ...D.nodes[i].alt]; }
  function highlighted(text, terms) {
    const chars = Array.from(text), folded = chars.map((c) => T2S.get(c) || c).join('');
    const mark = new Array(chars.length).fill(false);
    const want = Array.from(new Set(terms.map(mapChars))).filter((t) => t.length > 1).sort((a, b) => b.length - a.length);
    const fchars = Array.from(folded);
    for (const t of want) {
      const tc = Array.from(t);
      for (let s = 0; s + tc.length <= fchars.length; s++) {
        let ok = true;
        for (let j = 0; j < tc.length && ok; j++) ok = fchars[s + j] === tc[j];
        if (ok) for (let j = 0; j < tc.length; j++) mark[s + j] = true;
      }
    }
    const q = el('blockquote');
    let k = 0;
    while (k < chars.length) {
      let j = k;
      while (j < chars.length && mark[j] === mark[k]) j++;
      const piece = chars.slice(k, j).join('');
      q.appendChild(mark[k] ? el('mark', null, piece) : document.createTextNode(piece));
      k = j;
    }
    return q;
  }
  function nodeLink(j) {
    const b = el('button', 'link', D.nodes[j].label);
    b.type = 'button';
    b.dataset.node = String(j);
    b.addEventListener('click', () => choose(j));
    return b;
  }
  function copyIri(box, btn) {
    // the async clipboard API may be refused (file://, no focus); fall back to the selection
    const show = (ok) => { btn.textContent = ok ? '已复制' : '请按 Ctrl+C'; setTimeout(() => { btn.textContent = '复制'; }, 1500); };
    const legacy = () => { box.focus(); box.select(); let ok = false; try { ok = document.execCommand('copy'); } catch (e) { ok = false; } show(ok); };
    box.select();
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(box.value).then(() => show(true), legacy);
    else legacy();
  }
  function showDetails(i) {
    const n = D.nodes[i], t = D.types[n.type], box = $('details');
    box.replaceChildren();
    const close = el('button', 'close', '×'); close.type = 'button'; close.title = '关闭';
    close.addEventListener('click', clearSelection);
    box.append(close, el('h2', null, n.label));
    const meta = el('div', 'meta'); const sw = el('span', 'sw'); sw.style.background = t.color;
    meta.append(sw, document.createTextNode(' ' + t.zh + ' · ' + t.key + n.sub.map((s) => ' · ' + (D.subtypes[s] || s)).join('')));
    box.appendChild(meta);
    if (n.alt.length) {
      box.appendChild(el('h3', null, '别名'));
      const chips = el('div', 'chips'); n.alt.forEach((a) => chips.appendChild(el('span', null, a))); box.appendChild(chips);
    }
    box.appendChild(el('h3', null, 'IRI'));
    const iri = el('div', 'iri'), ib = el('input'), cb = el('button', null, '复制');
    ib.readOnly = true; ib.value = n.iri; ib.id = 'iri-box'; cb.type = 'button';
    cb.addEventListener('click', () => copyIri(ib, cb));
    iri.append(ib, cb); box.appendChild(iri);
    const hiddenN = neighbours(i).filter((j) => !state.shown.has(j)).length;
    if (hiddenN) {
      const ex = el('button', 'link more', '展开 ' + hiddenN + ' 个未显示的邻居');
      ex.type = 'button'; ex.addEventListener('click', () => { expand(i); refresh(); showDetails(i); });
      box.appendChild(ex);
    }
    const groups = new Map(), evs = [];
    for (const k of adj[i]) {
      const e = D.edges[k], out = e[0] === i, other = out ? e[2] : e[0];
      const key = (out ? 'o' : 'i') + e[1];
      if (!groups.has(key)) groups.set(key, {title: out ? D.rels[e[1]].zh + ' →' : '← ' + D.rels[e[1]].zh, items: []});
      groups.get(key).items.push([other, e[3].length]);
      for (const v of e[3].filter(has)) evs.push({v, fact: (out ? '' : D.nodes[e[0]].label + ' ') + D.rels[e[1]].zh + (out ? ' ' + D.nodes[e[2]].label : ''), terms: names(other)});
    }
    if (groups.size) {
      box.appendChild(el('h3', null, '关系'));
      for (const key of Array.from(groups.keys()).sort()) {
        const g = groups.get(key), ul = el('ul'), group = el('details', 'rel');
        group.open = g.items.length <= 8;
        group.appendChild(el('summary', null, g.title + '（' + g.items.length + '）'));
        g.items.sort((a, b) => D.nodes[a[0]].label.localeCompare(D.nodes[b[0]].label, 'zh')).forEach(([j, c]) => {
          const li = el('li'); li.append(nodeLink(j), el('span', 'meta', c ? ' · 证据 ' + c : '')); ul.appendChild(li);
        });
        group.appendChild(ul);
        box.appendChild(group);
      }
    }
    if (n.obs.length) {
      box.appendChild(el('h3', null, '观测数据'));
      const tb = el('table', 'obs'), hr = el('tr');
      ['指标', '数值', '期间'].forEach((h) => hr.appendChild(el('th', null, h)));
      tb.appendChild(hr);
      n.obs.forEach((o) => {
        const tr = el('tr'), val = el('td', 'num', (o.approx ? o.approx + ' ' : '') + fmtValue(o.value, o.unit));
        val.title = '原文：' + o.surface;
        if (o.conflict) val.appendChild(el('span', 'badge', o.conflict === 2 ? '数值冲突 · 疑似单位错误' : '数值冲突'));
        tr.append(el('td', null, o.ind), val, el('td', null, o.period));
        tb.appendChild(tr);
        for (const v of o.ev.filter(has)) evs.push({v, fact: '指标 ' + o.ind + '：' + o.surface, terms: []});
      });
      box.appendChild(tb);
    }
    if (evs.length) {
      const seen = new Map();
      for (const x of evs) { if (!seen.has(x.v)) seen.set(x.v, {facts: [], terms: []}); const s = seen.get(x.v); s.facts.push(x.fact); s.terms.push(...x.terms); }
      // with an article chosen in the filter, show only what that page said
      const order = Array.from(seen.keys()).filter((v) => state.article < 0 || D.evidence[v][0] === state.article)
        .sort((a, b) => D.evidence[a][0] - D.evidence[b][0] || D.evidence[a][1] - D.evidence[b][1]);
      box.appendChild(el('h3', null, '证据（' + order.length + ' 句' + (state.article >= 0 ? '，仅所选文章' : '') + '）'));
      const list = el('div');
      const render = (upto) => {
        list.replaceChildren();
        order.slice(0, upto).forEach((v) => {
          const [a, b, e, text] = D.evidence[v], art = D.articles[a] || {title: '', date: '', source: ''}, s = seen.get(v);
          const div = el('div', 'ev');
          div.appendChild(el('div', 'fact', Array.from(new Set(s.facts)).join('；')));
          div.appendChild(highlighted(text, [...names(i), ...s.terms]));
          div.appendChild(el('div', 'src', [art.title, art.date, art.source, art.file ? art.file + ' [' + b + '–' + e + ']' : ''].filter(Boolean).join(' · ')));
          list.appendChild(div);
        });
        if (order.length > upto) {
          const m = el('button', 'link more', '再显示 ' + (order.length - upto) + ' 句');
          m.type = 'button'; m.addEventListener('click', () => render(upto + 30)); list.appendChild(m);
        }
      };
      render(30);
      box.appendChild(list);
    }
    if (n.arts.length) {
      box.appendChild(el('h3', null, '提及文章'));
      const ul = el('ul');
      n.arts.forEach((a) => {
        const art = D.articles[a], li = el('li'), b = el('button', 'link', (art.date ? art.date + ' ' : '') + art.title);
        b.type = 'button'; b.addEventListener('click', () => fillArticles(() => { sel.value = String(a); sel.dispatchEvent(new Event('change')); }));
        li.appendChild(b); ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    box.hidden = false;
  }
  return showDetails;
};
