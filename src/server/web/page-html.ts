// The web page at `/`: search, read a page by its sections, pick versions, and see a coloured
// diff of two versions. One self-contained document; no build step.
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>vdocs</title>
<style>
  :root { --fg: #1d2330; --muted: #667085; --line: #e4e7ec; --accent: #2f5bd3; --add: #e6f6ea; --del: #fdecec; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: var(--fg); }
  header { display: flex; gap: 8px; align-items: center; padding: 12px 20px; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
  header h1 { font-size: 18px; margin: 0 12px 0 0; }
  input, select, button { font: inherit; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
  #q { flex: 1; min-width: 240px; }
  button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
  main { display: grid; grid-template-columns: minmax(280px, 38%) 1fr; min-height: calc(100vh - 60px); }
  #results { border-right: 1px solid var(--line); overflow: auto; padding: 8px 0; }
  .hit { padding: 10px 20px; border-bottom: 1px solid var(--line); cursor: pointer; }
  .hit:hover { background: #f6f8fb; }
  .hit .path { color: var(--accent); font-weight: 600; }
  .hit .heading, .meta { color: var(--muted); font-size: 13px; }
  .hit pre { white-space: pre-wrap; font-size: 12.5px; max-height: 9em; overflow: hidden; margin: 6px 0 0; }
  #view { padding: 16px 24px; overflow: auto; }
  #view pre.doc { white-space: pre-wrap; font-size: 13.5px; }
  .outline a { display: inline-block; margin: 0 10px 4px 0; font-size: 13px; color: var(--accent); cursor: pointer; }
  .diff { font: 12.5px/1.45 ui-monospace, monospace; white-space: pre; overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; margin: 8px 0 16px; }
  .diff div { padding: 0 8px; }
  .diff .add { background: var(--add); } .diff .del { background: var(--del); } .diff .hunk { color: var(--muted); background: #f4f6fa; }
  .error { color: #b42318; }
  .status-added { color: #067647; } .status-removed { color: #b42318; } .status-modified { color: #b54708; }
</style>
</head>
<body>
<header>
  <h1>vdocs</h1>
  <select id="docset" aria-label="Doc set"></select>
  <select id="version" aria-label="Version"></select>
  <input id="q" placeholder="Ask the docs, e.g. configure semantic recall" aria-label="Search">
  <button id="go">Search</button>
  <span class="meta">compare</span>
  <select id="from" aria-label="From version"></select>
  <select id="to" aria-label="To version"></select>
  <button id="compare">Diff</button>
  <input id="token" type="password" placeholder="token (if required)" aria-label="Token" size="12">
</header>
<main>
  <section id="results" aria-label="Results"></section>
  <section id="view" aria-label="Document"><p class="meta">Search, then pick a result to read its page.</p></section>
</main>
<script>
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
$('token').value = localStorage.getItem('vdocs-token') || '';
async function api(path, params) {
  const url = path + '?' + new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  const token = $('token').value.trim();
  localStorage.setItem('vdocs-token', token);
  const res = await fetch(url, { headers: token ? { Authorization: 'Bearer ' + token } : {} });
  const body = await res.json();
  if (!res.ok) throw new Error((body.error && body.error.message) || res.statusText);
  return body;
}
let docsets = [];
async function loadDocsets() {
  try { docsets = (await api('/api/docsets', {})).docsets; } catch (e) { $('results').innerHTML = '<p class="error">' + esc(e.message) + '</p>'; return; }
  $('results').innerHTML = '';
  const names = [...new Set(docsets.map((d) => d.name))];
  $('docset').innerHTML = names.map((n) => '<option>' + esc(n) + '</option>').join('');
  fillVersions();
}
function fillVersions() {
  const versions = docsets.filter((d) => d.name === $('docset').value).map((d) => d.version);
  $('version').innerHTML = '<option value="">default</option>' + versions.map((v) => '<option>' + esc(v) + '</option>').join('');
  $('from').innerHTML = versions.map((v) => '<option>' + esc(v) + '</option>').join('');
  $('to').innerHTML = $('from').innerHTML;
  if (versions.length > 1) { $('from').value = versions[versions.length - 1]; $('to').value = versions[0]; }
}
async function search() {
  const q = $('q').value.trim();
  if (!q) return;
  $('results').innerHTML = '<p class="meta" style="padding:0 20px">Searching…</p>';
  try {
    const r = await api('/api/search', { q, docset: $('docset').value, version: $('version').value });
    $('results').innerHTML = '<p class="meta" style="padding:0 20px">' + r.hits.length + ' sections in ' + esc(r.docsets.join(', ')) + '</p>' +
      r.hits.map((h, i) => '<div class="hit" data-i="' + i + '"><div class="path">' + esc(h.path) + (h.anchor ? '#' + esc(h.anchor) : '') + '</div><div class="heading">' + esc(h.heading) + ' · ' + esc(h.docset + '@' + h.version) + '</div><pre>' + esc(h.text) + '</pre></div>').join('');
    document.querySelectorAll('.hit').forEach((el) => el.onclick = () => { const h = r.hits[el.dataset.i]; read(h.path, h.anchor, h.version); });
  } catch (e) { $('results').innerHTML = '<p class="error" style="padding:0 20px">' + esc(e.message) + '</p>'; }
}
async function read(path, anchor, version) {
  try {
    const r = await api('/api/read', { path, docset: $('docset').value, version });
    const outline = (r.sections || []).filter((s) => s.level <= 3).map((s) => '<a data-a="' + esc(s.anchor) + '">' + esc(s.heading) + '</a>').join('');
    $('view').innerHTML = '<h2>' + esc(r.title || r.path) + '</h2><p class="meta">' + esc(r.path) + ' · ' + esc(r.docset + '@' + r.version) + '</p><div class="outline">' + outline + '</div><pre class="doc">' + esc(r.text) + '</pre>';
    document.querySelectorAll('.outline a').forEach((a) => a.onclick = () => readSection(path, a.dataset.a, version));
    if (anchor) readSection(path, anchor, version);
  } catch (e) { $('view').innerHTML = '<p class="error">' + esc(e.message) + '</p>'; }
}
async function readSection(path, section, version) {
  const r = await api('/api/read', { path, section, docset: $('docset').value, version });
  const pre = document.querySelector('#view pre.doc');
  if (pre) pre.textContent = r.text;
}
async function compare() {
  try {
    const r = await api('/api/diff', { docset: $('docset').value, from: $('from').value, to: $('to').value });
    const files = r.files.map((f) => '<h3 class="status-' + f.status + '">' + esc(f.status) + ' ' + esc(f.path) + ' <span class="meta">+' + f.added + ' −' + f.removed + '</span></h3><div class="diff">' +
      f.patch.split('\\n').map((l) => '<div class="' + (l.startsWith('@@') || l.startsWith('--- ') || l.startsWith('+++ ') ? 'hunk' : l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : '') + '">' + esc(l || ' ') + '</div>').join('') + '</div>').join('');
    $('view').innerHTML = '<h2>' + esc($('docset').value + ' ' + r.from + ' → ' + r.to) + '</h2><p class="meta">' + r.total + ' files changed, +' + r.added + ' −' + r.removed + ' lines' + (r.reversed ? ' (reversed)' : '') + '</p>' + files;
  } catch (e) { $('view').innerHTML = '<p class="error">' + esc(e.message) + '</p>'; }
}
$('docset').onchange = fillVersions;
$('token').onchange = () => { localStorage.setItem('vdocs-token', $('token').value.trim()); loadDocsets(); };
$('go').onclick = search;
$('q').onkeydown = (e) => { if (e.key === 'Enter') search(); };
$('compare').onclick = compare;
loadDocsets();
</script>
</body>
</html>
`;
