// Opaque pagination cursors: base64url JSON that names what it continues, checked on the way back.
// A cursor comes from the client, so every field is checked against the shape the caller expects:
// positions are non-negative safe integers, names bounded strings.
import { DocsError } from '../errors.js';

export type CursorShape = Record<string, 'position' | 'text'>;

type Decoded<S extends CursorShape> = { [K in keyof S]: S[K] extends 'position' ? number : string };

const MAX_CURSOR_CHARS = 4096;

export function encodeCursor(kind: string, value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify({ k: kind, ...value }), 'utf8').toString('base64url');
}

export function decodeCursor<S extends CursorShape>(kind: string, cursor: string, shape: S): Decoded<S> {
  if (cursor.length <= MAX_CURSOR_CHARS) {
    try {
      const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown> | null;
      if (value && typeof value === 'object' && value.k === kind && fits(value, shape)) return value as Decoded<S>;
    } catch {
      // fall through to the error below
    }
  }
  throw new DocsError('INVALID_CURSOR', 'The cursor is not one this call handed out. Repeat the call without a cursor to start over.');
}

function fits(value: Record<string, unknown>, shape: CursorShape): boolean {
  return Object.entries(shape).every(([key, type]) => {
    const field = value[key];
    return type === 'position' ? Number.isSafeInteger(field) && (field as number) >= 0 : typeof field === 'string' && field.length <= 2048;
  });
}
