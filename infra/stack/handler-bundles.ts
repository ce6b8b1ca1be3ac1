import { join } from 'node:path';
import { build } from 'esbuild';
import { routes } from '../../functions/api/routes.ts';
import type { HandlerRef } from '../../functions/shared/handler-ref.ts';
import { stepHandlers, textSender, workflowSweep } from '../../workflows/index.ts';
import { repoRoot } from './paths.ts';
import { functionBundle } from './warmth-function.ts';

/** The API's authorizer of both user pools (stages with Cognito): a function of its own, outside the route table. */
export const tokenAuthorizer: HandlerRef = { file: 'functions/api/authorizer.ts', export: 'handler' };

/** Every handler file the stack deploys (a file with several handlers is one bundle per handler, all alike). */
export const handlerFiles = (): string[] =>
  [...new Set([...routes.map((route) => route.handler), ...(Object.values(stepHandlers) as HandlerRef[]), workflowSweep.handler, textSender.handler, tokenAuthorizer].map((ref) => ref.file))].sort();

/** A handler file bundled as NodejsFunction bundles it for the stack (functionBundle), in memory. */
export async function bundleHandler(file: string): Promise<Uint8Array> {
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
  return result.outputFiles[0]?.contents ?? new Uint8Array();
}
