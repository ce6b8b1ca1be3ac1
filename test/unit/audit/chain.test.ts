import { describe, expect, it } from 'vitest';
import { canonicalJson, chainEvent, verifyChain, type AuditEvent } from '../../../functions/domain/audit-chain.ts';

function chain(subject: string, count: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let seq = 1; seq <= count; seq++) {
    events.push(
      chainEvent(events.at(-1)?.hash, { subject, seq, at: `2026-11-0${seq}T00:00:00.000Z`, actor: { sub: 'o-east', role: 'official', orgUnit: 'east' }, action: `STEP_${seq}`, before: { n: seq - 1 }, after: { n: seq } }),
    );
  }
  return events;
}

describe('the audit hash chain', () => {
  it('writes JSON canonically: key order and whitespace do not change the text', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
  });

  it('verifies an untouched chain', () => {
    expect(verifyChain('APP-1', chain('APP-1', 5))).toEqual({ valid: true, events: 5 });
  });

  it('names a changed event', () => {
    const events = chain('APP-1', 5);
    events[2] = { ...events[2]!, after: { n: 99 } };
    expect(verifyChain('APP-1', events)).toMatchObject({ valid: false, brokenAt: { index: 2, seq: 3 } });
  });

  it('names the gap where an event was deleted', () => {
    const events = chain('APP-1', 5);
    events.splice(1, 1);
    expect(verifyChain('APP-1', events)).toMatchObject({ valid: false, brokenAt: { index: 1, seq: 3 } });
  });

  it('names the first of two events swapped', () => {
    const events = chain('APP-1', 4);
    [events[1], events[2]] = [events[2]!, events[1]!];
    expect(verifyChain('APP-1', events)).toMatchObject({ valid: false, brokenAt: { index: 1 } });
  });

  it('refuses a chain that starts from another subject', () => {
    expect(verifyChain('APP-2', chain('APP-1', 2))).toMatchObject({ valid: false, brokenAt: { index: 0 } });
  });
});
