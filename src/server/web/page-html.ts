// The web page at `/`: search, read a page by its sections, pick versions, and see a coloured
// diff of two versions. No inline script or style (the CSP forbids them); no build step.
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>vdocs</title>
<link rel="stylesheet" href="/app.css">
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
<script src="/app.js"></script>
</body>
</html>
`;
