// Small JSON files in the cache home that remember registry answers (which release pins what,
// which tarball ships a changelog). Losing one only means asking again, so failures are quiet.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { confinePath } from './confine-path.js';

export function readJsonCache<T>(home: string, name: string): Record<string, T> {
  try {
    const data = JSON.parse(readFileSync(confinePath(home, name), 'utf8')) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, T>) : {};
  } catch {
    return {};
  }
}

/** Replaces the file at once (another process never reads half of it), keeping the newest `keep` keys. */
export function writeJsonCache<T>(home: string, name: string, data: Record<string, T>, keep: number): void {
  try {
    mkdirSync(home, { recursive: true });
    const file = confinePath(home, name);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(Object.fromEntries(Object.entries(data).slice(-keep))));
    renameSync(temporary, file);
  } catch {
    // A read-only home only means asking again next time.
  }
}
