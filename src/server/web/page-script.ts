// The web page's script, served as /app.js (same origin, so the CSP needs no 'unsafe-inline').
export const PAGE_SCRIPT = `const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
$('token').value = localStorage.getItem('vdocs-token') || '';
let docsets = [];
let markCurrent = () => undefined;

async function api(path, params) {
  const url = path + '?' + new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
  const token = $('token').value.trim();
  const res = await fetch(url, { headers: token ? { Authorization: 'Bearer ' + token } : {} });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error((body.error && body.error.message) || res.statusText);
  return body;
}

function state() {
  return Object.fromEntries(new URLSearchParams(location.search));
}

function href(params) {
  const clean = Object.entries(params).filter(([, v]) => v !== undefined && v !== '' && v !== null);
  return '?' + new URLSearchParams(clean).toString();
}

function go(params, anchor) {
  history.pushState(null, '', href(params) + (anchor ? '#' + encodeURIComponent(anchor) : ''));
  route();
}

function fail(where, error) {
  where.innerHTML = '<p class="error" role="alert">' + esc(error.message) + '</p>';
}

async function loadDocsets() {
  try {
    docsets = (await api('/api/docsets', {})).docsets;
  } catch (e) {
    fail($('results'), e);
    return false;
  }
  const names = [...new Set(docsets.map((d) => d.name))];
  $('docset').innerHTML = '<option value="">All libraries</option>' + names.map((n) => '<option>' + esc(n) + '</option>').join('');
  return true;
}

function versionsOf(name) {
  return docsets.filter((d) => d.name === name).map((d) => d.version);
}

function fillControls(s) {
  $('q').value = s.q || '';
  $('docset').value = s.docset || '';
  const versions = versionsOf(s.docset || '');
  $('version').innerHTML = '<option value="">default version</option>' + versions.map((v) => '<option>' + esc(v) + '</option>').join('');
  $('version').value = s.version && !s.from ? s.version : '';
  const options = versions.map((v) => '<option>' + esc(v) + '</option>').join('');
  $('from').innerHTML = options;
  $('to').innerHTML = options;
  $('compare').hidden = versions.length < 2;
  if (versions.length > 1) {
    $('from').value = s.from || versions[versions.length - 1];
    $('to').value = s.to || versions[0];
  }
}

async function route() {
  const s = state();
  fillControls(s);
  // On a phone the results fold away while a page or a diff is read (a button shows them again).
  document.body.classList.toggle('reading', Boolean(s.path || (s.from && s.to)));
  document.body.classList.remove('show-hits');
  const jobs = [];
  if (s.q) jobs.push(showResults(s));
  else {
    $('results').innerHTML = '';
    delete $('results').dataset.key;
  }
  if (s.from && s.to && s.docset) jobs.push(showDiff(s));
  else if (s.path) jobs.push(showPage(s));
  else if (!s.q) {
    $('view').innerHTML = '<p class="meta">Search, then open a result to read its page.</p>';
    $('outline').innerHTML = '';
  }
  await Promise.all(jobs);
  document.body.dataset.ready = 'true';
}

function copyButton(text) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'copy';
  button.textContent = 'Copy as Markdown';
  button.title = 'What an agent gets for this';
  button.onclick = async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed';
    }
    setTimeout(() => (button.textContent = 'Copy as Markdown'), 1500);
  };
  return button;
}

async function showResults(s) {
  const box = $('results');
  // Opening a result keeps the list: the same search is not run again.
  const key = JSON.stringify([s.q, s.docset, s.version]);
  if (box.dataset.key === key && box.querySelector('.hits')) return;
  box.dataset.key = key;
  box.innerHTML = '<p class="meta">Searching…</p>';
  try {
    const r = await api('/api/search', { q: s.q, docset: s.docset, version: s.docset ? s.version : '' });
    const libraries = r.docsets.map((d) => d.name + '@' + d.version).join(', ');
    const head = '<p class="meta summary">' + r.hits.length + ' section' + (r.hits.length === 1 ? '' : 's') + ' in ' + esc(libraries) +
      (r.skipped ? ' (the ' + r.docsets.length + ' libraries most about these words; ' + r.skipped + ' others not searched: pick one to search it)' : '') + '</p>' +
      (!r.weak ? '' : r.hits.length === 0
        ? '<p class="meta weak">No section holds these words' + (r.weak.onlyStopWords ? ': the question has only stop words' : '') + '. Try other words or an API name.</p>'
        : '<p class="meta weak">No section matches well: the closest ones lack ' + esc(r.weak.missing.join(', ')) + '.</p>');
    const items = r.hits.map((h) => {
      const link = href({ q: s.q, docset: s.docset, version: s.docset ? s.version : '', path: h.path, in: h.docset, at: h.version }) + (h.anchor ? '#' + encodeURIComponent(h.anchor) : '');
      return '<li><a class="hit" href="' + esc(link) + '"><span class="path">' + esc(h.path) + (h.anchor ? '#' + esc(h.anchor) : '') + '</span>' +
        '<span class="heading">' + esc(h.heading) + '</span><span class="lib">' + esc(h.docset + '@' + h.version) + '</span>' +
        '<span class="excerpt">' + esc(h.text.replace(/^#{1,6} .*$/gm, '').replace(/[\`*]/g, '').trim().slice(0, 280)) + '</span></a></li>';
    }).join('');
    box.innerHTML = head + '<button type="button" class="toggle-hits" aria-controls="hits" aria-expanded="false">Show the results</button><ol class="hits" id="hits">' + items + '</ol>';
    box.querySelector('.summary').append(' ', copyButton(r.markdown));
    const toggle = box.querySelector('.toggle-hits');
    toggle.onclick = () => {
      const shown = document.body.classList.toggle('show-hits');
      toggle.textContent = shown ? 'Hide the results' : 'Show the results';
      toggle.setAttribute('aria-expanded', String(shown));
    };
  } catch (e) {
    delete box.dataset.key;
    fail(box, e);
  }
}

async function showPage(s) {
  const view = $('view');
  try {
    const docset = s.in || s.docset;
    const version = s.in ? s.at : s.version;
    const r = await api('/api/read', { path: s.path, docset, version, cursor: s.part });
    if (r.kind === 'directory') {
      view.innerHTML = '<h1>' + esc(r.path || '/') + '</h1><ul class="entries">' + r.entries.map((e) => {
        const path = (r.path ? r.path + '/' : '') + e.name.replace(/\\/$/, '');
        return '<li><a href="' + esc(href({ q: s.q, docset: s.docset, in: r.docset, at: r.version, path })) + '">' + esc(e.name) + '</a>' + (e.title ? ' <span class="meta">' + esc(e.title) + '</span>' : '') + '</li>';
      }).join('') + '</ul>';
      $('outline').innerHTML = '';
      return;
    }
    const meta = '<p class="meta">' + esc(r.docset + '@' + r.version) + ' · ' + esc(r.path) + ' · lines ' + r.lines[0] + '–' + r.lines[1] + ' of ' + r.totalLines + '</p>';
    const next = r.nextCursor ? '<p><a class="next" href="' + esc(href({ ...s, part: r.nextCursor })) + '">Next part of this page →</a></p>' : '';
    view.innerHTML = meta + '<div class="doc">' + r.html + '</div>' + next;
    view.querySelector('.meta').append(' ', copyButton(r.markdown));
    showOutline(r.sections);
    const anchor = decodeURIComponent(location.hash.slice(1));
    const target = anchor && document.getElementById(anchor);
    if (target) target.scrollIntoView();
    else view.scrollTop = 0;
  } catch (e) {
    fail(view, e);
  }
}

function showOutline(sections) {
  const box = $('outline');
  const shown = sections.filter((x) => x.level >= 2 && x.level <= 3);
  box.innerHTML = shown.length ? '<h2>On this page</h2><ul>' + shown.map((x) => '<li class="l' + x.level + '"><a href="#' + esc(encodeURIComponent(x.anchor)) + '" data-anchor="' + esc(x.anchor) + '">' + esc(x.heading) + '</a></li>').join('') + '</ul>' : '';
  const links = new Map([...box.querySelectorAll('a')].map((a) => [a.dataset.anchor, a]));
  const mark = (anchor) => {
    const link = links.get(anchor);
    if (!link || link.classList.contains('current')) return;
    box.querySelectorAll('a.current').forEach((a) => a.classList.remove('current'));
    link.classList.add('current');
  };
  // The section being read: the last heading above the top fifth of the window (the last one at
  // the bottom of the page); a link followed in the outline marks its own.
  markCurrent = () => {
    const heads = [...document.querySelectorAll('#view .doc [id]')].filter((h) => links.has(h.id));
    if (heads.length === 0) return;
    let current = heads[0];
    for (const h of heads) if (h.getBoundingClientRect().top < window.innerHeight / 5) current = h;
    if (window.scrollY > 0 && window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) current = heads[heads.length - 1];
    mark(current.id);
  };
  box.querySelectorAll('a').forEach((a) => a.addEventListener('click', () => setTimeout(() => mark(a.dataset.anchor))));
  markCurrent();
}

async function showDiff(s) {
  const view = $('view');
  $('outline').innerHTML = '';
  try {
    const r = await api('/api/diff', { docset: s.docset, from: s.from, to: s.to, offset: s.offset });
    const base = { docset: s.docset, from: s.from, to: s.to, q: s.q };
    const rows = r.files.map((f) => '<li class="status-' + esc(f.status) + (f.path === s.file ? ' current' : '') + '"><a href="' + esc(href({ ...base, offset: s.offset, file: f.path })) + '">' +
      '<span class="status">' + esc(f.status) + '</span> ' + esc(f.path) + ' <span class="counts"><span class="plus">+' + f.added + '</span> <span class="minus">−' + f.removed + '</span></span></a></li>').join('');
    const more = r.offset + r.files.length < r.total ? '<p><a href="' + esc(href({ ...base, offset: r.offset + r.files.length })) + '">Next ' + Math.min(200, r.total - r.offset - r.files.length) + ' files →</a></p>' : '';
    const back = r.offset > 0 ? '<p><a href="' + esc(href({ ...base, offset: Math.max(0, r.offset - 200) })) + '">← Previous files</a></p>' : '';
    view.innerHTML = '<h1>' + esc(s.docset + ' ' + r.from + ' → ' + r.to) + '</h1><p class="meta">' + r.total + ' files changed, +' + r.added + ' −' + r.removed + ' lines' + (r.reversed ? ' (older to newer)' : '') +
      (r.total > r.files.length ? ' · files ' + (r.offset + 1) + '–' + (r.offset + r.files.length) : '') + '</p><ul class="files">' + rows + '</ul>' + back + more + '<div id="hunks"></div>';
    if (s.file) await showHunks(s);
  } catch (e) {
    fail(view, e);
  }
}

async function showHunks(s) {
  const box = $('hunks');
  try {
    const r = await api('/api/diff/file', { docset: s.docset, from: s.from, to: s.to, path: s.file, page: s.page });
    const lines = r.hunks.join('\\n').split('\\n').map((l) => '<div class="' + (l.startsWith('@@') ? 'hunk' : l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : 'same') + '">' + esc(l || ' ') + '</div>').join('');
    const page = r.page;
    const nav = r.pages > 1 ? '<p class="pager">' + (page > 0 ? '<a href="' + esc(href({ ...s, page: page - 1 })) + '">← Previous hunks</a> ' : '') + 'hunks page ' + (page + 1) + ' of ' + r.pages +
      (page + 1 < r.pages ? ' <a href="' + esc(href({ ...s, page: page + 1 })) + '">Next hunks →</a>' : '') + '</p>' : '';
    box.innerHTML = '<h2>' + esc(r.path) + ' <span class="meta">' + esc(r.status) + ', +' + r.added + ' −' + r.removed + '</span></h2>' + nav + '<div class="diff" role="region" aria-label="Changes in ' + esc(r.path) + '" tabindex="0">' + lines + '</div>' + nav;
  } catch (e) {
    fail(box, e);
  }
}

// Links inside the page change the view without reloading it; the URL keeps the state.
document.addEventListener('click', (event) => {
  const a = event.target.closest('a');
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || a.target) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname !== location.pathname) return;
  event.preventDefault();
  if (url.search === location.search && url.hash) {
    history.pushState(null, '', url.hash);
    const target = document.getElementById(decodeURIComponent(url.hash.slice(1)));
    if (target) target.scrollIntoView();
    return;
  }
  history.pushState(null, '', url.search + url.hash);
  route();
});

// "/" searches; arrows move through the results; Enter opens one (it is a link).
document.addEventListener('keydown', (event) => {
  const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
  if (event.key === '/' && !typing) {
    event.preventDefault();
    $('q').focus();
    $('q').select();
    return;
  }
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const hits = [...document.querySelectorAll('#results a.hit')];
  if (hits.length === 0) return;
  const at = hits.indexOf(document.activeElement);
  if (at === -1 && document.activeElement !== $('q')) return;
  event.preventDefault();
  const next = event.key === 'ArrowDown' ? Math.min(hits.length - 1, at + 1) : Math.max(0, at - 1);
  hits[next].focus();
});

$('search').addEventListener('submit', (event) => {
  event.preventDefault();
  const q = $('q').value.trim();
  if (q) go({ q, docset: $('docset').value, version: $('docset').value ? $('version').value : '' });
});
$('compare').addEventListener('submit', (event) => {
  event.preventDefault();
  go({ docset: $('docset').value, from: $('from').value, to: $('to').value, q: $('q').value.trim() });
});
$('docset').addEventListener('change', () => fillControls({ ...state(), docset: $('docset').value, version: '', from: '', to: '' }));
$('token').addEventListener('change', async () => {
  localStorage.setItem('vdocs-token', $('token').value.trim());
  if (await loadDocsets()) route();
});
window.addEventListener('popstate', route);
window.addEventListener('scroll', () => markCurrent(), { passive: true });
loadDocsets().then((ok) => (ok ? route() : undefined));
`;
