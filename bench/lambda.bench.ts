import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Benchmark } from './run.ts';

const RUNS = 5;

/** Milliseconds to import `file` in a fresh Node process, measured inside it (Node's own start-up excluded). */
function importMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); console.log(performance.now() - t);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, AWS_REGION: 'us-east-1', POWERTOOLS_METRICS_DISABLED: 'true' }, encoding: 'utf8' });
  return Number(out.trim().split('\n').at(-1));
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * Each handler's bundle as the stack deploys it (esbuild, minified, no source map) — its size, and
 * its cold import in a fresh Node process against an empty module's, the median of five. The
 * bundles are written under node_modules/.cache so that the SDK (external, as in the Lambda
 * runtime) resolves.
 */
const bench: Benchmark = {
  name: 'lambda',
  title: 'Lambda bundles: size and cold import time per handler',
  async run() {
    const { bundleHandler, handlerFiles } = await import('../infra/stack/handler-bundles.ts');
    const { functionBundle } = await import('../infra/stack/warmth-function.ts');
    const dir = join(import.meta.dirname, '..', 'node_modules', '.cache', 'warmth-lambda-bench');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const empty = join(dir, 'empty.mjs');
    writeFileSync(empty, 'export {};\n');
    const emptyMs = median(Array.from({ length: RUNS }, () => importMs(empty)));
    const rows: { file: string; kb: number; ms: number }[] = [];
    for (const file of handlerFiles()) {
      const bundle = await bundleHandler(file);
      const out = join(dir, `${file.replaceAll('/', '_')}.mjs`);
      writeFileSync(out, bundle);
      rows.push({ file, kb: bundle.byteLength / 1024, ms: median(Array.from({ length: RUNS }, () => importMs(out))) });
    }
    rmSync(dir, { recursive: true, force: true });
    const largest = Math.max(...rows.map((row) => row.kb));
    const slowest = Math.max(...rows.map((row) => row.ms));
    const table = rows.map((row) => `| ${row.file} | ${row.kb.toFixed(1)} | ${row.ms.toFixed(1)} | ${(row.ms / emptyMs).toFixed(1)}× |`).join('\n');
    const markdown = `Largest bundle **${largest.toFixed(1)} KB** (limit ${functionBundle.maxBytes / 1024} KB, held by test/infra/bundle-size.test.ts); slowest cold import **${slowest.toFixed(1)} ms**, ${(slowest / emptyMs).toFixed(1)}× an empty module's ${emptyMs.toFixed(2)} ms (the SDK clients, external as in the Lambda runtime, are part of each import).\n\n| handler file | KB | import ms | vs empty |\n|---|---|---|---|\n${table}`;
    return {
      markdown,
      figures: [
        { id: 'lambda-largest-bundle', label: 'largest handler bundle (KB)', value: Number(largest.toFixed(1)), unit: 'KB', bound: functionBundle.maxBytes / 1024, better: 'lower' },
        { id: 'lambda-slowest-import', label: 'slowest cold import (ms)', value: Number(slowest.toFixed(1)), unit: 'ms', bound: Number(emptyMs.toFixed(2)), better: 'lower' },
      ],
    };
  },
};

export default bench;
