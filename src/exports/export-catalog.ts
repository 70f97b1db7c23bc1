// Cached access to package APIs: the export listing is kept on disk per package@version and
// location (a warm listing is a file read), the parsed declaration files in memory for a minute
// after their last use. A package.json's name and version are claims: the key also holds where the
// package really is and when its manifest changed, so one project's package cannot answer for another's.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { confinePath } from '../confine-path.js';
import { DocsError } from '../errors.js';
import { loadPackageApi, type ExportDetail, type ExportSummary, type PackageApi } from './package-api.js';
import { findPackage, packageEntries, type PackageEntries } from './package-entries.js';

export interface ExportListing {
  name: string;
  version: string;
  exports: ExportSummary[];
  missing: string[];
  /** Entry point → other packages it re-exports whole (their names are not listed here). */
  reexports?: Record<string, string[]>;
}

const PROGRAM_IDLE_MS = 60_000;

export function createExportCatalog(home: string) {
  const listings = new Map<string, ExportListing>();
  let loaded: { key: string; api: PackageApi; timer?: NodeJS.Timeout } | undefined;

  function api(pkg: PackageEntries): PackageApi {
    const key = cacheKey(pkg);
    if (loaded?.key !== key) loaded = { key, api: loadPackageApi(pkg) };
    clearTimeout(loaded.timer);
    // The parsed files of a large package hold tens of MB: let them go when idle.
    loaded.timer = setTimeout(() => (loaded = undefined), PROGRAM_IDLE_MS).unref();
    return loaded.api;
  }

  function entries(name: string, projectDir: string): PackageEntries {
    const pkg = packageEntries(findPackage(name, projectDir));
    if (pkg.entries.size === 0) throw new DocsError('SOURCE_INVALID', `${pkg.name}@${pkg.version} ships no type definitions (.d.ts) vdocs can read.`);
    return pkg;
  }

  return {
    list(name: string, projectDir: string): ExportListing {
      const pkg = packageEntries(findPackage(name, projectDir));
      const key = cacheKey(pkg);
      const memory = listings.get(key);
      if (memory) return memory;
      // The name and version come from a package.json in node_modules: outside data, confined.
      const file = confinePath(join(home, 'exports'), `${key.replace('/', '+')}.v3.json`);
      if (existsSync(file)) {
        const cached = JSON.parse(readFileSync(file, 'utf8')) as ExportListing;
        listings.set(key, cached);
        return cached;
      }
      const packageApi = api(entries(name, projectDir));
      const listing = { name: pkg.name, version: pkg.version, exports: packageApi.list(), missing: pkg.missing, reexports: Object.fromEntries(packageApi.foreignStars()) };
      mkdirSync(join(home, 'exports'), { recursive: true });
      writeFileSync(file, JSON.stringify(listing));
      listings.set(key, listing);
      return listing;
    },
    get(name: string, path: string, projectDir: string, includeSource = false): { version: string; detail: ExportDetail } {
      const pkg = entries(name, projectDir);
      const detail = api(pkg).get(path, includeSource);
      if (!detail) {
        const head = path.split('.')[0];
        const names = [...new Set(this.list(name, projectDir).exports.map((e) => e.name))];
        const near = names.filter((n) => n.toLowerCase().includes(head.toLowerCase())).slice(0, 8);
        throw new DocsError('PATH_NOT_FOUND', `${pkg.name}@${pkg.version} exports no "${head}".${near.length ? ` Close: ${near.join(', ')}.` : ''} list_exports shows them all.`);
      }
      return { version: pkg.version, detail };
    },
  };
}

export type ExportCatalog = ReturnType<typeof createExportCatalog>;

/** `name@version-<where and when>`: the claimed identity plus the package's real folder and manifest time. */
function cacheKey(pkg: PackageEntries): string {
  const manifest = statSync(join(pkg.dir, 'package.json'));
  const where = createHash('sha256').update(`${realpathSync(pkg.dir)}\0${manifest.mtimeMs}\0${manifest.size}`).digest('hex').slice(0, 16);
  return `${pkg.name}@${pkg.version}-${where}`;
}
