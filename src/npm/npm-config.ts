// The user's npm configuration (registry, scoped registries, auth, proxy), loaded the way npm does.
import { dirname, join } from 'node:path';

let cached: Promise<Record<string, unknown>> | undefined;

function loadNpmConfig(): Promise<Record<string, unknown>> {
  cached ??= load().catch(() => ({}) as Record<string, unknown>);
  return cached;
}

/**
 * Options for pacote: the user's configuration with npm's slow retry schedule (up to 70 s when
 * the registry is down) cut short; the server keeps retrying in the background instead. Metadata
 * (a version list, a manifest) gets one try of 10 s for its headers and 10 s for its body: a
 * registry that accepts connections and never answers held a command for 61 s. Tarballs, which
 * can be large, get 30 s each way and one retry.
 */
export async function registryOptions(kind: 'metadata' | 'tarball'): Promise<Record<string, unknown>> {
  const bounds =
    kind === 'metadata'
      ? { retry: { retries: 0 }, timeout: 10_000 }
      : { retry: { retries: 1, factor: 2, minTimeout: 500, maxTimeout: 1500 }, timeout: 30_000 };
  return { ...(await loadNpmConfig()), fullMetadata: false, ...bounds };
}

async function load(): Promise<Record<string, unknown>> {
  const { default: Config } = await import('@npmcli/config');
  // A CommonJS module: Node puts its exports on `default`, bundlers may spread them.
  const module = await import('@npmcli/config/lib/definitions/index.js');
  const { definitions, flatten, shorthands, nerfDarts } = (module as unknown as { default?: typeof module }).default ?? module;
  const config = new Config({
    definitions,
    flatten,
    shorthands,
    nerfDarts,
    // npm's own builtin npmrc lives beside its installation; absent is fine.
    npmPath: join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm'),
    argv: [process.argv[0], 'vdocs'],
    warn: false,
  });
  await config.load();
  return config.flat;
}
