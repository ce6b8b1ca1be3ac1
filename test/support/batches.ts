import { expect } from 'vitest';
import type { TestRuntime } from './runtime.ts';

/**
 * A payment batch prepared by 林涛 (f-city) and released by 孙悦 (f-city-2), then sent: its bank file
 * downloaded, so the bank's results can be imported. Returns the batch as prepared and the file's text.
 */
export async function sentBatch(runtime: TestRuntime, body: Record<string, unknown>): Promise<{ batch: any; bankFile: string }> {
  const prepared = await runtime.request('POST', '/payment-batches', { token: await runtime.tokenOf('f-city'), body });
  expect(prepared.status).toBe(201);
  const released = await runtime.request('POST', `/payment-batches/${prepared.body.batchId}/release`, { token: await runtime.tokenOf('f-city-2'), body: { comment: '名单与金额已核对' } });
  expect(released.status).toBe(200);
  const file = await fetch(`${runtime.url}/payment-batches/${prepared.body.batchId}/bank-file`, { headers: { authorization: `Bearer ${await runtime.tokenOf('f-city')}` } });
  expect(file.status).toBe(200);
  return { batch: prepared.body, bankFile: Buffer.from(await file.arrayBuffer()).toString('utf8') };
}
