// The web page's script, served as /app.js (same origin, so the CSP needs no 'unsafe-inline').
export const PAGE_SCRIPT = `const $ = (id) => document.getElementById(id);
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
  $('results').innerHTML = '<p class="meta note">Searching…</p>';
  try {
    const r = await api('/api/search', { q, docset: $('docset').value, version: $('version').value });
    $('results').innerHTML = '<p class="meta note">' + r.hits.length + ' sections in ' + esc(r.docsets.join(', ')) + '</p>' +
      r.hits.map((h, i) => '<div class="hit" data-i="' + i + '"><div class="path">' + esc(h.path) + (h.anchor ? '#' + esc(h.anchor) : '') + '</div><div class="heading">' + esc(h.heading) + ' · ' + esc(h.docset + '@' + h.version) + '</div><pre>' + esc(h.text) + '</pre></div>').join('');
    document.querySelectorAll('.hit').forEach((el) => el.onclick = () => { const h = r.hits[el.dataset.i]; read(h.path, h.anchor, h.version); });
  } catch (e) { $('results').innerHTML = '<p class="error note">' + esc(e.message) + '</p>'; }
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
`;
