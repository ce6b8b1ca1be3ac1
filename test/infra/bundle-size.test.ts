import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/api/routes.ts';
import type { HandlerRef } from '../../functions/shared/handler-ref.ts';
import { repoRoot } from '../../infra/stack/paths.ts';
import { functionBundle } from '../../infra/stack/warmth-function.ts';
import { stepHandlers, workflowSweep } from '../../workflows/index.ts';

/** Every handler file, bundled as the stack bundles it (infra/stack/warmth-function.ts). */
export async function bundleSizes(): Promise<Map<string, number>> {
  const files = [...new Set([...routes.map((route) => route.handler), ...(Object.values(stepHandlers) as HandlerRef[]), workflowSweep.handler].map((ref) => ref.file))].sort();
  const sizes = new Map<string, number>();
  for (const file of files) {
    const result = await build({
      entryPoints: [join(repoRoot, file)],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: functionBundle.target,
      minify: true,
      external: [...functionBundle.external],
      banner: { js: functionBundle.banner },
      logLevel: 'silent',
    });
    sizes.set(file, result.outputFiles.reduce((total, output) => total + output.contents.byteLength, 0));
  }
  return sizes;
}

describe('the handler bundles', () => {
  it(`are each at most ${functionBundle.maxBytes / 1024} KB`, async () => {
    const sizes = await bundleSizes();
    const over = [...sizes].filter(([, bytes]) => bytes > functionBundle.maxBytes).map(([file, bytes]) => `${file}: ${Math.round(bytes / 1024)} KB`);
    expect(sizes.size).toBeGreaterThan(10);
    expect(over).toEqual([]);
  }, 120_000);
});
