// Opaque pagination cursors: base64url JSON that names what it continues, checked on the way back.
import { DocsError } from '../errors.js';

export function encodeCursor(kind: string, value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify({ k: kind, ...value }), 'utf8').toString('base64url');
}

export function decodeCursor<T extends Record<string, string | number>>(kind: string, cursor: string): T {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: string } & T;
    if (value && value.k === kind) return value;
  } catch {
    // fall through to the error below
  }
  throw new DocsError('INVALID_CURSOR', 'The cursor is not one this call handed out. Repeat the call without a cursor to start over.');
}
