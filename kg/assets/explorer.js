/* parkkg explorer. Data comes from <script id="kg-data"> (JSON, built by kg/export/html.py).
 * Every string in it is untrusted web text: it is written with textContent or drawn on
 * the canvas by vis-network, never parsed as HTML. The layout is seeded and physics is
 * switched off after a bounded stabilization, so the first picture is the same on every
 * load; nodes revealed later are placed at computed positions and nothing else moves.
 * The details panel lives in details.js (inlined just before this file). */
(function () {
  'use strict';
  const timings = {start: performance.now()};
  const D = JSON.parse(document.getElementById('kg-data').textContent);
  timings.parsed = performance.now();
  const N = D.nodes.length;
  const $ = (id) => document.getElementById(id);
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // ---- traditional -> simplified, one character at a time (length preserving)
  const T2S = new Map();
  const cm = Array.from(D.charmap);
  for (let i = 0; i + 1 < cm.length; i += 2) T2S.set(cm[i], cm[i + 1]);
  const mapChars = (s) => Array.from(s, (c) => T2S.get(c) || c).join('');
  const fold = (s) => mapChars(s.normalize('NFKC').toLowerCase().replace(/\s+/g, ''));

  // ---- adjacency and per-article membership
  const adj = Array.from({length: N}, () => []);
  D.edges.forEach((e, k) => { adj[e[0]].push(k); adj[e[2]].push(k); });
  const neighbours = (i) => adj[i].map((k) => (D.edges[k][0] === i ? D.edges[k][2] : D.edges[k][0]));
  // With side details (D.details) the page has no article list and no evidence rows: the article filter
  // reads them from the side folder's article index (IDX), loaded when the filter is first used.
  const side = D.details || null;
  let IDX = side ? null : {articles: D.articles, evidence: D.evidence.map((row) => row[0]), nodes: null};
  let edgeArticles = null;  // edge -> the articles of its evidence, when an article is first chosen
  const edgeHas = (k, a) => {
    if (!edgeArticles) edgeArticles = D.edges.map((e) => new Set(e[3].map((v) => IDX.evidence[v])));
    return edgeArticles[k].has(a);
  };
  const articleNodes = new Map();
  function nodesOfArticle(a) {
    if (!articleNodes.has(a)) {
      const s = new Set(IDX.nodes ? IDX.nodes[a] : []);
      if (!IDX.nodes) D.nodes.forEach((n, i) => { if (n.arts.includes(a)) s.add(i); });
      D.edges.forEach((e, k) => { if (edgeHas(k, a)) { s.add(e[0]); s.add(e[2]); } });
      articleNodes.set(a, s);
    }
    return articleNodes.get(a);
  }

  // ---- view state
  const state = {shown: new Set(), hiddenTypes: new Set(), hiddenRels: new Set(), article: -1, selected: -1,
                 ring: new Map(), staged: 0};
  const nodeOk = (i) => !state.hiddenTypes.has(D.nodes[i].type) && (state.article < 0 || nodesOfArticle(state.article).has(i));
  const edgeOk = (k) => {
    const e = D.edges[k];
    return !state.hiddenRels.has(e[1]) && nodeOk(e[0]) && nodeOk(e[2]) && (state.article < 0 || edgeHas(k, state.article));
  };
  const short = (s) => (Array.from(s).length > 16 ? Array.from(s).slice(0, 15).join('') + '…' : s);
  function visNode(i, faded) {
    const n = D.nodes[i], c = D.types[n.type].color;
    return {id: i, label: short(n.label), size: Math.min(34, 7 + 3 * Math.sqrt(n.deg)),
            color: faded ? {background: '#e3e5e8', border: '#d0d3d8'} : {background: c, border: c, highlight: {background: c, border: '#111'}},
            font: {color: faded ? '#b5b9c0' : '#1d2330'}};
  }
  const nodesDS = new vis.DataSet(), edgesDS = new vis.DataSet();
  const nodesView = new vis.DataView(nodesDS, {filter: (n) => nodeOk(n.id)});
  const edgesView = new vis.DataView(edgesDS, {filter: (e) => edgeOk(e.id)});
  function addEdgesOf(idxs) {
    const add = new Map();
    for (const i of idxs) for (const k of adj[i]) {
      const e = D.edges[k];
      if (state.shown.has(e[0]) && state.shown.has(e[2]) && !add.has(k) && !edgesDS.get(k)) {
        add.set(k, {id: k, from: e[0], to: e[2], label: D.rels[e[1]].zh, arrows: 'to'});
      }
    }
    edgesDS.add(Array.from(add.values()));
  }

  // ---- first view: seeded layout, bounded stabilization, then physics off
  const first = D.initial || D.nodes.map((_, i) => i);
  first.forEach((i) => state.shown.add(i));
  nodesDS.add(first.map((i) => visNode(i, false)));
  addEdgesOf(first);
  const net = new vis.Network($('net'), {nodes: nodesView, edges: edgesView}, {
    layout: {randomSeed: 20240101, improvedLayout: first.length <= 120},
    physics: {solver: 'forceAtlas2Based', forceAtlas2Based: {gravitationalConstant: -60, centralGravity: 0.012, springLength: 70, springConstant: 0.08, avoidOverlap: 0.4},
              stabilization: {enabled: true, iterations: first.length > 150 ? 100 : 200, updateInterval: 1000, fit: true},
              minVelocity: 1},
    nodes: {shape: 'dot', font: {size: 13, strokeWidth: 3, strokeColor: '#fff'}, borderWidth: 1},
    edges: {smooth: false, width: 1, color: {color: '#aab2bf', highlight: '#333', hover: '#555'},
            font: {size: 9, color: '#6b7280', strokeWidth: 2, align: 'middle'}, arrows: {to: {scaleFactor: 0.5}}},
    interaction: {hover: true, tooltipDelay: 200, hideEdgesOnDrag: N > 1000, multiselect: false}
  });
  timings.network = performance.now();
  function settle() {
    timings.stabilized = performance.now();
    net.setOptions({physics: false});
    net.fit({animation: false});
    net.once('afterDrawing', () => {
      window.kgExplorer.firstPaint = performance.now();
      window.kgExplorer.ready = true;
      document.documentElement.dataset.ready = '1';
    });
    net.redraw();
  }
  // vis-network runs no stabilization (and sends no event) for an empty graph
  if (first.length) net.once('stabilizationIterationsDone', settle); else setTimeout(settle, 0);

  // ---- revealing hidden nodes at deterministic positions
  function reveal(idxs, anchor) {
    const todo = idxs.filter((i) => !state.shown.has(i));
    if (!todo.length) return;
    const pos = net.getPositions(Array.from(state.shown));
    let maxX = 0, minY = 0;
    for (const p of Object.values(pos)) { maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); }
    const add = [];
    const near = state.selected >= 0 ? new Set([state.selected, ...neighbours(state.selected)]) : null;
    for (const i of todo) {
      let at = anchor >= 0 && state.shown.has(anchor) ? anchor : neighbours(i).find((j) => state.shown.has(j));
      let x, y;
      if (at !== undefined && pos[at]) {
        const k = state.ring.get(at) || 0;
        state.ring.set(at, k + 1);
        const r = 110 + 22 * Math.floor(k / 10), a = k * 2.399963;  // golden angle
        x = pos[at].x + r * Math.cos(a); y = pos[at].y + r * Math.sin(a);
      } else {
        const k = state.staged++;
        x = maxX + 250 + 90 * Math.floor(k / 20); y = minY + 70 * (k % 20);
      }
      pos[i] = {x, y};
      state.shown.add(i);
      add.push(Object.assign(visNode(i, near !== null && !near.has(i)), {x, y}));
    }
    nodesDS.add(add);
    addEdgesOf(todo);
    updateNotice();
  }
  function expand(i) { reveal(neighbours(i).sort((a, b) => D.nodes[b].deg - D.nodes[a].deg || a - b), i); }

  function updateNotice() {
    const box = $('notice');
    if (!N) { box.textContent = '图谱中没有实体：输入的页面里没有抽取到园区、企业或其他实体。'; box.hidden = false; return; }
    const hidden = N - state.shown.size;
    if (hidden <= 0) { box.hidden = true; return; }
    const byType = D.types.map(() => 0);
    D.nodes.forEach((n, i) => { if (!state.shown.has(i)) byType[n.type] += 1; });
    const parts = D.types.map((t, k) => (byType[k] ? t.zh + ' ' + byType[k] : '')).filter(Boolean).join('、');
    box.textContent = '为保持流畅，先显示连接最多的园区及其邻居：' + state.shown.size + ' / ' + N +
      ' 个实体。未显示 ' + hidden + ' 个（' + parts + '）。双击节点展开邻居，或用搜索找到任何实体。';
    box.hidden = false;
  }

  // ---- selection and neighbourhood highlight
  function select(i) {
    state.selected = i;
    const near = new Set([i, ...neighbours(i)]);
    nodesDS.update(Array.from(state.shown, (j) => visNode(j, !near.has(j))));
    net.selectNodes([i]);
    showDetails(i);
    // the details panel covers the right of the canvas: centre the node in what stays visible
    const panel = $('details').offsetWidth || 0;
    net.focus(i, {scale: Math.max(net.getScale(), 0.9), offset: {x: -panel / 2, y: 0},
                  animation: {duration: 250, easingFunction: 'easeInOutQuad'}});
  }
  function clearSelection() {
    if (state.selected < 0) return;
    state.selected = -1;
    nodesDS.update(Array.from(state.shown, (j) => visNode(j, false)));
    net.unselectAll();
    $('details').hidden = true;
  }
  function choose(i) {
    const n = D.nodes[i];
    if (state.hiddenTypes.has(n.type)) { state.hiddenTypes.delete(n.type); syncLegend(); }
    if (state.article >= 0 && !nodesOfArticle(state.article).has(i)) { state.article = -1; $('article').value = '-1'; }
    reveal([i], -1);
    expand(i);
    refresh();
    select(i);
  }
  function refresh() { nodesView.refresh(); edgesView.refresh(); }

  net.on('click', (p) => { if (p.nodes.length) select(p.nodes[0]); else if (!p.edges.length) clearSelection(); });
  net.on('doubleClick', (p) => { if (p.nodes.length) { expand(p.nodes[0]); refresh(); } });
  net.on('hoverNode', (p) => { const h = $('hover'); h.textContent = D.nodes[p.node].label + ' · ' + D.types[D.nodes[p.node].type].zh; h.hidden = false; });
  net.on('blurNode', () => { $('hover').hidden = true; });

  // ---- search with suggestions
  function search(q, limit) {
    const f = fold(q);
    if (!f) return [];
    const hits = [];
    for (let i = 0; i < N; i++) {
      const keys = D.nodes[i].keys;
      let best = -1, which = 0;
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        const sc = key === f ? 3 : key.startsWith(f) ? 2 : key.includes(f) ? 1 : -1;
        if (sc > best) { best = sc; which = k; }
      }
      if (best >= 0) hits.push([best, i, which]);
    }
    hits.sort((a, b) => b[0] - a[0] || D.nodes[b[1]].deg - D.nodes[a[1]].deg || a[1] - b[1]);
    return hits.slice(0, limit || 12).map((h) => ({node: h[1], alias: h[2] > 0 ? [D.nodes[h[1]].label, ...D.nodes[h[1]].alt][h[2]] : null}));
  }
  const input = $('search'), list = $('suggest');
  let active = -1;
  function renderSuggestions() {
    const hits = search(input.value, 12);
    list.replaceChildren();
    active = -1;
    if (!input.value.trim()) { list.hidden = true; input.setAttribute('aria-expanded', 'false'); return hits; }
    if (!hits.length) list.appendChild(el('li', 'empty', '没有找到'));
    hits.forEach((h, k) => {
      const n = D.nodes[h.node], li = el('li');
      li.setAttribute('role', 'option');
      li.dataset.node = String(h.node);
      li.id = 'sg-' + k;
      const sw = el('span', 'sw'); sw.style.background = D.types[n.type].color;
      li.append(sw, el('span', 'lab', n.label), el('span', 'alias', D.types[n.type].zh));
      if (h.alias) li.appendChild(el('span', 'alias', '别名：' + h.alias));
      li.addEventListener('mousedown', (ev) => { ev.preventDefault(); pick(h.node); });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    return hits;
  }
  function pick(i) { list.hidden = true; input.setAttribute('aria-expanded', 'false'); input.value = D.nodes[i].label; choose(i); }
  function move(d) {
    const items = list.querySelectorAll('li[data-node]');
    if (!items.length) return;
    active = (active + d + items.length) % items.length;
    items.forEach((li, k) => li.setAttribute('aria-selected', k === active ? 'true' : 'false'));
    input.setAttribute('aria-activedescendant', items[active].id);
  }
  input.addEventListener('input', renderSuggestions);
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown') { move(1); ev.preventDefault(); }
    else if (ev.key === 'ArrowUp') { move(-1); ev.preventDefault(); }
    else if (ev.key === 'Escape') { list.hidden = true; }
    else if (ev.key === 'Enter') {
      const items = list.querySelectorAll('li[data-node]');
      const li = items[Math.max(active, 0)];
      if (li) pick(Number(li.dataset.node));
      ev.preventDefault();
    }
  });
  input.addEventListener('blur', () => { list.hidden = true; });

  // ---- filters: legend toggles, relation checkboxes, article select
  const counts = D.types.map(() => 0);
  D.nodes.forEach((n) => { counts[n.type] += 1; });
  D.types.forEach((t, k) => {
    const b = el('button', 'tbtn');
    b.type = 'button';
    b.dataset.type = t.key;
    b.setAttribute('aria-pressed', 'true');
    b.title = '显示/隐藏' + t.zh;
    const sw = el('span', 'sw'); sw.style.background = t.color;
    b.append(sw, el('span', null, t.zh), el('span', 'n', counts[k]));
    b.addEventListener('click', () => {
      if (state.hiddenTypes.has(k)) state.hiddenTypes.delete(k); else state.hiddenTypes.add(k);
      syncLegend(); refresh();
    });
    $('legend').appendChild(b);
  });
  function syncLegend() {
    $('legend').querySelectorAll('button').forEach((b, k) => b.setAttribute('aria-pressed', state.hiddenTypes.has(k) ? 'false' : 'true'));
  }
  const relCounts = D.rels.map(() => 0);
  D.edges.forEach((e) => { relCounts[e[1]] += 1; });
  D.rels.forEach((r, k) => {
    const lab = el('label'), cb = el('input');
    cb.type = 'checkbox'; cb.checked = true; cb.dataset.rel = r.key;
    cb.addEventListener('change', () => { if (cb.checked) state.hiddenRels.delete(k); else state.hiddenRels.add(k); refresh(); });
    lab.append(cb, document.createTextNode(' ' + r.zh + ' (' + relCounts[k] + ')'));
    $('relfilter').appendChild(lab);
  });
  const sel = $('article');
  const nArticles = side ? side.articles : D.articles.length;
  const all = el('option', null, '全部文章（' + nArticles + '）'); all.value = '-1'; sel.appendChild(all);
  // Thousands of <option>s cost seconds of layout before the first paint (20k articles: 10 s of 14 s),
  // so a long list is filled when the select is first used (after its side index is loaded).
  let filled = false;
  function fillArticles(then) {
    if (filled) { if (then) then(); return; }
    load('articles.js', (ok) => {
      if (ok && !filled) {
        filled = true;
        sel.append(...IDX.articles.map((a, k) => { const o = el('option', null, (a.date ? a.date + ' ' : '') + a.title); o.value = String(k); return o; }));
      }
      if (ok && then) then();
    });
  }
  if (nArticles <= 500 && !side) fillArticles();
  else ['focus', 'mousedown', 'keydown'].forEach((ev) => sel.addEventListener(ev, () => fillArticles()));
  sel.addEventListener('change', () => {
    state.article = Number(sel.value);
    if (state.article >= 0) reveal(Array.from(nodesOfArticle(state.article)).sort((a, b) => a - b), -1);
    refresh();
    if (state.article >= 0) net.fit({nodes: nodesView.getIds(), animation: false});
  });

  // ---- details panel (details.js), and details on demand (kg/export/details.py): with D.details the
  // figures, mentioning articles and evidence sentences are in chunk files next to the page, loaded by
  // <script> (fetch() of a local file is refused under file://); each chunk calls kgDetailsChunk once.
  const panel = kgDetailsPanel({D, T2S, mapChars, el, $, state, adj, neighbours, choose, expand, refresh, clearSelection, sel, fillArticles});
  const files = new Map();  // side file -> waiting callbacks | 'done' | 'failed'
  function load(name, then) {
    if (!side) { then(true); return; }
    const st = files.get(name);
    if (st === 'done' || st === 'failed') { then(st === 'done'); return; }
    if (st) { st.push(then); return; }
    const waiting = [then];
    files.set(name, waiting);
    const s = document.createElement('script');
    s.src = side.dir + '/' + name;
    s.onerror = () => { files.set(name, 'failed'); waiting.forEach((f) => f(false)); };
    document.head.appendChild(s);
  }
  function loaded(name) {
    const waiting = files.get(name);
    files.set(name, 'done');
    if (Array.isArray(waiting)) waiting.forEach((f) => f(true));
  }
  const chunkName = (c) => 'c' + String(c).padStart(4, '0') + '.js';
  const withDetails = (i, then) => load(side ? chunkName(Math.floor(i / side.chunk)) : '', then);
  window.kgDetailsChunk = (c, part) => {
    for (const [i, d] of Object.entries(part.nodes)) Object.assign(D.nodes[Number(i)], {arts: d.arts, obs: d.obs});
    for (const [v, row] of Object.entries(part.evidence)) D.evidence[Number(v)] = row;
    for (const [a, art] of Object.entries(part.articles)) D.articles[Number(a)] = art;
    loaded(chunkName(c));
  };
  window.kgDetailsArticles = (index) => { IDX = index; loaded('articles.js'); };
  function showDetails(i) {
    const box = $('details');
    let pending = true;
    withDetails(i, (ok) => {
      pending = false;
      if (state.selected !== i) return;
      panel(i);
      if (!ok) box.appendChild(el('p', 'meta', '详情文件 ' + side.dir + '/ 无法加载：请把它和 graph.html 放在同一文件夹。'));
    });
    if (pending) { box.replaceChildren(el('h2', null, D.nodes[i].label), el('p', 'meta', '正在加载详情…')); box.hidden = false; }
  }

  updateNotice();
  window.kgExplorer = {
    ready: false, firstPaint: null, timings, net,
    search: (q) => search(q, 12).map((h) => D.nodes[h.node].iri),
    indexOf: (iri) => D.nodes.findIndex((n) => n.iri === iri),
    visibleIris: () => nodesView.getIds().map((i) => D.nodes[i].iri).sort(),
    visibleEdges: () => edgesView.getIds().length,
    shownCount: () => state.shown.size,
    positions: () => net.getPositions(),
    choose: (iri) => choose(D.nodes.findIndex((n) => n.iri === iri)),
    chunksLoaded: () => Array.from(files).filter((kv) => kv[1] === 'done' && kv[0] !== 'articles.js')
      .map((kv) => Number(kv[0].slice(1, -3))).sort((a, b) => a - b)
  };
})();
