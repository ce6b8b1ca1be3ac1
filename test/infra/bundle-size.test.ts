import { describe, expect, it } from 'vitest';
import { bundleHandler, handlerFiles } from '../../infra/stack/handler-bundles.ts';
import { functionBundle } from '../../infra/stack/warmth-function.ts';

describe('the handler bundles, built as the stack builds them', () => {
  it(`are each at most ${functionBundle.maxBytes / 1024} KB`, async () => {
    const over: string[] = [];
    for (const file of handlerFiles()) {
      const bytes = (await bundleHandler(file)).byteLength;
      if (bytes > functionBundle.maxBytes) over.push(`${file}: ${Math.round(bytes / 1024)} KB`);
    }
    expect(handlerFiles().length).toBeGreaterThan(10);
    expect(over).toEqual([]);
  }, 120_000);
});
