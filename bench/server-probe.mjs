// Starts the built server over stdio against an existing index and measures start-up, tools/list size, call latency and RSS.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');

export async function measureServer({ home, dbFile, docset, startups = 5, calls = 200 }) {
  // The answer cache is off so that the latency measured is the search itself.
  const env = { ...process.env, VDOCS_HOME: home, VDOCS_INDEX: dbFile, VDOCS_SEARCH_CACHE: '0' };
  const starts = [];
  let toolsListTokens = 0;
  for (let i = 0; i < startups; i++) {
    const t0 = performance.now();
    const client = new Client({ name: 'bench', version: '1' });
    const transport = new StdioClientTransport({ command: process.execPath, args: [main, 'serve', '--no-default'], env, stderr: 'ignore' });
    await client.connect(transport);
    const tools = await client.listTools();
    starts.push(performance.now() - t0);
    toolsListTokens = Math.ceil(JSON.stringify(tools).length / 4);
    await client.close();
  }
  const client = new Client({ name: 'bench', version: '1' });
  const transport = new StdioClientTransport({ command: process.execPath, args: [main, 'serve', '--no-default'], env, stderr: 'ignore' });
  await client.connect(transport);
  const queries = ['configure semantic recall', 'createTool input schema', 'stream agent response', 'workflow suspend resume', 'postgres storage'];
  const times = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await client.callTool({ name: 'search_docs', arguments: { query: queries[i % queries.length], docset } });
    times.push(performance.now() - t);
  }
  const pid = transport.pid;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  await client.close();
  const sorted = (xs) => [...xs].sort((a, b) => a - b);
  return { coldStartMs: sorted(starts)[Math.floor(starts.length / 2)], toolsListTokens, callP50: sorted(times)[Math.floor(times.length / 2)], rssMiB: rssKb / 1024, calls };
}
