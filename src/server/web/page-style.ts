// The web page's style sheet, served as /app.css: light and dark, down to phone widths, and the
// colours of highlighted code (highlight.js classes).
export const PAGE_STYLE = `:root { --bg: #ffffff; --fg: #1d2330; --muted: #5d6778; --line: #e4e7ec; --soft: #f5f7fa; --accent: #2649b8; --add: #e6f6ea; --del: #fdecec; --hunk: #eef2f8;
  --k: #a3195b; --s: #0b6b3a; --c: #5d6778; --n: #8a4b00; --t: #2649b8; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #12151b; --fg: #e3e7ee; --muted: #a3acba; --line: #2a303b; --soft: #1a1f27; --accent: #8fb0ff; --add: #163222; --del: #3a1a1d; --hunk: #1d2533;
    --k: #ff8fc0; --s: #8fe0a8; --c: #9aa4b2; --n: #ffc078; --t: #8fb0ff; }
}
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--fg); }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; }
a { color: var(--accent); }
header { display: flex; gap: 8px 12px; align-items: center; padding: 10px 16px; border-bottom: 1px solid var(--line); flex-wrap: wrap; position: sticky; top: 0; background: var(--bg); z-index: 2; }
.brand { font-weight: 700; font-size: 18px; text-decoration: none; color: var(--fg); }
form { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 0; }
#search { flex: 1 1 420px; min-width: 0; }
#q { flex: 1 1 200px; min-width: 0; }
input, select, button { font: inherit; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); max-width: 100%; }
button { background: var(--accent); color: var(--bg); border-color: var(--accent); cursor: pointer; }
button.copy { background: transparent; color: var(--accent); padding: 2px 8px; font-size: 13px; }
.token { font-size: 13px; color: var(--muted); }
main { display: grid; grid-template-columns: minmax(260px, 30%) minmax(0, 1fr) 220px; align-items: start; }
#results { border-right: 1px solid var(--line); min-height: calc(100vh - 60px); padding: 8px 0; min-width: 0; }
#results .meta { padding: 0 16px; }
ol.hits { list-style: none; margin: 0; padding: 0; }
a.hit { display: block; padding: 10px 16px; border-bottom: 1px solid var(--line); text-decoration: none; color: var(--fg); }
a.hit:hover, a.hit:focus { background: var(--soft); outline: 2px solid var(--accent); outline-offset: -2px; }
a.hit span { display: block; overflow-wrap: anywhere; }
.hit .path { color: var(--accent); font-weight: 600; }
.hit .heading, .hit .lib, .meta { color: var(--muted); font-size: 13px; }
.hit .excerpt { font-size: 13px; max-height: 4.7em; overflow: hidden; margin-top: 4px; }
#view { padding: 16px 28px 48px; min-width: 0; }
.doc { max-width: 860px; overflow-wrap: break-word; }
.doc h1 { font-size: 1.8em; line-height: 1.25; } .doc h2 { font-size: 1.4em; border-bottom: 1px solid var(--line); padding-bottom: 4px; } .doc h3 { font-size: 1.15em; }
.doc h1, .doc h2, .doc h3, .doc h4 { scroll-margin-top: 70px; }
.doc img { max-width: 100%; }
.doc table { border-collapse: collapse; display: block; overflow-x: auto; max-width: 100%; }
.doc th, .doc td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
.doc blockquote { margin: 0; padding: 2px 14px; border-left: 3px solid var(--line); color: var(--muted); }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow-x: auto; font-size: 13px; line-height: 1.45; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.92em; }
:not(pre) > code { background: var(--soft); padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
#outline { position: sticky; top: 60px; max-height: calc(100vh - 70px); overflow: auto; padding: 16px 12px; font-size: 13px; }
#outline h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 0 6px; }
#outline ul { list-style: none; margin: 0; padding: 0; }
#outline li.l3 { padding-left: 12px; }
#outline a { display: block; padding: 2px 6px; border-left: 2px solid transparent; text-decoration: none; color: var(--muted); }
#outline a.current { color: var(--accent); border-left-color: var(--accent); font-weight: 600; }
ul.files { list-style: none; padding: 0; margin: 8px 0; border: 1px solid var(--line); border-radius: 6px; }
ul.files li a { display: flex; gap: 8px; padding: 4px 10px; text-decoration: none; color: var(--fg); overflow-wrap: anywhere; }
ul.files li.current a { background: var(--soft); font-weight: 600; }
ul.files .status { min-width: 5.5em; color: var(--muted); }
.counts { margin-left: auto; white-space: nowrap; } .plus { color: var(--s); } .minus { color: var(--k); }
.diff { font: 12.5px/1.45 ui-monospace, monospace; white-space: pre; overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; margin: 8px 0 16px; }
.diff div { padding: 0 8px; }
.diff .add { background: var(--add); } .diff .del { background: var(--del); } .diff .hunk { color: var(--muted); background: var(--hunk); }
.toggle-hits { display: none; margin: 4px 16px 8px; }
.error { color: #c0262d; } .weak { color: var(--n); }
.hljs-keyword, .hljs-selector-tag, .hljs-deletion { color: var(--k); }
.hljs-string, .hljs-addition, .hljs-regexp { color: var(--s); }
.hljs-comment, .hljs-quote, .hljs-meta { color: var(--c); font-style: italic; }
.hljs-number, .hljs-literal, .hljs-symbol, .hljs-built_in { color: var(--n); }
.hljs-title, .hljs-section, .hljs-name, .hljs-attr, .hljs-type, .hljs-variable, .hljs-property { color: var(--t); }
@media (max-width: 1100px) { main { grid-template-columns: minmax(240px, 34%) minmax(0, 1fr); } #outline { display: none; } }
@media (max-width: 720px) {
  main { grid-template-columns: minmax(0, 1fr); }
  #results { border-right: 0; border-bottom: 1px solid var(--line); min-height: 0; }
  #view { padding: 12px 14px 40px; }
  header { padding: 8px 10px; }
  #search, #compare { flex-basis: 100%; }
  #version { flex: 1 1 100px; } #docset { flex: 1 1 120px; }
  body.reading .toggle-hits { display: inline-block; }
  body.reading:not(.show-hits) ol.hits { display: none; }
}
`;
