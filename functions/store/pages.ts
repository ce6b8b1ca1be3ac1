import { ValidationError } from '../shared/errors.ts';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

interface Cursor {
  unit?: number;
  key?: Record<string, unknown>;
}

/** Opaque to clients: base64url JSON of where the next page starts. */
export function encodePageToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodePageToken(token: string | undefined): Cursor | undefined {
  if (!token) return undefined;
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (cursor && typeof cursor === 'object' && !Array.isArray(cursor)) return cursor as Cursor;
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ path: 'nextToken', message: { zh: '分页标记无效', en: 'nextToken is not valid' } }]);
}
