import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/api/routes.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/** One caller of each role: a route refuses the others with 403 before it reads anything. */
const callers = ['w-zhang-wei', 'o-east-machinery', 'f-city', 'a-city'];

/** Path segments an attacker or a typo might send: empty-ish, long, encoded, look-alikes of real ids. */
const segment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 80 }),
  fc.constantFrom('APP-NONE', 'autumn-aid', 'free-lunch', '2026', '99999', '-1', 'east', '..', '%00', ' ', 'B-20260101-000000', 'APP-20260101-0000000000'),
);
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({ text: JSON.stringify(value), type: 'application/json' })),
  fc.string({ maxLength: 300 }).map((text) => ({ text, type: 'application/json' })),
  fc.string({ maxLength: 300 }).map((text) => ({ text, type: 'text/csv' })),
);
const query = fc.dictionary(fc.constantFrom('status', 'program', 'orgUnit', 'year', 'limit', 'nextToken', 'class', 'format', 'by', 'at', 'tier'), fc.string({ maxLength: 40 }), { maxKeys: 3 });

/**
 * No input produces a 5xx (DESIGN §6): every route of the table, as every role, with generated
 * path parameters, query strings and bodies — JSON of any shape, broken JSON, and text.
 */
describe('no input gets a server error', () => {
  let runtime: TestRuntime;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    runtime = await startTestRuntime();
    for (const sub of callers) tokens.set(sub, await runtime.signIn(sub));
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it.each(routes.filter((route) => !route.public).map((route) => [`${route.method} ${route.path}`, route] as const))('%s', async (_name, route) => {
    await fc.assert(
      fc.asyncProperty(segment, body, query, async (value, payload, params) => {
        const path = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(value));
        const search = new URLSearchParams(params).toString();
        for (const sub of callers) {
          const response = await runtime.request(route.method, `${path}${search ? `?${search}` : ''}`, {
            token: tokens.get(sub)!,
            ...(route.method === 'GET' ? {} : { rawBody: payload.text, headers: { 'content-type': payload.type } }),
          });
          expect(response.status, `${route.method} ${path}?${search} as ${sub} with ${payload.text.slice(0, 120)}`).toBeLessThan(500);
        }
      }),
      { numRuns: 20 },
    );
  });
});
