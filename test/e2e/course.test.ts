import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, tempDir } from '../helpers.js';

const textOf = (r: { content?: unknown }) => (r.content as Array<{ text: string }>)[0].text;

describe('course tool', () => {
  const home = tempDir();
  const docs = tempDir();
  const env = { ...process.env, VDOCS_HOME: home.path, VDOCS_INDEX: join(home.path, 'index.sqlite') } as Record<string, string>;
  const connect = async () => {
    const client = new Client({ name: 'vdocs-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MAIN, 'serve', '--no-default'], env, stderr: 'pipe' }));
    return client;
  };
  beforeAll(() => {
    const files: Record<string, string> = {
      'course/01-intro/01-welcome.md': '# Welcome\n\nThis course builds a widget.',
      'course/01-intro/02-setup.md': '# Setup\n\nInstall the kit.',
      'course/02-tools/01-first-tool.md': '# First tool\n\nWrite a tool.',
      'guides/other.md': '# Other\n\nNot part of the course.',
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(docs.path, path, '..'), { recursive: true });
      writeFileSync(join(docs.path, path), content);
    }
    execFileSync(process.execPath, [MAIN, 'add', docs.path, '--name', 'kit@1.0.0'], { env });
  });
  afterAll(() => {
    home.remove();
    docs.remove();
  });

  it('starts, advances, and keeps progress across server restarts, locally', async () => {
    const first = await connect();
    // Offered because a doc set has a course.
    expect((await first.listTools()).tools.map((t) => t.name)).toContain('course');
    const start = textOf(await first.callTool({ name: 'course', arguments: { action: 'start' } }));
    expect(start).toContain('2 lessons');
    expect(start).toContain('Lesson 1/2 "01-intro", step 1/2');
    expect(start).toContain('This course builds a widget.');
    const next = textOf(await first.callTool({ name: 'course', arguments: { action: 'next' } }));
    expect(next).toContain('Install the kit.');
    await first.close();

    const second = await connect();
    expect(textOf(await second.callTool({ name: 'course', arguments: { action: 'status' } }))).toContain('→ 1. 01-intro: 1/2 steps');
    expect(textOf(await second.callTool({ name: 'course', arguments: { action: 'start' } }))).toContain('Resuming the course.');
    const lesson = textOf(await second.callTool({ name: 'course', arguments: { action: 'lesson', lesson: 'tools' } }));
    expect(lesson).toContain('Write a tool.');
    const done = textOf(await second.callTool({ name: 'course', arguments: { action: 'next' } }));
    expect(done).toContain('The course is complete: 2 steps done.');
    expect(textOf(await second.callTool({ name: 'course', arguments: { action: 'reset' } }))).toContain('confirm: true');
    expect(textOf(await second.callTool({ name: 'course', arguments: { action: 'reset', confirm: true } }))).toBe('Course progress deleted.');
    expect(textOf(await second.callTool({ name: 'course', arguments: { action: 'status' } }))).toContain('Not started');
    const unknown = await second.callTool({ name: 'course', arguments: { action: 'lesson', lesson: 'nope' } });
    expect(textOf(unknown)).toContain('Lessons: 01-intro, 02-tools');
    await second.close();
  });
});
