// Checks a path given by a user or an agent: relative, `/`-separated, never leaving the doc set.
import { DocsError } from '../errors.js';

export function cleanDocPath(raw: string): string {
  const text = (raw ?? '').trim().replace(/\\/g, '/');
  if (text.includes('\u0000')) throw new DocsError('PATH_OUTSIDE_DOC_SET', 'The path contains a NUL byte.');
  if (text.startsWith('/') || /^[A-Za-z]:/.test(text) || /^[a-z]+:\/\//i.test(text)) {
    throw new DocsError('PATH_OUTSIDE_DOC_SET', `"${raw}" is absolute. Paths are relative to the doc set root, e.g. "docs/agents/overview.md".`);
  }
  const parts = text.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new DocsError('PATH_OUTSIDE_DOC_SET', `"${raw}" leaves the doc set. Paths are relative to the doc set root and may not contain "..".`);
  return parts.join('/');
}

/** `page.md#anchor` → its two parts. */
export function splitAnchor(raw: string): { path: string; anchor?: string } {
  const hash = raw.indexOf('#');
  return hash === -1 ? { path: raw } : { path: raw.slice(0, hash), anchor: raw.slice(hash + 1) || undefined };
}
