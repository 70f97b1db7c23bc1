// Package specs from outside (tools, CLI, config, lockfiles): only registry specs are accepted —
// a valid package name with an exact version, a range or a dist-tag. URL, git, file, directory and
// alias specs are refused before any network or disk access.
import { createRequire } from 'node:module';
import semver from 'semver';
import { DocsError } from '../errors.js';

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
  let parsed: ReturnType<typeof import('npm-package-arg').default>;
  try {
    // npm's own spec parser, loaded when a spec is first parsed (it is not needed to serve).
    const npa = createRequire(import.meta.url)('npm-package-arg') as typeof import('npm-package-arg').default;
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

/** npm's rules for a package name (validate-npm-package-name; old names may have capitals): URL-safe, ≤ 214 characters. */
const PACKAGE_NAME = /^(?:@[A-Za-z0-9-*~][A-Za-z0-9-*._~]*\/)?[A-Za-z0-9-~][A-Za-z0-9-._~]*$/;

export function isPackageName(name: string): boolean {
  return name.length <= 214 && PACKAGE_NAME.test(name) && !/(^|\/)\.{1,2}$/.test(name);
}

/** An exact version read from outside (lockfile, package.json, a tool argument), or undefined. */
export function exactVersion(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 100 && semver.valid(value) === value ? value : undefined;
}
