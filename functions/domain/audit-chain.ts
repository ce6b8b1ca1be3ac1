import { createHash } from 'node:crypto';

export interface AuditActor {
  sub: string;
  role: string;
  orgUnit: string;
}

/**
 * One audit event: who, when, what (before → after), why. The events of one subject (an
 * application, a budget, a program's policy) form a chain: each carries the hash of the previous
 * one; the first links to the subject's id.
 */
export interface AuditEvent {
  subject: string;
  seq: number;
  at: string;
  actor: AuditActor;
  action: string;
  before: unknown;
  after: unknown;
  reason?: string;
  requestId?: string;
  prevHash: string;
  hash: string;
}

export type UnchainedEvent = Omit<AuditEvent, 'prevHash' | 'hash'>;

/** JSON with keys sorted at every depth and no whitespace, so equal content hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('canonical JSON has no place for non-finite numbers');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  throw new Error(`canonical JSON cannot hold a ${typeof value}`);
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** What the first event of a chain links to. */
export const genesisHash = (subject: string): string => sha256(`genesis:${subject}`);

export function hashEvent(prevHash: string, event: UnchainedEvent): string {
  return sha256(`${prevHash}\n${canonicalJson(event)}`);
}

/** Links an event to the previous event's hash, or, for the first, to the subject. */
export function chainEvent(previousHash: string | undefined, event: UnchainedEvent): AuditEvent {
  const prevHash = previousHash ?? genesisHash(event.subject);
  return { ...event, prevHash, hash: hashEvent(prevHash, event) };
}

export type ChainVerdict = { valid: true; events: number } | { valid: false; brokenAt: { index: number; seq: number | null; reason: string } };

/** Recomputes the chain and names the first broken link: changed content, a gap, or a reordering. */
export function verifyChain(subject: string, events: AuditEvent[]): ChainVerdict {
  let expectedPrev = genesisHash(subject);
  for (const [index, event] of events.entries()) {
    const { prevHash, hash, ...content } = event;
    const broken = (reason: string): ChainVerdict => ({ valid: false, brokenAt: { index, seq: typeof event.seq === 'number' ? event.seq : null, reason } });
    if (event.subject !== subject) return broken('event belongs to another chain');
    if (event.seq !== index + 1) return broken(`expected event ${index + 1}, found ${String(event.seq)} (missing or reordered)`);
    if (prevHash !== expectedPrev) return broken('does not link to the previous event');
    if (hashEvent(prevHash, content) !== hash) return broken('content changed after it was written');
    expectedPrev = hash;
  }
  return { valid: true, events: events.length };
}
