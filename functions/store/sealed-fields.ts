import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { maskBankAccount, maskIdNumber } from '../domain/id-number.ts';
import { luhnValid } from '../domain/finance/payment-rules.ts';
import { isSealed, parseSealed, sealedHeader, SEALED_PREFIX, type SealedKind } from '../domain/sealed.ts';
import { idHashKeys } from '../shared/id-hash-key.ts';
import { openedKey, sealingKey } from './field-keys.ts';

/**
 * Resident-ID and bank-card numbers are kept in the table sealed, field by field (the format:
 * functions/domain/sealed.ts), so that a dump of the table or of a backup shows none of them. The
 * store seals them on the way in (an application's details, a corrected bank account); they stay
 * sealed when copied (payment instructions, batch items) and are opened only for the bank file and
 * for the official who decides the application now — both recorded in the audit trail by their
 * callers. Duplicate detection keeps the keyed hash of the claims; equal numbers are recognised by
 * their fingerprint (the same HMAC key, its current version).
 */

/** Fields of an application's details that hold a sensitive number: `idNumber` anywhere, `bankAccount.number`. */
const kindOf = (parent: string, field: string): SealedKind | undefined => (field === 'idNumber' ? 'id' : parent === 'bankAccount' && field === 'number' ? 'card' : undefined);

async function fingerprint(kind: SealedKind, plain: string): Promise<string> {
  const { current, keys } = await idHashKeys();
  const mac = createHmac('sha256', keys[current] as string).update(`field:${kind}:${plain}`).digest().subarray(0, 16).toString('base64url');
  return `${current.replace(/[^A-Za-z0-9_-]/g, '')}~${mac}`;
}

/** One number sealed; one already sealed is returned as it is. */
export async function sealNumber(kind: SealedKind, plain: string): Promise<string> {
  if (isSealed(plain)) return plain;
  const [dataKey, print] = await Promise.all([sealingKey(), fingerprint(kind, plain)]);
  const header = sealedHeader(kind, kind === 'card' ? luhnValid(plain) : undefined, kind === 'card' ? maskBankAccount(plain) : maskIdNumber(plain), print);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey.plaintext, iv).setAAD(Buffer.from(header));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${header}.${dataKey.encrypted.toString('base64url')}.${iv.toString('base64url')}.${ciphertext.toString('base64url')}`;
}

/** The number a stored value holds: a sealed one opened, a plain (legacy) one as it is. */
export async function openNumber(value: string): Promise<string> {
  const parts = parseSealed(value);
  if (!parts) {
    if (value.startsWith(SEALED_PREFIX)) throw new Error('a sealed field that cannot be read');
    return value;
  }
  if (!parts.ciphertext) throw new Error('a number’s mark, as a listing carries it, holds no number to open');
  const key = await openedKey(parts.dataKey);
  const data = Buffer.from(parts.ciphertext, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts.iv, 'base64url')).setAAD(Buffer.from(parts.header));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}

/** A copy of `value` with each sensitive string field changed by `change` (kind given); the rest kept. */
async function mapSensitive(value: unknown, change: (kind: SealedKind, text: string) => Promise<string>, which: readonly SealedKind[], parent = ''): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((item) => mapSensitive(item, change, which, parent)));
  if (!value || typeof value !== 'object') return value;
  const entries = await Promise.all(
    Object.entries(value).map(async ([field, inner]) => {
      const kind = kindOf(parent, field);
      if (kind && which.includes(kind) && typeof inner === 'string') return [field, await change(kind, inner)] as const;
      return [field, await mapSensitive(inner, change, which, field)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

const hasSensitive = (value: unknown, parent = ''): boolean =>
  Array.isArray(value)
    ? value.some((item) => hasSensitive(item, parent))
    : !!value && typeof value === 'object' && Object.entries(value).some(([field, inner]) => (kindOf(parent, field) && typeof inner === 'string' && !isSealed(inner)) || hasSensitive(inner, field));

/** Details with every resident-ID and bank-card number sealed (no key is fetched when there is none to seal). */
export async function sealDetails<T>(details: T): Promise<T> {
  if (!hasSensitive(details)) return details;
  return (await mapSensitive(details, sealNumber, ['id', 'card'])) as T;
}

/** Details with their resident-ID numbers opened (the deciding official's view); bank cards stay sealed. */
export async function openIdNumbers<T>(details: T): Promise<T> {
  return (await mapSensitive(details, (_kind, text) => openNumber(text), ['id'])) as T;
}

/** Whether details hold a sealed resident-ID number (something to open, and so to record). */
export const holdsSealedIdNumber = (details: unknown, parent = ''): boolean =>
  Array.isArray(details)
    ? details.some((item) => holdsSealedIdNumber(item, parent))
    : !!details && typeof details === 'object' && Object.entries(details).some(([field, inner]) => (kindOf(parent, field) === 'id' && isSealed(inner)) || holdsSealedIdNumber(inner, field));

/** Lines with their account numbers opened (the bank file). */
export function openAccountNumbers<T extends { accountNumber: string }>(lines: readonly T[]): Promise<T[]> {
  return Promise.all(lines.map(async (line) => ({ ...line, accountNumber: await openNumber(line.accountNumber) })));
}

/** Whether a stored item holds a sensitive number in clear (written before encryption). */
export const holdsPlainNumber = (value: unknown): boolean => hasSensitive(value);
