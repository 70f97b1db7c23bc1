// Package specs from outside (tools, CLI, config, lockfiles): only registry specs are accepted —
// a valid package name with an exact version, a range or a dist-tag. URL, git, file, directory and
// alias specs are refused before any network or disk access.
import npa from 'npm-package-arg';
import semver from 'semver';
import { DocsError } from '../../errors.js';

export interface RegistrySpec {
  name: string;
  /** Exact version, semver range or dist-tag ('latest' when none was given). */
  range: string;
  type: 'version' | 'range' | 'tag';
}

const MAX_SPEC_LENGTH = 300;
const ALLOWED = new Set(['version', 'range', 'tag']);

export function parseRegistrySpec(spec: string): RegistrySpec {
  const text = spec.trim();
  const refuse = (why: string, cause?: unknown) =>
    new DocsError('INVALID_ARGUMENT', `"${text.slice(0, 120)}" is not a registry package spec (${why}). Give <package>[@<version|range|tag>], e.g. @mastra/core@1.2.3; URL, git, file and alias specs are refused.`, { cause });
  if (!text || text.length > MAX_SPEC_LENGTH || /[\s\u0000-\u001f]/.test(text.replace(/ \|\| /g, ''))) throw refuse('empty, too long or with control characters');
  let parsed: ReturnType<typeof npa>;
  try {
    parsed = npa(text);
  } catch (error) {
    throw refuse((error as Error).message.split('\n')[0], error);
  }
  if (!ALLOWED.has(parsed.type) || !parsed.name) throw refuse(`a ${parsed.type} spec`);
  // npa reads a bare name as the range "*"; vdocs means the latest release.
  const given = text.slice(parsed.name.length + 1);
  const range = given === '' ? 'latest' : String(parsed.fetchSpec ?? parsed.rawSpec);
  return { name: parsed.name, range, type: parsed.type as RegistrySpec['type'] };
}

/** A package name alone (no version): valid for the registry, or INVALID_ARGUMENT. */
export function checkPackageName(name: string): string {
  const spec = parseRegistrySpec(name);
  if (spec.name !== name.trim()) throw new DocsError('INVALID_ARGUMENT', `"${name.slice(0, 120)}" is not a package name (give the name alone, e.g. @mastra/core).`);
  return spec.name;
}

export function isPackageName(name: string): boolean {
  try {
    return checkPackageName(name) === name;
  } catch {
    return false;
  }
}

/** An exact version read from outside (lockfile, package.json, a tool argument), or undefined. */
export function exactVersion(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 100 && semver.valid(value) === value ? value : undefined;
}
