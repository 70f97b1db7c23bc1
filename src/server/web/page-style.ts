// The web page's style sheet, served as /app.css.
export const PAGE_STYLE = `  :root { --fg: #1d2330; --muted: #667085; --line: #e4e7ec; --accent: #2f5bd3; --add: #e6f6ea; --del: #fdecec; }
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
  .note { padding: 0 20px; }
`;
