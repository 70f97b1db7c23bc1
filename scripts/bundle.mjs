// Bundles the command-line entry (dist/main.js) with the packages serving loads at start-up, so
// `vdocs serve` reads a few files instead of several hundred (spawn → tools/list −~90 ms). Modules
// loaded on first use stay separate chunks; native, very large or CommonJS-resolving packages
// stay external. `tsc` still emits every module for the benches and for library use.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunks are named by content hash: without this, every build would leave the last one's beside it.
rmSync('dist/chunks', { recursive: true, force: true });

await build({
  // The postings worker is an entry of its own: ingest/segment-postings.ts starts it beside the bundle.
  entryPoints: { main: 'src/main.ts', 'postings-worker': 'src/ingest/postings-worker.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  external: ['better-sqlite3', 'typescript', 'pacote', '@npmcli/config', '@npmcli/config/*', 'tar', 'postgres', 'npm-package-arg', 'yaml', 'highlight.js', 'highlight.js/*'],
  // CommonJS packages in the bundle call require() for Node's modules.
  banner: { js: "import { createRequire as __vdocsRequire } from 'node:module'; const require = __vdocsRequire(import.meta.url);" },
});
