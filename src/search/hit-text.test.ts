import { describe, expect, it } from 'vitest';
import { compactTables } from './hit-text.js';

describe('compactTables', () => {
  it('drops the padding that aligns a table, keeping its cells, alignment and indentation', () => {
    const table = [
      '| Resource   | Name template                 |',
      '| :--------- | ----------------------------: |',
      '|            | `IamRoleLambdaExecution`      |',
      '  | indented   | row   |',
      '  | ---------- | ----- |',
    ].join('\n');
    expect(compactTables(table)).toBe(['| Resource | Name template |', '| :--- | ---: |', '| | `IamRoleLambdaExecution` |', '  | indented | row |', '  | --- | --- |'].join('\n'));
  });

  it('leaves code blocks, prose and unpadded tables as written', () => {
    const text = ['Two  spaces in prose.', '```text', '| a    | b    |', '| ---- | ---- |', '```', '| a | b |', '| --- | --- |'].join('\n');
    expect(compactTables(text)).toBe(text);
  });
});
