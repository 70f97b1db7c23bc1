import { describe, expect, it } from 'vitest';
import { tempDir, writeFiles } from '../../test/helpers.js';
import { loadPackageApi } from './package-api.js';
import { packageEntries } from './package-entries.js';
import { createWorkBudget } from './work-budget.js';

describe('createWorkBudget', () => {
  it('stops a request past its steps with LIMIT_EXCEEDED naming the work, and a new request starts afresh', () => {
    const budget = createWorkBudget({ timeMs: 60_000, steps: 3 });
    budget.begin('get_export of x@1.0.0');
    budget.spend();
    budget.spend();
    budget.spend();
    expect(() => budget.spend()).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('get_export of x@1.0.0 stopped after 3 steps') }));
    budget.begin('list_exports of x@1.0.0');
    expect(() => budget.spend()).not.toThrow();
  });

  it('stops a request past its time, read from the clock every 64 steps', () => {
    const clock = { at: 0 };
    const budget = createWorkBudget({ timeMs: 4_000, steps: 1_000_000 }, () => clock.at);
    budget.begin('list_exports of x@1.0.0');
    for (let i = 0; i < 100; i++) budget.spend();
    clock.at = 4_001;
    expect(() => {
      for (let i = 0; i < 64; i++) budget.spend();
    }).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('stopped after 4 s') }));
  });

  it('bounds a package API request: a wide star graph of declarations stops at the budget, typed', () => {
    const dir = tempDir();
    const files: Record<string, string> = { 'package.json': JSON.stringify({ name: 'wide', version: '1.0.0', types: './index.d.ts' }) };
    files['index.d.ts'] = Array.from({ length: 200 }, (_, i) => `export * from './m${i}.js';`).join('\n');
    for (let i = 0; i < 200; i++) files[`m${i}.d.ts`] = `export declare const v${i}: number;\n`;
    writeFiles(dir.path, files);
    const api = loadPackageApi(packageEntries(dir.path), createWorkBudget({ timeMs: 60_000, steps: 100 }));
    expect(() => api.list()).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
    const roomy = loadPackageApi(packageEntries(dir.path), createWorkBudget({ timeMs: 60_000, steps: 100_000 }));
    expect(roomy.list()).toHaveLength(200);
    dir.remove();
  });
});
