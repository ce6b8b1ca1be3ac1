import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { Architecture, Code, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { TRACER_MODULE } from '../../functions/shared/tracing.ts';
import { repoRoot } from './paths.ts';
import { functionBundle } from './warmth-function.ts';

let built: string | undefined;

/**
 * The folder of the tracer layer: functions/shared/tracer-module.ts (Powertools Tracer with the
 * X-Ray SDK) bundled as the CommonJS package `warmth-tracer` under nodejs/node_modules, where
 * Lambda's NODE_PATH finds it. Built once per process, offline, like the handlers.
 */
export function tracerLayerDir(): string {
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), 'warmth-tracer-layer-'));
  const packageDir = join(dir, 'nodejs', 'node_modules', TRACER_MODULE);
  mkdirSync(packageDir, { recursive: true });
  buildSync({
    entryPoints: [join(repoRoot, 'functions', 'shared', 'tracer-module.ts')],
    outfile: join(packageDir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: functionBundle.target,
    minify: true,
    external: [...functionBundle.external],
    logLevel: 'silent',
  });
  writeFileSync(join(packageDir, 'package.json'), JSON.stringify({ name: TRACER_MODULE, main: 'index.js' }));
  built = dir;
  return dir;
}

/** The stage's tracer layer, for the functions of a stage with `tracing` on. */
export const tracerLayer = (scope: Construct): LayerVersion =>
  new LayerVersion(scope, 'TracerLayer', {
    code: Code.fromAsset(tracerLayerDir()),
    compatibleRuntimes: [Runtime.NODEJS_22_X],
    compatibleArchitectures: [Architecture.ARM_64],
    description: 'warmth: Powertools Tracer on the SDK clients (functions/shared/tracer-module.ts)',
  });
