// Minimal typings for npm's own packages, which ship none.
declare module 'pacote' {
  export interface Manifest {
    name: string;
    version: string;
    dist?: { tarball?: string; integrity?: string; unpackedSize?: number };
    [key: string]: unknown;
  }
  export interface Packument {
    name: string;
    versions: Record<string, Manifest>;
    'dist-tags': Record<string, string>;
  }
  export function manifest(spec: string, opts?: Record<string, unknown>): Promise<Manifest>;
  export function packument(spec: string, opts?: Record<string, unknown>): Promise<Packument>;
  export function tarball(spec: string, opts?: Record<string, unknown>): Promise<Buffer & { integrity?: string }>;
  const pacote: { manifest: typeof manifest; packument: typeof packument; tarball: typeof tarball };
  export default pacote;
}

declare module '@npmcli/config' {
  export default class Config {
    constructor(options: Record<string, unknown>);
    load(): Promise<void>;
    readonly flat: Record<string, unknown>;
  }
}

declare module '@npmcli/config/lib/definitions/index.js' {
  export const definitions: Record<string, unknown>;
  export const flatten: (...args: unknown[]) => unknown;
  export const shorthands: Record<string, unknown>;
  export const nerfDarts: string[];
}

declare module 'npm-package-arg' {
  interface Result {
    type: 'version' | 'range' | 'tag' | 'git' | 'remote' | 'file' | 'directory' | 'alias';
    name: string | null;
    rawSpec: string;
    fetchSpec: string | null;
  }
  function npa(spec: string, where?: string): Result;
  export default npa;
}

declare module '@joplin/turndown-plugin-gfm' {
  import type TurndownService from 'turndown';
  export function gfm(service: TurndownService): void;
}
