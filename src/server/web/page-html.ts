// The web page at `/`: a docs site over what is indexed. Search across every library (or one),
// pages rendered with their outline, version diffs file by file; every view has its own URL. No
// inline script or style (the CSP forbids them); no build step.
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>vdocs</title>
<link rel="stylesheet" href="/app.css">
</head>
<body>
<header>
  <a class="brand" href="/">vdocs</a>
  <form id="search" role="search">
    <input id="q" type="search" placeholder="Search the docs (press /)" aria-label="Search the docs" autocomplete="off">
    <select id="docset" aria-label="Library"><option value="">All libraries</option></select>
    <select id="version" aria-label="Version"><option value="">default version</option></select>
    <button type="submit">Search</button>
  </form>
  <form id="compare" aria-label="Compare versions">
    <select id="from" aria-label="From version"></select>
    <span aria-hidden="true">→</span>
    <select id="to" aria-label="To version"></select>
    <button type="submit">Diff</button>
  </form>
  <label class="token">Token <input id="token" type="password" autocomplete="off" size="10"></label>
</header>
<main>
  <nav id="results" aria-label="Search results"></nav>
  <article id="view" aria-live="polite"><p class="meta">Search, then open a result to read its page.</p></article>
  <aside id="outline" aria-label="On this page"></aside>
</main>
<script src="/app.js"></script>
</body>
</html>
`;
