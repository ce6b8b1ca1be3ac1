import { afterEach, describe, expect, it, vi } from 'vitest';
import { traced } from '../../../functions/shared/tracing.ts';

describe('Tracer on the SDK clients', () => {
  afterEach(() => {
    delete process.env.WARMTH_TRACING;
  });

  it('loads nothing and returns the client as it is where the stage does not trace (the local runtime, the tests, China)', () => {
    const client = { send: () => undefined };
    const load = vi.fn();
    expect(traced(client, load)).toBe(client);
    expect(load).not.toHaveBeenCalled();
  });

  it('hands the client to the tracer layer’s module where the stack set WARMTH_TRACING=active', () => {
    process.env.WARMTH_TRACING = 'active';
    const client = { send: () => undefined };
    const wrapped = { send: () => 'traced' };
    const captureAWSv3Client = vi.fn(() => wrapped);
    expect(traced(client, () => ({ captureAWSv3Client }) as never)).toBe(wrapped);
    expect(captureAWSv3Client).toHaveBeenCalledWith(client);
  });
});
