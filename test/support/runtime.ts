import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../infra/local/runtime.ts';
import { TEST_NOW } from './calendar.ts';

export interface TestRuntime extends LocalRuntime {
  /** Its data folder (the dev issuer's keys, the ID-hash key). */
  dataDir: string;
  signIn(sub: string): Promise<string>;
  /** A valid token of a demo user: issued once, and again after the clock has moved past its expiry. */
  tokenOf(sub: string): Promise<string>;
  request(method: string, path: string, options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
}

let counter = 0;

/** The local runtime on a free port, with its own tables in the shared DynamoDB Local and its own data folder, its clock at TEST_NOW. */
export async function startTestRuntime(options: Pick<LocalRuntimeOptions, 'webRoot' | 'faults' | 'sweepIntervalSeconds' | 'textIntervalSeconds' | 'clockStartsAt' | 'region'> = {}): Promise<TestRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'warmth-test-'));
  counter += 1;
  const runtime = await startLocalRuntime({
    port: 0,
    dataDir,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `t${process.pid}-${counter}-${Date.now().toString(36)}`,
    clockStartsAt: TEST_NOW,
    ...options,
  });
  const request: TestRuntime['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${runtime.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  const signIn = async (sub: string) => {
    const response = await request('POST', '/local/token', { body: { sub } });
    if (response.status !== 200) throw new Error(`sign-in of ${sub} failed: ${response.status}`);
    return response.body.token as string;
  };
  const tokens = new Map<string, string>();
  return {
    ...runtime,
    dataDir,
    request,
    signIn,
    async tokenOf(sub) {
      const cached = tokens.get(sub);
      if (cached) return cached;
      const token = await signIn(sub);
      tokens.set(sub, token);
      return token;
    },
    async advanceClock(seconds) {
      await runtime.advanceClock(seconds);
      tokens.clear();
    },
    async stop() {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `probe` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
